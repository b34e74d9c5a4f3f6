/**
 * Noticing a dead link. Over ssh a broken network path is silent: no EOF, no
 * error, for as long as TCP keeps retransmitting (minutes). So both ends of such a
 * link send a `heartbeat` every interval, and each end declares the link dead once
 * it has heard nothing at all (any byte counts, not only heartbeats: a big frame
 * crawling over a slow link is life too) for several of its own timer ticks.
 *
 * Silence is counted in the receiver's own ticks, not in wall-clock time since the
 * last byte. A process that was not running (a laptop asleep, a SIGSTOP, an event
 * loop starved by other work) would otherwise wake up, see minutes since the last
 * byte, and hang up on a link that is fine: whatever the peer sent meanwhile is
 * still sitting unread in the socket, and Node runs timers before it reads
 * sockets. A tick that comes much later than scheduled is taken as "I was not
 * running", resets the count, and the link gets its full allowance again. (Where
 * the monotonic clock itself stops during suspend, as Linux's does, the wake-up
 * tick just counts as one ordinary tick: still far from the limit, and the bytes
 * waiting in the socket are read right after it.)
 */

/** One heartbeat a second: a dead link is noticed in a few seconds, at ~10 bytes/s each way. */
export const HEARTBEAT_INTERVAL_MS = 1000;

/**
 * Dead after this many consecutive ticks with nothing received (about 5 s): long
 * enough to ride out a congested Wi-Fi or a busy peer, short enough that the user
 * sees "reconnecting…" before they start wondering.
 */
export const SILENT_TICKS_TO_DEAD = 5;

/**
 * A tick arriving this much later than the interval means this process was not
 * running in between (sleep, stop, starvation): not evidence against the link.
 */
export const LATE_TICK_MS = 3 * HEARTBEAT_INTERVAL_MS;

/** The clock seam: a monotonic `now` and a repeating timer (fakes in tests). */
export interface TickClock {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

export const realClock: TickClock = {
  now: () => performance.now(),
  every(ms, fn) {
    const t = setInterval(fn, ms);
    // A heartbeat alone never keeps a process alive.
    t.unref();
    return () => clearInterval(t);
  },
};

export interface HeartbeatOptions {
  /** Sends one heartbeat to the peer. */
  beat(): void;
  /** Called once when the link is judged dead; the heartbeat has stopped by then. */
  dead(silentMs: number): void;
  clock?: TickClock;
}

export class Heartbeat {
  private silentTicks = 0;
  private lastTick: number;
  private readonly clock: TickClock;
  private stopTimer: (() => void) | null;

  constructor(private readonly opts: HeartbeatOptions) {
    this.clock = opts.clock ?? realClock;
    this.lastTick = this.clock.now();
    this.stopTimer = this.clock.every(HEARTBEAT_INTERVAL_MS, () => this.tick());
    opts.beat();
  }

  /** Something arrived from the peer. */
  received(): void {
    this.silentTicks = 0;
  }

  get running(): boolean {
    return this.stopTimer !== null;
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  private tick(): void {
    if (!this.stopTimer) return;
    const now = this.clock.now();
    const late = now - this.lastTick > LATE_TICK_MS;
    this.lastTick = now;
    if (late) {
      this.silentTicks = 0;
    } else if (++this.silentTicks >= SILENT_TICKS_TO_DEAD) {
      this.stop();
      this.opts.dead(this.silentTicks * HEARTBEAT_INTERVAL_MS);
      return;
    }
    this.opts.beat();
  }
}
