import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from './server/web-build.ts';

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

/** dependency-cruiser with the rules of .dependency-cruiser.cjs, over every source file. */
function cruise(): { violations: string[]; modules: string[] } {
  const output = execFileSync(join(REPO_ROOT, 'node_modules/.bin/depcruise'), ['src', 'test', 'bench', '--output-type', 'json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(output) as { summary: { violations: Violation[] }; modules: { source: string }[] };
  const violations = report.summary.violations.map(({ rule, from, to, cycle }) =>
    cycle ? `${rule.name}: ${[from, ...cycle.map((step) => step.name)].join(' → ')}` : `${rule.name}: ${from} → ${to}`,
  );
  return { violations, modules: report.modules.map((module) => module.source) };
}

describe('the code’s structure', () => {
  test('has no import cycle, and no layer imports a higher one (.dependency-cruiser.cjs)', () => {
    const { violations, modules } = cruise();
    // Without a TypeScript it can read (TypeScript 7 has no JavaScript API yet) it cruises nothing and finds nothing.
    expect(modules).toContain('src/server/app.ts');
    expect(violations).toEqual([]);
  });
});
