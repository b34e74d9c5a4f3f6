/**
 * One interactive client looking at a session: its size, what it has been sent,
 * and when to send the next frame.
 *
 * Frames follow output, at most one per FRAME_INTERVAL_MS while a program floods
 * its pane, but a lone keystroke's echo is sent at once: the frame-rate limit only
 * engages when a burst of output is in flight. A client that stops reading (a
 * stalled SSH link) is skipped once its socket backlog passes a threshold, and
 * gets one full frame when it drains, so it never slows the daemon or anyone else.
 */
import type { Attention, Frame } from '../protocol/attach-messages';
import { recordEvent } from './events';
import { buildFrame, SentState } from './frame-builder';
import type { Pane } from './pane';
import type { Session, SessionViewer } from './session';

let nextJournalId = 1;

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
 * Frames may be in flight beyond our socket (an ssh proxy, ssh's own buffers, a
 * slow link) where the backlog check cannot see them; so the client acknowledges
 * what it has painted, and we pause once this many screens' worth of bytes are
 * unacknowledged. Four screens cover a round trip of frames on a decent link.
 */
export const UNACKED_SCREENS = 4;

export interface ClientLink {
  /** Sends a frame; returns its size in bytes. */
  send(frame: Frame): number;
  /** Bytes written to the client's socket and not yet taken by it. */
  readonly backlog: number;
  /** Calls `listener` once everything written so far has been taken by the client's socket. */
  whenFlushed(listener: () => void): void;
  detached(reason: string): void;
  /** Tells the client that a pane it does not show needs the user. */
  attention(message: Attention): void;
  /** Other sessions waiting for the user, by name (for the status line). */
  waitingElsewhere(session: Session): string[];
  /** One line for the daemon log. */
  log(message: string): void;
}

export class AttachedClient implements SessionViewer {
  lastActive: number;
  private readonly sent = new SentState();
  private needFull = true;
  private pending = false;
  private stalled = false;
  private pendingBell = false;
  private lastFrameAt = 0;
  private bytesAtLastFrame = 0;
  private closed = false;
  private seq = 0;
  private attentionKey = 0;
  private readonly closeListeners: Array<() => void> = [];
  /** Frames sent and not yet acknowledged: [seq, bytes]. */
  private readonly inFlight: Array<[number, number]> = [];
  private unackedBytes = 0;
  private paneSubs: Array<() => void> = [];
  /** For the event journal (`spaces stats`): which client, and when it asked to attach. */
  private readonly journalId = nextJournalId++;
  private readonly attachedAt: number;
  private painted = false;
  private readonly sessionSubs: Array<() => void> = [];

  constructor(
    public session: Session,
    private readonly link: ClientLink,
    public cols: number,
    public rows: number,
    readonly readOnly: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.lastActive = now();
    this.attachedAt = this.lastActive;
  }

  start(): void {
    const s = this.session;
    recordEvent({ e: 'attach', session: s.name, client: this.journalId });
    s.viewers.add(this);
    s.lastUsed = this.now();
    s.changed();
    this.sessionSubs.push(
      s.onChange(() => {
        this.watchPanes();
        this.schedule();
      }),
      s.onBell(() => {
        this.pendingBell = true;
        this.schedule();
      }),
      s.onEnd((reason) => this.close(reason)),
    );
    this.watchPanes();
    s.fitToViewers();
    this.schedule();
  }

  input(data: Uint8Array): void {
    if (this.readOnly || this.closed) return;
    this.touch();
    this.session.window?.active?.input(Buffer.from(data).toString('utf8'));
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.touch();
    this.needFull = true;
    this.session.fitToViewers();
    this.schedule();
  }

  /**
   * Some pane changed between working, waiting and idle: refresh the status line
   * markers, and if `pane` just started waiting somewhere this client does not
   * look, tell the client so it can ring and notify.
   */
  paneState(session: Session, pane: Pane, startedWaiting: boolean, text: string): void {
    if (this.closed) return;
    this.attentionKey++;
    this.schedule();
    if (!startedWaiting) return;
    const visible = session === this.session && this.session.window?.pane(pane.id) === pane;
    if (visible) return;
    const window = session.windowOf(pane);
    const w = window ? session.windows.indexOf(window) : 0;
    const p = window ? window.panes.indexOf(pane) : 0;
    this.link.attention({ t: 'attention', session: session.name, target: `${session.name}:${w}.${p}`, text });
  }

