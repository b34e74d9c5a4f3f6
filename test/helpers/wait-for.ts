/**
 * Waiting without sleeping: poll a predicate until it holds, or fail with a label
 * that says what was awaited (zellij's `wait_until`). The poll interval is short so
 * tests finish as soon as the condition holds; the timeout only bounds failure.
 */
export interface WaitOptions {
  timeout?: number;
  /** What we are waiting for, for the failure message. */
  label: string;
  interval?: number;
}

export async function waitFor<T>(check: () => T | Promise<T>, opts: WaitOptions): Promise<NonNullable<T>> {
  const timeout = opts.timeout ?? 10_000;
  const interval = opts.interval ?? 10;
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${opts.label}${detail}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
