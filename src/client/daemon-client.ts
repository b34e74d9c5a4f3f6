/**
 * The client end of the protocol: connect (starting the daemon if none is
 * running), handshake, then typed request/reply and streams.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import { fail, ok, Result, SpacesError } from '../common/errors';
import { resolvePaths, SpacesPaths } from '../common/paths';
import { Channel } from '../protocol/channel';
import {
  ClientMessage, DaemonMessage, daemonMessageV, LinesEvent, Reply, ReplyValue, replyValueV, RequestOf, RequestType,
} from '../protocol/messages';
import { PROTOCOL_VERSION, versionMismatchMessage } from '../protocol/version';
import type { Frame } from '../protocol/attach-messages';
import { checkPrivateDir } from '../platform/private-dir';
import { NO_DAEMON } from './no-daemon';
import { startDaemon } from './start-daemon';

type Pending = { type: RequestType; resolve: (r: Result<unknown>) => void };
type Omitted<T extends RequestType> = Omit<RequestOf<T>, 'id' | 't'>;

export class DaemonClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<number, (e: LinesEvent) => void>();
  private welcome?: (r: Result<number>) => void;
  private closeReason: SpacesError | undefined;
  private readonly closeListeners = new Set<(why: SpacesError) => void>();
  /** Set by an attached view: frames and the end of the view. */
  onFrame?: (frame: Frame) => void;
  onDetached?: (reason: string) => void;
  readonly channel: Channel<DaemonMessage, ClientMessage>;
  daemonPid = 0;
  private detachedReason: string | undefined;

  constructor(socket: net.Socket) {
    this.channel = new Channel(socket, daemonMessageV, {
      onMessage: (m) => this.onMessage(m),
      onInvalid: (reason) => this.onGone({ code: 'bad-request', message: `the daemon sent something this client cannot read (${reason}); are the versions matched? try \`spaces kill-server\`` }),
      onClose: () => this.onGone({ code: 'unavailable', message: 'the daemon closed the connection' }),
    });
  }

  handshake(role: 'cli' | 'attach' | 'proxy'): Promise<Result<number>> {
    return new Promise((resolve) => {
      this.welcome = resolve;
      this.channel.send({ t: 'hello', v: PROTOCOL_VERSION, role });
    });
  }

  request<T extends RequestType>(type: T, body: Omitted<T>): Promise<Result<ReplyValue<T>>> {
    if (this.closeReason) return Promise.resolve({ ok: false, error: this.closeReason });
    const id = this.nextId++;
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
    this.channel.close();
  }

  private onMessage(m: DaemonMessage): void {
    switch (m.t) {
      case 'welcome':
        this.daemonPid = m.pid;
        this.welcome?.(m.v === PROTOCOL_VERSION ? ok(m.pid) : fail('version-mismatch', versionMismatchMessage(m.v, PROTOCOL_VERSION)));
        this.welcome = undefined;
        return;
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
      case 'detached':
        this.detachedReason = m.reason;
        this.onDetached?.(m.reason);
        return;
    }
  }

  private onReply(m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (!m.ok) {
      p.resolve({ ok: false, error: { code: (m.error?.code as SpacesError['code']) ?? 'internal', message: m.error?.message ?? 'unknown error' } });
      return;
    }
    const problem = replyValueV[p.type].check(m.value, 'reply');
    if (problem) {
      p.resolve(fail('bad-request', `the daemon's reply to '${p.type}' is malformed (${problem})`));
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

function connectSocket(path: string): Promise<net.Socket | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const s = net.connect(path);
    s.once('connect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e));
  });
}

export interface ConnectOptions {
  /** Start the daemon if none is running (default true). */
  start?: boolean;
  role?: 'cli' | 'attach' | 'proxy';
  paths?: SpacesPaths;
}

/** Connects and completes the handshake. */
export async function connectDaemon(opts: ConnectOptions = {}): Promise<Result<DaemonClient>> {
  const paths = opts.paths ?? resolvePaths(process.env, os.homedir());
  const role = opts.role ?? 'cli';
  // A daemon may exit (last session gone) between our connect and its accept;
  // one restart covers that race, a second failure is real.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (fs.existsSync(paths.socketDir)) {
      const dir = checkPrivateDir(paths.socketDir, 'spaces socket directory');
      if (!dir.ok) return dir;
    }
    const sock = await connectSocket(paths.socket);
    if (sock instanceof net.Socket) {
      const client = new DaemonClient(sock);
      const hello = await client.handshake(role);
      if (hello.ok) return ok(client);
      if (hello.error.code !== 'unavailable') return hello;
      continue;
    }
    if (sock.code !== 'ENOENT' && sock.code !== 'ECONNREFUSED') {
      return fail('unavailable', `cannot connect to the daemon at ${paths.socket}: ${sock.message}`);
    }
    if (opts.start === false) return fail('unavailable', NO_DAEMON);
    const started = await startDaemon(paths);
    if (!started.ok) return started;
  }
  return fail('unavailable', `the daemon at ${paths.socket} keeps closing connections; see ${paths.logFile}`);
}
