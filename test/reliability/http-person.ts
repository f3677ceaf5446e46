/** The server could not be reached or dropped the connection: the request may or may not have committed. */
export class Unreachable extends Error {}

export interface Answer {
  status: number;
  body: any;
}

/** A person talking to a real server over HTTP, keeping their session cookie. */
export class HttpPerson {
  cookie: string | undefined;
  userId: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly email: string,
    readonly password = 'correct horse battery',
  ) {}

  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new Unreachable((error as Error).message, { cause: error });
    }
    const text = await response.text().catch((error: unknown) => {
      throw new Unreachable(`answer cut: ${(error as Error).message}`, { cause: error });
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('accord_session='));
    if (cookie) this.cookie = cookie.split(';')[0];
    if (response.status >= 500) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Registers, or logs in when an earlier attempt's registration committed but its answer was lost. */
  async signUp(): Promise<void> {
    const registered = await this.call('POST', '/api/auth/register', { email: this.email, password: this.password, displayName: this.email.split('@')[0] });
    if (registered.status === 201) {
      this.userId = registered.body.user.id;
      return;
    }
    if (registered.body?.error?.code !== 'EMAIL_TAKEN') throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
    const loggedIn = await this.call('POST', '/api/auth/login', { email: this.email, password: this.password });
    if (loggedIn.status !== 200) throw new Error(`login: ${loggedIn.status} ${JSON.stringify(loggedIn.body)}`);
    this.userId = loggedIn.body.user.id;
  }
}

/** Repeats `step` until the server answers it (it is down while being restarted), unless the test gave up. */
export async function untilReachable<T>(step: () => Promise<T>, counter: { unreachable: number; gaveUp?: Error }): Promise<T> {
  for (;;) {
    if (counter.gaveUp) throw counter.gaveUp;
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof Unreachable)) throw error;
      counter.unreachable++;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
  }
}
