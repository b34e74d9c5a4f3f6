/**
 * What the mouse does in an attached client: clicks focus panes, dragging a border
 * resizes, the wheel scrolls history (unless the program asked for the mouse, in
 * which case events are translated and forwarded to it).
 */
import { enterCopyMode, WHEEL_LINES } from './attach-actions';
import type { AttachSession } from './attach-session';
import type { MouseEvent } from './key-tokens';
import { windowAt } from '../render/status-line';
import { borderAt, encodeForPane, isMotion, isPrimaryPress, isWheel, isWheelUp } from './mouse';

export interface MouseState {
  drag: { pane: number; dir: 'h' | 'v'; last: number } | null;
}

export function handleMouse(s: AttachSession, ev: MouseEvent, _bytes: string): void {
  if (s.overlay?.open || s.confirm) return;
  const view = s.view;
  const st = s.mouseState;
  if (st.drag) {
    if (ev.release) {
      st.drag = null;
      return;
    }
    if (isMotion(ev)) {
      const to = st.drag.dir === 'h' ? ev.x : ev.y;
      if (to !== st.drag.last) {
        st.drag.last = to;
        void s.client.request('drag-border', { target: `%${st.drag.pane}`, dir: st.drag.dir, to });
      }
    }
    return;
  }
  if (ev.y === s.term.rows - 1) {
    // A click on a window's name in the status line switches to it.
    const index = isPrimaryPress(ev) ? windowAt(view.status, s.term.cols, ev.x) : undefined;
    if (index !== undefined) void s.client.request('select', { target: `${s.sessionName}:${index}` });
    return;
  }
  const pane = view.paneAt(ev.x, ev.y);
  if (!pane) {
    const border = view.layout.length > 1 ? borderAt(view.layout, ev.x, ev.y) : undefined;
    if (border && isPrimaryPress(ev) && !s.config.readOnly) st.drag = { ...border, last: border.dir === 'h' ? ev.x : ev.y };
    return;
  }
  if (s.copy && s.copy.pane === pane.id) {
    if (isWheel(ev)) {
      s.copy.mode.scroll(isWheelUp(ev) ? -WHEEL_LINES : WHEEL_LINES);
      // Scrolling back to the bottom leaves scrollback mode, as in tmux.
      if (!isWheelUp(ev) && s.copy.mode.atBottom()) s.leaveCopyMode();
      s.render();
    }
    return;
  }
  const modes = view.modes;
  if (pane.id === view.active && modes && modes.mouseTracking !== 'none') {
    const bytes = encodeForPane(ev, pane, modes);
    if (bytes) s.send(bytes);
    return;
  }
  if (isWheelUp(ev)) {
    void enterCopyMode(s, pane.id, -WHEEL_LINES);
    return;
  }
  if (isPrimaryPress(ev) && pane.id !== view.active) void s.client.request('select', { target: `%${pane.id}` });
}
