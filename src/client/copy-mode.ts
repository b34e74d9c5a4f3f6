/**
 * Scrollback mode (tmux's copy mode) over a snapshot of one pane: history and
 * screen as they were when it opened. Move with arrows/hjkl, PageUp/PageDown,
 * g/G; search with / (towards older lines) and ? (towards newer), n/N to repeat;
 * Space or v starts a selection, Enter or y copies it (OSC 52) and leaves; q or
 * Escape leaves.
 *
 * Every position (cursor, selection, matches) is a screen column, as the pane
 * shows it: a wide character covers two columns, a letter with combining marks
 * one, so string indices never serve as columns. The cursor always stands on the
 * first column of a cell.
 */
import { Attr, Cell, CursorState, Row, rowToCells } from '../common/cells';
import type { Token } from './key-tokens';

export type CopyResult = { kind: 'stay' } | { kind: 'exit' } | { kind: 'copy'; text: string };

interface Point {
  line: number;
  col: number;
}

/** A search match on one line: its first and last screen columns. */
interface Match {
  from: number;
  to: number;
}

const MATCH_BG = 221;
const MATCH_FG = 16;

export class CopyMode {
  /** Index of the first line shown. */
  private top: number;
  private cursor: Point;
  private anchor: Point | null = null;
  private searchText = '';
  private searchUp = true;
  /** Text being typed after / or ?, or null when not typing a search. */
  prompt: string | null = null;
  message = '';

  constructor(
    private readonly lines: Row[],
    private readonly historyLines: number,
    private width: number,
    private height: number,
    screenCursor: CursorState,
  ) {
    this.top = Math.max(0, lines.length - height);
    this.cursor = { line: Math.min(lines.length - 1, historyLines + screenCursor.y), col: screenCursor.x };
    this.snapCursor();
  }

  /**
   * Puts the cursor on the line where output stood `linesBack` line feeds ago and
   * that line at the top of the view: where "N lines since you left" begins.
   * Returns false when that line is older than the history kept in memory.
   */
  jumpBack(linesBack: number): boolean {
    const here = this.cursor.line;
    const line = here - linesBack;
    this.cursor = { line: Math.max(0, line), col: 0 };
    this.top = Math.max(0, Math.min(this.cursor.line, this.lines.length - this.height));
    return line >= 0;
  }

  /** The search being typed, as the status line shows it: `/text` (older) or `?text` (newer). */
  promptLabel(): string {
    return `${this.searchUp ? '/' : '?'}${this.prompt ?? ''}`;
  }

  /**
   * The pane changed size: the view fills the new height. A view at the bottom
   * stays there (it shows the screen as it was); one up in history keeps its top
   * line where it can, without scrolling past the last line.
   */
  resize(width: number, height: number): void {
    const wasAtBottom = this.atBottom();
    this.width = width;
    this.height = height;
    const maxTop = Math.max(0, this.lines.length - height);
    this.top = wasAtBottom ? maxTop : Math.min(this.top, maxTop);
    this.cursor.col = Math.min(this.cursor.col, width - 1);
    this.snapCursor();
    this.reveal();
  }

  pageSize(): number {
    return Math.max(1, this.height - 1);
  }

  /** "[offset/history]" as tmux shows it: how far up from the bottom the view is. */
  position(): string {
    const bottom = Math.max(0, this.lines.length - this.height);
    return `[${bottom - this.top}/${this.historyLines}]`;
  }

  atBottom(): boolean {
    return this.top >= Math.max(0, this.lines.length - this.height);
  }

  scroll(delta: number): void {
    const maxTop = Math.max(0, this.lines.length - this.height);
    this.top = Math.max(0, Math.min(maxTop, this.top + delta));
    this.cursor.line = Math.max(this.top, Math.min(this.top + this.height - 1, this.cursor.line));
  }

