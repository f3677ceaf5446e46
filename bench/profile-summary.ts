/*
 * Where a server's CPU time went: reads V8 CPU profiles (`BENCH_PROFILE=true npm run bench` writes
 * them under bench/profiles/<server>/) and prints self time grouped by package or source file, with
 * native and Node-internal time (syscalls, writes) charged to the package that called it, then the
 * hottest functions. Usage: `npx tsx bench/profile-summary.ts bench/profiles/accord/*.cpuprofile`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const NOT_WORK = new Set(['(idle)', '(program)']);

/** `node_modules/<package>`, a file of Accord's, 'node' for Node's own code, or V8's name for the frame. */
function groupOf({ url, functionName }: ProfileNode['callFrame']): string {
  if (!url) return functionName.startsWith('(') && functionName !== '(anonymous)' ? functionName : '(native)';
  const inPackage = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inPackage) return inPackage[1]!;
  if (url.startsWith('node:')) return 'node';
  return url.replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
}

function summarize(profile: Profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  /** The first caller up the stack that is a package or Accord's code: who asked for this native work. */
  const chargedTo = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const group = groupOf(byId.get(at)!.callFrame);
      if (group !== '(native)' && group !== 'node') return group === groupOf(byId.get(id)!.callFrame) ? group : `${group} (native/node under it)`;
    }
    return groupOf(byId.get(id)!.callFrame);
  };
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (into: Map<string, number>, key: string, micros: number) => into.set(key, (into.get(key) ?? 0) + micros);
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id)!;
    if (NOT_WORK.has(callFrame.functionName)) return;
    const micros = profile.timeDeltas[i] ?? 0;
    add(groups, chargedTo(id), micros);
    add(functions, `${callFrame.functionName || '(anonymous)'} ${groupOf(callFrame)}:${callFrame.lineNumber + 1}`, micros);
  });
  return { groups, functions, busy: [...groups.values()].reduce((sum, micros) => sum + micros, 0) };
}

function print(title: string, times: Map<string, number>, busy: number, count: number): void {
  console.log(`\n${title}`);
  for (const [name, micros] of [...times].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`  ${((micros / busy) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
}

for (const path of process.argv.slice(2)) {
  const { groups, functions, busy } = summarize(JSON.parse(readFileSync(path, 'utf8')) as Profile);
  console.log(`${path}: ${(busy / 1000).toFixed(0)} ms of CPU work`);
  print('self time by package or file (native/node time charged to its caller)', groups, busy, 18);
  print('hottest functions', functions, busy, 15);
}
