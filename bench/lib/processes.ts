import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './benchmark.ts';
import { processCpuMs, processRssKb } from './proc.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every server process started and not yet stopped, so an interrupted run can stop them all. */
const running = new Set<ChildProcess>();

export interface RunningServer {
  url: string;
  /** CPU time the server process has used so far. */
  cpuMs(): number;
  rssKb(): number;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /**
   * Script path relative to the repository root, run by Node with tsx's loader. It listens on the
   * PORT it is given and answers `GET /api/health` once ready.
   */
  script: string;
  env: Record<string, string>;
  /** Names the folder of its CPU profile under `profileDir`, when profiling. */
  name: string;
  profileDir?: string | undefined;
}

/**
 * Starts a server in a process of its own, so it does not share an event loop with the load
 * generator; resolves once `/api/health` answers.
 */
export async function startServer({ script, env, name, profileDir }: StartServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => stderr);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { url, cpuMs: () => processCpuMs(child.pid!), rssKb: () => processRssKb(child.pid!), stop: () => stopProcess(child) };
}

async function waitForHealth(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr()}`);
    const healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server at ${url} did not become healthy in 30 s: ${stderr()}`);
}

/** Stops the servers still running: for a run interrupted before its modules could stop theirs. */
export const stopAllServers = () => Promise.all([...running].map(stopProcess));

/** SIGTERM lets the server close its pool (and write its CPU profile); SIGKILL if it hangs. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A real Accord process on PostgreSQL, configured as in production (request logs at info). */
export function startAccord(ctx: Pick<BenchContext, 'databaseUrl' | 'poolSize' | 'profileDir'>): Promise<RunningServer> {
  return startServer({
    script: 'src/server/main.ts',
    name: 'accord',
    profileDir: ctx.profileDir,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: ctx.databaseUrl,
      DATABASE_POOL_SIZE: String(ctx.poolSize),
      ACCORD_SEED_DEMO: 'false',
    },
  });
}
