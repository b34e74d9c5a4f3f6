/**
 * Every session the daemon owns, by name, and the rules for creating, finding,
 * renaming, killing and resurrecting them. Target strings (`NAME:W.P`) are
 * resolved here.
 *
 * Two kinds of session share one namespace: live ones (programs running here) and
 * resurrectable ones found on disk at start-up (`DormantSession`), whose names stay
 * taken until they are resurrected or killed. A dormant session whose programs had
 * all exited by themselves (`finished`) is only read or killed, never resurrected.
 */
import * as fs from 'node:fs';
import { fail, ok, Result } from '../common/errors';
import { checkSessionName } from '../common/names';
import { parseTarget } from '../common/target';
import { agentPatterns } from './agent-launch';
import { defaultProgram, paneEnvironment, resolveProgram } from './command';
import { loadConfig } from './config-file';
import type { Verdict } from '../agents/live-state';
import { describeExit, DormantPane, DormantSession } from './dormant';
import type { PaneExit } from '../storage/manifest';
import { recordEvent } from './events';
import type { AgentInfo, Pane } from './pane';
import type { PaneFactory } from './pane-factory';
import { rebuildSession } from './rebuild';
import { Session } from './session';
import type { Store } from './store';
import { Window } from './window';
import { findWorkspaceRoot, workspaceName } from './workspace';

/**
 * In-memory history per pane. Headless xterm costs about 12 bytes per cell, so
 * 2,000 lines of 120 columns is about 3 MB per pane; tmux keeps 2,000 by default.
 * Older output is in the pane's log on disk (`capture --scrollback all`).
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

/** What a resurrected pane brings along: its old log, its old screen, its history size. */
export interface PaneExtras {
  scrollback?: number;
  logName?: string;
  preload?: Buffer[];
}

export interface ResolvedTarget {
  session: Session;
  window: Window;
  pane: Pane;
}

/** A pane whose history can be read: live, or part of a resurrectable session. */
export type HistoryTarget =
  | { kind: 'live'; session: Session; pane: Pane; label: string }
  | { kind: 'dormant'; session: DormantSession; pane: DormantPane; label: string };

