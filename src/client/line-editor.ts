/**
 * The one-line editor behind the client's prompts (rename, `:` commands): the keys
 * of tmux's prompt and of every shell's line editing, over cells rather than
 * UTF-16 units, so a wide character or a letter with combining marks is one step
 * of the cursor and two or one columns on screen. Pure: tokens in, text out.
 */
import { cellsOf, charWidth } from '../render/width';
import type { Token } from './key-tokens';

export type EditResult = 'edit' | 'enter' | 'cancel';

export class LineEditor {
  /** The text as cells: each a character with its combining marks, and its width. */
  private cells: Array<[string, number]>;
  /** Index into `cells` of the cell the cursor stands on (cells.length: at the end). */
  private cursor: number;

  constructor(initial = '') {
    this.cells = cellsOf(initial);
    this.cursor = this.cells.length;
  }

  get value(): string {
    return this.cells.map(([ch]) => ch).join('');
  }

  key(t: Token): EditResult {
    if (t.kind === 'paste') {
      // Without the bracketed-paste markers and anything that is not text (newlines included).
      // eslint-disable-next-line no-control-regex
      this.insert(t.bytes.slice(6, -6).replace(/[\x00-\x1f\x7f-\x9f]/g, ''));
      return 'edit';
    }
    if (t.kind !== 'key') return 'edit';
    switch (t.name) {
      case 'Enter':
        return 'enter';
      case 'Escape':
      case 'C-c':
      case 'C-g':
        return 'cancel';
      case 'Left':
      case 'C-b':
        this.cursor = Math.max(0, this.cursor - 1);
        break;
      case 'Right':
      case 'C-f':
        this.cursor = Math.min(this.cells.length, this.cursor + 1);
        break;
      case 'Home':
      case 'C-a':
        this.cursor = 0;
        break;
      case 'End':
      case 'C-e':
        this.cursor = this.cells.length;
        break;
      case 'BSpace':
      case 'C-h':
        if (this.cursor > 0) this.cells.splice(--this.cursor, 1);
        break;
      case 'Delete':
      case 'C-d':
        this.cells.splice(this.cursor, 1);
        break;
      case 'C-u':
        this.cells.splice(0, this.cursor);
        this.cursor = 0;
        break;
      case 'C-k':
        this.cells.splice(this.cursor);
        break;
      case 'C-w':
        this.deleteWordBefore();
        break;
      default:
        // Printable text (a key name of one character); other keys and controls do nothing.
        if ([...t.name].length === 1 && t.name === t.bytes && !/[\x00-\x1f\x7f]/.test(t.name)) this.insert(t.name);
    }
    return 'edit';
  }

  /**
   * The text to show in `width` columns and the cursor's column in it: scrolled so
   * the cursor (which may stand after the last character) is always in view.
   */
  view(width: number): { text: string; cursorCol: number; under?: [string, number] } {
    const room = Math.max(1, width);
    let start = 0;
    const colsBetween = (from: number, to: number) => this.cells.slice(from, to).reduce((n, [, w]) => n + w, 0);
    // The cursor needs its own column after the text before it.
    while (start < this.cursor && colsBetween(start, this.cursor) + 1 > room) start++;
    let text = '';
    let used = 0;
    for (let i = start; i < this.cells.length; i++) {
      const [ch, w] = this.cells[i];
      if (used + w > room) break;
      text += ch;
      used += w;
    }
    const cursorCol = colsBetween(start, this.cursor);
    const cell = this.cells[this.cursor];
    // The cell under the cursor, drawn inverse; a wide one that would not fit is left out.
    const under = cell && cursorCol + cell[1] <= room ? cell : undefined;
    return { text, cursorCol, under };
  }

  private insert(text: string): void {
    for (const ch of text) {
      const width = charWidth(ch.codePointAt(0)!);
      // A combining mark (typed on its own, after its letter) joins the cell before the cursor.
      if (width === 0) {
        if (this.cursor > 0) this.cells[this.cursor - 1][0] += ch;
        continue;
      }
      this.cells.splice(this.cursor++, 0, [ch, width]);
    }
  }

  /** C-w, as in a shell: the blanks before the cursor, then the word before them. */
  private deleteWordBefore(): void {
    let from = this.cursor;
    while (from > 0 && this.cells[from - 1][0].trim() === '') from--;
    while (from > 0 && this.cells[from - 1][0].trim() !== '') from--;
    this.cells.splice(from, this.cursor - from);
    this.cursor = from;
  }
}
