/**
 * One client connection: the handshake, then requests dispatched through the
 * handler table. Everything the peer sends is validated by the channel; anything
 * invalid ends this connection (with a `bye` saying why) and nothing else.
 */
import type { Socket } from 'node:net';
import { fail, Result } from '../common/errors';
import { Channel } from '../protocol/channel';
import { ClientMessage, clientMessageV, DaemonMessage, Request } from '../protocol/messages';
import { PROTOCOL_VERSION, versionMismatchMessage } from '../protocol/version';
import { HandlerContext, handlers } from './handlers';
import type { Logger } from './logger';
import type { Registry } from './registry';

export interface DaemonHooks {
  registry: Registry;
  log: Logger;
  shutdown(): void;
  onConnectionClosed(conn: Connection): void;
}

let nextConnectionId = 1;

export class Connection {
  readonly id = nextConnectionId++;
  private readonly channel: Channel<ClientMessage, DaemonMessage>;
  private greeted = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    socket: Socket,
    private readonly hooks: DaemonHooks,
  ) {
    this.channel = new Channel(socket, clientMessageV, {
      onMessage: (m) => this.onMessage(m),
      onInvalid: (reason) => this.reject(`invalid message: ${reason}`, 'bad-request'),
      onClose: (truncated) => this.onClose(truncated),
    });
  }

  get closed(): boolean {
    return this.channel.closed;
  }

  close(): void {
    this.channel.close();
  }

  /** Closes after anything already queued (a final reply) has been written. */
  end(): void {
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
    if (message.t === 'hello') {
      this.reject('hello sent twice', 'bad-request');
      return;
    }
    void this.dispatch(message);
  }

  private async dispatch(req: Request): Promise<void> {
    let shutdownAfter = false;
    const ctx: HandlerContext = {
      registry: this.hooks.registry,
      push: (m) => this.channel.send(m),
      onClose: (fn) => this.cleanups.push(fn),
      shutdown: () => {
        shutdownAfter = true;
      },
    };
    let result: Result<unknown>;
    try {
      const handler = handlers[req.t] as (r: Request, c: HandlerContext) => Result<unknown> | Promise<Result<unknown>>;
      result = await handler(req, ctx);
    } catch (e) {
      this.hooks.log.error(`handler '${req.t}' failed: ${(e as Error).stack ?? e}`);
      result = fail('internal', `internal error in '${req.t}': ${(e as Error).message}; see the daemon log`);
    }
    if (result.ok) this.channel.send({ t: 'reply', id: req.id, ok: true, value: result.value });
    else this.channel.send({ t: 'reply', id: req.id, ok: false, error: result.error });
    if (shutdownAfter) this.hooks.shutdown();
  }

  private reject(message: string, code: string): void {
    this.hooks.log.warn(`connection ${this.id}: ${message}; closing it`);
    this.channel.sendAndClose({ t: 'bye', message, code });
    // If the peer never reads, do not keep the socket open on its behalf.
    setTimeout(() => this.channel.close(), 1000).unref();
  }

  private onClose(truncated: boolean): void {
    if (truncated) this.hooks.log.warn(`connection ${this.id}: closed in the middle of a frame`);
    for (const c of this.cleanups.splice(0)) c();
    this.hooks.onConnectionClosed(this);
  }
}