  /** The client has painted everything up to `seq`. */
  ack(seq: number): void {
    if (!this.painted && seq >= 1) {
      this.painted = true;
      // The client acknowledges a frame once it has painted it: attach to first paint, as the user saw it.
      recordEvent({ e: 'first-paint', session: this.session.name, client: this.journalId, ms: this.now() - this.attachedAt });
    }
    while (this.inFlight.length > 0 && this.inFlight[0][0] <= seq) this.unackedBytes -= this.inFlight.shift()![1];
    if (this.stalled && this.unackedBytes <= this.window() && this.link.backlog <= this.backlogLimit()) {
      this.stalled = false;
      this.link.log(`client of '${this.session.name}' acknowledged its frames; sending one full frame`);
      this.schedule();
    }
  }

  private backlogLimit(): number {
    return this.cols * this.rows * BACKLOG_BYTES_PER_CELL;
  }

  private window(): number {
    return this.backlogLimit() * UNACKED_SCREENS;
  }

  /** The client vanished without detaching (killed terminal, dropped SSH link). */
  lost(): void {
    if (this.closed) return;
    recordEvent({ e: 'client-lost', session: this.session.name, client: this.journalId, ms: this.now() - this.attachedAt });
    this.close();
  }

  /** Ends this view. `reason` is told to the client unless it went away by itself. */
  onClosed(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners.splice(0)) l();
    if (reason === 'detached') recordEvent({ e: 'detach', session: this.session.name, client: this.journalId, ms: this.now() - this.attachedAt });
    for (const u of [...this.sessionSubs, ...this.paneSubs]) u();
    this.session.viewers.delete(this);
    this.session.lastUsed = this.now();
    this.session.fitToViewers();
    this.session.changed();
    if (reason) this.link.detached(reason);
  }

  /** The most recently active client drives the session size. */
  private touch(): void {
    this.lastActive = this.now();
    this.session.fitToViewers();
  }

  private watchPanes(): void {
    for (const u of this.paneSubs) u();
    const panes: Pane[] = this.session.window?.panes ?? [];
    this.paneSubs = panes.map((p) => p.onChange(() => this.schedule()));
  }

  private visibleBytes(): number {
    let n = 0;
    for (const p of this.session.window?.panes ?? []) n += p.bytesOut;
    return n;
  }

  private schedule(): void {
    if (this.pending || this.closed || this.stalled) return;
    const burst = this.visibleBytes() - this.bytesAtLastFrame >= INTERACTIVE_BYTES;
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

  private flush(): void {
    this.pending = false;
    if (this.closed) return;
    if (this.unackedBytes > this.window()) {
      // Frames are piling up somewhere between us and the client: wait for its acks.
      if (!this.stalled) this.link.log(`client of '${this.session.name}' has ${this.unackedBytes} bytes of frames unacknowledged; frames paused`);
      this.stalled = true;
      this.needFull = true;
      return;
    }
    const limit = this.backlogLimit();
    if (this.link.backlog > limit) {
      // The client is not keeping up: stop sending diffs, repaint fully when it drains.
      this.stalled = true;
      this.needFull = true;
      const since = this.now();
      this.link.log(`client of '${this.session.name}' is not reading (${this.link.backlog} bytes queued); frames paused`);
      this.link.whenFlushed(() => {
        if (this.unackedBytes > this.window()) return; // an ack will resume it
        this.stalled = false;
        this.link.log(`client of '${this.session.name}' drained after ${this.now() - since} ms; sending one full frame`);
        this.schedule();
      });
      return;
    }
    const frame = buildFrame(this.session, this.sent, {
      full: this.needFull,
      bell: this.pendingBell,
      readOnly: this.readOnly,
      clients: this.session.viewers.size,
      attention: needsInput,
      waiting: this.link.waitingElsewhere(this.session),
      attentionKey: this.attentionKey,
    });
    this.needFull = false;
    this.pendingBell = false;
    this.lastFrameAt = this.now();
    this.bytesAtLastFrame = this.visibleBytes();
    if (!frame) return;
    frame.seq = ++this.seq;
    const bytes = this.link.send(frame);
    this.inFlight.push([frame.seq, bytes]);
    this.unackedBytes += bytes;
  }
}

function needsInput(pane: Pane): boolean {
  return pane.live.verdict.state === 'needs-input';
}
