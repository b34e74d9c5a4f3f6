/**
 * What an attached view needs from its connection: requests, fire-and-forget
 * messages (typing, resizes), frames in, and the end. A DaemonClient is one (a
 * local view ends when its socket does); a ReconnectingLink is another (a remote
 * view outlives its ssh links). The view does not know which it has.
 */
import type { Result, SpacesError } from '../common/errors';
import type { Attention, Frame } from '../protocol/attach-messages';
import type { ClientMessage, ReplyValue, RequestType } from '../protocol/messages';
import type { RequestBody } from './daemon-client';

export interface AttachLink {
  request<T extends RequestType>(type: T, body: RequestBody<T>): Promise<Result<ReplyValue<T>>>;
  /** Sends a message that expects no reply; dropped while there is no connection. */
  post(message: ClientMessage): void;
  onFrame?: (frame: Frame) => void;
  /** The daemon ended the view on purpose (detach, session gone, daemon stopping). */
  onDetached?: (reason: string) => void;
  /** A pane elsewhere started waiting for the user. */
  onAttention?: (message: Attention) => void;
  /** The link is gone for good. */
  onClose(listener: (why: SpacesError) => void): void;
  close(): void;
}
