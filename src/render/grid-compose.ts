/**
 * The grid of sessions (`spaces grid`): tiles laid out to fill the terminal, each
 * bordered in its state's colour and titled with session, agent and state, showing
 * the bottom of the session's focused pane (where an agent's latest output and its
 * prompt are), and a status line of keys.
 */
import { Attr, CursorState, Row, rowText } from '../common/cells';
import type { Tile } from '../protocol/attach-messages';
import { Grid } from './grid';
import type { Style } from './sgr';
import { STATUS_STYLES } from './status-line';
import { truncate } from './width';

/** Smallest useful tile: a title and a few characters of a few lines. */
export const MIN_TILE_COLS = 12;
export const MIN_TILE_ROWS = 4;

export const STATE_STYLES: Record<Tile['state'], Style> = {
  'needs-input': { fg: 214, bg: -1, attrs: Attr.bold },
  working: { fg: 75, bg: -1, attrs: 0 },
  idle: { fg: 245, bg: -1, attrs: 0 },
  exited: { fg: 160, bg: -1, attrs: 0 },
};

export interface TileRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Columns and rows of tiles for `n` tiles in `cols` x `rows` cells: the split that
 * makes tiles closest to the proportions of a terminal (cells are about twice as
 * tall as wide), as long as tiles stay readable.
 */
export function tileRects(n: number, cols: number, rows: number): TileRect[] {
  if (n === 0) return [];
  let best: { c: number; r: number; score: number } | null = null;
  for (let c = 1; c <= n; c++) {
    const r = Math.ceil(n / c);
    const w = Math.floor(cols / c);
    const h = Math.floor(rows / r);
    if (w < MIN_TILE_COLS || h < MIN_TILE_ROWS) continue;
    // Aim for tiles about 2.5 cells wide per row: roughly a terminal's shape.
    const score = Math.abs(Math.log(w / (h * 2.5))) + (c * r - n) * 0.05;
    if (!best || score < best.score) best = { c, r, score };
  }
  // More sessions than fit at the smallest tile: a page of the smallest tiles (at
  // least one, the terminal's size if it is smaller), the rest reached by moving
  // the selection. Dividing the rows among all of them gave tiles no rows tall.
  const { c, r } = best ?? { c: Math.max(1, Math.floor(cols / MIN_TILE_COLS)), r: Math.max(1, Math.floor(rows / MIN_TILE_ROWS)) };
  const w = Math.floor(cols / c);
  const h = Math.max(1, Math.floor(rows / r));
  const out: TileRect[] = [];
  for (let i = 0; i < n; i++) {
    const col = i % c;
    const row = Math.floor(i / c);
    if ((row + 1) * h > rows) break; // more sessions than fit: the rest are reachable by scrolling the selection
    out.push({ x: col * w, y: row * h, w: col === c - 1 ? cols - col * w : w, h });
  }
  return out;
}

export interface GridScene {
  cols: number;
  rows: number;
  tiles: Tile[];
  mirrors: Map<number, Row[]>;
  selected: number;
  /** First tile shown (when there are more tiles than fit). */
  offset: number;
  message?: string;
}

export function composeGrid(scene: GridScene): { grid: Grid; cursor: CursorState | null } {
  const grid = new Grid(scene.cols, scene.rows);
  const area = scene.rows - 1;
  const rects = tileRects(scene.tiles.length - scene.offset, scene.cols, area);
  rects.forEach((r, k) => {
    const i = k + scene.offset;
    drawTile(grid, r, scene.tiles[i], scene.mirrors.get(scene.tiles[i].pane) ?? [], i === scene.selected);
  });
  drawGridStatus(grid, scene);
  return { grid, cursor: null };
}

function drawTile(grid: Grid, r: TileRect, tile: Tile, rows: Row[], selected: boolean): void {
  const style = STATE_STYLES[tile.state];
  const border: Style = selected ? { ...style, attrs: style.attrs | Attr.bold } : style;
  const [h, v, tl, tr, bl, br] = selected ? ['═', '║', '╔', '╗', '╚', '╝'] : ['─', '│', '┌', '┐', '└', '┘'];
  for (let x = r.x + 1; x < r.x + r.w - 1; x++) {
    grid.set(x, r.y, h, 1, border.fg, border.bg, border.attrs);
    grid.set(x, r.y + r.h - 1, h, 1, border.fg, border.bg, border.attrs);
  }
  for (let y = r.y + 1; y < r.y + r.h - 1; y++) {
    grid.set(r.x, y, v, 1, border.fg, border.bg, border.attrs);
    grid.set(r.x + r.w - 1, y, v, 1, border.fg, border.bg, border.attrs);
  }
  grid.set(r.x, r.y, tl, 1, border.fg, border.bg, border.attrs);
  grid.set(r.x + r.w - 1, r.y, tr, 1, border.fg, border.bg, border.attrs);
  grid.set(r.x, r.y + r.h - 1, bl, 1, border.fg, border.bg, border.attrs);
  grid.set(r.x + r.w - 1, r.y + r.h - 1, br, 1, border.fg, border.bg, border.attrs);
  // Name and state first: when the tile is narrow, the agent's name is what gets cut.
  const title = ` ${tile.session} · ${tile.state}${tile.agent ? ` · ${tile.agent}` : ''} `;
  const titleStyle: Style = selected ? { fg: 16, bg: style.fg, attrs: Attr.bold } : border;
  grid.putText(r.x + 2, r.y, truncate(title, r.w - 4), titleStyle, r.w - 4);
  // The bottom of the pane: down to its last line with anything on it.
  const innerW = r.w - 2;
  const innerH = r.h - 2;
  let last = rows.length - 1;
  while (last > 0 && (!rows[last] || rowText(rows[last]) === '')) last--;
  const start = Math.max(0, last + 1 - innerH);
  for (let k = 0; k < innerH; k++) {
    const row = rows[start + k];
    if (row) grid.putRow(r.x + 1, r.y + 1 + k, row, innerW);
  }
}

function drawGridStatus(grid: Grid, scene: GridScene): void {
  const y = scene.rows - 1;
  grid.fill(0, y, scene.cols, 1, ' ', STATUS_STYLES.bar);
  const waiting = scene.tiles.filter((t) => t.state === 'needs-input').length;
  let x = grid.putText(0, y, ' grid ', STATUS_STYLES.session) + 1;
  const summary = `${scene.tiles.length} session${scene.tiles.length === 1 ? '' : 's'}${waiting ? ` · ${waiting} waiting` : ''} `;
  x += grid.putText(x, y, summary, waiting ? STATUS_STYLES.attention : STATUS_STYLES.title);
  const help = scene.message ?? '  arrows/click select · Enter attach · n next waiting · q quit';
  grid.putText(x, y, truncate(help, Math.max(0, scene.cols - x)), scene.message ? STATUS_STYLES.message : STATUS_STYLES.title);
}
