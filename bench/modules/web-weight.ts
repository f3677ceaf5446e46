import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Benchmark, BenchOutcome } from '../lib/benchmark.ts';
import { notMeasuredYet, summarize, type Figure } from '../lib/figures.ts';
import { REPO_ROOT } from '../lib/processes.ts';

/** One entry of Vite's build manifest (`build.manifest: true`). */
interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const MANIFEST_PATHS = ['.vite/manifest.json', 'manifest.json'];
const isMeetChunk = (key: string, chunk: ManifestChunk) => chunk.isDynamicEntry === true && /meet/i.test(`${key} ${chunk.name ?? ''}`);

const INITIAL_TARGET_KB = 150;
const INITIAL: Omit<Figure, 'accord'> = {
  id: 'web.initial-js',
  label: 'initial JS of the marketplace screens (gzip)',
  unit: 'KB',
  better: 'lower',
  target: { text: `≤ ${INITIAL_TARGET_KB} KB` },
};
const MEET: Omit<Figure, 'accord'> = { id: 'web.meet-chunk', label: 'lazy meet chunk (gzip)', unit: 'KB', better: 'lower' };

/** A chunk's JS file and those of its static imports, transitively. */
function staticClosure(manifest: Manifest, keys: string[], into = new Set<string>()): Set<string> {
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk || into.has(chunk.file)) continue;
    into.add(chunk.file);
    staticClosure(manifest, chunk.imports ?? [], into);
  }
  return into;
}

/** Sizes are in kilobytes of 1,000 bytes, gzip at zlib's default level (what on-the-fly compression sends). */
const gzipKb = (distDir: string, files: Iterable<string>) =>
  [...files].filter((file) => file.endsWith('.js')).reduce((sum, file) => sum + gzipSync(readFileSync(join(distDir, file))).length, 0) / 1000;

/**
 * Builds the web app as `npm run build` does, from the sources as they are now, with a manifest,
 * into a folder of its own (dist/web, which the server may be serving, is left alone).
 */
function buildWithManifest(): { distDir: string; remove: () => void } {
  const distDir = mkdtempSync(join(tmpdir(), 'accord-bench-web-'));
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--manifest', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    // Vite follows NODE_ENV: under a test runner it would bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { distDir, remove: () => rmSync(distDir, { recursive: true, force: true }) };
}

/**
 * Web weight from the Vite manifest of a built web app: what the browser downloads before the
 * marketplace screens run (entry chunks and their static imports), and what the meet adds when
 * opened (its lazy chunk and the static imports the initial load did not already bring). Without
 * `distDir`, the web app is built first, from the current sources.
 */
export function webWeightBenchmark(distDir?: string): Benchmark {
  return {
    name: 'web weight',
    async run() {
      if (distDir) return weigh(distDir);
      const build = buildWithManifest();
      try {
        return weigh(build.distDir);
      } finally {
        build.remove();
      }
    },
  };
}

function weigh(distDir: string): BenchOutcome {
  const manifestPath = MANIFEST_PATHS.map((path) => join(distDir, path)).find((path) => existsSync(path));
  if (!manifestPath) {
    const needs = 'the web app built with a Vite manifest';
    return { figures: [notMeasuredYet(INITIAL, needs), notMeasuredYet(MEET, needs)] };
  }
  const manifest: Manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  const initialFiles = staticClosure(manifest, entries);
  const initialKb = gzipKb(distDir, initialFiles);
  const initial: Figure = {
    ...INITIAL,
    accord: summarize([initialKb]),
    target: { ...INITIAL.target!, met: initialKb <= INITIAL_TARGET_KB },
  };
  const meetKeys = Object.keys(manifest).filter((key) => isMeetChunk(key, manifest[key]!));
  if (meetKeys.length === 0) return { figures: [initial, notMeasuredYet(MEET, 'a lazily imported meet page in the web app')] };
  const meetFiles = [...staticClosure(manifest, meetKeys)].filter((file) => !initialFiles.has(file));
  return { figures: [initial, { ...MEET, accord: summarize([gzipKb(distDir, meetFiles)]) }], details: { initialFiles: [...initialFiles], meetFiles } };
}
