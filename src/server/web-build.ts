import { execFileSync } from 'node:child_process';
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

/**
 * Builds the web app with Vite when `dist/web` is missing or older than its sources. In a process
 * of its own with NODE_ENV=production: Vite follows NODE_ENV, and under a test runner (`test`) it
 * would bundle React's development build.
 */
export function ensureWebBuild(): 'fresh' | 'built' {
  if (isWebBuildFresh()) return 'fresh';
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  return 'built';
}
