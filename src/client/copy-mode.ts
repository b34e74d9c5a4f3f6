/**
 * Scrollback mode (tmux's copy mode) over a snapshot of one pane: history and
 * screen as they were when it opened. Move with arrows/hjkl, PageUp/PageDown,
 * g/G; search with / (towards older lines) and ? (towards newer), n/N to repeat;
 * Space or v starts a selection, Enter or y copies it (OSC 52) and leaves; q or
 * Escape leaves.
 */
import { Attr, CursorState, Row, rowText, rowToCells } from '../common/cells';
import type { Token } from './key-tokens';

export type CopyResult = { kind: 'stay' } | { kind: 'exit' } | { kind: 'copy'; text: string };

interface Point {
  line: number;
  col: number;
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

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
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
        this.cursor.col = Math.max(0, rowText(this.lines[this.cursor.line] ?? []).length - 1);
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
    this.cursor = { line, col: Math.max(0, Math.min(this.width - 1, this.cursor.col + dCol)) };
  }

  /** Scrolls so the cursor is visible. */
  private reveal(): void {
    if (this.cursor.line < this.top) this.top = this.cursor.line;
    if (this.cursor.line >= this.top + this.height) this.top = this.cursor.line - this.height + 1;
  }

  private find(up: boolean): void {
    if (!this.searchText) return;
    const needle = this.searchText.toLowerCase();
    const n = this.lines.length;
    for (let step = 1; step <= n; step++) {
      const line = (this.cursor.line + (up ? -step : step) + n * 2) % n;
      const col = rowText(this.lines[line]).toLowerCase().indexOf(needle);
      if (col >= 0) {
        this.cursor = { line, col };
        return;
      }
    }
    this.message = `not found: ${this.searchText}`;
  }

  private selectedText(): string {
    const [a, b] = order(this.anchor!, this.cursor);
    const out: string[] = [];
    for (let line = a.line; line <= b.line; line++) {
      const chars = rowToCells(this.lines[line] ?? []).map((c) => c.ch);
      const from = line === a.line ? a.col : 0;
      const to = line === b.line ? b.col + 1 : chars.length;
      out.push(chars.slice(from, to).join('').replace(/\s+$/u, ''));
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
    const text = cells.map((c) => c.ch || '').join('');
    const needle = this.searchText.toLowerCase();
    const matchAt = new Set<number>();
    if (needle) {
      const lower = text.toLowerCase();
      for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) for (let k = 0; k < needle.length; k++) matchAt.add(i + k);
    }
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

function order(a: Point, b: Point): [Point, Point] {
  return a.line < b.line || (a.line === b.line && a.col <= b.col) ? [a, b] : [b, a];
}

function inSelection([a, b]: [Point, Point], line: number, col: number): boolean {
  if (line < a.line || line > b.line) return false;
  if (line === a.line && col < a.col) return false;
  if (line === b.line && col > b.col) return false;
  return true;
}
