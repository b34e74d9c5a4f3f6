/**
 * The client end of the protocol over any transport (transport.ts): handshake,
 * then typed request/reply and streams, and heartbeats when the link needs them.
 */
import * as os from 'node:os';
import type { Duplex } from 'node:stream';
import { fail, ok, Result, SpacesError } from '../common/errors';
import { resolvePaths, SpacesPaths } from '../common/paths';
import { Channel } from '../protocol/channel';
import { Heartbeat } from '../protocol/heartbeat';
import {
  ClientMessage, DaemonMessage, daemonMessageV, HistoryPush, LinesEvent, OutputPush, Reply, ReplyValue, replyValueV, RequestOf,
  RequestType,
} from '../protocol/messages';
import { PROTOCOL_VERSION, versionMismatchMessage } from '../protocol/version';
import type { Attention, Frame, GridFrame } from '../protocol/attach-messages';
import { localTransport, OpenOptions, Transport } from './transport';

type Pending = { type: RequestType; resolve: (r: Result<unknown>) => void };
/** A request's fields without the ones the client fills in. */
export type RequestBody<T extends RequestType> = Omit<RequestOf<T>, 'id' | 't'>;
export type Role = 'cli' | 'attach' | 'proxy';

export interface ClientOptions {
  /** Send and expect heartbeats (a link that can die silently). */
  heartbeat?: boolean;
  /** Set for a daemon elsewhere ("box"): messages say where. */
  remote?: string;
}

export class DaemonClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<number, (e: LinesEvent) => void>();
  private readonly pushes = new Map<number, (e: HistoryPush | OutputPush) => void>();
  private welcome?: (r: Result<number>) => void;
  private closeReason: SpacesError | undefined;
  private readonly closeListeners = new Set<(why: SpacesError) => void>();
  /** Set by an attached view: frames and the end of the view. */
  onFrame?: (frame: Frame) => void;
  onDetached?: (reason: string) => void;
  onAttention?: (message: Attention) => void;
  onGridFrame?: (frame: GridFrame) => void;
  readonly channel: Channel<DaemonMessage, ClientMessage>;
  daemonPid = 0;
  private detachedReason: string | undefined;
  private heartbeat?: Heartbeat;
  private readonly peer: string;

  constructor(
    stream: Duplex,
    private readonly opts: ClientOptions = {},
  ) {
    this.peer = opts.remote ? `the daemon on ${opts.remote}` : 'the daemon';
    this.channel = new Channel(stream, daemonMessageV, {
      onMessage: (m) => this.onMessage(m),
      onInvalid: (reason) => this.onGone({ code: 'bad-request', message: this.invalidMessage(reason) }),
      onClose: (_truncated, error) => this.onGone({ code: 'unavailable', message: error?.message ?? `${this.peer} closed the connection` }),
    });
    // Any byte is a sign of life, even part of a large frame crawling over a slow link.
    stream.on('data', () => this.heartbeat?.received());
  }

  /** The daemon ended the attached view on purpose (detach, session gone, shutdown). */
  get detached(): boolean {
    return this.detachedReason !== undefined;
  }

  handshake(role: Role): Promise<Result<number>> {
    return new Promise((resolve) => {
      this.welcome = resolve;
      this.channel.send({ t: 'hello', v: PROTOCOL_VERSION, role });
    });
  }

  /**
   * Sends a request and resolves with its reply. `onPush` receives the `history`
   * and `output` pushes some requests (capture from the log, replay) send first.
   */
  request<T extends RequestType>(
    type: T,
    body: RequestBody<T>,
    onPush?: (e: HistoryPush | OutputPush) => void,
  ): Promise<Result<ReplyValue<T>>> {
    if (this.closeReason) return Promise.resolve({ ok: false, error: this.closeReason });
    const id = this.nextId++;
    if (onPush) this.pushes.set(id, onPush);
    return new Promise((resolve) => {
      this.pending.set(id, { type, resolve: resolve as (r: Result<unknown>) => void });
      this.channel.send({ ...body, t: type, id } as unknown as ClientMessage);
    });
  }

  /** Opens a watch stream; `onLines` receives every push until the stream ends. */
  async watch(target: string, onLines: (e: LinesEvent) => void): Promise<Result<undefined>> {
    const id = this.nextId;
    this.streams.set(id, onLines);
    const r = await this.request('watch', { target });
    if (!r.ok) this.streams.delete(id);
    return r;
  }

  onClose(listener: (why: SpacesError) => void): void {
    this.closeListeners.add(listener);
  }

  close(): void {
    this.heartbeat?.stop();
    this.channel.close();
  }

  private onMessage(m: DaemonMessage): void {
    switch (m.t) {
      case 'welcome': {
        this.daemonPid = m.pid;
        const matched = m.v === PROTOCOL_VERSION;
        if (matched && this.opts.heartbeat) this.startHeartbeat();
        const mismatch = versionMismatchMessage(m.v, PROTOCOL_VERSION) + (this.opts.remote ? ` (on ${this.opts.remote})` : '');
        this.welcome?.(matched ? ok(m.pid) : fail('version-mismatch', mismatch));
        this.welcome = undefined;
        return;
      }
      case 'bye':
        this.onGone({ code: (m.code as SpacesError['code']) ?? 'unavailable', message: m.message });
        return;
      case 'reply':
        this.onReply(m);
        return;
      case 'lines':
        this.streams.get(m.id)?.(m);
        if (m.exited) this.streams.delete(m.id);
        return;
      case 'frame':
        this.onFrame?.(m);
        return;
      case 'attention':
        this.onAttention?.(m);
        return;
      case 'grid-frame':
        this.onGridFrame?.(m);
        return;
      case 'detached':
        this.detachedReason = m.reason;
        this.onDetached?.(m.reason);
        return;
      case 'heartbeat':
        // Its bytes already counted as life; nothing else to do.
        return;
      case 'history':
      case 'output':
        this.pushes.get(m.id)?.(m);
        return;
    }
  }

  private startHeartbeat(): void {
    this.heartbeat = new Heartbeat({
      beat: () => this.channel.send({ t: 'heartbeat' }),
      dead: (ms) => this.onGone({ code: 'timeout', message: `nothing heard from ${this.opts.remote ?? 'the daemon'} for ${ms / 1000} s` }),
    });
  }

  private invalidMessage(reason: string): string {
    if (this.welcome && this.opts.remote) {
      // Before the handshake the usual culprit is a login script printing to stdout.
      return `${this.opts.remote} sent something other than spaces' protocol (${reason}); does a login script there print to stdout in non-interactive shells?`;
    }
    return `${this.peer} sent something this client cannot read (${reason}); are the versions matched? try \`spaces kill-server\``;
  }

  private onReply(m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    this.pushes.delete(m.id);
    if (!m.ok) {
      p.resolve({ ok: false, error: { code: (m.error?.code as SpacesError['code']) ?? 'internal', message: m.error?.message ?? 'unknown error' } });
      return;
    }
    const problem = replyValueV[p.type].check(m.value, 'reply');
    if (problem) {
      p.resolve(fail('bad-request', `${this.peer}'s reply to '${p.type}' is malformed (${problem})`));
      return;
    }
    p.resolve(ok(m.value ?? undefined));
  }

  /** Sends a message that expects no reply (attached input, resize, detach). */
  post(message: ClientMessage): void {
    this.channel.send(message);
  }

  private onGone(why: SpacesError): void {
    if (this.closeReason) return;
    this.heartbeat?.stop();
    // After a 'detached' the daemon closing the socket is expected, not a failure.
    if (this.detachedReason !== undefined) why = { code: 'unavailable', message: this.detachedReason };
    this.closeReason = why;
    this.welcome?.({ ok: false, error: why });
    this.welcome = undefined;
    for (const p of this.pending.values()) p.resolve({ ok: false, error: why });
    this.pending.clear();
    for (const l of this.closeListeners) l(why);
    this.channel.close();
  }
}