  key(t: Token): CopyResult {
    if (t.kind !== 'key') return { kind: 'stay' };
    this.message = '';
    if (this.prompt !== null) return this.promptKey(t.name);
    const page = this.pageSize();
    switch (t.name) {
      case 'q':
      case 'C-c':
        return { kind: 'exit' };
      case 'Escape':
        if (this.anchor) this.anchor = null;
        else return { kind: 'exit' };
        break;
      case 'Up':
      case 'k':
        this.move(-1, 0);
        break;
      case 'Down':
      case 'j':
        this.move(1, 0);
        break;
      case 'Left':
      case 'h':
        this.move(0, -1);
        break;
      case 'Right':
      case 'l':
        this.move(0, 1);
        break;
      case 'PageUp':
      case 'C-b':
        this.move(-page, 0, true);
        break;
      case 'PageDown':
      case 'C-f':
        this.move(page, 0, true);
        break;
      case 'C-u':
        this.move(-(page >> 1), 0, true);
        break;
      case 'C-d':
        this.move(page >> 1, 0, true);
        break;
      case 'g':
        this.cursor = { line: 0, col: 0 };
        break;
      case 'G':
        this.cursor = { line: this.lines.length - 1, col: 0 };
        break;
      case '0':
      case 'Home':
        this.cursor.col = 0;
        break;
      case '$':
      case 'End':
        this.cursor.col = lastTextColumn(this.cells(this.cursor.line));
        break;
      case '/':
      case '?':
        this.searchUp = t.name === '/';
        this.prompt = '';
        break;
      case 'n':
        this.find(this.searchUp);
        break;
      case 'N':
        this.find(!this.searchUp);
        break;
      case ' ':
      case 'v':
        this.anchor = { ...this.cursor };
        break;
      case 'Enter':
      case 'y':
        if (this.anchor) return { kind: 'copy', text: this.selectedText() };
        return { kind: 'exit' };
      default:
        break;
    }
    this.snapCursor();
    this.reveal();
    return { kind: 'stay' };
  }

  private promptKey(name: string): CopyResult {
    if (name === 'Escape' || name === 'C-c') this.prompt = null;
    else if (name === 'Enter') {
      if (this.prompt) this.searchText = this.prompt;
      this.prompt = null;
      this.find(this.searchUp);
      this.reveal();
    } else if (name === 'BSpace') this.prompt = this.prompt!.slice(0, -1);
    else if ([...name].length === 1) this.prompt += name;
    return { kind: 'stay' };
  }

  private move(dLine: number, dCol: number, page = false): void {
    const line = Math.max(0, Math.min(this.lines.length - 1, this.cursor.line + dLine));
    if (page) this.scroll(line - this.cursor.line);
    // Sideways by cells: one step right from a wide character skips both its columns.
    const cells = this.cells(line);
    let col = this.cursor.col;
    if (dCol > 0) col += cells[col]?.width || 1;
    else if (dCol < 0) col = cellStart(cells, col - 1);
    this.cursor = { line, col: Math.max(0, Math.min(this.width - 1, col)) };
  }

  private cells(line: number): Cell[] {
    return rowToCells(this.lines[line] ?? []);
  }

  /** Moves the cursor off the second column of a wide character (after j/k, a resize). */
  private snapCursor(): void {
    this.cursor.col = cellStart(this.cells(this.cursor.line), this.cursor.col);
  }

  /** Scrolls so the cursor is visible. */
  private reveal(): void {
    if (this.cursor.line < this.top) this.top = this.cursor.line;
    if (this.cursor.line >= this.top + this.height) this.top = this.cursor.line - this.height + 1;
  }

  /**
   * Moves to the nearest match before (up) or after the cursor, as vi does: first
   * on the cursor's own line, then line by line, and finally round to the cursor's
   * line again, so `n` reaches every match on a line and wraps at the ends.
   */
  private find(up: boolean): void {
    if (!this.searchText) return;
    const n = this.lines.length;
    const here = this.cursor;
    for (let step = 0; step <= n; step++) {
      const line = (here.line + (up ? -step : step) + n * 2) % n;
      let starts = findMatches(this.cells(line), this.searchText).map((m) => m.from);
      if (step === 0) starts = starts.filter((col) => (up ? col < here.col : col > here.col));
      if (starts.length) {
        this.cursor = { line, col: up ? starts[starts.length - 1] : starts[0] };
        return;
      }
    }
    this.message = `not found: ${this.searchText}`;
  }

