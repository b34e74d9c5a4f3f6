/**
 * Every session the daemon owns, by name, and the rules for creating, finding,
 * renaming and killing them. Target strings (`NAME:W.P`) are resolved here.
 */
import * as fs from 'node:fs';
import { fail, ok, Result } from '../common/errors';
import { checkSessionName } from '../common/names';
import { parseTarget } from '../common/target';
import { defaultProgram, paneEnvironment, resolveProgram } from './command';
import type { Verdict } from '../agents/live-state';
import type { AgentInfo, Pane } from './pane';
import type { PaneFactory } from './pane-factory';
import { Session } from './session';
import { Window } from './window';
import { findWorkspaceRoot, workspaceName } from './workspace';

/**
 * In-memory history per pane. Headless xterm costs about 12 bytes per cell, so
 * 2,000 lines of 120 columns is about 3 MB per pane; tmux keeps 2,000 by default.
 */
export const DEFAULT_SCROLLBACK = 2000;

export interface NewSessionRequest {
  name: string;
  cwd: string;
  argv: string[];
  env: Record<string, string>;
  cols: number;
  rows: number;
  scrollback?: number;
  /** Started from a preset: what to record on the pane and which patterns its state rules use. */
  agent?: { info: AgentInfo; patterns: { prompts: string[]; busy: string[] } };
  /** The workspace when it is not the one found from `cwd` (a worktree's repository). */
  workspaceRoot?: string;
  worktree?: { path: string; branch: string };
}

/** A pane's live state changed (see daemon/pane-live.ts). */
export type PaneStateListener = (session: Session, pane: Pane, now: Verdict, before: Verdict) => void;

export interface ResolvedTarget {
  session: Session;
  window: Window;
  pane: Pane;
}

export class Registry {
  private readonly sessions = new Map<string, Session>();
  private nextPaneId = 0;
  private nextWindowId = 0;
  private readonly removedListeners = new Set<() => void>();
  private readonly addedListeners = new Set<(s: Session) => void>();
  private readonly stateListeners = new Set<PaneStateListener>();

  constructor(
    private readonly makePane: PaneFactory,
    private readonly now: () => number,
    private readonly spacesHome: string | undefined,
    private readonly defaultScrollback = DEFAULT_SCROLLBACK,
  ) {}

  list(): Session[] {
    return [...this.sessions.values()].sort((a, b) => a.created - b.created || a.name.localeCompare(b.name));
  }

  get size(): number {
    return this.sessions.size;
  }

  onRemoved(listener: () => void): () => void {
    this.removedListeners.add(listener);
    return () => this.removedListeners.delete(listener);
  }

  /** A session was created (the grid adds a tile). */
  onAdded(listener: (s: Session) => void): () => void {
    this.addedListeners.add(listener);
    return () => this.addedListeners.delete(listener);
  }

