/**
 * The repository's nginx configuration (deploy/nginx/accord.conf), rendered with a test's ports
 * and run by the real nginx (Debian's package) in a process of its own, as root or not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/server-process.ts';
import { waitUntil } from '../support/wait.ts';

const CONFIG = fileURLToPath(new URL('../../deploy/nginx/accord.conf', import.meta.url));
export const NGINX_BINARY = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';

/** deploy/nginx/accord.conf with its placeholders filled in. */
export function renderNginxConfig(values: { listen: string; serverName: string; instances: [string, string] }): string {
  const rendered = readFileSync(CONFIG, 'utf8')
    .replaceAll('__LISTEN__', values.listen)
    .replaceAll('__SERVER_NAME__', values.serverName)
    .replaceAll('__INSTANCE_1__', values.instances[0])
    .replaceAll('__INSTANCE_2__', values.instances[1]);
  const left = rendered.match(/__[A-Z0-9_]+__/);
  if (left) throw new Error(`deploy/nginx/accord.conf has a placeholder the test does not fill: ${left[0]}`);
  return rendered;
}

export class Nginx {
  private process: ChildProcess | undefined;
  private constructor(
    readonly url: string,
    private readonly dir: string,
  ) {}

  /** nginx on a free loopback port in front of `instances` (host:port each). */
  static async start(instances: [string, string], port?: number): Promise<Nginx> {
    port ??= await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'accord-nginx-'));
    const site = renderNginxConfig({ listen: `127.0.0.1:${port}`, serverName: '127.0.0.1', instances });
    writeFileSync(join(dir, 'accord.conf'), site);
    // What a distribution's nginx.conf provides around the site: here, every path in the test's folder.
    writeFileSync(
      join(dir, 'nginx.conf'),
      `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/accord.conf;
}
`,
    );
    const nginx = new Nginx(`http://127.0.0.1:${port}`, dir);
    nginx.process = spawn(NGINX_BINARY, ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.process.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitUntil(
      () => `nginx to listen on ${port}: ${stderr}${nginx.errorLog()}`,
      async () => {
        if (nginx.process!.exitCode !== null) throw new Error(`nginx exited: ${stderr}${nginx.errorLog()}`);
        return (await fetch(`${nginx.url}/api/health`).then((r) => r.status > 0, () => false)) || undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    return nginx;
  }

  errorLog(): string {
    try {
      return readFileSync(join(this.dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGQUIT');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
