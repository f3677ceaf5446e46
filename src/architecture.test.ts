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
function violations(): string[] {
  const output = execFileSync(join(REPO_ROOT, 'node_modules/.bin/depcruise'), ['src', 'test', 'bench', '--output-type', 'json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(output) as { summary: { violations: Violation[] } };
  return report.summary.violations.map(({ rule, from, to, cycle }) =>
    cycle ? `${rule.name}: ${[from, ...cycle.map((step) => step.name)].join(' → ')}` : `${rule.name}: ${from} → ${to}`,
  );
}

describe('the code’s structure', () => {
  test('has no import cycle, and no layer imports a higher one (.dependency-cruiser.cjs)', () => {
    expect(violations()).toEqual([]);
  });
});
