/**
 * The only module that imports @xterm/headless: a pane's screen model.
 *
 * A few things we need are not in xterm's public API (cursor shape and visibility,
 * the mouse encoding); they are read from its internals here, behind one function
 * each, with safe fallbacks, so a future xterm release can only degrade them.
 */
import { Terminal } from '@xterm/headless';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import type { IBufferCell, IBufferLine } from '@xterm/headless';
import { Attr, CursorState, DEFAULT_COLOR, RGB_FLAG, Row, Run, trimRow } from '../common/cells';
import { MAX_CELL_CHARS, MAX_TITLE_CHARS } from '../protocol/common-validators';
import { fastRow, RawLine } from './fast-row';
import type { PaneModes, ScreenModel, ScreenNotification } from './screen-model';

/* eslint-disable @typescript-eslint/no-explicit-any */

export function createScreen(cols: number, rows: number, scrollback: number): ScreenModel {
  return new XtermScreen(cols, rows, scrollback);
}

/**
 * How often screenRows() re-reads every row anyway, whatever xterm reported: a
 * safety net so that a change xterm did not flag can never stay on screen wrong
 * for longer than this.
 */
const FULL_SCAN_MS = 1000;

interface CachedRow {
  data: Uint32Array;
  combined: string;
  row: Row;
}

class XtermScreen implements ScreenModel {
  private readonly term: Terminal;
  private readonly cell: IBufferCell;
  /**
   * Styled rows of the lines on screen, keyed by xterm's line object and checked
   * against a copy of its cell words: unchanged lines (including lines that only
   * scrolled) are not extracted again, and keep the same Row object, so viewers can
   * tell unchanged rows by identity. Only on-screen lines are kept here, so history
   * costs no extra memory.
   */
  private rowCache = new Map<RawLine, CachedRow>();
  /** The rows screenRows() returned last time, and which of them may have changed since. */
  private lastRows: Row[] | null = null;
  private dirtyStart = 0;
  private dirtyEnd = Number.MAX_SAFE_INTEGER;
  private lastFullScan = 0;
  private currentTitle = '';
  private trimmed = 0;

  constructor(cols: number, rows: number, scrollback: number) {
    this.term = new Terminal({ cols, rows, scrollback, allowProposedApi: true, logLevel: 'off' });
    // Unicode 11 widths match today's terminals (emoji are two columns wide); the
    // default Unicode 6 tables would misplace every emoji the agents print.
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    this.cell = this.term.buffer.active.getNullCell();
    this.term.onTitleChange((t) => {
      this.currentTitle = t.slice(0, MAX_TITLE_CHARS);
    });
    // xterm reports, after each parsed batch, which screen rows it touched (scrolls
    // included); `undefined` means all of them (switching to or from the alternate
    // screen). screenRows() re-reads only those.
    const core = (this.term as any)._core;
    const refresh = core?._inputHandler?.onRequestRefreshRows;
    if (typeof refresh === 'function') {
      refresh((range?: { start: number; end: number }) => this.markDirty(range?.start ?? 0, range?.end ?? Number.MAX_SAFE_INTEGER));
    }
    core?._bufferService?.buffers?.onBufferActivate?.(() => {
      this.markDirty(0, Number.MAX_SAFE_INTEGER);
      this.watchTrims();
    });
    this.watchTrims();
  }

  /** xterm's normal buffer's lines, whose trims we count (see trimmedLines). */
  private watchedLines: { length: number; onTrim?(l: (n: number) => void): void } | undefined;

  /**
   * Counts lines dropped off the top of the normal buffer. A terminal reset (ESC c)
   * replaces the buffer: everything the old one held is gone, so it counts as
   * dropped, and the new buffer's trims are followed from then on. Line numbers
   * (`trimmedLines + index`) thus never repeat.
   */
  private watchTrims(): void {
    const lines = (this.term as any)._core?._bufferService?.buffers?.normal?.lines;
    if (!lines || lines === this.watchedLines) return;
    if (this.watchedLines) this.trimmed += this.watchedLines.length;
    this.watchedLines = lines;
    lines.onTrim?.((n: number) => {
      if (lines === this.watchedLines) this.trimmed += n;
    });
  }