  /** Every live-state change of every pane (notify-command; later the status line, grid and client bells). */
  onPaneState(listener: PaneStateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Reports `pane`'s state changes to onPaneState listeners. Every pane the
   * registry creates or splits gets it (`adopt`); code that adds panes another way
   * (resurrection) calls it too.
   */
  watchPane(session: Session, pane: Pane): void {
    pane.live.onChange((now, before) => {
      for (const l of this.stateListeners) l(session, pane, now, before);
    });
  }

  create(req: NewSessionRequest): Result<Session> {
    const bad = checkSessionName(req.name);
    if (bad) return fail('bad-args', bad);
    if (this.sessions.has(req.name)) {
      return fail('exists', `session '${req.name}' already exists (${this.describeNames()}); pick another name or \`spaces attach ${req.name}\``);
    }
    const cwdProblem = checkDirectory(req.cwd);
    if (cwdProblem) return fail('bad-args', cwdProblem);
    const argv = req.argv.length > 0 ? req.argv : defaultProgram(req.env);
    const file = resolveProgram(argv[0], req.env, req.cwd);
    if (!file.ok) return file;

    const root = req.workspaceRoot ?? findWorkspaceRoot(req.cwd);
    const session = new Session(req.name, workspaceName(root), req.cwd, this.now());
    session.env = req.env;
    session.cols = req.cols;
    session.rows = req.rows;
    session.workspaceRoot = root;
    if (req.worktree) session.worktree = req.worktree;
    const window = new Window(this.nextWindowId++, basenameOf(argv[0]));
    window.setSize(req.cols, req.rows);
    const id = this.nextPaneId++;
    const pane = this.makePane({
      id,
      file: file.value,
      argv,
      cwd: req.cwd,
      env: paneEnvironment(req.env, req.name, id, this.spacesHome),
      cols: req.cols,
      rows: req.rows,
      scrollback: req.scrollback ?? this.defaultScrollback,
    });
    if (!pane.ok) return pane;
    if (req.agent) pane.value.useAgent(req.agent.info, req.agent.patterns);
    window.add(pane.value);
    session.windows.push(window);
    this.adopt(session, pane.value);
    this.sessions.set(req.name, session);
    for (const l of this.addedListeners) l(session);
    return ok(session);
  }

  /** Starts `argv` (default: the session's shell) in a new pane of `session`, sized cols x rows. */
  spawnPane(session: Session, argv: string[], cwd: string, cols: number, rows: number): Result<Pane> {
    const args = argv.length > 0 ? argv : defaultProgram(session.env);
    const cwdProblem = checkDirectory(cwd);
    if (cwdProblem) return fail('bad-args', cwdProblem);
    const file = resolveProgram(args[0], session.env, cwd);
    if (!file.ok) return file;
    const id = this.nextPaneId++;
    const pane = this.makePane({
      id,
      file: file.value,
      argv: args,
      cwd,
      env: paneEnvironment(session.env, session.name, id, this.spacesHome),
      cols,
      rows,
      scrollback: this.defaultScrollback,
    });
    if (pane.ok) this.adopt(session, pane.value);
    return pane;
  }

  newWindow(name: string, cols: number, rows: number): Window {
    const w = new Window(this.nextWindowId++, name);
    w.setSize(cols, rows);
    return w;
  }

  /** Wires a pane's bell, exit and live state into its session and the registry's listeners. */
  private adopt(session: Session, pane: Pane): void {
    this.watchPane(session, pane);
    pane.onBell(() => {
      const w = session.windowOf(pane);
      if (w) session.bell(w);
    });
    pane.onExited(() => this.paneExited(session, pane));
  }

  /**
   * A pane whose program ends cleanly (exit 0) closes when the session has other
   * panes, as in tmux. A crash (non-zero, or a signal) keeps the pane and its last
   * screen visible, and so does the session's last pane: nothing vanishes unseen.
   */
  private paneExited(session: Session, pane: Pane): void {
    if (this.sessions.get(session.name) !== session) return;
    const clean = pane.state.kind === 'exited' && pane.state.code === 0 && pane.state.signal === undefined;
    if (clean && session.panes().length > 1) this.closePane(session, pane);
    else session.changed();
  }

  /**
   * Removes a pane (killing its program if needed); an emptied window goes away,
   * and an emptied session is killed.
   */
  closePane(session: Session, pane: Pane): void {
    const window = session.windowOf(pane);
    if (!window) return;
    if (session.panes().length === 1) {
      this.kill(session.name);
      return;
    }
    void pane.kill().then(() => pane.dispose());
    window.remove(pane);
    if (window.panes.length === 0) {
      const i = session.windows.indexOf(window);
      session.windows.splice(i, 1);
      if (session.activeWindow >= i && session.activeWindow > 0) session.activeWindow--;
      session.lastWindow = Math.min(session.lastWindow, session.windows.length - 1);
    }
    session.changed();
  }

  /** The session used most recently (attached to or created). */
  mostRecent(): Session | undefined {
    let best: Session | undefined;
    for (const s of this.sessions.values()) if (!best || s.lastUsed > best.lastUsed) best = s;
    return best;
  }

  get(name: string): Result<Session> {
    const s = this.sessions.get(name);
    if (s) return ok(s);
    return fail('not-found', `no session '${name}' (${this.describeNames()})`);
  }

  resolve(text: string): Result<ResolvedTarget> {
    const t = parseTarget(text);
    if (typeof t === 'string') return fail('bad-args', t);
    if (t.paneId !== undefined) return this.findPane(t.paneId);
    const s = this.get(t.session);
    if (!s.ok) return s;
    const session = s.value;
    const window = t.window === undefined ? session.window : session.windows[t.window];
    if (!window) {
      return fail('not-found', `session '${session.name}' has no window ${t.window} (windows: 0..${session.windows.length - 1})`);
    }
    const wi = session.windows.indexOf(window);
    const pane = t.pane === undefined ? window.active : window.panes[t.pane];
    if (!pane) {
      return fail('not-found', `window ${session.name}:${wi} has no pane ${t.pane} (panes: 0..${window.panes.length - 1})`);
    }
    return ok({ session, window, pane });
  }

  private findPane(id: number): Result<ResolvedTarget> {
    for (const session of this.sessions.values()) {
      for (const window of session.windows) {
        const pane = window.pane(id);
        if (pane) return ok({ session, window, pane });
      }
    }
    return fail('not-found', `no pane %${id}; it may have been closed`);
  }

  rename(from: string, to: string): Result<undefined> {
    const s = this.get(from);
    if (!s.ok) return s;
    const bad = checkSessionName(to);
    if (bad) return fail('bad-args', bad);
    if (from === to) return ok(undefined);
    if (this.sessions.has(to)) return fail('exists', `session '${to}' already exists (${this.describeNames()})`);
    this.sessions.delete(from);
    s.value.name = to;
    this.sessions.set(to, s.value);
    return ok(undefined);
  }

  /** Removes the session now; its programs are hung up and reaped in the background. */
  kill(name: string): Result<Promise<void>> {
    const s = this.get(name);
    if (!s.ok) return s;
    this.sessions.delete(name);
    s.value.end(`session '${name}' was killed`);
    const done = Promise.all(s.value.panes().map((p) => p.kill().then(() => p.dispose()))).then(() => undefined);
    for (const l of this.removedListeners) l();
    return ok(done);
  }

  /** Kills every session; resolves once every program has exited. */
  killAll(): Promise<void> {
    const all = [...this.sessions.keys()].map((n) => this.kill(n));
    return Promise.all(all.map((r) => (r.ok ? r.value : undefined))).then(() => undefined);
  }

  describeNames(): string {
    if (this.sessions.size === 0) return 'there are no sessions; create one with `spaces new NAME`';
    const names = [...this.sessions.keys()];
    const shown = names.slice(0, 20).join(', ');
    return `sessions: ${shown}${names.length > 20 ? `, and ${names.length - 20} more` : ''}`;
  }
}

function checkDirectory(dir: string): string | null {
  try {
    if (!fs.statSync(dir).isDirectory()) return `working directory ${dir} is not a directory`;
  } catch {
    return `working directory ${dir} does not exist`;
  }
  return null;
}

function basenameOf(program: string): string {
  return program.split('/').pop() || program;
}
