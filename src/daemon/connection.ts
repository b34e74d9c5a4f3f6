/**
 * One client connection: the handshake, then requests dispatched through the
 * handler table, and, once attached, the interactive messages (input, resize,
 * detach). Everything the peer sends is validated by the channel; anything invalid
 * ends this connection (with a `bye` saying why) and nothing else.
 */
import type { Socket } from 'node:net';
import { fail, Result } from '../common/errors';
import { Channel } from '../protocol/channel';
import { Heartbeat } from '../protocol/heartbeat';
import { AttachedMessage, ClientMessage, clientMessageV, DaemonMessage, Request } from '../protocol/messages';
import { PROTOCOL_VERSION, versionMismatchMessage } from '../protocol/version';
import { AttachedClient } from './attached-client';
import type { StreamSink } from './frame-stream';
import type { Frame } from '../protocol/attach-messages';
import { GridClient } from './grid-client';
import type { HandlerContext } from './handler-context';
import { handlers } from './handlers';
import type { Logger } from './logger';
import type { Registry } from './registry';
import type { Session } from './session';

export interface DaemonHooks {
  registry: Registry;
  /** Every attached client of the daemon (for notifications across sessions). */
  viewers: Set<AttachedClient>;
  log: Logger;
  shutdown(): void;
  onConnectionClosed(conn: Connection): void;
}

let nextConnectionId = 1;

/** An attached view or a grid: where an interactive connection's messages go. */
interface Viewer {
  input(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  ack(seq: number): void;
  /** Ends it; `reason` is told to the client. */
  close(reason?: string): void;
  /** The client went away without a word. */
  lost(): void;
}

/** If the peer never reads our goodbye, stop waiting for it after this long. */
const BYE_GRACE_MS = 1000;

/** Unsent bytes a streaming reply may queue for one client before it waits for that client to read. */
const PACE_BYTES = 4 * 1024 * 1024;

export class Connection {
  readonly id = nextConnectionId++;
  private readonly channel: Channel<ClientMessage, DaemonMessage>;
  private greeted = false;
  private readonly cleanups: Array<() => void> = [];
  /** Once attached (or showing the grid): what input, resizes and acks go to. */
  private viewer?: Viewer;
  /** Started by the client's first heartbeat (remote links); local clients never send one. */
  private heartbeat?: Heartbeat;

  constructor(
    socket: Socket,
    private readonly hooks: DaemonHooks,
  ) {
    this.channel = new Channel(socket, clientMessageV, {
      onMessage: (m) => this.onMessage(m),
      onInvalid: (reason) => this.reject(`invalid message: ${reason}`, 'bad-request'),
      onClose: (truncated) => this.onClose(truncated),
    });
    // Any byte is a sign of life, even one frame of a large paste still arriving.
    socket.on('data', () => this.heartbeat?.received());
  }

  get closed(): boolean {
    return this.channel.closed;
  }

  close(): void {
    this.channel.close();
  }

  /** Closes after anything already queued (a final reply) has been written. */
  end(reason = 'the daemon is shutting down'): void {
    if (this.viewer) this.viewer.close(reason);
    // Someone waiting on a stream (`spaces wait`) is told why it ends, not only that it did.
    else if (this.cleanups.length > 0) return this.channel.sendAndClose({ t: 'bye', message: reason, code: 'unavailable' });
    this.channel.stream.end();
  }

  private onMessage(message: ClientMessage): void {
    if (!this.greeted) {
      if (message.t !== 'hello') {
        this.reject(`expected a hello first, got '${message.t}'`, 'bad-request');
        return;
      }
      if (message.v !== PROTOCOL_VERSION) {
        this.reject(versionMismatchMessage(PROTOCOL_VERSION, message.v), 'version-mismatch');
        return;
      }
      this.greeted = true;
      this.channel.send({ t: 'welcome', v: PROTOCOL_VERSION, pid: process.pid });
      return;
    }
    switch (message.t) {
      case 'hello':
        this.reject('hello sent twice', 'bad-request');
        return;
      case 'heartbeat':
        this.startHeartbeat();
        return;
      case 'input':
      case 'resize':
      case 'detach':
      case 'ack':
        this.onAttachedMessage(message);
        return;
      default:
        void this.dispatch(message);
    }
  }

  /**
   * A client whose link can die silently (ssh) beats; we beat back and hang up on
   * it once it goes quiet, so a vanished laptop does not stay a viewer (holding
   * the session's size, counted in "2 clients") until TCP gives up hours later.
   */
  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = new Heartbeat({
      beat: () => this.channel.send({ t: 'heartbeat' }),
      dead: (ms) => this.reject(`nothing heard from the client for ${ms / 1000} s; the link is gone`, 'timeout'),
    });
  }

  private onAttachedMessage(m: AttachedMessage): void {
    const client = this.viewer;
    if (!client) {
      this.reject(`'${m.t}' needs an attached session; send 'attach' first`, 'bad-request');
      return;
    }
    if (m.t === 'input') client.input(m.data);
    else if (m.t === 'ack') client.ack(m.seq);
    else if (m.t === 'resize') client.resize(m.cols, m.rows);
    else client.close('detached');
  }

