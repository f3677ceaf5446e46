import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './benchmark.ts';
import { MEMORY_REQUEST, type ProbedMemory } from './memory-probe.ts';
import { processCpuMs, processRssKb } from './proc.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every server process started and not yet stopped, so an interrupted run can stop them all. */
const running = new Set<ChildProcess>();

export interface RunningServer {
  url: string;
  /** CPU time the server process has used so far. */
  cpuMs(): number;
  rssKb(): number;
  /** Memory after full garbage collections; only for a server started with `probe`. */
  memory(): Promise<ProbedMemory>;
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
  /** Preloads bench/lib/memory-probe.ts (with `--expose-gc`), for `memory()`. */
  probe?: boolean;
}

/**
 * Starts a server in a process of its own, so it does not share an event loop with the load
 * generator; resolves once `/api/health` answers.
 */
export async function startServer({ script, env, name, profileDir, probe = false }: StartServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : [];
  const probing = probe ? ['--expose-gc', '--import', PROBE] : [];
  // File descriptors: the child inherits this process's `ulimit -n` (see `assertOpenFilesLimit`).
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', ...probing, script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe', ...(probe ? ['ipc' as const] : [])],
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
  return {
    url,
    cpuMs: () => processCpuMs(child.pid!),
    rssKb: () => processRssKb(child.pid!),
    memory: () => probedMemory(child),
    stop: () => stopProcess(child),
  };
}

const PROBE = new URL('./memory-probe.ts', import.meta.url).href;

async function probedMemory(child: ChildProcess): Promise<ProbedMemory> {
  if (!child.send) throw new Error('memory() needs a server started with probe: true');
  const answer = once(child, 'message') as Promise<[ProbedMemory]>;
  child.send(MEMORY_REQUEST);
  return (await answer)[0];
}

/**
 * Each socket is a file descriptor on both ends: the server process and the bench process (which
 * opens the clients) each need `sockets` of them plus their usual few hundred. Children inherit the
 * limit, so checking this process's soft limit covers both; raise it with `ulimit -n` before the run.
 */
export function assertOpenFilesLimit(sockets: number): void {
  const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  const needed = sockets + 1_000;
  if (Number.isFinite(limit) && limit < needed) throw new Error(`ulimit -n is ${limit}: ${sockets.toLocaleString('en')} sockets need at least ${needed} (run \`ulimit -n ${needed}\` first)`);
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
export function startAccord(
  ctx: Pick<BenchContext, 'databaseUrl' | 'poolSize' | 'profileDir'>,
  { env = {}, probe = false }: { env?: Record<string, string>; probe?: boolean } = {},
): Promise<RunningServer> {
  return startServer({
    script: 'src/server/main.ts',
    name: 'accord',
    profileDir: ctx.profileDir,
    probe,
    env: {
      ...env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: ctx.databaseUrl,
      DATABASE_POOL_SIZE: String(ctx.poolSize),
      ACCORD_SEED_DEMO: 'false',
      // Production refuses the sandbox payment provider's public development secret.
      SANDBOX_WEBHOOK_SECRET: 'whsec_accord_bench_only_not_a_real_secret',
    },
  });
}
