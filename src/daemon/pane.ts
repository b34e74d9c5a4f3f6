/**
 * A pane: one program in a PTY, the headless terminal that keeps its screen, and
 * the state around them (exit status, activity times). When the program exits the
 * pane stays, showing its last screen and exit status, until it is killed: a pane
 * never silently disappears, and never looks alive while empty.
 */
import type { LogWriter } from '../storage/log-writer';
import type { PtyProcess, PtyExit } from './pty';
import type { ScreenModel } from './screen-model';
import { FlowControl, LOG_HIGH_WATERMARK_BYTES, LOG_LOW_WATERMARK_BYTES, PauseGate } from './flow-control';
import { PaneLive } from './pane-live';
import { processCwd } from './proc';

/**
 * Input made only of arrow and page keys (with modifiers): moving within an
 * agent's menu (Claude's "1. Yes / 2. No"), which does not answer its question.
 */
const MENU_MOVES_ONLY = /^(?:\x1b\[(?:1;\d+)?[ABCD]|\x1bO[ABCD]|\x1b\[[56]~)+$/;

/**
 * After SIGHUP, how long a program gets to exit before SIGKILL. Shells and agents
 * save state on hangup; two seconds is what they need in practice, and short
 * enough that `kill` never leaves a stray process for long.
 */
export const KILL_GRACE_MS = 2000;

export type PaneState = { kind: 'running' } | { kind: 'exited'; code: number; signal?: number };

/**
 * Set for panes started from an agent preset: which agent, the conversation id
 * chosen at launch (when the agent lets us choose), and the argv that resumes the
 * conversation after a restart. Stored in the session manifest.
 */
export interface AgentInfo {
  preset: string;
  conversationId?: string;
  resumeArgv?: string[];
}

export interface PaneSpec {
  id: number;
  argv: string[];
  cwd: string;
  created: number;
  /** In-memory history lines (the manifest keeps it for resurrection). */
  scrollback?: number;
  /** Directory name of this pane's output log inside its session's directory. */
  logName?: string;
}

type Listener<T> = (value: T) => void;

export class Pane {
  readonly id: number;
  readonly argv: string[];
  readonly cwd: string;
  readonly created: number;
  readonly scrollback: number | undefined;
  readonly logName: string;
  state: PaneState = { kind: 'running' };
  agent?: AgentInfo;
  /** Bytes the program has written since it started (viewers use it to tell bursts from keystrokes). */
  bytesOut = 0;
  /** Time of the last output (what `spaces ls` shows as "last output"). */
  lastActivity: number;
  /** working / needs-input / idle / exited, with its evidence; subscribe with `live.onChange`. */
  readonly live: PaneLive;
  /** Bumped after every parsed batch of output; lets viewers skip unchanged panes. */
  version = 0;
  /** Log offsets at the session's last attach and detach, and the log's line count at the detach (see Session.markAttached). */
  marks: { attachedAt?: number; detachedAt?: number; detachedLines?: number } = {};
  private readonly flow: FlowControl;
  private readonly logFlow: FlowControl;
  private readonly changeListeners = new Set<Listener<Pane>>();
  private readonly exitListeners = new Set<Listener<Pane>>();
  private readonly bellListeners = new Set<Listener<Pane>>();
  private killTimer: NodeJS.Timeout | undefined;
  private exitWaiters: Array<() => void> = [];

  constructor(
    spec: PaneSpec,
    readonly pty: PtyProcess,
    readonly screen: ScreenModel,
    private readonly now: () => number,
    /** Where every byte the program writes is kept; absent when logging is off. */
    readonly log?: LogWriter,
  ) {
    this.id = spec.id;
    this.argv = spec.argv;
    this.cwd = spec.cwd;
    this.created = spec.created;
    this.scrollback = spec.scrollback;
    this.logName = spec.logName ?? `p${spec.id}`;
    this.lastActivity = spec.created;
    const gate = new PauseGate(
      () => pty.pause(),
      () => pty.resume(),
    );
    this.flow = new FlowControl(
      () => gate.hold(),
      () => gate.release(),
    );
    this.logFlow = new FlowControl(
      () => gate.hold(),
      () => gate.release(),
      LOG_HIGH_WATERMARK_BYTES,
      LOG_LOW_WATERMARK_BYTES,
    );
    log?.onWritten((n) => this.logFlow.parsed(n));
    this.live = new PaneLive(screen, now);
    pty.onData((data) => this.onOutput(data));
    pty.onExit((exit) => this.onExit(exit));
    screen.onResponse((data) => {
      if (this.state.kind === 'running') pty.write(data);
    });
    screen.onBell(() => {
      for (const l of [...this.bellListeners]) l(this);
    });
    screen.onParsed(() => {
      this.version++;
      // Viewers first: an echo's frame must not wait for the state rules.
      for (const l of [...this.changeListeners]) l(this);
      this.live.check();
    });
  }

  get pid(): number {
    return this.pty.pid;
  }

  get running(): boolean {
    return this.state.kind === 'running';
  }

  /** Types `data` into the program, as if from the keyboard. */
  input(data: string): void {
    if (!this.running) return;
    // The keystroke goes to the program first; the state rules note it after (the
    // screen they look at cannot have changed in between: the echo comes later).
    this.screen.typeInput(data);
    this.live.stimulus(!MENU_MOVES_ONLY.test(data));
  }

  /** Starts the agent's rules: its prompt and busy patterns (see agents/presets.ts). */
  useAgent(agent: AgentInfo, patterns: { prompts: string[]; busy: string[] }): void {
    this.agent = agent;
    this.live.rules.setPatterns(patterns.prompts, patterns.busy);
  }

  resize(cols: number, rows: number): void {
    if (cols === this.screen.cols && rows === this.screen.rows) return;
    // The program redraws for the new size; that is a reaction, not work (nor an answer).
    this.live.resized();
    this.screen.resize(cols, rows);
    this.log?.resize(cols, rows);
    if (this.running) this.pty.resize(cols, rows);
    // The screen reflowed without any output: viewers must still see the change.
    this.version++;
    for (const l of [...this.changeListeners]) l(this);
  }

  /** Where the program works now (a shell that ran `cd`), else where it started. */
  currentCwd(): string {
    return (this.running && processCwd(this.pid)) || this.cwd;
  }

  onChange(listener: Listener<Pane>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onBell(listener: Listener<Pane>): () => void {
    this.bellListeners.add(listener);
    return () => this.bellListeners.delete(listener);
  }

  onExited(listener: Listener<Pane>): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Hangs up on the program (and its process group), then kills it if it lingers. */
  kill(): Promise<void> {
    if (!this.running) return Promise.resolve();
    this.pty.signal('SIGHUP');
    if (!this.killTimer) {
      this.killTimer = setTimeout(() => this.pty.signal('SIGKILL'), KILL_GRACE_MS);
      this.killTimer.unref();
    }
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /**
   * Frees the screen; resolves once the log is on disk and closed. `discardLog`:
   * the session is being deleted, so pending output is dropped instead of written.
   */
  dispose(opts: { discardLog?: boolean } = {}): Promise<void> {
    if (this.killTimer) clearTimeout(this.killTimer);
    this.changeListeners.clear();
    this.exitListeners.clear();
    this.bellListeners.clear();
    this.live.dispose();
    this.screen.dispose();
    if (!this.log) return Promise.resolve();
    return opts.discardLog ? this.log.discard() : this.log.close();
  }

  private onOutput(data: Buffer): void {
    this.lastActivity = this.now();
    this.bytesOut += data.length;
    this.live.output(data.length);
    if (this.log) {
      this.logFlow.queued(data.length);
      this.log.append(data);
    }
    this.flow.queued(data.length);
    this.screen.write(data, () => this.flow.parsed(data.length));
  }

  private onExit(exit: PtyExit): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = undefined;
    // Output read just before the exit may still be in the parser: report the exit
    // only once the final screen is complete, so `capture` after exit shows it all.
    void this.log?.flush();
    void this.screen.flushed().then(() => {
      this.state = { kind: 'exited', code: exit.code, signal: exit.signal };
      this.version++;
      this.live.exited(exit.code, exit.signal);
      for (const l of [...this.exitListeners]) l(this);
      for (const w of this.exitWaiters) w();
      this.exitWaiters = [];
    });
  }
}