  /** What every viewer needs to send frames: the socket's backlog, a flush signal, the log. */
  private sink<F extends DaemonMessage>(): StreamSink<F> {
    const stream = this.channel.stream;
    return {
      send: (frame) => this.channel.sendSized(frame),
      get backlog() {
        return stream.writableLength;
      },
      // An empty write completes after every write before it: our "flushed" signal
      // ('drain' only fires past the stream's high-water mark, which a small backlog never reaches).
      whenFlushed: (listener) => stream.write(Buffer.alloc(0), () => listener()),
      log: (message) => this.hooks.log.info(`connection ${this.id}: ${message}`),
    };
  }

  private detachedBy(reason: string): void {
    this.channel.sendAndClose({ t: 'detached', reason });
    setTimeout(() => this.channel.close(), BYE_GRACE_MS).unref();
  }

  private bindGrid(workspace: string, cols: number, rows: number): GridClient {
    this.viewer?.close();
    const grid = new GridClient(this.hooks.registry, workspace, cols, rows, this.sink());
    this.viewer = {
      input: () => grid.input(),
      resize: (c, r) => grid.resize(c, r),
      ack: (seq) => grid.ack(seq),
      lost: () => grid.lost(),
      close: (reason) => {
        grid.close();
        if (reason) this.detachedBy(reason);
      },
    };
    return grid;
  }

  private bindAttached(session: Session, cols: number, rows: number, readOnly: boolean): AttachedClient {
    this.viewer?.close();
    const client = new AttachedClient(session, {
      ...this.sink<Frame>(),
      attention: (message) => this.channel.send(message),
      waitingElsewhere: (mine) => waitingSessions(this.hooks.registry, mine),
      detached: (reason) => this.detachedBy(reason),
    }, cols, rows, readOnly);
    this.viewer = client;
    this.hooks.viewers.add(client);
    client.onClosed(() => this.hooks.viewers.delete(client));
    return client;
  }

  private async dispatch(req: Request): Promise<void> {
    let shutdownAfter = false;
    const ctx: HandlerContext = {
      registry: this.hooks.registry,
      log: this.hooks.log,
      push: (m) => this.channel.send(m),
      pushPaced: (m) => this.channel.sendPaced(m, PACE_BYTES),
      onClose: (fn) => this.cleanups.push(fn),
      shutdown: () => {
        shutdownAfter = true;
      },
      attach: (session, cols, rows, readOnly) => this.bindAttached(session, cols, rows, readOnly),
      grid: (workspace, cols, rows) => this.bindGrid(workspace, cols, rows),
    };
    let result: Result<unknown>;
    try {
      const handler = handlers[req.t] as (r: Request, c: HandlerContext) => Result<unknown> | Promise<Result<unknown>>;
      result = await handler(req, ctx);
    } catch (e) {
      this.hooks.log.error(`handler '${req.t}' failed: ${(e as Error).stack ?? e}`);
      result = fail('internal', `internal error in '${req.t}': ${(e as Error).message}; see the daemon log`);
    }
    try {
      if (result.ok) this.channel.send({ t: 'reply', id: req.id, ok: true, value: result.value });
      else this.channel.send({ t: 'reply', id: req.id, ok: false, error: result.error });
    } catch (e) {
      // A reply too big for one frame (a capture of a huge in-memory history): say so,
      // rather than leave the client waiting for an answer that never comes.
      this.hooks.log.warn(`reply to '${req.t}' could not be sent: ${(e as Error).message}`);
      this.channel.send({
        t: 'reply',
        id: req.id,
        ok: false,
        error: { code: 'bad-args', message: `the answer to '${req.t}' is too large to send (${(e as Error).message}); ask for less, e.g. fewer history lines` },
      });
    }
    if (shutdownAfter) this.hooks.shutdown();
  }

  private reject(message: string, code: string): void {
    this.hooks.log.warn(`connection ${this.id}: ${message}; closing it`);
    this.channel.sendAndClose({ t: 'bye', message, code });
    setTimeout(() => this.channel.close(), BYE_GRACE_MS).unref();
  }

  private onClose(truncated: boolean): void {
    this.heartbeat?.stop();
    if (truncated) this.hooks.log.warn(`connection ${this.id}: closed in the middle of a frame`);
    // An attached client that vanished without detaching (SSH drop, kill -9).
    this.viewer?.lost();
    for (const c of this.cleanups.splice(0)) c();
    this.hooks.onConnectionClosed(this);
  }
}

/** Sessions other than `mine` with a pane waiting for the user, by name. */
function waitingSessions(registry: Registry, mine: Session): string[] {
  const out: string[] = [];
  for (const s of registry.list()) {
    if (s !== mine && s.panes().some((p) => p.live.verdict.state === 'needs-input')) out.push(s.name);
  }
  return out;
}
