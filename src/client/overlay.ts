/**
 * Menus drawn by blessed (the one module that imports it), off-screen: blessed
 * renders into its own cell buffer, from which we copy the widgets' cells onto our
 * grid. blessed does what it is good at (key parsing, scrollable lists); our
 * renderer keeps exact control of the user's terminal. Prompts are our own line
 * editor, drawn straight onto the grid.
 * blessed is loaded lazily, the first time an overlay opens, so attaching stays fast.
 */
import { PassThrough } from 'node:stream';
import type * as Blessed from 'blessed';
import { Attr } from '../common/cells';
import type { Grid } from '../render/grid';
import { charWidth, textWidth } from '../render/width';
import type { Token } from './key-tokens';
import { LineEditor } from './line-editor';

type BlessedModule = typeof Blessed;
type Widget = Blessed.Widgets.BlessedElement;

/** The prompt line: white on dark blue, like the status line it covers. */
const PROMPT_STYLE = { fg: 231, bg: 24 };
/** What blessed puts in the cell after a wide character (see draw). */
const BLESSED_WIDE_CONTINUATION = '\x03';
/** blessed packs a cell's style as flags << 18 | fg << 9 | bg, with 0x1ff for "default". */
const BLESSED_DEFAULT = 0x1ff;
const BLESSED_FLAGS: Array<[number, number]> = [
  [1, Attr.bold],
  [2, Attr.underline],
  [4, Attr.blink],
  [8, Attr.inverse],
  [16, Attr.invisible],
];

export class Overlay {
  private readonly input = new PassThrough();
  private readonly output = new PassThrough();
  private readonly screen: Blessed.Widgets.Screen;
  private widgets: Widget[] = [];
  private promptState: { label: string; editor: LineEditor; resolve: (value: string | null) => void } | null = null;
  /** Re-sizes the open list to the terminal. */
  private fit: (() => void) | null = null;
  private readonly blessed: BlessedModule;