export class Registry {
  private readonly sessions = new Map<string, Session>();
  private readonly dormant = new Map<string, DormantSession>();
  private nextPaneId = 0;
  private nextWindowId = 0;
  private readonly removedListeners = new Set<() => void>();
  private readonly addedListeners = new Set<(s: Session) => void>();
  /** Resurrectable sessions whose rebuild is under way. */
  private readonly resurrecting = new Set<DormantSession>();
  private readonly stateListeners = new Set<PaneStateListener>();
  /** Kills still reaping programs and deleting files; shutdown waits for them. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly makePane: PaneFactory,
    private readonly now: () => number,
    private readonly spacesHome: string | undefined,
    /** Where sessions are kept on disk; without one nothing is persisted (unit tests). */
    private readonly store?: Store,
    private readonly defaultScrollback = DEFAULT_SCROLLBACK,
  ) {}

  list(): Session[] {
    return [...this.sessions.values()].sort((a, b) => a.created - b.created || a.name.localeCompare(b.name));
  }

  listDormant(): DormantSession[] {
    return [...this.dormant.values()].sort((a, b) => a.manifest.created - b.manifest.created || a.name.localeCompare(b.name));
  }

  /** Live sessions only: resurrectable ones keep nothing running. */
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
      for (const l of [...this.stateListeners]) l(session, pane, now, before);
    });
  }

  /** Registers sessions found on disk; a name already taken gets a suffix rather than hiding either. */
  addDormant(found: DormantSession[]): void {
    for (const d of found) {
      const base = checkSessionName(d.name) ? 'recovered' : d.name;
      let name = d.name;
      for (let i = 2; this.taken(name) || checkSessionName(name); i++) name = `${base}-${i}`;
      d.name = name;
      this.dormant.set(name, d);
    }
  }

  create(req: NewSessionRequest): Result<Session> {
    const bad = checkSessionName(req.name);
    if (bad) return fail('bad-args', bad);
    const clash = this.clash(req.name);
    if (clash) return clash;
    const cwdProblem = checkDirectory(req.cwd);
    if (cwdProblem) return fail('bad-args', cwdProblem);
    const argv = req.argv.length > 0 ? req.argv : defaultProgram(req.env);
    const file = resolveProgram(argv[0], req.env, req.cwd);
    if (!file.ok) return file;

    const root = req.workspaceRoot ?? findWorkspaceRoot(req.cwd);
    const created = this.now();
    const id = this.store?.newId(created) ?? `${created.toString(36)}-${this.nextPaneId}`;
    const session = new Session(req.name, workspaceName(root), req.cwd, created, id);
    session.env = req.env;
    session.cols = req.cols;
    session.rows = req.rows;
    session.workspaceRoot = root;
    if (req.worktree) session.worktree = req.worktree;
    const window = this.newWindow(basenameOf(argv[0]), req.cols, req.rows);
    const pane = this.spawnPane(session, argv, req.cwd, req.cols, req.rows, { scrollback: req.scrollback });
    if (!pane.ok) {
      void this.store?.forget(session.id);
      return pane;
    }
    if (req.agent) pane.value.useAgent(req.agent.info, req.agent.patterns);
    window.add(pane.value);
    session.windows.push(window);
    this.sessions.set(req.name, session);
    this.store?.track(session);
    for (const l of [...this.addedListeners]) l(session);
    return ok(session);
  }

  /**
   * Starts `argv` (default: the session's shell) in a new pane of `session`, sized
   * cols x rows, with its own output log. Every pane is made here (splits and
   * resurrected panes too), so every pane is logged and every exit reaches the manifest.
   */
  spawnPane(session: Session, argv: string[], cwd: string, cols: number, rows: number, extra: PaneExtras = {}): Result<Pane> {
    const args = argv.length > 0 ? argv : defaultProgram(session.env);
    const cwdProblem = checkDirectory(cwd);
    if (cwdProblem) return fail('bad-args', cwdProblem);
    const file = resolveProgram(args[0], session.env, cwd);
    if (!file.ok) return file;
    const id = this.nextPaneId++;
    const logName = extra.logName ?? `p${session.nextPaneLog++}`;
    const log = this.store?.openLog(session.id, logName, { cols, rows }, this.now);
    const pane = this.makePane({
      id,
      file: file.value,
      argv: args,
      cwd,
      env: paneEnvironment(session.env, session.name, id, this.spacesHome),
      cols,
      rows,
      scrollback: extra.scrollback ?? this.defaultScrollback,
      logName,
      log,
      preload: extra.preload,
    });
    if (!pane.ok) {
      void log?.discard();
      return pane;
    }
    this.adopt(session, pane.value);
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
    if (clean && session.panes().length > 1) {
      this.closePane(session, pane);
      return;
    }
    session.changed();
    // Not coalesced: a crash right after must not lose the exit, or a finished
    // session would come back as resurrectable (and its command would run again).
    this.store?.saveNow(session);
  }

  /**
   * Removes a pane (killing its program if needed) and deletes its log; an emptied
   * window goes away, and an emptied session is killed.
   */
  closePane(session: Session, pane: Pane): void {
    const window = session.windowOf(pane);
    if (!window) return;
    if (session.panes().length === 1) {
      this.kill(session.name);
      return;
    }
    const gone = pane.kill().then(() => pane.dispose({ discardLog: true }));
    this.track(gone.then(() => this.store?.forgetPane(session.id, pane.logName)));
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
    const d = this.dormant.get(name);
    if (d?.finished) return fail('exited', finishedMessage(d, d.finished));
    if (d) {
      return fail('not-found', `session '${name}' is not running (it was found on disk after a restart); bring it back with \`spaces resurrect ${name}\``);
    }
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

  /** Like resolve, but resurrectable sessions count too: for reading history. */
  resolveHistory(text: string): Result<HistoryTarget> {
    const t = parseTarget(text);
    if (typeof t === 'string') return fail('bad-args', t);
    const d = t.paneId === undefined ? this.dormant.get(t.session) : undefined;
    if (!d) {
      const r = this.resolve(text);
      if (!r.ok) return r;
      const { session, pane } = r.value;
      const label = `${session.name}:${session.paneIndex(pane)}`;
      return ok({ kind: 'live', session, pane, label });
    }
    const pane = d.pane(t.window, t.pane);
    if (!pane) {
      const where = t.window === undefined ? 'active window' : `window ${t.window}`;
      return fail('not-found', `resurrectable session '${d.name}' has no pane ${t.pane ?? '(active)'} in its ${where}`);
    }
    return ok({ kind: 'dormant', session: d, pane, label: `${d.name}:${pane.window}.${pane.index}` });
  }

  rename(from: string, to: string): Result<undefined> {
    const d = this.dormant.get(from);
    const s = d ? undefined : this.get(from);
    if (s && !s.ok) return s;
    const bad = checkSessionName(to);
    if (bad) return fail('bad-args', bad);
    if (from === to) return ok(undefined);
    const clash = this.clash(to);
    if (clash) return clash;
    if (d) {
      this.dormant.delete(from);
      d.name = to;
      d.manifest.name = to;
      this.dormant.set(to, d);
      this.store?.writeManifest(d.id, d.manifest);
    } else if (s) {
      this.sessions.delete(from);
      s.value.name = to;
      this.sessions.set(to, s.value);
      s.value.changed();
    }
    return ok(undefined);
  }

  /** Removes the session now and forgets it on disk; its programs are hung up and reaped in the background. */
  kill(name: string): Result<Promise<void>> {
    const d = this.dormant.get(name);
    if (d) {
      this.dormant.delete(name);
      const done = this.track(this.store ? this.store.forget(d.id) : Promise.resolve());
      for (const l of [...this.removedListeners]) l();
      return ok(done);
    }
    const s = this.get(name);
    if (!s.ok) return s;
    this.sessions.delete(name);
    s.value.end(`session '${name}' was killed`);
    const forgotten = this.store?.forget(s.value.id, s.value);
    const reaped = Promise.all(s.value.panes().map((p) => p.kill().then(() => p.dispose({ discardLog: true }))));
    const done = this.track(Promise.all([forgotten, reaped]).then(() => undefined));
    for (const l of [...this.removedListeners]) l();
    return ok(done);
  }

  /**
   * The daemon is stopping: hang up on every program, write out every log, and keep
   * every manifest, so each session is resurrectable by the next daemon.
   */
  shutdown(): Promise<void> {
    this.store?.freeze();
    for (const s of this.sessions.values()) s.end('the daemon is shutting down');
    const all = this.list().flatMap((s) => s.panes());
    return Promise.all([...all.map((p) => p.kill().then(() => p.dispose())), ...this.pending]).then(() => undefined);
  }

  /** Brings a resurrectable session back to life (see resurrect.ts for what runs in each pane). */
  async resurrect(name: string, opts: { env: Record<string, string>; rerun: boolean; force?: boolean }): Promise<Result<{ session: Session; notes: string[] }>> {
    const d = this.dormant.get(name);
    if (!d) {
      if (this.sessions.has(name)) return fail('exists', `session '${name}' is already running`);
      return fail('not-found', `no resurrectable session '${name}' (${this.describeNames()})`);
    }
    if (d.finished) return fail('exited', finishedMessage(d, d.finished, 'there is nothing to bring back'));
    // One rebuild per resurrectable session at a time: two at once (resurrect.auto and
    // a user's `resurrect --all` right after start) would start every program twice
    // and write both into one log.
    if (this.resurrecting.has(d)) return fail('exists', `session '${name}' is being resurrected already`);
    this.resurrecting.add(d);
    try {
      return await this.rebuild(name, d, opts);
    } finally {
      this.resurrecting.delete(d);
    }
  }

  private async rebuild(name: string, d: DormantSession, opts: { env: Record<string, string>; rerun: boolean; force?: boolean }): Promise<Result<{ session: Session; notes: string[] }>> {
    await d.scanned();
    if (this.dormant.get(name) !== d) return fail('not-found', `session '${name}' was killed or resurrected meanwhile`);
    // Agents get their preset's state rules back; a config that no longer reads gives none.
    const config = loadConfig();
    const built = await rebuildSession(d, opts, {
      now: this.now,
      agentPatterns: (preset) => (config.ok ? agentPatterns(config.value, preset) : { prompts: [], busy: [] }),
      newWindow: (title, cols, rows) => this.newWindow(title, cols, rows),
      spawnPane: (session, argv, cwd, cols, rows, extra) => this.spawnPane(session, argv, cwd, cols, rows, extra),
    });
    if (!built.ok) return built;
    const session = built.value.session;
    if (this.dormant.get(name) !== d) {
      // Killed or renamed while its panes were starting: those panes have no session
      // to join. Killed, it must not come back: their output (which recreated the
      // session's directory) is discarded and the directory forgotten again. Both
      // happen before the next resurrect may start (the caller's finally).
      const killed = ![...this.dormant.values()].includes(d);
      await Promise.all(session.panes().map(async (p) => {
        await p.kill();
        await p.dispose({ discardLog: killed });
      }));
      if (killed) await this.store?.forget(d.id);
      return fail('not-found', `session '${name}' was killed or renamed while it was being resurrected`);
    }
    this.dormant.delete(name);
    this.sessions.set(name, session);
    this.store?.track(session);
    recordEvent({ e: 'session-resurrected', session: name, agent: session.primaryPane()?.agent?.preset });
    for (const l of [...this.addedListeners]) l(session);
    return built;
  }

  describeNames(): string {
    const names = [...this.sessions.keys(), ...this.dormant.keys()];
    if (names.length === 0) return 'there are no sessions; create one with `spaces new NAME`';
    const shown = names.slice(0, 20).join(', ');
    return `sessions: ${shown}${names.length > 20 ? `, and ${names.length - 20} more` : ''}`;
  }

  private track(p: Promise<void>): Promise<void> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }

  private taken(name: string): boolean {
    return this.sessions.has(name) || this.dormant.has(name);
  }

  private clash(name: string): Result<never> | undefined {
    const d = this.dormant.get(name);
    if (d?.finished) {
      return fail('exists', `session '${name}' exists (it had finished, ${describeExit(d.finished)}, before the restart); remove it with \`spaces kill ${name}\` or pick another name`);
    }
    if (d) {
      return fail('exists', `session '${name}' is resurrectable; bring it back with \`spaces resurrect ${name}\` or discard it with \`spaces kill ${name}\``);
    }
    if (this.sessions.has(name)) {
      return fail('exists', `session '${name}' already exists (${this.describeNames()}); pick another name or \`spaces attach ${name}\``);
    }
    return undefined;
  }
}

/**
 * A session that had finished before the restart is read or removed, never run
 * again: says so, and how to do either. `why` says why it is refused, if anything.
 */
function finishedMessage(d: DormantSession, exit: PaneExit, why?: string): string {
  return (
    `session '${d.name}' had finished (${describeExit(exit)}) before the restart${why ? `: ${why}` : ''}; ` +
    `read it with \`spaces capture ${d.name}\` or \`spaces replay ${d.name}\`, remove it with \`spaces kill ${d.name}\``
  );
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
