/**
 * Composes what the user sees: pane mirrors placed by the layout, borders between
 * them (the focused pane's in colour), markers on panes whose program exited,
 * padding where this terminal is larger than the session, and the status line.
 *
 * Composition is per row, so a frame that changed two rows of one pane recomposes
 * two rows of the grid, not the whole screen.
 */
import type { CursorState, Row } from '../common/cells';
import { Attr } from '../common/cells';
import type { PaneRect, StatusInfo } from '../protocol/attach-messages';
import { Grid } from './grid';
import type { Style } from './sgr';
import { drawStatus, StatusExtras } from './status-line';

export interface Scene {
  /** The user's terminal. */
  cols: number;
  rows: number;
  /** The window area the daemon laid the panes out in. */
  areaCols: number;
  areaRows: number;
  layout: PaneRect[];
  active: number;
  mirrors: Map<number, Row[]>;
  status: StatusInfo | null;
  /** The focused pane's cursor, in pane coordinates. */
  cursor: CursorState;
  extras?: StatusExtras;
  /** Replaces one pane's rows (scrollback mode shows history there). */
  override?: { pane: number; rows: Row[]; cursor: CursorState | null };
  /** Drawn last, over everything (menus, prompts). */
  overlay?: (grid: Grid) => void;
}

/** Which rows of the user's terminal to recompose: all of them, or these. */
export type DirtyRows = 'all' | Set<number>;

const BLANK: Style = { fg: -1, bg: -1, attrs: 0 };
const BORDER: Style = { fg: 240, bg: -1, attrs: 0 };
const ACTIVE_BORDER: Style = { fg: 114, bg: -1, attrs: 0 };
const PADDING: Style = { fg: 238, bg: -1, attrs: 0 };
const DEAD: Style = { fg: 231, bg: 124, attrs: Attr.bold };

/** Box-drawing character for a border cell, by which neighbours are borders too (bits: up, down, left, right). */
const JUNCTION = ['│', '─', '─', '─', '│', '┌', '┐', '┬', '│', '└', '┘', '┴', '│', '├', '┤', '┼'];

/** Recomposes the dirty rows of `grid` (sized to the terminal) and returns where the cursor goes. */
export function compose(scene: Scene, grid: Grid, dirty: DirtyRows): CursorState | null {
  const statusY = scene.rows - 1;
  const w = Math.min(scene.areaCols, scene.cols);
  const h = Math.min(scene.areaRows, statusY);
  const rowsToDo = dirty === 'all' ? range(scene.rows) : [...dirty].filter((y) => y >= 0 && y < scene.rows);
  const covered = (x: number, y: number) =>
    scene.layout.some((r) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h);
  const isBorder = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && !covered(x, y);
  const active = scene.layout.find((r) => r.id === scene.active);
  for (const y of rowsToDo) {
    grid.fill(0, y, scene.cols, 1, ' ', BLANK);
    if (y === statusY) {
      drawStatus(grid, y, scene.status, scene.extras);
      continue;
    }
    if (y >= h) {
      grid.fill(0, y, w, 1, '·', PADDING);
    }
    if (scene.cols > w) grid.fill(w, y, scene.cols - w, 1, '·', PADDING);
    if (y >= h) continue;
    const onRow = scene.layout.filter((r) => y >= r.y && y < r.y + r.h && r.x < w);
    for (const r of onRow) {
      const rows = scene.override?.pane === r.id ? scene.override.rows : scene.mirrors.get(r.id);
      const row = rows?.[y - r.y];
      const pw = Math.min(r.w, w - r.x);
      if (row) grid.putRow(r.x, y, row, pw);
      if (r.exited && y === r.y) {
        const label = ` ${r.exited} `;
        grid.putText(r.x + Math.max(0, pw - label.length), y, label, DEAD, pw);
      }
    }
    if (scene.layout.length < 2) continue;
    for (let x = 0; x < w; x++) {
      if (!isBorder(x, y)) continue;
      const bits = (isBorder(x, y - 1) ? 8 : 0) | (isBorder(x, y + 1) ? 4 : 0) | (isBorder(x - 1, y) ? 2 : 0) | (isBorder(x + 1, y) ? 1 : 0);
      const near = active !== undefined && x >= active.x - 1 && x <= active.x + active.w && y >= active.y - 1 && y <= active.y + active.h;
      const style = near ? ACTIVE_BORDER : BORDER;
      grid.set(x, y, JUNCTION[bits], 1, style.fg, style.bg, style.attrs);
    }
  }
  scene.overlay?.(grid);
  return cursorOnScreen(scene, w, h);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function cursorOnScreen(scene: Scene, w: number, h: number): CursorState | null {
  const rect = scene.layout.find((r) => r.id === (scene.override?.pane ?? scene.active));
  const c = scene.override ? scene.override.cursor : scene.cursor;
  if (!rect || !c) return null;
  const x = rect.x + c.x;
  const y = rect.y + c.y;
  if (x >= w || y >= h || c.x >= rect.w || c.y >= rect.h) return { ...c, x: 0, y: 0, visible: false };
  return { ...c, x, y };
}
