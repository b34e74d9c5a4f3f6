/** Reading cells (character and style) from a headless xterm, to compare two screens exactly. */
import type { Terminal } from '@xterm/headless';

/** One string per row: every cell as `char|fg|bg|attrs`, so two regions compare with toEqual. */
export function regionCells(term: Terminal, x0: number, y0: number, w: number, h: number): string[] {
  const buf = term.buffer.active;
  const cell = buf.getNullCell();
  const rows: string[] = [];
  for (let y = y0; y < y0 + h; y++) {
    const line = buf.getLine(buf.viewportY + y);
    const cells: string[] = [];
    for (let x = x0; x < x0 + w; x++) {
      if (!line) break;
      line.getCell(x, cell);
      const fg = cell.isFgDefault() ? 'd' : `${cell.isFgRGB() ? '#' : ''}${cell.getFgColor()}`;
      const bg = cell.isBgDefault() ? 'd' : `${cell.isBgRGB() ? '#' : ''}${cell.getBgColor()}`;
      const attrs = [cell.isBold(), cell.isItalic(), cell.isDim(), cell.isUnderline(), cell.isInverse(), cell.isStrikethrough()]
        .map((a) => (a ? 1 : 0))
        .join('');
      cells.push(`${cell.getChars() || (cell.getWidth() === 0 ? '' : ' ')}|${fg}|${bg}|${attrs}`);
    }
    rows.push(cells.join(' '));
  }
  return rows;
}

export function cursorOf(term: Terminal): { x: number; y: number } {
  return { x: term.buffer.active.cursorX, y: term.buffer.active.cursorY };
}
