/**
 * A message channel over any byte stream (a Unix socket, or ssh's stdio for remote
 * use): frames out, validated messages in. Both ends use it, each with the
 * validator for what the other end may send.
 *
 * Errors in what arrives never throw: they are reported once through `onInvalid`
 * and the channel stops delivering, so the owner can close that one connection.
 */
import type { Duplex } from 'node:stream';
import { encodeFrame, decodeBody } from './codec';
import { FrameDecoder } from './framing';
import type { Validator } from './schema';

export interface ChannelHandlers<In> {
  onMessage(message: In): void;
  /** The peer sent something we cannot accept; the channel has stopped reading. */
  onInvalid(reason: string): void;
  /**
   * The stream ended or failed; `truncated` is true if it ended mid-frame. `error`
   * is the stream's own account of why, when it has one (an ssh link says how ssh
   * exited).
   */
  onClose(truncated: boolean, error?: Error): void;
}

export class Channel<In, Out> {
  private readonly decoder = new FrameDecoder();
  private dead = false;
  private closedReported = false;

  constructor(
    readonly stream: Duplex,
    private readonly validator: Validator<In>,
    private readonly handlers: ChannelHandlers<In>,
  ) {
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('error', (e: Error) => this.reportClose(e));
    stream.on('close', () => this.reportClose());
    stream.on('end', () => this.reportClose());
  }

  /** Bytes queued in the stream that the peer has not taken yet (flow control). */
  get backlog(): number {
    return this.stream.writableLength;
  }

  get closed(): boolean {
    return this.dead || this.stream.destroyed;
  }

  /** Sends one message; returns false if the channel is closed. */
  send(message: Out): boolean {
    return this.sendSized(message) > 0;
  }

  /** Sends one message; returns the bytes it took on the wire (0 if the channel is closed). */
  sendSized(message: Out): number {
    if (this.closed || !this.stream.writable) return 0;
    const frame = encodeFrame(message);
    this.stream.write(frame);
    return frame.length;
  }

  /**
   * Sends one message of a long stream and, when the peer is this far behind,
   * waits until it catches up: a client reading slowly (a pager) slows the stream
   * instead of making us buffer all of it. Resolves false once the channel closed.
   */
  async sendPaced(message: Out, highWaterBytes: number): Promise<boolean> {
    if (!this.send(message)) return false;
    if (this.stream.writableLength <= highWaterBytes) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
    return !this.closed;
  }

  /** Sends a last message, then closes our side once it is flushed. */
  sendAndClose(message: Out): void {
    this.dead = true;
    // Not `closed`: after invalid input we stop reading, yet can still say why.
    if (!this.stream.destroyed && this.stream.writable) this.stream.end(encodeFrame(message));
  }

  close(): void {
    this.dead = true;
    this.stream.destroy();
  }

  private receive(chunk: Buffer): void {
    if (this.dead) return;
    const { frames, error } = this.decoder.push(chunk);
    for (const body of frames) {
      if (this.dead) return;
      const decoded = decodeBody(body, this.validator);
      if (!decoded.ok) {
        this.fail(decoded.error);
        return;
      }
      this.handlers.onMessage(decoded.value);
    }
    if (error) this.fail(error);
  }

  private fail(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    this.handlers.onInvalid(reason);
  }

  private reportClose(error?: Error): void {
    if (this.closedReported) return;
    this.closedReported = true;
    this.dead = true;
    this.handlers.onClose(this.decoder.pending > 0, error);
  }
}
