/**
 * Ports and server processes, for the tests and `npm run bench`: the one `freePort`, and the one
 * way to run a server (Accord's `src/server/main.ts`, or a bench floor) in a process of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './wait.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A TCP port free on loopback right now (the OS picks it; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcessOptions {
  port: number;
  /** Relative to the repository root; run by Node with tsx's loader. Listens on PORT, answers `GET /api/health` once ready. */
  script?: string;
  /** The child's whole environment, besides HOST and PORT (which this sets): nothing is inherited unless passed. */
  env: Record<string, string | undefined>;
  /** Node flags after tsx's loader, before the script (`--cpu-prof`, `--expose-gc`, `--import <a .ts preload>`). */
  nodeArgs?: string[];
  /** Opens an IPC channel: `send` and the child's `message` events. */
  ipc?: boolean;
  /** Keep what the server prints on stdout in `log` (stderr is always kept); a benchmark at `info` would only pay for it. */
  keepStdout?: boolean;
}

/** The last this many characters of output are kept for `log`. */
const LOG_TAIL = 64_000;

/**
 * A server in a process of its own, started as `node --import tsx <script>` rather than `npx tsx`,
 * which runs the server in a grandchild: a signal must hit the server itself. It can be killed and
 * started again on the same port (the crash test).
 */
export class ServerProcess {
  readonly url: string;
  private current: ChildProcess | undefined;
  private output = '';

  constructor(private readonly options: ServerProcessOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  /** Starts the process and resolves once `/api/health` answers; fails with what it printed. */
  async start(timeoutMs = 180_000): Promise<void> {
    const { port, script = 'src/server/main.ts', env, nodeArgs = [], ipc = false, keepStdout = true } = this.options;
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, script], {
      cwd: root,
      env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe', ...(ipc ? ['ipc' as const] : [])],
    });
    const keep = (chunk: Buffer) => void (this.output = (this.output + chunk.toString()).slice(-LOG_TAIL));
    child.stdout?.on('data', keep);
    child.stderr!.on('data', keep);
    this.current = child;
    try {
      await waitUntil(
        `${script} to answer on ${this.url}`,
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${script} exited with ${child.exitCode ?? child.signalCode}`);
          return (await fetch(`${this.url}/api/health`).then((r) => r.ok, () => false)) || undefined;
        },
        { timeoutMs, intervalMs: 100 },
      );
    } catch (error) {
      await this.kill();
      throw new Error(`${(error as Error).message}; it printed:\n${this.output}`, { cause: error });
    }
  }

  /** The running process (for its pid, or IPC). */
  get child(): ChildProcess {
    if (!this.current) throw new Error('server process not started');
    return this.current;
  }

  /** Kills the process at once, as a crash or an OOM killer would: no shutdown, no cleanup. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.current;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }

  /** SIGTERM lets the server close its pool (and write its CPU profile); SIGKILL if it hangs 10 s. */
  async stop(): Promise<void> {
    const child = this.current;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** What the server printed since it last started (the end of it), e.g. its error lines at `warn`. */
  get log(): string {
    return this.output;
  }
}

/**
 * Accord's real server for a test, on a free port, not started yet: the test environment (quiet
 * logs, no demo data, PUBLIC_URL its own address), `env` on top (DATABASE_URL at least).
 */
export async function testServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  return new ServerProcess({
    port,
    // Tests sign up all their people from 127.0.0.1: the sign-up limit has its own test.
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ACCORD_SEED_DEMO: 'false', SIGN_UPS_PER_ADDRESS_PER_HOUR: '100000', PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
  });
}
