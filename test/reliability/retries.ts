import { Unreachable, type HttpClient } from '../support/http.ts';

/** Registers `email`, or logs in when an earlier attempt's registration committed but its answer was lost. */
export async function signUpOrLogIn(person: HttpClient, email: string): Promise<void> {
  const registered = await person.register(email, email.split('@')[0]!);
  if (registered.status === 201) return;
  if (registered.body?.error?.code !== 'EMAIL_TAKEN') throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const loggedIn = await person.logIn(email);
  if (loggedIn.status !== 200) throw new Error(`login: ${loggedIn.status} ${JSON.stringify(loggedIn.body)}`);
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
