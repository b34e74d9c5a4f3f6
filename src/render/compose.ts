/**
 * Composes what the user sees: pane mirrors placed by the layout, borders between
 * them (the focused pane's in colour), markers on panes whose program exited,
 * padding where this terminal is larger than the session, and the status line.
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

const BORDER: Style = { fg: 240, bg: -1, attrs: 0 };
const ACTIVE_BORDER: Style = { fg: 114, bg: -1, attrs: 0 };
const PADDING: Style = { fg: 238, bg: -1, attrs: 0 };
const DEAD: Style = { fg: 231, bg: 124, attrs: Attr.bold };

/** Box-drawing character for a border cell, by which neighbours are borders too (bits: up, down, left, right). */
const JUNCTION = ['·', '─', '─', '─', '│', '┌', '┐', '┬', '│', '└', '┘', '┴', '│', '├', '┤', '┼'];

export function compose(scene: Scene): { grid: Grid; cursor: CursorState | null } {
  const grid = new Grid(scene.cols, scene.rows);
  const statusY = scene.rows - 1;
  const w = Math.min(scene.areaCols, scene.cols);
  const h = Math.min(scene.areaRows, statusY);
  // Padding for the part of this terminal the session does not cover.
  if (scene.cols > w) grid.fill(w, 0, scene.cols - w, statusY, '·', PADDING);
  if (statusY > h) grid.fill(0, h, w, statusY - h, '·', PADDING);

  const covered = new Uint8Array(w * h);
  for (const r of scene.layout) {
    const rows = scene.override?.pane === r.id ? scene.override.rows : scene.mirrors.get(r.id) ?? [];
    const pw = Math.min(r.w, w - r.x);
    for (let y = 0; y < r.h && r.y + y < h; y++) {
      if (pw <= 0) break;
      const row = rows[y];
      if (row) grid.putRow(r.x, r.y + y, row, pw);
      for (let x = 0; x < pw; x++) covered[(r.y + y) * w + r.x + x] = 1;
    }
    if (r.exited && pw > 0) {
      const label = ` ${r.exited} `;
      grid.putText(r.x + Math.max(0, pw - label.length), r.y, label, DEAD, pw);
    }
  }
  drawBorders(grid, scene, covered, w, h);
  drawStatus(grid, statusY, scene.status, scene.extras);
  scene.overlay?.(grid);
  return { grid, cursor: cursorOnScreen(scene, w, h) };
}

function drawBorders(grid: Grid, scene: Scene, covered: Uint8Array, w: number, h: number): void {
  if (scene.layout.length < 2) return;
  const isBorder = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && !covered[y * w + x];
  const active = scene.layout.find((r) => r.id === scene.active);
  const touchesActive = (x: number, y: number) =>
    active !== undefined && x >= active.x - 1 && x <= active.x + active.w && y >= active.y - 1 && y <= active.y + active.h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (covered[y * w + x]) continue;
      const bits = (isBorder(x, y - 1) ? 8 : 0) | (isBorder(x, y + 1) ? 4 : 0) | (isBorder(x - 1, y) ? 2 : 0) | (isBorder(x + 1, y) ? 1 : 0);
      const ch = JUNCTION[bits] === '·' ? '│' : JUNCTION[bits];
      const style = touchesActive(x, y) ? ACTIVE_BORDER : BORDER;
      grid.set(x, y, ch, 1, style.fg, style.bg, style.attrs);
    }
  }
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
