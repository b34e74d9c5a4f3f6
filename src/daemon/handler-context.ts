/** What a request handler may use, and the handler signature. */
import type { Result } from '../common/errors';
import type { DaemonMessage, ReplyValue, RequestOf, RequestType } from '../protocol/messages';
import type { AttachedClient } from './attached-client';
import type { GridClient } from './grid-client';
import type { Logger } from './logger';
import type { Registry } from './registry';
import type { Session } from './session';

export interface HandlerContext {
  registry: Registry;
  /** Pushes an unsolicited message (stream events) to this connection. */
  push(message: DaemonMessage): boolean;
  /** Pushes one message of a long stream, waiting while the client is far behind; false once it is gone. */
  pushPaced(message: DaemonMessage): Promise<boolean>;
  /** Registers cleanup for when this connection goes away. */
  onClose(cleanup: () => void): void;
  /** Stops the daemon once the current reply has been sent. */
  shutdown(): void;
  /** The daemon log, for work that outlives the request (a deferred context paste). */
  log?: Logger;
  /** Turns this connection into an interactive view of `session`. */
  attach(session: Session, cols: number, rows: number, readOnly: boolean): AttachedClient;
  /** Turns this connection into a grid of sessions. */
  grid(workspace: string, cols: number, rows: number): GridClient;
}

export type Handler<T extends RequestType> = (
  req: RequestOf<T>,
  ctx: HandlerContext,
) => Result<ReplyValue<T>> | Promise<Result<ReplyValue<T>>>;

export type HandlerTable<K extends RequestType> = { [T in K]: Handler<T> };
