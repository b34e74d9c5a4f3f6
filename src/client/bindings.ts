/**
 * What each key does after the prefix (tmux's default key table, as data). The
 * prefix itself is configurable; these follow tmux so muscle memory carries over.
 */

export type Action =
  | { do: 'detach' }
  | { do: 'split'; dir: 'h' | 'v' }
  | { do: 'focus'; to: 'left' | 'right' | 'up' | 'down' | 'next-pane' | 'prev-pane' | 'next-window' | 'prev-window' | 'last-window' }
  | { do: 'zoom' }
  | { do: 'kill-pane' }
  | { do: 'new-window' }
  | { do: 'select-window'; index: number }
  | { do: 'rename-window' }
  | { do: 'rename-session' }
  | { do: 'copy-mode'; pageUp?: boolean }
  | { do: 'send-prefix' }
  | { do: 'help' }
  | { do: 'command-prompt' }
  | { do: 'resize'; dir: 'h' | 'v'; delta: number }
  | { do: 'redraw' };

export interface Binding {
  key: string;
  action: Action;
  help: string;
  /** Pressed again within REPEAT_MS, it acts without the prefix (tmux's `bind -r`). */
  repeat?: boolean;
}

/** tmux's repeat-time: how long a repeatable binding waits for its key again. */
export const REPEAT_MS = 500;

/** Cells moved by prefix + C-arrow (one, like tmux) and prefix + M-arrow (five). */
const SMALL_STEP = 1;
const BIG_STEP = 5;

export const DEFAULT_BINDINGS: Binding[] = [
  { key: 'd', action: { do: 'detach' }, help: 'detach (the session keeps running)' },
  { key: '%', action: { do: 'split', dir: 'h' }, help: 'split the pane left/right' },
  { key: '"', action: { do: 'split', dir: 'v' }, help: 'split the pane top/bottom' },
  { key: 'Left', action: { do: 'focus', to: 'left' }, help: 'focus the pane to the left', repeat: true },
  { key: 'Right', action: { do: 'focus', to: 'right' }, help: 'focus the pane to the right', repeat: true },
  { key: 'Up', action: { do: 'focus', to: 'up' }, help: 'focus the pane above', repeat: true },
  { key: 'Down', action: { do: 'focus', to: 'down' }, help: 'focus the pane below', repeat: true },
  { key: 'o', action: { do: 'focus', to: 'next-pane' }, help: 'focus the next pane' },
  { key: 'z', action: { do: 'zoom' }, help: 'zoom the pane to the whole window (again to unzoom)' },
  { key: 'x', action: { do: 'kill-pane' }, help: 'close the pane (asks first)' },
  { key: 'c', action: { do: 'new-window' }, help: 'new window' },
  { key: 'n', action: { do: 'focus', to: 'next-window' }, help: 'next window' },
  { key: 'p', action: { do: 'focus', to: 'prev-window' }, help: 'previous window' },
  { key: 'l', action: { do: 'focus', to: 'last-window' }, help: 'the window used last' },
  ...Array.from({ length: 10 }, (_, i): Binding => ({ key: String(i), action: { do: 'select-window', index: i }, help: `window ${i}` })),
  { key: ',', action: { do: 'rename-window' }, help: 'rename the window' },
  { key: '$', action: { do: 'rename-session' }, help: 'rename the session' },
  { key: '[', action: { do: 'copy-mode' }, help: 'scrollback mode: PageUp/PageDown, arrows, / search, Space..Enter copy, q leave' },
  { key: 'PageUp', action: { do: 'copy-mode', pageUp: true }, help: 'scrollback mode, one page up' },
  { key: 'C-Up', action: { do: 'resize', dir: 'v', delta: -SMALL_STEP }, help: 'move the border up', repeat: true },
  { key: 'C-Down', action: { do: 'resize', dir: 'v', delta: SMALL_STEP }, help: 'move the border down', repeat: true },
  { key: 'C-Left', action: { do: 'resize', dir: 'h', delta: -SMALL_STEP }, help: 'move the border left', repeat: true },
  { key: 'C-Right', action: { do: 'resize', dir: 'h', delta: SMALL_STEP }, help: 'move the border right', repeat: true },
  { key: 'M-Up', action: { do: 'resize', dir: 'v', delta: -BIG_STEP }, help: 'move the border up by 5', repeat: true },
  { key: 'M-Down', action: { do: 'resize', dir: 'v', delta: BIG_STEP }, help: 'move the border down by 5', repeat: true },
  { key: 'M-Left', action: { do: 'resize', dir: 'h', delta: -BIG_STEP }, help: 'move the border left by 5', repeat: true },
  { key: 'M-Right', action: { do: 'resize', dir: 'h', delta: BIG_STEP }, help: 'move the border right by 5', repeat: true },
  { key: '?', action: { do: 'help' }, help: 'list key bindings' },
  { key: ':', action: { do: 'command-prompt' }, help: 'command prompt (spaces verbs: split -h, kill-pane, rename-window NAME, ...)' },
  { key: 'r', action: { do: 'redraw' }, help: 'redraw the screen' },
];

/** Parses a key name like `C-b` or `C-a` into the byte the terminal sends for it. */
export function prefixByte(name: string): number | null {
  const m = /^C-([a-z@\[\\\]^_ ])$/i.exec(name);
  if (!m) return null;
  const ch = m[1] === ' ' ? '@' : m[1].toUpperCase();
  return ch.charCodeAt(0) & 0x1f;
}

export const DEFAULT_PREFIX = 'C-b';
