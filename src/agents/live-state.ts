/**
 * The live state of one pane (working / needs-input / idle / exited), derived
 * from what the daemon already sees: output and its silence, bells and desktop
 * notifications (OSC 9 / OSC 777), the preset's prompt and busy patterns on the
 * screen, and the process's exit. Pure: the clock is injected, the screen is a
 * function called only when a rule needs it, and nothing here touches a timer;
 * the pane wiring (`daemon/pane-live.ts`) calls `evaluate` on events and at
 * `nextCheckAt()`.
 *
 * Rules, first match wins (each verdict names its rule, for `spaces why`):
 *  1. exited    the process is gone.
 *  2. bell / osc9 / osc777  the program asked for attention: needs-input, until
 *               someone types into the pane or the program goes back to printing
 *               for SUSTAIN_MS on its own.
 *  3. prompt    the screen has been still for QUIET_MS and a prompt pattern
 *               matches one of its bottom rows: needs-input. A match that was
 *               already on screen when someone last typed has been answered
 *               (line-based programs leave their questions in the scrollback),
 *               unless it moves or changes.
 *  4. busy      still screen, but a busy pattern (a spinner's "esc to interrupt")
 *               is showing: working.
 *  5. output    output arrived in the last QUIET_MS: working. Output within
 *               ECHO_MS of typed input is the echo of that input, not work.
 *  6. silence   otherwise idle (`start` before the first output).
 */
import { CompiledPatterns, compilePatterns, firstMatch, ScreenRow } from './patterns';

export type LiveStateName = 'working' | 'needs-input' | 'idle' | 'exited';
export type RuleName = 'start' | 'output' | 'silence' | 'bell' | 'osc9' | 'osc777' | 'prompt' | 'busy' | 'exited';
export type NotificationKind = 'bell' | 'osc9' | 'osc777';

export interface Verdict {
  state: LiveStateName;
  rule: RuleName;
  /** When the pane entered this state. */
  since: number;
  /** When the evidence for the rule was seen. */
  at: number;
  /** One sentence saying what was seen. */
  detail: string;
  /** The pattern that matched (prompt and busy rules). */
  pattern?: string;
  /** Screen lines behind the verdict: the matched ones, else the bottom of the screen. */
  lines: string[];
}

/**
 * The screen as the rules see it: `count` rows, read as text on demand (`row(0)` is
 * the top one; the rules read from the bottom and stop after PATTERN_ROWS that are
 * not blank, so a keystroke costs a few rows, not the whole screen), and the id of
 * the top row.
 */
export interface ScreenText {
  count: number;
  row(index: number): string;
  /**
   * Row ids are `top + index`, and must stay with a row while it is on screen or
   * in history (the emulator's trimmed + history line count), so that a question
   * that was already there when someone typed is recognised as the same one.
   */
  top: number;
}

export interface Timing {
  /**
   * Silence that ends "working". Agents' spinners redraw every 80-200 ms, so half
   * a second is several missed frames; and it leaves half of the 1 s budget for
   * reporting a transition to the parser and the listeners.
   */
  quietMs: number;
  /**
   * Output this soon after typed input is its echo (a local PTY echoes within a
   * few ms; agents redraw their input box within a frame or two).
   */
  echoMs: number;
  /** Printing this long after a notification means the program went back to work. */
  sustainMs: number;
}

export const DEFAULT_TIMING: Timing = { quietMs: 500, echoMs: 150, sustainMs: 1000 };

/**
 * Prompt and busy patterns look at this many non-blank rows at the bottom of the
 * screen: the approval dialogs of the agents we know fit in it, and text that has
 * scrolled further up is history, not a question being asked now.
 */
export const PATTERN_ROWS = 12;

/** Evidence lines kept for rules that have no matched lines of their own. */
const EVIDENCE_ROWS = 3;

/** Transitions kept for `spaces why`. */
export const HISTORY_LENGTH = 10;

/** A notification text is shown in `why`; keep it to a line. */
const MAX_NOTIFICATION_TEXT = 200;

const NEVER = -Infinity;

