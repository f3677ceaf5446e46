export interface WaitOptions {
  timeoutMs?: number;
  /** Pause between two checks. */
  intervalMs?: number;
}

/**
 * The one polling helper: resolves with the first value `check` returns other than `undefined`
 * (`check` may be async: an HTTP read, a page evaluation); fails naming `what` after `timeoutMs`
 * (a function is asked at that moment, to tell the last thing seen). An error thrown by `check`
 * ends the wait at once, as it would outside a loop.
 */
export async function waitUntil<T>(what: string | (() => string), check: () => T | undefined | Promise<T | undefined>, options: WaitOptions | number = {}): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 10 } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
