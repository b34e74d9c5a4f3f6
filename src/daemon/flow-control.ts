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

/**
 * Output waiting for the disk before the PTY is paused: the log normally writes
 * every quarter second, so this is only reached when the disk cannot keep up, and
 * then the program slows down instead of the daemon's memory growing.
 */
export const LOG_HIGH_WATERMARK_BYTES = 16 * 1024 * 1024;
export const LOG_LOW_WATERMARK_BYTES = 4 * 1024 * 1024;

export class FlowControl {
  private pending = 0;
  private paused = false;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
    private readonly high = HIGH_WATERMARK_BYTES,
    private readonly low = LOW_WATERMARK_BYTES,
  ) {}

  /** Call when `n` bytes are handed to the parser. */
  queued(n: number): void {
    this.pending += n;
    if (!this.paused && this.pending > this.high) {
      this.paused = true;
      this.pause();
    }
  }

  /** Call when `n` bytes have been parsed. */
  parsed(n: number): void {
    this.pending -= n;
    if (this.paused && this.pending < this.low) {
      this.paused = false;
      this.resume();
    }
  }

  get backlog(): number {
    return this.pending;
  }
}

/**
 * Several reasons to pause one PTY (the parser lags, the disk lags): it is paused
 * while any of them holds, and resumed only when the last one lets go.
 */
export class PauseGate {
  private holds = 0;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  hold(): void {
    if (this.holds++ === 0) this.pause();
  }

  release(): void {
    if (this.holds > 0 && --this.holds === 0) this.resume();
  }
}
