/*
 * Where a server's CPU time went: reads V8 CPU profiles (`BENCH_PROFILE=true npm run bench` writes
 * them to bench/profiles/) and prints self time grouped by package or source file, then the
 * hottest functions. Usage: `npx tsx bench/profile-summary.ts bench/profiles/*.cpuprofile`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<package>`, a file of Accord, or what V8 calls the frame ((garbage collector), (idle)…). */
function groupOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inPackage = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inPackage) return inPackage[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
}

function selfTimes(profile: Profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id)!;
    const micros = profile.timeDeltas[i] ?? 0;
    const group = groupOf(callFrame.url, callFrame.functionName);
    groups.set(group, (groups.get(group) ?? 0) + micros);
    const name = `${callFrame.functionName || '(anonymous)'} ${group}:${callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  });
  return { groups, functions };
}

function print(title: string, times: Map<string, number>, total: number, count: number): void {
  console.log(`\n${title}`);
  for (const [name, micros] of [...times].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`  ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
}

for (const path of process.argv.slice(2)) {
  const { groups, functions } = selfTimes(JSON.parse(readFileSync(path, 'utf8')) as Profile);
  const busy = [...groups].filter(([group]) => group !== '(idle)' && group !== '(program)').reduce((sum, [, micros]) => sum + micros, 0);
  console.log(`${path}: ${(busy / 1000).toFixed(0)} ms of CPU outside idle`);
  for (const times of [groups, functions]) {
    for (const name of times.keys()) if (name.startsWith('(idle)') || name.startsWith('(program)')) times.delete(name);
  }
  print('self time by package or file', groups, busy, 15);
  print('hottest functions', functions, busy, 15);
}
