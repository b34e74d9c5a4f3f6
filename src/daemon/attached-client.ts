/**
 * One interactive client looking at a session: its size, what it has been sent,
 * the session events it follows, and its frame stream (pacing and flow control
 * live in frame-stream.ts).
 */
import type { Attention, Frame } from '../protocol/attach-messages';
import { recordEvent } from './events';
import { buildFrame, SentState } from './frame-builder';
import { FrameStream, StreamSink } from './frame-stream';
import type { Pane } from './pane';
import type { Session, SessionViewer } from './session';

let nextJournalId = 1;

export interface ClientLink extends StreamSink<Frame> {
  detached(reason: string): void;
  /** Tells the client that a pane it does not show needs the user. */
  attention(message: Attention): void;
  /** Other sessions waiting for the user, by name (for the status line). */
  waitingElsewhere(session: Session): string[];
}

export class AttachedClient implements SessionViewer {
  lastActive: number;
  private readonly sent = new SentState();
  private readonly stream: FrameStream<Frame>;
  private pendingBell = false;
  private closed = false;
  private attentionKey = 0;
  private readonly closeListeners: Array<() => void> = [];
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
    this.stream = new FrameStream<Frame>(
      {
        build: (full) => this.build(full),
        outputBytes: () => this.visibleBytes(),
        area: () => this.cols * this.rows,
        describe: () => `client of '${this.session.name}'`,
      },
      link,
      now,
    );
  }

  start(): void {
    // The client may have detached (or vanished) before its first frame was due,
    // and its session may be gone: then there is nothing to start.
    if (this.closed) return;
    if (this.session.ended) {
      this.close(`session '${this.session.name}' ended`);
      return;
    }
    const s = this.session;
    recordEvent({ e: 'attach', session: s.name, client: this.journalId });
    s.viewers.add(this);
    s.lastUsed = this.now();
    // Notes the attach (time and log offsets) for "since you left", and repaints.
    s.markAttached(this.now());
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
    this.stream.requestFull();
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
    this.stream.ack(seq);
  }

  /** The client vanished without detaching (killed terminal, dropped SSH link). */
  lost(): void {
    if (this.closed) return;
    // Only a client that had attached (start() ran) can be lost; see close().
    if (this.session.viewers.has(this)) recordEvent({ e: 'client-lost', session: this.session.name, client: this.journalId, ms: this.now() - this.attachedAt });
    this.close();
  }

  /** Ends this view. `reason` is told to the client unless it went away by itself. */
  onClosed(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.close();
    for (const l of this.closeListeners.splice(0)) l();
    for (const u of [...this.sessionSubs, ...this.paneSubs]) u();
    // A client that left before start() never attached: recording a detach would
    // overwrite the real one, and "since you left" would lose the user's absence.
    if (this.session.viewers.delete(this)) {
      if (reason === 'detached') recordEvent({ e: 'detach', session: this.session.name, client: this.journalId, ms: this.now() - this.attachedAt });
      this.session.lastUsed = this.now();
      this.session.fitToViewers();
      this.session.markDetached(this.now());
    }
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
    if (!this.closed) this.stream.schedule();
  }

  private build(full: boolean): Frame | null {
    const frame = buildFrame(this.session, this.sent, {
      full,
      bell: this.pendingBell,
      readOnly: this.readOnly,
      clients: this.session.viewers.size,
      attention: needsInput,
      waiting: () => this.link.waitingElsewhere(this.session),
      attentionKey: this.attentionKey,
    });
    this.pendingBell = false;
    return frame;
  }
}

function needsInput(pane: Pane): boolean {
  return pane.live.verdict.state === 'needs-input';
}
