/**
 * A child process's stdin and stdout as one Duplex stream, so that a link through
 * `ssh` looks to the client exactly like a Unix socket: bytes in, bytes out, and
 * one end. Backpressure passes through both ways (a write completes when the pipe
 * took it; reading pauses the child's stdout when we are not keeping up).
 *
 * The stream ends only once the child has exited, so the end can say why: the
 * caller turns the exit status into an Error (ssh's reason) or null (a clean end).
 * Destroying the stream ends the child: SIGTERM, then SIGKILL if it does not go,
 * because a child that is stopped (SIGSTOP, a stalled link being tested) never
 * acts on SIGTERM, and must not be left behind.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Duplex } from 'node:stream';

/** How long a child gets to act on SIGTERM before SIGKILL: ssh exits in milliseconds. */
export const KILL_GRACE_MS = 1000;

/**
 * After the child exits, how long to wait for its stdout to close: a grandchild
 * holding it open (an ssh ControlPersist master) must not keep the link half-alive.
 */
const STDOUT_GRACE_MS = 500;

export type DescribeEnd = (code: number | null, signal: NodeJS.Signals | null) => Error | null;

export class ChildDuplex extends Duplex {
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private stdoutEnded = false;
  private ended = false;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly describeEnd: DescribeEnd,
  ) {
    super({ allowHalfOpen: false });
    child.stdout.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) child.stdout.pause();
    });
    child.stdout.on('end', () => {
      this.stdoutEnded = true;
      this.finish();
    });
    child.stdout.on('error', () => undefined);
    // EPIPE once the child is gone; its exit status tells the real story.
    child.stdin.on('error', () => undefined);
    // Only a failed kill of a child that is already gone can get here.
    child.on('error', () => undefined);
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      clearTimeout(this.killTimer);
      if (this.stdoutEnded) this.finish();
      else setTimeout(() => this.finish(), STDOUT_GRACE_MS).unref();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.child.stdin.destroyed) {
      callback();
      return;
    }
    // Errors are not passed on: the exit status explains a dead link better than EPIPE.
    this.child.stdin.write(chunk, () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.exit) {
      this.child.stdin.destroy();
      this.child.stdout.destroy();
      this.child.kill('SIGTERM');
      // Not unref'd: a stopped ssh must be reaped even if nothing else keeps us running.
      this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), KILL_GRACE_MS);
    }
    callback(error);
  }

  /** Ends the stream once the child has exited and its output is read. */
  private finish(): void {
    if (this.ended || !this.exit) return;
    this.ended = true;
    const error = this.describeEnd(this.exit.code, this.exit.signal);
    if (this.destroyed) return;
    if (error) this.destroy(error);
    else this.push(null);
  }
}
