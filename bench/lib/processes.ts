import { execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, ServerProcess } from '../../test/support/server-process.ts';
import type { BenchContext } from './benchmark.ts';
import { MEMORY_REQUEST, type ProbedMemory } from './memory-probe.ts';
import { processCpuMs, processRssKb } from './proc.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every server process started and not yet stopped, so an interrupted run can stop them all. */
const running = new Set<ServerProcess>();

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
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : [];
  const probing = probe ? ['--expose-gc', '--import', PROBE] : [];
  // File descriptors: the child inherits this process's `ulimit -n` (see `assertOpenFilesLimit`).
  const server = new ServerProcess({ port: await freePort(), script, env: { PATH: process.env.PATH ?? '', ...env }, nodeArgs: [...profiling, ...probing], ipc: probe, keepStdout: false });
  running.add(server);
  try {
    await server.start(30_000);
  } catch (error) {
    running.delete(server);
    throw error;
  }
  const { child } = server;
  return {
    url: server.url,
    cpuMs: () => processCpuMs(child.pid!),
    rssKb: () => processRssKb(child.pid!),
    memory: () => probedMemory(child),
    stop: async () => {
      await server.stop();
      running.delete(server);
    },
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

/** Stops the servers still running: for a run interrupted before its modules could stop theirs. */
export const stopAllServers = () => Promise.all([...running].map((server) => server.stop()));

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
      // Addressed by IP on a port picked at start, not at a PUBLIC_URL: no redirect to one.
      CANONICAL_HOST_REDIRECT: 'false',
      // Production runs the sandbox only when told to, and never with its public development secret.
      PAYMENT_PROVIDER: 'sandbox',
      SANDBOX_ALLOW_IN_PRODUCTION: 'true',
      SANDBOX_WEBHOOK_SECRET: 'whsec_accord_bench_only_not_a_real_secret',
      // The bench stands for thousands of people, all from one address (and one account's many tabs).
      SIGN_UPS_PER_ADDRESS_PER_HOUR: '100000',
      REALTIME_MAX_SOCKETS_PER_ACCOUNT: '100000',
      REALTIME_MAX_SOCKETS_PER_ADDRESS: '100000',
    },
  });
}