  constructor(
    cols: number,
    rows: number,
    private readonly onChange: () => void,
  ) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.blessed = require('blessed') as BlessedModule;
    const out = this.output as unknown as { columns: number; rows: number; isTTY: boolean };
    out.columns = cols;
    out.rows = rows;
    out.isTTY = true;
    const inp = this.input as unknown as { isTTY: boolean; setRawMode(): void };
    inp.isTTY = true;
    inp.setRawMode = () => undefined;
    this.output.resume(); // blessed's own escape sequences are not used; discard them
    this.screen = this.blessed.screen({
      input: this.input as unknown as NodeJS.ReadableStream,
      output: this.output as unknown as NodeJS.WritableStream,
      terminal: 'xterm-256color',
      fullUnicode: true,
      warnings: false,
      smartCSR: false,
    } as unknown as Blessed.Widgets.IScreenOptions);
  }

  get open(): boolean {
    return this.widgets.length > 0 || this.promptState !== null;
  }

  resize(cols: number, rows: number): void {
    const out = this.output as unknown as { columns: number; rows: number };
    out.columns = cols;
    out.rows = rows;
    this.output.emit('resize');
    this.fit?.();
    this.render();
  }

  /**
   * A key typed while an overlay is open. A prompt takes it at once; a list gets it
   * on the next turn: blessed starts listening for a widget's keys on the tick after
   * it opens, and keys typed right behind the one that opened it must not be lost.
   */
  feed(token: Token): void {
    const p = this.promptState;
    if (p) {
      const r = p.editor.key(token);
      if (r !== 'edit') {
        this.promptState = null;
        p.resolve(r === 'enter' ? p.editor.value : null);
      }
      this.onChange();
      return;
    }
    setImmediate(() => this.input.emit('data', Buffer.from(token.bytes)));
  }

  /**
   * A one-line prompt on the status row; resolves to the text, or null if cancelled.
   * Our own editor (line-editor.ts), not blessed's textbox: that one edits only at
   * the end, has no visible cursor, and miscounts wide characters.
   */
  prompt(label: string, initial = ''): Promise<string | null> {
    return new Promise((resolve) => {
      this.promptState = { label, editor: new LineEditor(initial), resolve };
      this.onChange();
    });
  }

  /** A scrollable list (key bindings); resolves when dismissed with q, Escape or Enter. */
  list(title: string, items: string[]): Promise<void> {
    const b = this.blessed;
    const size = listSize(title, items, this.output as unknown as { columns: number; rows: number });
    const list = b.list({
      parent: this.screen,
      top: 'center',
      left: 'center',
      ...size,
      label: ` ${title} `,
      border: { type: 'line' },
      items,
      keys: true,
      vi: true,
      style: { border: { fg: 114 }, selected: { bg: 240 }, item: { fg: 252 }, label: { fg: 114, bold: true } },
    } as unknown as Blessed.Widgets.ListOptions<Blessed.Widgets.ListElementStyle>);
    this.widgets = [list];
    // Sized again when the terminal is: opened on a small one, it must not stay small.
    this.fit = () => Object.assign(list, listSize(title, items, this.output as unknown as { columns: number; rows: number }));
    list.focus();
    this.render();
    return new Promise((resolve) => {
      list.on('keypress', (_ch: string, key: { name: string }) => {
        if (['q', 'escape', 'enter', 'return'].includes(key.name)) {
          this.close();
          resolve();
        } else setImmediate(() => this.render());
      });
    });
  }

  /** Copies the open widgets' cells onto the grid. */
  draw(grid: Grid): void {
    const lines = (this.screen as unknown as { lines: Array<Array<[number, string]>> }).lines;
    for (const w of this.widgets) {
      const pos = (w as unknown as { lpos?: { xi: number; xl: number; yi: number; yl: number } }).lpos;
      if (!pos) continue;
      for (let y = pos.yi; y < pos.yl; y++) {
        const line = lines[y];
        if (!line) continue;
        // Columns our grid is ahead of blessed's cells: blessed counts some emoji as
        // one column where terminals (and our grid) give them two.
        let shift = 0;
        for (let x = pos.xi; x < pos.xl && x + shift < pos.xl; x++) {
          const cell = line[x];
          if (!cell) continue;
          const [attr, ch] = cell;
          const fg = (attr >> 9) & 0x1ff;
          const bg = attr & 0x1ff;
          let attrs = 0;
          for (const [bit, a] of BLESSED_FLAGS) if ((attr >> 18) & bit) attrs |= a;
          const gfg = fg === BLESSED_DEFAULT ? -1 : fg;
          const gbg = bg === BLESSED_DEFAULT ? -1 : bg;
          const gx = x + shift;
          // blessed (fullUnicode) keeps a wide character in one cell and '\x03' in the
          // next: on our grid that is one cell two wide and its continuation, or a
          // blank painted over the character's right half would garble the line.
          if (ch === BLESSED_WIDE_CONTINUATION) {
            // The right half of a wide character outside the widget: a blank, as a terminal shows it.
            grid.set(gx, y, ' ', 1, gfg, gbg, attrs);
            continue;
          }
          const width = ch ? charWidth(ch.codePointAt(0)!) : 1;
          if (width !== 2) {
            grid.set(gx, y, ch || ' ', 1, gfg, gbg, attrs);
            continue;
          }
          if (gx + 1 >= pos.xl) {
            grid.set(gx, y, ' ', 1, gfg, gbg, attrs); // no room for both halves
            continue;
          }
          grid.set(gx, y, ch, 2, gfg, gbg, attrs);
          grid.set(gx + 1, y, '', 0, gfg, gbg, attrs);
          if (line[x + 1]?.[1] === BLESSED_WIDE_CONTINUATION) x++;
          else shift++;
        }
      }
    }
    this.drawPrompt(grid);
  }

  /** The prompt on the bottom row: its label, the text in view, the cursor as an inverse cell. */
  private drawPrompt(grid: Grid): void {
    const p = this.promptState;
    if (!p) return;
    const y = grid.rows - 1;
    const style = { ...PROMPT_STYLE, attrs: 0 };
    grid.fill(0, y, grid.cols, 1, ' ', style);
    const x = grid.putText(0, y, p.label, { ...style, attrs: Attr.bold });
    const { text, cursorCol, under } = p.editor.view(grid.cols - x);
    grid.putText(x, y, text, style);
    const cx = Math.min(x + cursorCol, grid.cols - 1);
    grid.set(cx, y, under?.[0] ?? ' ', under?.[1] ?? 1, style.fg, style.bg, Attr.inverse);
  }

  private render(): void {
    this.screen.render();
    this.onChange();
  }

  private close(): void {
    for (const w of this.widgets) w.destroy();
    this.widgets = [];
    this.fit = null;
    this.render();
  }
}

/** A list as wide as its longest line and as tall as its items, within the terminal. */
function listSize(title: string, items: string[], term: { columns: number; rows: number }): { width: number; height: number } {
  const widest = Math.max(title.length, ...items.map((i) => textWidth(i)));
  return { width: Math.min(widest + 4, term.columns), height: Math.max(3, Math.min(items.length + 2, term.rows - 2)) };
}