export class LiveState {
  private lastOutput = NEVER;
  private lastActivity = NEVER;
  private burstStart = NEVER;
  private burstBytes = 0;
  private lastStimulus = NEVER;
  private notification: { kind: NotificationKind; at: number; text: string } | undefined;
  private exit: { at: number; code: number; signal?: number } | undefined;
  private prompts: CompiledPatterns = [];
  private busy: CompiledPatterns = [];
  /** Prompt matches visible when someone last typed (see rule 3). */
  private answered: ReadonlySet<string> = new Set();
  private current: Verdict;
  private readonly past: Verdict[] = [];

  constructor(
    private readonly clock: () => number,
    private readonly timing: Timing = DEFAULT_TIMING,
  ) {
    const now = clock();
    this.current = { state: 'idle', rule: 'start', since: now, at: now, detail: 'no output yet', lines: [] };
  }

  setPatterns(prompts: string[], busy: string[]): void {
    this.prompts = compilePatterns(prompts);
    this.busy = compilePatterns(busy);
  }

  get verdict(): Verdict {
    return this.current;
  }

  /**
   * The verdict with its numbers brought up to date, for a person reading it
   * (`why`): the byte count of a spell of output is formatted then, not on every
   * batch of output.
   */
  fresh(): Verdict {
    if (this.current.rule === 'output') this.current.detail = this.outputDetail();
    return this.current;
  }

  /** Earlier verdicts, oldest first (at most HISTORY_LENGTH). */
  get history(): readonly Verdict[] {
    return this.past;
  }

  /** `bytes` of program output arrived now. */
  output(bytes: number): void {
    const now = this.clock();
    this.lastOutput = now;
    if (now - this.lastStimulus <= this.timing.echoMs) return;
    if (now - this.lastActivity >= this.timing.quietMs) {
      this.burstStart = now;
      this.burstBytes = 0;
    }
    this.lastActivity = now;
    this.burstBytes += bytes;
    const n = this.notification;
    if (n && now - Math.max(n.at, this.burstStart) >= this.timing.sustainMs) this.notification = undefined;
  }

  /**
   * Someone typed into the pane: what follows at once is a reaction, and any
   * question on screen was answered, unless `answers` is false (keys that only move
   * within a menu, such as arrows, leave an approval dialog waiting).
   */
  stimulus(screen?: () => ScreenText, answers = true): void {
    this.lastStimulus = this.clock();
    this.notification = undefined;
    if (answers && screen && this.prompts.length) {
      const visible = firstMatchAll(this.prompts, bottomRows(screen(), PATTERN_ROWS));
      this.answered = new Set(visible);
    }
  }

  /**
   * The pane was resized (someone attached from another terminal, a split): the
   * redraw that follows is a reaction, not work, but nothing was answered and a
   * request for attention still stands.
   */
  resized(): void {
    this.lastStimulus = this.clock();
  }

  notify(kind: NotificationKind, text = ''): void {
    // A bell right after a keystroke answers it (a completion that failed), as
    // an echo does: it does not ask for attention.
    if (kind === 'bell' && this.clock() - this.lastStimulus <= this.timing.echoMs) return;
    // eslint-disable-next-line no-control-regex
    const clean = text.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ').slice(0, MAX_NOTIFICATION_TEXT);
    this.notification = { kind, at: this.clock(), text: clean };
  }

  exited(code: number, signal?: number): void {
    this.exit = { at: this.clock(), code, signal };
  }

  /**
   * Applies the rules now. Returns the current verdict: the same object while the
   * state and rule are unchanged, a new one (and the old one moved to history)
   * otherwise. `screen` is called only when a rule needs to look.
   */
  evaluate(screen: () => ScreenText): Verdict {
    let rows: ScreenRow[] | undefined;
    const bottom = () => (rows ??= bottomRows(screen(), PATTERN_ROWS));
    const next = this.decide(bottom);
    if (!next) return this.current;
    if (next.state === this.current.state && next.rule === this.current.rule) {
      this.current.detail = next.detail; // fresher numbers, same evidence
      return this.current;
    }
    // Evidence lines are read only on a transition, never per batch of output.
    next.lines ??= bottom()
      .slice(-EVIDENCE_ROWS)
      .map((r) => r.text);
    if (next.state === this.current.state) next.since = this.current.since;
    this.past.push(this.current);
    if (this.past.length > HISTORY_LENGTH) this.past.shift();
    this.current = next as Verdict;
    return this.current;
  }

