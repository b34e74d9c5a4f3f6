/**
 * Backpressure between a program and its pane's terminal emulator (the idea of VS
 * Code's FlowControlConstants). Parsing is the slowest step of the pipeline; if we
 * kept reading the PTY while the parser lags, a program printing as fast as it can
 * would grow our memory without bound. Past the high watermark we stop reading the
 * PTY, so the kernel buffer fills and the program blocks in write(), exactly as it
 * would on a real terminal that is busy; below the low watermark we read again.
 */

/**
 * Bytes handed to the parser but not yet parsed before we pause the PTY. About
 * 16 reads of 64 KiB: enough that the parser never idles while output is flowing,
 * small enough to bound memory at about a megabyte per pane.
 */
export const HIGH_WATERMARK_BYTES = 1024 * 1024;

/** Resume once the parser is down to a few reads' worth, so it never runs dry. */
export const LOW_WATERMARK_BYTES = 256 * 1024;

export class FlowControl {
  private pending = 0;
  private paused = false;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  /** Call when `n` bytes are handed to the parser. */
  queued(n: number): void {
    this.pending += n;
    if (!this.paused && this.pending > HIGH_WATERMARK_BYTES) {
      this.paused = true;
      this.pause();
    }
  }

  /** Call when `n` bytes have been parsed. */
  parsed(n: number): void {
    this.pending -= n;
    if (this.paused && this.pending < LOW_WATERMARK_BYTES) {
      this.paused = false;
      this.resume();
    }
  }

  get backlog(): number {
    return this.pending;
  }
}
