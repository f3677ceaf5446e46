/**
 * The one HTTP client over the network, for servers that listen (another process, concurrency over
 * real sockets, the browser tests' server). In-process tests use `Client` (app.ts), which goes
 * through `app.inject` without a socket.
 */
import type { FastifyInstance } from 'fastify';

export interface HttpUser {
  id: string;
  email: string;
  displayName: string;
}

export interface HttpAnswer {
  status: number;
  /** The JSON body; the text when it is not JSON; undefined when empty. */
  body: any;
  headers: Headers;
}

/** The server could not be reached or dropped the connection: the request may or may not have committed. */
export class Unreachable extends Error {}

const NOBODY: HttpUser = { id: '', email: '', displayName: 'anonymous' };
export const TEST_PASSWORD = 'correct horse battery';
let people = 0;

/**
 * A person talking to a listening server over HTTP, one request per call, keeping the session
 * cookie the server sets. An answer ≥ 500 throws (naming the request): no test expects one.
 */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    public cookie: string | undefined = undefined,
    public user: HttpUser = NOBODY,
  ) {}

  /** A new account with a unique email, signed in. */
  static async signUp(baseUrl: string, displayName: string): Promise<HttpClient> {
    const email = `${displayName.toLowerCase().replace(/\W+/g, '-')}-${process.pid}-${++people}-${Math.random().toString(36).slice(2, 8)}@test.accord`;
    const client = new HttpClient(baseUrl);
    const registered = await client.register(email, displayName);
    if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`);
    return client;
  }

  /** The same person (same session) as an in-process test client, over this server's sockets. */
  static of(baseUrl: string, person: { cookie: string | undefined; user: HttpUser }): HttpClient {
    return new HttpClient(baseUrl, person.cookie, person.user);
  }

  /** The same account, talking to another instance. */
  on(baseUrl: string): HttpClient {
    return new HttpClient(baseUrl, this.cookie, this.user);
  }

  async register(email: string, displayName: string, password = TEST_PASSWORD): Promise<HttpAnswer> {
    const answer = await this.post('/api/auth/register', { email, password, displayName });
    if (answer.status === 201) this.user = answer.body.user;
    return answer;
  }

  async logIn(email: string, password = TEST_PASSWORD): Promise<HttpAnswer> {
    const answer = await this.post('/api/auth/login', { email, password });
    if (answer.status === 200) this.user = answer.body.user;
    return answer;
  }

  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpAnswer> {
    return this.send(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body);

  /** Submits an HTML form (urlencoded) as a browser does, without following the redirect it answers. */
  submitForm(path: string, fields: Record<string, string>): Promise<HttpAnswer> {
    return this.send('POST', path, { body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Any request, the body sent as given (e.g. a signed webhook's exact bytes). */
  async send(method: 'GET' | 'POST', path: string, { body, headers = {} }: { body?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
        ...(body === undefined ? {} : { body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
      text = await response.text();
    } catch (error) {
      throw new Unreachable(`${method} ${path}: ${(error as Error).message}`, { cause: error });
    }
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('accord_session='));
    if (cookie) this.cookie = cookie.split(';')[0];
    if (response.status >= 500) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return { status: response.status, body: parse(text), headers: response.headers };
  }
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Listens on a free loopback port; answers the app's base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}
