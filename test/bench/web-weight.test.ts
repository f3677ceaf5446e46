import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { isMeasured } from '../../bench/lib/figures.ts';
import { webWeightBenchmark } from '../../bench/modules/web-weight.ts';
import { SERVER_TEST_TIMEOUT_MS, benchContext, expectEveryFigureANumber, figureById } from './bench-context.ts';

const ctx = benchContext('postgres://unused');
const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A built web app: files of distinct, incompressible-enough contents, and Vite's manifest. */
function distWith(files: Record<string, string>, manifest: object): string {
  const dist = mkdtempSync(join(tmpdir(), 'accord-web-weight-'));
  folders.push(dist);
  mkdirSync(join(dist, 'assets'));
  mkdirSync(join(dist, '.vite'));
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dist, file), content);
  writeFileSync(join(dist, '.vite/manifest.json'), JSON.stringify(manifest));
  return dist;
}

const kb = (...contents: string[]) => contents.reduce((sum, content) => sum + gzipSync(content).length, 0) / 1000;
const code = (name: string) => Array.from({ length: 400 }, (_, i) => `export const ${name}${i} = ${i * 7919 % 1000};`).join('\n');

describe('bench: web weight from the Vite manifest', () => {
  it('counts the entry with its static imports as initial, and the meet chunk with what it adds', async () => {
    const files = { 'assets/index.js': code('index'), 'assets/vendor.js': code('vendor'), 'assets/meet.js': code('meet'), 'assets/webrtc.js': code('webrtc'), 'assets/index.css': 'body{}' };
    const dist = distWith(files, {
      'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['src/web/meet/MeetPage.tsx'], css: ['assets/index.css'] },
      '_vendor.js': { file: 'assets/vendor.js' },
      '_webrtc.js': { file: 'assets/webrtc.js' },
      'src/web/meet/MeetPage.tsx': { file: 'assets/meet.js', isDynamicEntry: true, imports: ['_vendor.js', '_webrtc.js'] },
    });
    const { figures } = await webWeightBenchmark(dist).run(ctx);

    const initial = figureById(figures, 'web.initial-js').accord;
    const meet = figureById(figures, 'web.meet-chunk').accord;
    expect(isMeasured(initial) && initial.median).toBeCloseTo(kb(files['assets/index.js'], files['assets/vendor.js']), 6);
    expect(isMeasured(meet) && meet.median).toBeCloseTo(kb(files['assets/meet.js'], files['assets/webrtc.js']), 6);
    expect(figureById(figures, 'web.initial-js').target?.met).toBe(true);
  });

  it('builds Accord’s web app from its sources and weighs its initial JS and its meet chunk', async () => {
    const { figures } = await webWeightBenchmark().run(ctx);
    expectEveryFigureANumber(figures);
    expect(figures.map((figure) => figure.id)).toEqual(['web.initial-js', 'web.meet-chunk']);
  }, SERVER_TEST_TIMEOUT_MS);

  it('says what it needs when there is no build', async () => {
    const { figures } = await webWeightBenchmark(join(tmpdir(), 'no-such-accord-build')).run(ctx);
    expect(figures.map((f) => f.accord)).toEqual([
      { notMeasuredYet: expect.stringContaining('Vite manifest') },
      { notMeasuredYet: expect.stringContaining('Vite manifest') },
    ]);
  });
});
