/**
 * Runs a pane's live-state rules (`agents/live-state.ts`) on its events and at
 * the moments silence changes the verdict, and tells listeners when the state
 * changes. Listeners are how `spaces ls`, notify-command, `--with-context` and
 * (when attach lands) the status line, the grid and terminal notifications learn
 * about a pane needing input.
 *
 * One timer per pane at most, and only while output is settling: an idle pane
 * costs nothing, and a pane printing flat out re-arms nothing per batch (the
 * timer is lazy: armed once, it is not moved by later output; on firing it
 * re-checks and re-arms for what is due then).
 */
import { LiveState, NotificationKind, ScreenText, Timing, Verdict } from '../agents/live-state';
import type { ScreenModel } from './screen-model';

export type StateListener = (now: Verdict, before: Verdict) => void;

export class PaneLive {
  readonly rules: LiveState;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private readonly listeners = new Set<StateListener>();
  private disposed = false;

  constructor(
    private readonly screen: ScreenModel,
    private readonly clock: () => number,
    timing?: Timing,
  ) {
    this.rules = new LiveState(clock, timing);
    screen.onBell(() => this.notify('bell'));
    screen.onNotification((n) => this.notify(n.kind, n.text));
  }

  get verdict(): Verdict {
    return this.rules.verdict;
  }

  onChange(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Bytes arrived from the program (timed on arrival; judged after parsing). */
  output(bytes: number): void {
    this.rules.output(bytes);
  }

  /** Typed input; `answers` false for keys that only move within a menu (see LiveState.stimulus). */
  stimulus(answers = true): void {
    this.rules.stimulus(() => this.visibleRows(), answers);
    this.check();
  }

  resized(): void {
    this.rules.resized();
    this.check();
  }

  exited(code: number, signal?: number): void {
    this.rules.exited(code, signal);
    this.check();
  }

  /** Applies the rules now (after each parsed batch, and when the timer fires). */
  check(): void {
    if (this.disposed) return;
    const before = this.rules.verdict;
    const now = this.rules.evaluate(() => this.visibleRows());
    if (now !== before) {
      for (const l of [...this.listeners]) {
        try {
          l(now, before);
        } catch {
          // A listener's bug must not stop the others or the pane.
        }
      }
    }
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private notify(kind: NotificationKind, text?: string): void {
    this.rules.notify(kind, text);
    // The verdict is taken after the batch holding the bell is parsed (onParsed).
  }

  private schedule(): void {
    const at = this.rules.nextCheckAt();
    if (at === undefined || this.disposed) return;
    if (this.timer && this.timerAt <= at) return; // it will re-arm when it fires
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - this.clock()));
    this.timer.unref();
  }

  /** Early wake-ups (output came after arming) cost one cheap evaluation, which re-arms. */
  private fire(): void {
    this.timer = undefined;
    this.check();
  }

  private visibleRows(): ScreenText {
    const base = this.screen.historyLength;
    return { count: this.screen.rows, row: (y) => this.screen.bufferLineText(base + y), top: this.screen.trimmedLines + base };
  }
}
