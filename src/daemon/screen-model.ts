/**
 * What the daemon needs from a terminal emulator. Implemented by `screen.ts` over
 * @xterm/headless; unit tests can drive a pane's screen from byte fixtures through
 * this interface without a PTY.
 */
import type { CursorState, Row } from '../common/cells';

/** Input modes the focused pane asked for, which the attached terminal must mirror. */
export interface PaneModes {
  applicationCursorKeys: boolean;
  applicationKeypad: boolean;
  bracketedPaste: boolean;
  /** none | x10 | vt200 | drag | any */
  mouseTracking: string;
  /** DEFAULT | SGR | SGR_PIXELS | ... */
  mouseEncoding: string;
  sendFocus: boolean;
  /** True while the alternate screen (full-screen programs) is active. */
  altScreen: boolean;
}

export interface ScreenNotification {
  kind: 'osc9' | 'osc777';
  /** The message (OSC 777: "title: body"), control characters removed. */
  text: string;
}

export interface ScreenModel {
  readonly cols: number;
  readonly rows: number;
  /** Feeds program output. `done` runs once these bytes are parsed. */
  write(data: Uint8Array, done?: () => void): void;
  /** Resolves once everything written so far has been parsed. */
  flushed(): Promise<void>;
  /**
   * Types input as a user would. The bytes reach the program through `onResponse`,
   * and the emulator parses the next output at once instead of on the next tick,
   * so an echoed keystroke is not delayed by the write buffer's scheduling.
   */
  typeInput(data: string): void;
  /** Bytes the emulator sends towards the program: typed input and replies to queries. */
  onResponse(listener: (data: string) => void): void;
  /** Fires after each parsed batch of output. */
  onParsed(listener: () => void): void;
  onBell(listener: () => void): void;
  /**
   * Desktop notifications the program sent: OSC 9 (iTerm2: `ESC ] 9 ; text BEL`)
   * and OSC 777 (`ESC ] 777 ; notify ; title ; body BEL`). ConEmu's OSC 9
   * sub-commands (`9;4;...` progress, `9;9;...` cwd) are not notifications and are
   * not reported.
   */
  onNotification(listener: (n: ScreenNotification) => void): void;
  onTitle(listener: (title: string) => void): void;
  resize(cols: number, rows: number): void;
  /** Lines above the screen (0 on the alternate screen). */
  readonly historyLength: number;
  /**
   * Forgets the normal buffer's history, counting it in trimmedLines, as ESC [ 3 J
   * would but without the parser (which may be inside a sequence). For the log
   * replay, once it has handed those lines out: a later resize can then neither
   * re-wrap nor pull back down a line it already gave. False when it could not.
   */
  dropHistory(): boolean;
  /**
   * Lines dropped off the top of the normal buffer's history since creation. With
   * it, `trimmedLines + index` names a line for good, even after history is full.
   */
  readonly trimmedLines: number;
  /** Row `y` of the screen, 0 = top. */
  screenRow(y: number): Row;
  /**
   * All rows of the screen, trailing default blanks trimmed (see trimRow). A row
   * whose cells did not change since the previous call (even if it scrolled) is
   * the same Row object: identity means "unchanged".
   */
  screenRows(): Row[];
  /** Line `index` of the whole buffer, 0 = oldest history line. */
  bufferLine(index: number): Row;
  /** Plain text of buffer line `index`, trailing blanks trimmed. */
  bufferLineText(index: number): string;
  cursor(): CursorState;
  modes(): PaneModes;
  readonly title: string;
  dispose(): void;
}
