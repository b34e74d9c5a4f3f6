/**
 * A remote attached view's link that heals itself. When the ssh link drops (ssh
 * exits, or heartbeats stop), the view keeps its last screen and this keeps
 * trying, with backoff, to open a new link and attach again; the daemon answers a
 * new attach with a full frame, so the picture re-syncs without anyone asking.
 *
 * Only transient failures are retried (the link, the network, a timeout). An
 * answer from the daemon that will not change by retrying (the session is gone, a
 * version mismatch) ends the view with that answer; so does the daemon ending the
 * view on purpose (detach, kill, shutdown). The user can give up any time (C-c).
 */
import { fail, ok, Result, SpacesError } from '../common/errors';
import { printable } from '../common/printable';
import { aboutHost } from '../common/remote-target';
import type { Frame, Attention } from '../protocol/attach-messages';
import type { ClientMessage, ReplyValue, RequestType } from '../protocol/messages';
import type { AttachLink } from './attach-link';
import { DaemonClient, RequestBody } from './daemon-client';
import type { Transport } from './transport';

export type LinkState =
  | { kind: 'up' }
  /** `retryInMs` null: an attempt is under way. */
  | { kind: 'down'; attempt: number; reason: string; retryInMs: number | null };

export interface AttachParams {
  target: string;
  cols: number;
  rows: number;
  readOnly: boolean;
}

/**
 * The first retry goes at once (an ssh that exits is often a one-off: a NAT
 * timeout, a laptop changing networks); then the wait doubles from 250 ms, so a
 * short blip costs well under a second, up to 5 s, so a link that comes back is
 * found within 5 s without hammering the server's sshd meanwhile.
 */
export const BACKOFF_FIRST_MS = 250;
export const BACKOFF_MAX_MS = 5000;

export function backoffDelay(attempt: number): number {
  if (attempt <= 0) return 0;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (attempt - 1));
}

/**
 * An attempt (ssh connecting, the remote proxy and daemon answering, the attach
 * reply) that takes longer than this is abandoned and retried: ssh's own connect
 * timeout can be minutes, and a blackholed network would otherwise hold the
 * attempt that long. A cold remote daemon start is allowed 15 s by itself.
 */
export const ATTEMPT_TIMEOUT_MS = 20_000;

/** Daemon answers that no retry can change; everything else is worth another try. */
function isPermanent(e: SpacesError): boolean {
  return e.code !== 'unavailable' && e.code !== 'timeout';
}

export class ReconnectingLink implements AttachLink {
  onFrame?: (frame: Frame) => void;
  onDetached?: (reason: string) => void;
  onAttention?: (message: Attention) => void;
  onState?: (state: LinkState) => void;
  private client: DaemonClient | null = null;
  /** The connection being tried, so closing or a timeout can abandon it. */
  private trying: DaemonClient | null = null;
  private readonly closeListeners = new Set<(why: SpacesError) => void>();
  private stopped = false;
  private attempt = 0;
  private reason = '';
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly transport: Transport,
    /** What to attach to and at which size, asked afresh for every attempt. */
    private readonly params: () => AttachParams,
  ) {}

  get host(): string {
    return this.transport.remote ?? 'this machine';
  }

  get up(): boolean {
    return this.client !== null;
  }

  /** The first connection: ssh may prompt the user; a failure is returned, not retried. */
  async connect(): Promise<Result<string>> {
    const r = await this.open(true);
    // The other machine's words (its daemon's error, ssh's complaint): one inert line.
    if (!r.ok) return fail(r.error.code, aboutHost(this.host, printable(r.error.message, 2000)));
    if (this.stopped) return fail('unavailable', 'the view ended while connecting');
    this.adopt(r.value.client);
    return ok(r.value.session);
  }

  request<T extends RequestType>(type: T, body: RequestBody<T>): Promise<Result<ReplyValue<T>>> {
    if (!this.client) return Promise.resolve(fail('unavailable', `not connected to ${this.host} (reconnecting…)`));
    return this.client.request(type, body);
  }

  post(message: ClientMessage): void {
    this.client?.post(message);
  }

  onClose(listener: (why: SpacesError) => void): void {
    this.closeListeners.add(listener);
  }

  /** While waiting between attempts: try now (the user pressed a key). */
  retryNow(): void {
    if (!this.retryTimer || this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.tryOnce();
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.trying?.close();
    this.client?.close();
    this.client = null;
  }

  private async open(interactive: boolean): Promise<Result<{ client: DaemonClient; session: string }>> {
    const stream = await this.transport.open({ interactive });
    if (!stream.ok) return stream;
    const client = new DaemonClient(stream.value, { heartbeat: this.transport.heartbeat, remote: this.transport.remote });
    this.trying = client;
    let timedOut = false;
    // The first connect may sit at a password prompt for as long as the user likes.
    const timer = interactive
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          client.close();
        }, ATTEMPT_TIMEOUT_MS);
    let result: Result<{ client: DaemonClient; session: string }>;
    if (this.stopped) {
      result = fail('unavailable', 'given up');
    } else {
      result = await this.attachOver(client);
      if (timedOut) result = fail('timeout', `no answer from ${this.host} within ${ATTEMPT_TIMEOUT_MS / 1000} s`);
    }
    clearTimeout(timer);
    this.trying = null;
    if (!result.ok || this.stopped) client.close();
    return result;
  }

  private async attachOver(client: DaemonClient): Promise<Result<{ client: DaemonClient; session: string }>> {
    const hello = await client.handshake('attach');
    if (!hello.ok) return hello;
    // Before the request: frames can arrive in the same read as the reply.
    client.onFrame = (f) => this.onFrame?.(f);
    client.onDetached = (reason) => this.onDetached?.(reason);
    client.onAttention = (m) => this.onAttention?.(m);
    const r = await client.request('attach', this.params());
    if (!r.ok) return r;
    return ok({ client, session: r.value.session });
  }

  private adopt(client: DaemonClient): void {
    this.client = client;
    this.attempt = 0;
    client.onClose((why) => this.lost(client, why));
    this.onState?.({ kind: 'up' });
  }

  private lost(client: DaemonClient, why: SpacesError): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    // The daemon ended the view on purpose; the view is finishing through onDetached.
    if (client.detached) return;
    this.scheduleRetry(why.message);
  }

  private scheduleRetry(reason: string): void {
    this.reason = reason;
    const delay = backoffDelay(this.attempt);
    this.onState?.({ kind: 'down', attempt: this.attempt + 1, reason, retryInMs: delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.tryOnce();
    }, delay);
  }

  private async tryOnce(): Promise<void> {
    this.attempt++;
    this.onState?.({ kind: 'down', attempt: this.attempt, reason: this.reason, retryInMs: null });
    const r = await this.open(false);
    if (this.stopped) return;
    if (r.ok) {
      this.adopt(r.value.client);
      return;
    }
    if (!isPermanent(r.error)) {
      this.scheduleRetry(r.error.message);
      return;
    }
    this.stopped = true;
    const why = { code: r.error.code, message: `cannot reattach to ${this.host}: ${r.error.message}` };
    for (const l of this.closeListeners) l(why);
  }
}
