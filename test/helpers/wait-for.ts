/**
 * Waiting without sleeping: poll a predicate until it holds, or fail with a label
 * that says what was awaited (zellij's `wait_until`). The poll interval is short so
 * tests finish as soon as the condition holds; the timeout only bounds failure.
 *
 * A check that is itself expensive (most spawn a `spaces` CLI, ~150 ms of CPU) is
 * followed by a pause at least as long as it took: polling back to back would
 * keep a whole core busy on a 2-core machine and starve the very process being
 * waited on.
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
    const began = Date.now();
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
    const pause = Math.max(interval, Date.now() - began);
    await new Promise((r) => setTimeout(r, pause));
  }
}
