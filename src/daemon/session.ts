/**
 * A named session: windows of panes, the workspace it belongs to, its size, and
 * the clients looking at it. Everything here is also what the session's manifest
 * stores; whoever changes any of it calls `changed()`, and the manifest follows.
 */
import type { LiveStateName } from '../agents/live-state';
import type { Pane } from './pane';
import type { Window } from './window';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../common/default-size';

/** What the session needs to know about an attached client to pick its size. */
export interface SessionViewer {
  readonly cols: number;
  readonly rows: number;
  readonly readOnly: boolean;
  /** When this client last typed, attached or resized: the most recent one drives the size. */
  readonly lastActive: number;
}

/** The status line takes one row of every attached client's terminal. */
export const STATUS_ROWS = 1;

const URGENCY: Record<LiveStateName, number> = { exited: 0, idle: 1, working: 2, 'needs-input': 3 };

export class Session {
  windows: Window[] = [];
  activeWindow = 0;
  /** The previously active window, for "last window". */
  lastWindow = 0;
  /** The environment of the client that created the session; new panes inherit it. */
  env: Record<string, string> = {};
  /** The window area panes are laid out in. */
  cols = DEFAULT_COLS;
  rows = DEFAULT_ROWS;
  readonly viewers = new Set<SessionViewer>();
  /** Last time a client attached to or detached from it; `spaces attach` with no name picks the latest. */
  lastUsed: number;
  /** When a client last attached, and last detached (kept in the manifest, for "since you left"). */
  lastAttached: number | undefined;
  lastDetached: number | undefined;
  /** Next number for a pane's log directory (`p<n>`); never reused, so histories never mix. */
  nextPaneLog = 0;
  private readonly changeListeners = new Set<() => void>();
  private readonly bellListeners = new Set<() => void>();
  private readonly endListeners = new Set<(reason: string) => void>();
  /** The workspace's directory; unset for sessions made before it was recorded (then derive it from cwd). */
  workspaceRoot?: string;
  /** Set when `new --worktree` made a git worktree for this session; `kill --worktree` removes it. */
  worktree?: { path: string; branch: string };

  constructor(
    public name: string,
    readonly workspace: string,
    readonly cwd: string,
    readonly created: number,
    /** Fixed for life (names change): the session's directory on disk. */
    readonly id: string,
  ) {
    this.lastUsed = created;
  }

  get attached(): number {
    return this.viewers.size;
  }

  get window(): Window | undefined {
    return this.windows[this.activeWindow];
  }

  /** Every pane of every window. */
  panes(): Pane[] {
    return this.windows.flatMap((w) => w.panes);
  }

  /** The pane the session is "about" in listings: the first pane of the first window. */
  primaryPane(): Pane | undefined {
    return this.windows[0]?.panes[0];
  }

  /** `W.P` of a pane of this session (the part of a target after the ':'). */
  paneIndex(pane: Pane): string {
    for (const [wi, w] of this.windows.entries()) {
      const pi = w.panes.indexOf(pane);
      if (pi >= 0) return `${wi}.${pi}`;
    }
    return '?';
  }

  lastActivity(): number {
    let t = this.created;
    for (const p of this.panes()) t = Math.max(t, p.lastActivity);
    return t;
  }

  /**
   * The state `spaces ls` shows for the whole session: the most urgent among its
   * panes (one needing input is what a person must hear about first).
   */
  liveState(): { state: LiveStateName; since: number } {
    let best: { state: LiveStateName; since: number } | undefined;
    for (const p of this.panes()) {
      const v = p.live.verdict;
      if (!best || URGENCY[v.state] > URGENCY[best.state]) best = { state: v.state, since: v.since };
    }
    return best ?? { state: 'exited', since: this.created };
  }

  /** Running while any pane runs; otherwise exited, with the primary pane's status. */
  running(): boolean {
    return this.panes().some((p) => p.running);
  }

  /** Layout, focus, window list or names changed: attached clients must repaint. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Bumped on every structural change; viewers compare it to skip rebuilding layout and status. */
  version = 0;

  changed(): void {
    this.version++;
    for (const l of [...this.changeListeners]) l();
  }

  /**
   * A client starts looking at this session (AttachedClient.start calls this, and
   * `markDetached` when the client goes, however it goes). The log offsets noted in
   * each pane bound "what happened while you were away" (`replay --since-detach`).
   */
  markAttached(now: number): void {
    this.lastAttached = now;
    for (const p of this.panes()) p.marks.attachedAt = p.log?.mark();
    this.changed();
  }

  markDetached(now: number): void {
    this.lastDetached = now;
    for (const p of this.panes()) p.marks = { ...p.marks, detachedAt: p.log?.mark(), detachedLines: p.log?.lines };
    this.changed();
  }

  /**
   * What the active pane printed since the last client left, for an attach to
   * announce: only when nobody has been watching since (with another client still
   * attached, nothing was missed).
   */
  awaySince(): { lines: number; since: number } | undefined {
    const pane = this.window?.active;
    const detached = pane?.marks.detachedLines;
    if (!pane?.log || detached === undefined || this.lastDetached === undefined || this.attached > 0) return undefined;
    if (this.lastAttached !== undefined && this.lastAttached > this.lastDetached) return undefined;
    return { lines: Math.max(0, pane.log.lines - detached), since: this.lastDetached };
  }

  /** A pane rang its bell: viewers of its window ring theirs; otherwise the window is flagged. */
  onBell(listener: () => void): () => void {
    this.bellListeners.add(listener);
    return () => this.bellListeners.delete(listener);
  }

  bell(window: Window): void {
    if (window === this.window) {
      for (const l of [...this.bellListeners]) l();
    } else if (!window.bell) {
      window.bell = true;
      this.changed();
    }
  }

  /** The session is going away (killed, or the daemon stops): viewers detach. */
  onEnd(listener: (reason: string) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Set once the session has ended; nothing may attach to it after that. */
  ended = false;

  end(reason: string): void {
    this.ended = true;
    for (const l of [...this.endListeners]) l(reason);
    this.endListeners.clear();
  }

  windowOf(pane: Pane): Window | undefined {
    return this.windows.find((w) => w.pane(pane.id) === pane);
  }

  selectWindow(index: number): boolean {
    if (!this.windows[index]) return false;
    if (index !== this.activeWindow) this.lastWindow = this.activeWindow;
    this.activeWindow = index;
    this.windows[index].bell = false;
    this.changed();
    return true;
  }

  /**
   * Size policy: the most recently active writable client drives the size (its
   * terminal minus the status line); other clients see the window clipped or
   * padded. With no client attached the size stays what it was.
   */
  fitToViewers(): void {
    let driver: SessionViewer | undefined;
    for (const v of this.viewers) {
      if (v.readOnly && [...this.viewers].some((o) => !o.readOnly)) continue;
      if (!driver || v.lastActive > driver.lastActive) driver = v;
    }
    if (!driver) return;
    this.resize(driver.cols, Math.max(1, driver.rows - STATUS_ROWS));
  }

  resize(cols: number, rows: number): void {
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    for (const w of this.windows) w.setSize(cols, rows);
    this.changed();
  }
}