/** Opens a stream through `transport` and completes the handshake. */
export async function connectVia(transport: Transport, role: Role, open: OpenOptions): Promise<Result<DaemonClient>> {
  const stream = await transport.open(open);
  if (!stream.ok) return stream;
  return greet(stream.value, transport, role);
}

async function greet(stream: Duplex, transport: Transport, role: Role): Promise<Result<DaemonClient>> {
  const client = new DaemonClient(stream, { heartbeat: transport.heartbeat, remote: transport.remote });
  const hello = await client.handshake(role);
  if (!hello.ok) {
    client.close();
    return hello;
  }
  return ok(client);
}

export interface ConnectOptions {
  /** Start the daemon if none is running (default true). */
  start?: boolean;
  role?: Role;
  paths?: SpacesPaths;
}

/** Connects to this machine's daemon and completes the handshake. */
export async function connectDaemon(opts: ConnectOptions = {}): Promise<Result<DaemonClient>> {
  const paths = opts.paths ?? resolvePaths(process.env, os.homedir());
  const transport = localTransport(paths, opts.start !== false);
  // A daemon may exit (last session gone) between our connect and its accept;
  // one more try covers that race, a third failure is real.
  for (let attempt = 0; attempt < 3; attempt++) {
    const stream = await transport.open({ interactive: true });
    if (!stream.ok) return stream;
    const client = await greet(stream.value, transport, opts.role ?? 'cli');
    if (client.ok || client.error.code !== 'unavailable') return client;
  }
  return fail('unavailable', `the daemon at ${paths.socket} keeps closing connections; see ${paths.logFile}`);
}
