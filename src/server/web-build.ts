import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Where `vite build` writes the web app (see vite.config.ts). */
export const WEB_ROOT = join(REPO_ROOT, 'dist', 'web');
const BUILD_MARKER = join(WEB_ROOT, 'index.html');
/** What the built app is made from: a change to any of these makes the build stale. */
const WEB_SOURCES = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'].map((path) => join(REPO_ROOT, path));

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stat.mtimeMs);
}

export function isWebBuildFresh(): boolean {
  if (!existsSync(BUILD_MARKER)) return false;
  const builtAt = statSync(BUILD_MARKER).mtimeMs;
  return WEB_SOURCES.filter((path) => existsSync(path)).every((path) => newestChange(path) <= builtAt);
}

/** Builds the web app with Vite when `dist/web` is missing or older than its sources. */
export async function ensureWebBuild(): Promise<'fresh' | 'built'> {
  if (isWebBuildFresh()) return 'fresh';
  const { build } = await import('vite');
  await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  return 'built';
}