  get trimmedLines(): number {
    return this.term.buffer.active.type === 'normal' ? this.trimmed : 0;
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  get title(): string {
    return this.currentTitle;
  }

  write(data: Uint8Array, done?: () => void): void {
    this.term.write(data, done);
  }

  flushed(): Promise<void> {
    return new Promise((resolve) => this.term.write('', resolve));
  }

  typeInput(data: string): void {
    this.term.input(data, true);
  }

  onResponse(listener: (data: string) => void): void {
    this.term.onData(listener);
    // Replies that are not valid UTF-8 (legacy mouse reports) arrive as binary strings.
    this.term.onBinary(listener);
  }

  onParsed(listener: () => void): void {
    this.term.onWriteParsed(listener);
  }

  onBell(listener: () => void): void {
    this.term.onBell(listener);
  }

  onNotification(listener: (n: ScreenNotification) => void): void {
    this.term.parser.registerOscHandler(9, (data) => {
      const text = parseOsc9(data);
      if (text !== null) listener({ kind: 'osc9', text });
      return true;
    });
    this.term.parser.registerOscHandler(777, (data) => {
      const text = parseOsc777(data);
      if (text !== null) listener({ kind: 'osc777', text });
      return true;
    });
  }

  onTitle(listener: (title: string) => void): void {
    this.term.onTitleChange(listener);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.markDirty(0, Number.MAX_SAFE_INTEGER);
  }

  private markDirty(start: number, end: number): void {
    this.dirtyStart = Math.min(this.dirtyStart, Math.max(0, start));
    this.dirtyEnd = Math.max(this.dirtyEnd, end);
  }

  get historyLength(): number {
    return this.term.buffer.active.baseY;
  }

  dropHistory(): boolean {
    // What xterm's own ESC [ 3 J does (InputHandler.eraseInDisplay, case 3).
    const buffers = (this.term as any)._core?._bufferService?.buffers;
    const buf = buffers?.active;
    if (!buf || buf !== buffers.normal || typeof buf.lines?.trimStart !== 'function') return false;
    const n = buf.lines.length - this.term.rows;
    if (n > 0) {
      buf.lines.trimStart(n);
      buf.ybase = Math.max(buf.ybase - n, 0);
      buf.ydisp = Math.max(buf.ydisp - n, 0);
    }
    return true;
  }

  screenRow(y: number): Row {
    return this.bufferLine(this.term.buffer.active.baseY + y);
  }

  screenRows(): Row[] {
    const now = Date.now();
    const rowsNow = this.term.rows;
    const last = this.lastRows;
    const start = this.dirtyStart;
    const end = Math.min(this.dirtyEnd, rowsNow - 1);
    // A few touched rows (an echo, a status line): re-read only those. Most of the
    // screen (a scroll): re-read everything, which also forgets lines gone off screen.
    const partial = last && last.length === rowsNow && now - this.lastFullScan < FULL_SCAN_MS && end - start < rowsNow / 2;
    if (partial) {
      this.dirtyStart = Number.MAX_SAFE_INTEGER;
      this.dirtyEnd = -1;
      if (start > end) return last!.slice();
      const rows = last!.slice();
      for (let y = start; y <= end; y++) rows[y] = this.cachedRow(y, this.rowCache);
      this.lastRows = rows;
      return rows.slice();
    }
    this.dirtyStart = Number.MAX_SAFE_INTEGER;
    this.dirtyEnd = -1;
    this.lastFullScan = now;
    const next = new Map<RawLine, CachedRow>();
    const rows: Row[] = [];
    for (let y = 0; y < rowsNow; y++) rows.push(this.cachedRow(y, next));
    this.rowCache = next;
    this.lastRows = rows;
    return rows.slice();
  }

  /** Row `y` of the screen, from the cache when its cells did not change; recorded into `into`. */
  private cachedRow(y: number, into: Map<RawLine, CachedRow>): Row {
    const buf = this.term.buffer.active;
    const line = buf.getLine(buf.baseY + y);
    const raw = (line as unknown as { _line?: RawLine } | undefined)?._line;
    if (!line || !raw?._data) return trimRow(this.bufferLine(buf.baseY + y));
    const combined = combinedKey(raw);
    const hit = this.rowCache.get(raw) ?? into.get(raw);
    if (hit && combined === hit.combined && sameWords(hit.data, raw._data)) {
      into.set(raw, hit);
      return hit.row;
    }
    const row = trimRow(readRow(line, raw, this.term.cols, this.cell));
    into.set(raw, { data: raw._data.slice(), combined, row });
    return row;
  }


  bufferLine(index: number): Row {
    const line = this.term.buffer.active.getLine(index);
    if (!line) return [[' '.repeat(this.term.cols), DEFAULT_COLOR, DEFAULT_COLOR, 0]];
    return readRow(line, (line as unknown as { _line?: RawLine })._line, this.term.cols, this.cell);
  }

  bufferLineText(index: number): string {
    const line = this.term.buffer.active.getLine(index);
    return line ? line.translateToString(true) : '';
  }

  cursor(): CursorState {
    const buf = this.term.buffer.active;
    const core = (this.term as any)._core;
    const modes = core?.coreService?.decPrivateModes ?? {};
    const opts = core?.optionsService?.rawOptions ?? {};
    const style = modes.cursorStyle ?? opts.cursorStyle ?? 'block';
    return {
      x: Math.min(buf.cursorX, this.term.cols - 1),
      y: buf.cursorY,
      visible: !core?.coreService?.isCursorHidden,
      style: style === 'underline' || style === 'bar' ? style : 'block',
      blink: Boolean(modes.cursorBlink ?? opts.cursorBlink ?? false),
    };
  }

  modes(): PaneModes {
    const m = this.term.modes;
    const core = (this.term as any)._core;
    return {
      applicationCursorKeys: m.applicationCursorKeysMode,
      applicationKeypad: m.applicationKeypadMode,
      bracketedPaste: m.bracketedPasteMode,
      mouseTracking: m.mouseTrackingMode,
      mouseEncoding: String(core?.coreMouseService?.activeEncoding ?? 'DEFAULT'),
      sendFocus: m.sendFocusMode,
      altScreen: this.term.buffer.active.type === 'alternate',
    };
  }

  dispose(): void {
    this.term.dispose();
  }
}

function combinedKey(raw: RawLine): string {
  const c = raw._combined;
  if (!c) return '';
  for (const _ in c) return JSON.stringify(c);
  return '';
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Notification text is shown in one line of `spaces why`; more is noise (or an attack). */
const MAX_NOTIFICATION = 200;

function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ').trim().slice(0, MAX_NOTIFICATION);
}

/**
 * OSC 9 payload to its message, or null for ConEmu's numbered sub-commands
 * (`4;state;progress`, `9;cwd`, ...), which share the number but notify nobody.
 */
export function parseOsc9(data: string): string | null {
  data = data.slice(0, 4 * MAX_NOTIFICATION);
  if (/^\d+(;|$)/.test(data)) return null;
  return cleanText(data);
}

/** OSC 777 `notify;TITLE;BODY` to "TITLE: BODY"; other 777 commands (rxvt extensions) are not notifications. */
export function parseOsc777(data: string): string | null {
  data = data.slice(0, 4 * MAX_NOTIFICATION);
  const [cmd, title = '', ...body] = data.split(';');
  if (cmd !== 'notify') return null;
  const b = body.join(';');
  return cleanText(b ? `${title}: ${b}` : title);
}

function colorOf(mode: 'fg' | 'bg', cell: IBufferCell): number {
  if (mode === 'fg') {
    if (cell.isFgDefault()) return DEFAULT_COLOR;
    return cell.isFgRGB() ? RGB_FLAG | cell.getFgColor() : cell.getFgColor();
  }
  if (cell.isBgDefault()) return DEFAULT_COLOR;
  return cell.isBgRGB() ? RGB_FLAG | cell.getBgColor() : cell.getBgColor();
}

function attrsOf(cell: IBufferCell): number {
  if (cell.isAttributeDefault()) return 0;
  let a = 0;
  if (cell.isBold()) a |= Attr.bold;
  if (cell.isDim()) a |= Attr.dim;
  if (cell.isItalic()) a |= Attr.italic;
  if (cell.isUnderline()) a |= Attr.underline;
  if (cell.isBlink()) a |= Attr.blink;
  if (cell.isInverse()) a |= Attr.inverse;
  if (cell.isInvisible()) a |= Attr.invisible;
  if (cell.isStrikethrough()) a |= Attr.strikethrough;
  if (cell.isOverline()) a |= Attr.overline;
  return a;
}

/** Whether fastRow reads xterm's cells as its public API does (checked once, on first use). */
let fastRowsAgree: boolean | undefined;

/** One line as styled runs: from the cell words when that is known to be right, else through the API. */
function readRow(line: IBufferLine, raw: RawLine | undefined, cols: number, cell: IBufferCell): Row {
  if (fastRowsAgree === undefined) fastRowsAgree = checkFastRows();
  if (fastRowsAgree && raw) {
    const fast = fastRow(raw, cols);
    if (fast) return fast;
  }
  return extractRow(line, cols, cell);
}

/**
 * Draws every kind of cell we read (colours of each mode, each attribute, wide,
 * combining and astral characters) and compares the fast reading with the API's.
 * Exported for the tests, so an xterm upgrade that changes its cell layout fails
 * a test instead of quietly slowing the daemon down.
 */
export function checkFastRows(): boolean {
  const t = new Terminal({ cols: 40, rows: 2, allowProposedApi: true, logLevel: 'off' });
  t.loadAddon(new Unicode11Addon());
  t.unicode.activeVersion = '11';
  const sample =
    '\x1b[31ma\x1b[38;5;200mb\x1b[38;2;1;2;3mc\x1b[41;1md\x1b[48;5;17;2me\x1b[48;2;9;8;7;3mf\x1b[0;4;5;7;8;9;53mg' +
    '\x1b[0m中e\u0301🚀x\x1b[22;23;24;25;27;28;29;55m ';
  // The parser is synchronous for a write right after construction only through writeSync.
  (t as any)._core.writeSync(sample);
  const cell = t.buffer.active.getNullCell();
  const line = t.buffer.active.getLine(0)!;
  const raw = (line as unknown as { _line?: RawLine })._line;
  const fast = raw ? fastRow(raw, 40) : null;
  const agree = fast !== null && JSON.stringify(fast) === JSON.stringify(extractRow(line, 40, cell));
  t.dispose();
  return agree;
}

/** Converts one xterm buffer line into styled runs through the public API (see common/cells.ts). */
export function extractRow(line: IBufferLine, cols: number, cell: IBufferCell): Row {
  const row: Row = [];
  let run: Run | null = null;
  for (let x = 0; x < cols; x++) {
    line.getCell(x, cell);
    const width = cell.getWidth();
    if (width === 0) continue; // second half of a wide character
    const chars = (cell.getChars() || ' ').slice(0, MAX_CELL_CHARS);
    const fg = colorOf('fg', cell);
    const bg = colorOf('bg', cell);
    const attrs = attrsOf(cell);
    if (width === 1 && chars.length === 1) {
      if (run && run[1] === fg && run[2] === bg && run[3] === attrs && run.length === 4) {
        run[0] += chars;
      } else {
        run = [chars, fg, bg, attrs];
        row.push(run);
      }
    } else {
      row.push([chars, fg, bg, attrs, width]);
      run = null;
    }
  }
  return row;
}
