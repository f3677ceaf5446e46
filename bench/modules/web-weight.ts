import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Benchmark } from '../lib/benchmark.ts';
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
 * Web weight from the Vite manifest of a built web app: what the browser downloads before the
 * marketplace screens run (entry chunks and their static imports), and what the meet adds when
 * opened (its lazy chunk and the static imports the initial load did not already bring).
 */
export function webWeightBenchmark(distDir = join(REPO_ROOT, 'dist/web')): Benchmark {
  return {
    name: 'web weight',
    async run() {
      const manifestPath = MANIFEST_PATHS.map((path) => join(distDir, path)).find((path) => existsSync(path));
      if (!manifestPath) {
        const needs = 'the web app built with a Vite manifest in dist/web';
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
    },
  };
}
