import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assertSupportedNode, SUPPORTED_NODE_MAJOR } from './runtime.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const majorOf = (range: string) => Number(/(\d+)/.exec(range)?.[1]);

describe('the Node.js Accord runs on', () => {
  it('is one major, said alike by engines, the node package and the start-up check', () => {
    expect(majorOf(manifest.engines.node)).toBe(SUPPORTED_NODE_MAJOR);
    expect(majorOf(manifest.devDependencies.node!)).toBe(SUPPORTED_NODE_MAJOR);
    expect(() => assertSupportedNode('20.20.2')).toThrow(/Node\.js 20\.20\.2 is too old/);
    expect(() => assertSupportedNode(`${SUPPORTED_NODE_MAJOR}.0.0`)).not.toThrow();
  });

  it('runs the tests and whatever they spawn (process.execPath)', async () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(SUPPORTED_NODE_MAJOR);
    const { stdout } = await run(process.execPath, ['-p', 'process.versions.node']);
    expect(majorOf(stdout)).toBe(SUPPORTED_NODE_MAJOR);
  });

  it('is the one npm scripts find first on PATH, whatever node the shell has', async () => {
    // A shell outside npm: no node_modules/.bin on PATH, so plain `node` is the machine's.
    const PATH = process.env.PATH!.split(delimiter).filter((dir) => !dir.includes('node_modules')).join(delimiter);
    const { stdout } = await run('npm', ['exec', '--', 'node', '-p', 'process.versions.node'], {
      cwd: root,
      env: { ...process.env, PATH },
    });
    expect(majorOf(stdout)).toBe(SUPPORTED_NODE_MAJOR);
  });
});