  /** When `evaluate` should run again if nothing else happens; undefined: only events can change the verdict. */
  nextCheckAt(): number | undefined {
    if (this.exit) return undefined;
    const now = this.clock();
    const q = this.timing.quietMs;
    let next = Infinity;
    for (const t of [this.lastActivity + q, this.lastOutput + q, this.lastStimulus + q]) if (t > now && t < next) next = t;
    return next === Infinity ? undefined : next;
  }

  private outputDetail(): string {
    return `output has been arriving since ${clock(this.burstStart)} (${this.burstBytes} bytes so far)`;
  }

  /** The verdict the rules give now; `lines` left unset means "the bottom of the screen". */
  private decide(bottom: () => ScreenRow[]): (Omit<Verdict, 'lines'> & { lines?: string[] }) | null {
    const now = this.clock();
    const active = now - this.lastActivity < this.timing.quietMs && this.lastActivity > this.lastStimulus;
    // The hot path, once per parsed batch while a program prints: nothing new.
    if (active && this.current.rule === 'output' && !this.exit && !this.notification) return null;
    const verdict = (state: Verdict['state'], rule: RuleName, at: number, detail: string, lines?: string[], pattern?: string) => {
      const v: Omit<Verdict, 'lines'> & { lines?: string[] } = { state, rule, since: now, at, detail };
      if (lines) v.lines = lines;
      if (pattern !== undefined) v.pattern = pattern;
      return v;
    };

    if (this.exit) {
      const { at, code, signal } = this.exit;
      return verdict('exited', 'exited', at, signal ? `the program was killed by signal ${signal}` : `the program exited with code ${code}`);
    }
    const n = this.notification;
    if (n) {
      const what =
        n.kind === 'bell' ? 'the program rang the bell' : `the program sent an OSC ${n.kind === 'osc9' ? '9' : '777'} notification${n.text ? `: "${n.text}"` : ''}`;
      return verdict('needs-input', n.kind, n.at, `${what}, and nobody has typed since`);
    }
    // After typed input, give the program QUIET_MS to react before judging the
    // still screen: an answered question is not "idle" until the program says so.
    const settled = now - Math.max(this.lastOutput, this.lastStimulus) >= this.timing.quietMs;
    if (settled && this.lastOutput !== NEVER) {
      const prompt = firstMatch(this.prompts, bottom(), this.answered);
      if (prompt) {
        return verdict('needs-input', 'prompt', this.lastOutput, `the screen has been still since ${clock(this.lastOutput)} and shows a prompt`, prompt.lines, prompt.pattern);
      }
      const busy = firstMatch(this.busy, bottom());
      if (busy) return verdict('working', 'busy', this.lastOutput, 'the screen is still but shows that the agent is busy', busy.lines, busy.pattern);
    }
    // (`active` ignores output from before someone typed: it says nothing about
    // whether the program is working on what they typed.)
    if (active) return verdict('working', 'output', this.burstStart, this.outputDetail());
    // Someone typed moments ago and the program has not answered with output of
    // its own yet: keep the verdict until it does, or until QUIET_MS shows it won't.
    if (!settled) return null;
    if (this.lastOutput === NEVER) return verdict('idle', 'start', this.current.at, 'no output yet');
    return verdict('idle', 'silence', this.lastOutput, `no output since ${clock(this.lastOutput)}, and nothing on screen asks for input`);
  }
}

/** The last `n` non-blank rows, trailing blanks trimmed. */
function bottomRows(screen: ScreenText, n: number): ScreenRow[] {
  const out: ScreenRow[] = [];
  for (let i = screen.count - 1; i >= 0 && out.length < n; i--) {
    const text = screen.row(i).trimEnd();
    if (text !== '') out.unshift({ text, id: screen.top + i });
  }
  return out;
}

/** Keys of every prompt match on the rows, for every pattern. */
function firstMatchAll(patterns: CompiledPatterns, rows: ScreenRow[]): string[] {
  const keys: string[] = [];
  for (const p of patterns) keys.push(...(firstMatch([p], rows)?.keys ?? []));
  return keys;
}

/** HH:MM:SS.mmm in local time: evidence is read by a person next to `date`. */
function clock(t: number): string {
  const d = new Date(t);
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
