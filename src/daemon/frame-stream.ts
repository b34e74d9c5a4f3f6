/**
 * When to send the next frame to one viewer, and when not to: the pacing and flow
 * control shared by attached clients and the grid.
 *
 * Frames follow output, at most one per FRAME_INTERVAL_MS while programs flood,
 * but a lone keystroke's echo goes out at once: the frame-rate limit only engages
 * when a burst of output is in flight. A viewer that stops reading is skipped,
 * twice guarded: by its socket backlog (tmux's screen area x 8 bytes), and by
 * frames it has not acknowledged (which may be stuck beyond our socket, in an ssh
 * proxy or on a slow link). Either way it gets one full frame once it catches up,
 * so it never slows the daemon or anyone else.
 */

/** ~60 frames a second: smooth to the eye, and a bound on bytes per second per client. */
export const FRAME_INTERVAL_MS = 16;

/**
 * Output below this many bytes since the last frame is interactive (an echo, a
 * prompt, a spinner tick) and is sent without waiting for the frame interval.
 */
export const INTERACTIVE_BYTES = 2048;

/** tmux stops writing to a terminal with more than screen area x 8 bytes pending; so do we. */
export const BACKLOG_BYTES_PER_CELL = 8;

/**
 * Unacknowledged bytes allowed in flight, in screens' worth of backlog: four
 * screens cover a round trip of frames on a decent link.
 */
export const UNACKED_SCREENS = 4;

export interface StreamSink<F> {
  /** Sends a frame; returns its size in bytes. */
  send(frame: F): number;
  /** Bytes written to the viewer's socket and not yet taken by it. */
  readonly backlog: number;
  /** Calls `listener` once everything written so far has been taken by the socket. */
  whenFlushed(listener: () => void): void;
  log(message: string): void;
}

export interface StreamSource<F extends { seq: number }> {
  /** The next frame (everything if `full`), or null when the viewer already has it all. */
  build(full: boolean): F | null;
  /** Bytes printed so far by the programs this viewer watches (to tell bursts from keystrokes). */
  outputBytes(): number;
  /** The viewer's screen area in cells, which scales the backlog limits. */
  area(): number;
  /** Who this is, for log lines. */
  describe(): string;
}

export class FrameStream<F extends { seq: number }> {
  private needFull = true;
  private pending = false;
  private stalled = false;
  private closed = false;
  private lastFrameAt = 0;
  private bytesAtLastFrame = 0;
  private seq = 0;
  /** Frames sent and not yet acknowledged: [seq, bytes]. */
  private readonly inFlight: Array<[number, number]> = [];
  private unackedBytes = 0;

  constructor(
    private readonly source: StreamSource<F>,
    private readonly sink: StreamSink<F>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The next frame repaints everything (a resize, a new layout). */
  requestFull(): void {
    this.needFull = true;
  }

  close(): void {
    this.closed = true;
  }

  /** The viewer has painted everything up to `seq`. */
  ack(seq: number): void {
    while (this.inFlight.length > 0 && this.inFlight[0][0] <= seq) this.unackedBytes -= this.inFlight.shift()![1];
    if (this.stalled && this.unackedBytes <= this.window() && this.sink.backlog <= this.backlogLimit()) {
      this.stalled = false;
      this.sink.log(`${this.source.describe()} acknowledged its frames; sending one full frame`);
      this.schedule();
    }
  }

  schedule(): void {
    if (this.pending || this.closed || this.stalled) return;
    const burst = this.source.outputBytes() - this.bytesAtLastFrame >= INTERACTIVE_BYTES;
    if (!burst) {
      // An echo or a prompt: paint it now, not on the next turn of the event loop.
      this.flush();
      return;
    }
    this.pending = true;
    const wait = this.lastFrameAt + FRAME_INTERVAL_MS - this.now();
    if (wait <= 0) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  private backlogLimit(): number {
    return this.source.area() * BACKLOG_BYTES_PER_CELL;
  }

  private window(): number {
    return this.backlogLimit() * UNACKED_SCREENS;
  }

  private flush(): void {
    this.pending = false;
    if (this.closed) return;
    if (this.unackedBytes > this.window()) {
      // Frames are piling up somewhere between us and the viewer: wait for its acks.
      if (!this.stalled) this.sink.log(`${this.source.describe()} has ${this.unackedBytes} bytes of frames unacknowledged; frames paused`);
      this.stalled = true;
      this.needFull = true;
      return;
    }
    if (this.sink.backlog > this.backlogLimit()) {
      // The viewer is not keeping up: stop sending diffs, repaint fully when it drains.
      this.stalled = true;
      this.needFull = true;
      const since = this.now();
      this.sink.log(`${this.source.describe()} is not reading (${this.sink.backlog} bytes queued); frames paused`);
      this.sink.whenFlushed(() => {
        if (this.closed || this.unackedBytes > this.window()) return; // an ack will resume it
        this.stalled = false;
        this.sink.log(`${this.source.describe()} drained after ${this.now() - since} ms; sending one full frame`);
        this.schedule();
      });
      return;
    }
    const frame = this.source.build(this.needFull);
    this.needFull = false;
    this.lastFrameAt = this.now();
    this.bytesAtLastFrame = this.source.outputBytes();
    if (!frame) return;
    frame.seq = ++this.seq;
    const bytes = this.sink.send(frame);
    this.inFlight.push([frame.seq, bytes]);
    this.unackedBytes += bytes;
  }
}