  /** The selected cells' text (a wide or combined cell once, whole), lines without trailing blanks. */
  private selectedText(): string {
    const [a, b] = order(this.anchor!, this.cursor);
    const out: string[] = [];
    for (let line = a.line; line <= b.line; line++) {
      const from = line === a.line ? a.col : 0;
      const to = line === b.line ? b.col : Infinity;
      const text = this.cells(line)
        .filter((c, x) => c.width > 0 && x >= from && x <= to)
        .map((c) => c.ch)
        .join('');
      out.push(text.replace(/\s+$/u, ''));
    }
    return out.join('\n');
  }

  /** The rows to show in the pane, with the selection and search matches highlighted. */
  view(): { rows: Row[]; cursor: CursorState } {
    const rows: Row[] = [];
    const sel = this.anchor ? order(this.anchor, this.cursor) : null;
    for (let y = 0; y < this.height; y++) {
      const index = this.top + y;
      const row = this.lines[index] ?? [];
      rows.push(sel || this.searchText ? this.decorate(row, index, sel) : row);
    }
    return {
      rows,
      cursor: { x: this.cursor.col, y: this.cursor.line - this.top, visible: true, style: 'block', blink: false },
    };
  }

  private decorate(row: Row, index: number, sel: [Point, Point] | null): Row {
    const cells = rowToCells(row);
    const matchAt = new Set<number>();
    if (this.searchText) for (const m of findMatches(cells, this.searchText)) for (let x = m.from; x <= m.to; x++) matchAt.add(x);
    const out: Row = [];
    cells.forEach((c, x) => {
      if (c.width === 0) return;
      let { fg, bg, attrs } = c;
      if (sel && inSelection(sel, index, x)) attrs |= Attr.inverse;
      else if (matchAt.has(x)) {
        fg = MATCH_FG;
        bg = MATCH_BG;
      }
      out.push(c.width === 1 && c.ch.length === 1 ? [c.ch, fg, bg, attrs] : [c.ch, fg, bg, attrs, c.width]);
    });
    return out;
  }
}

/**
 * Where `needle` occurs in a row of cells, ignoring case, in screen columns. The
 * search runs over the cells' text with each code unit mapped back to the column
 * of the cell it came from; case is folded per cell so that folding that changes
 * a string's length cannot shift the mapping.
 */
function findMatches(cells: Cell[], needle: string): Match[] {
  const lowNeedle = needle.toLowerCase();
  let text = '';
  const colOf: number[] = [];
  cells.forEach((c, x) => {
    if (c.width === 0) return;
    const ch = c.ch.toLowerCase();
    text += ch;
    for (let i = 0; i < ch.length; i++) colOf.push(x);
  });
  const matches: Match[] = [];
  for (let i = text.indexOf(lowNeedle); i >= 0 && lowNeedle; i = text.indexOf(lowNeedle, i + 1)) {
    const last = colOf[i + lowNeedle.length - 1];
    matches.push({ from: colOf[i], to: last + cells[last].width - 1 });
  }
  return matches;
}

/** The first column of the cell covering `col` (columns past the row's cells are cells of their own). */
function cellStart(cells: Cell[], col: number): number {
  while (col > 0 && cells[col]?.width === 0) col--;
  return Math.max(0, col);
}

/** The first column of the row's last non-blank cell, or 0 on a blank row. */
function lastTextColumn(cells: Cell[]): number {
  for (let x = cells.length - 1; x >= 0; x--) if (cells[x].width > 0 && cells[x].ch.trim() !== '') return x;
  return 0;
}

function order(a: Point, b: Point): [Point, Point] {
  return a.line < b.line || (a.line === b.line && a.col <= b.col) ? [a, b] : [b, a];
}

function inSelection([a, b]: [Point, Point], line: number, col: number): boolean {
  if (line < a.line || line > b.line) return false;
  if (line === a.line && col < a.col) return false;
  if (line === b.line && col > b.col) return false;
  return true;
}
