/**
 * What an attached client knows of its session: per-pane line mirrors kept up to
 * date by frames, the layout, the focused pane's cursor and input modes, and the
 * status. The client holds no terminal emulator: the daemon is the truth, and
 * these mirrors are only copies of its rows.
 */
import type { CursorState, Row } from '../common/cells';
import type { Frame, ModesInfo, PaneRect, StatusInfo } from '../protocol/attach-messages';

export class ViewState {
  areaCols = 0;
  areaRows = 0;
  layout: PaneRect[] = [];
  active = -1;
  readonly mirrors = new Map<number, Row[]>();
  cursor: CursorState = { x: 0, y: 0, visible: true, style: 'block', blink: false };
  modes: ModesInfo | null = null;
  status: StatusInfo | null = null;
  /** Frames applied so far (tests and the first-paint measurement use it). */
  frames = 0;

  /** Applies a frame; returns true if the bell should ring. */
  apply(frame: Frame): { bell: boolean; modesChanged: boolean } {
    if (frame.full) this.mirrors.clear();
    this.areaCols = frame.cols;
    this.areaRows = frame.rows;
    if (frame.layout) {
      this.layout = frame.layout;
      const visible = new Set(frame.layout.map((r) => r.id));
      for (const id of [...this.mirrors.keys()]) if (!visible.has(id)) this.mirrors.delete(id);
    }
    this.active = frame.active;
    for (const p of frame.panes) {
      let rows = this.mirrors.get(p.id);
      if (!rows) {
        rows = [];
        this.mirrors.set(p.id, rows);
      }
      for (const [y, row] of p.rows) rows[y] = row;
      // A pane that shrank keeps no stale rows below its new height.
      const rect = this.layout.find((r) => r.id === p.id);
      if (rect && rows.length > rect.h) rows.length = rect.h;
    }
    this.cursor = frame.cursor;
    let modesChanged = false;
    if (frame.modes) {
      modesChanged = JSON.stringify(frame.modes) !== JSON.stringify(this.modes);
      this.modes = frame.modes;
    }
    if (frame.status) this.status = frame.status;
    this.frames++;
    return { bell: Boolean(frame.bell), modesChanged };
  }

  paneAt(x: number, y: number): PaneRect | undefined {
    return this.layout.find((r) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h);
  }

  activeRect(): PaneRect | undefined {
    return this.layout.find((r) => r.id === this.active);
  }
}
