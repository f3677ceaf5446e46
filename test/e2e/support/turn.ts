import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/server-process.ts';

export interface TurnServer {
  url: string;
  port: number;
  secret: string;
  /** What coturn logged (allocations show up here). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Debian's coturn on loopback with the shared-secret scheme (`use-auth-secret`), as production
 * runs it; loopback peers must be allowed explicitly there.
 */
export async function startTurnServer(reuse?: { port: number; secret: string }): Promise<TurnServer> {
  const port = reuse?.port ?? (await freePort());
  const secret = reuse?.secret ?? randomBytes(24).toString('hex');
  const child = spawn('/usr/bin/turnserver', [
    '-n',
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=accord',
    '--allow-loopback-peers',
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    '--log-file=stdout',
    '--verbose',
    `--pidfile=${join(tmpdir(), `accord-turn-${port}.pid`)}`,
    `--userdb=${join(tmpdir(), `accord-turn-${port}.sqlite`)}`,
  ]);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`turnserver did not start:\n${output}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Total General servers')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`turnserver exited with ${code}:\n${output}`)));
  });
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    port,
    secret,
    log: () => output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
