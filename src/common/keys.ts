/**
 * tmux-style key names to the bytes a terminal would send for them.
 *
 * Cursor and Home/End keys depend on the pane's DECCKM (application cursor keys)
 * mode, so the translation runs where that mode is known: the daemon.
 */

export interface KeyModes {
  /** DECCKM: `CSI ? 1 h` switches arrows from `ESC [ A` to `ESC O A`. */
  applicationCursorKeys: boolean;
}

const ESC = '\x1b';

/** Keys that are the same in every mode. */
const PLAIN: Record<string, string> = {
  enter: '\r',
  escape: ESC,
  esc: ESC,
  tab: '\t',
  btab: `${ESC}[Z`,
  bspace: '\x7f',
  backspace: '\x7f',
  space: ' ',
};

/** Final byte of the CSI/SS3 sequence for keys that have an application-mode variant. */
const CURSOR: Record<string, string> = { up: 'A', down: 'B', right: 'C', left: 'D', home: 'H', end: 'F' };

/** `CSI n ~` keys. */
const TILDE: Record<string, number> = {
  insert: 2, ic: 2, delete: 3, dc: 3,
  pageup: 5, pgup: 5, ppage: 5, pagedown: 6, pgdn: 6, npage: 6,
  f5: 15, f6: 17, f7: 18, f8: 19, f9: 20, f10: 21, f11: 23, f12: 24,
};

/** F1-F4 are SS3 keys in xterm. */
const SS3_FN: Record<string, string> = { f1: 'P', f2: 'Q', f3: 'R', f4: 'S' };

interface Modifiers {
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
}

function splitModifiers(name: string): { mods: Modifiers; base: string } {
  const mods = { ctrl: false, meta: false, shift: false };
  let rest = name;
  for (;;) {
    const m = /^([CMS])-(.+)$/.exec(rest);
    if (!m) break;
    if (m[1] === 'C') mods.ctrl = true;
    else if (m[1] === 'M') mods.meta = true;
    else mods.shift = true;
    rest = m[2];
  }
  return { mods, base: rest };
}

/** xterm's modifier parameter: 1 + shift + 2*alt + 4*ctrl. */
function modifierParam(m: Modifiers): number {
  return 1 + (m.shift ? 1 : 0) + (m.meta ? 2 : 0) + (m.ctrl ? 4 : 0);
}

function ctrlOf(ch: string): string | null {
  if (ch === ' ' || ch === '@' || ch === '2') return '\x00';
  if (ch === '?' || ch === '8') return '\x7f';
  const code = ch.toUpperCase().charCodeAt(0);
  if (ch.length === 1 && code >= 0x40 && code <= 0x5f) return String.fromCharCode(code & 0x1f);
  return null;
}

/**
 * Translates one key name (`Enter`, `C-c`, `M-x`, `S-Up`, `F5`, ...) to bytes.
 * Returns null when `name` is not a key name, so that callers can treat it as text.
 */
export function keyToBytes(name: string, modes: KeyModes): string | null {
  const { mods, base } = splitModifiers(name);
  const lower = base.toLowerCase();
  const anyMod = mods.ctrl || mods.meta || mods.shift;

  if (lower in CURSOR) {
    const final = CURSOR[lower];
    if (anyMod) return `${ESC}[1;${modifierParam(mods)}${final}`;
    return modes.applicationCursorKeys ? `${ESC}O${final}` : `${ESC}[${final}`;
  }
  if (lower in TILDE) {
    const n = TILDE[lower];
    return anyMod ? `${ESC}[${n};${modifierParam(mods)}~` : `${ESC}[${n}~`;
  }
  if (lower in SS3_FN) {
    return anyMod ? `${ESC}[1;${modifierParam(mods)}${SS3_FN[lower]}` : `${ESC}O${SS3_FN[lower]}`;
  }
  let bytes: string | null = null;
  if (lower in PLAIN) {
    bytes = PLAIN[lower];
    if (mods.shift && lower === 'tab') {
      bytes = `${ESC}[Z`;
      mods.shift = false;
    }
  } else if ([...base].length === 1 && anyMod) {
    bytes = base;
  }
  if (bytes === null) return null;
  if (mods.shift && bytes.length === 1 && /[a-z]/.test(bytes)) bytes = bytes.toUpperCase();
  if (mods.ctrl) {
    const c = bytes.length === 1 ? ctrlOf(bytes) : null;
    if (c === null) return null;
    bytes = c;
  }
  if (mods.meta) bytes = ESC + bytes;
  return bytes;
}

/** True for words that look like they were meant as a key (`C-x`, `M-Enter`) rather than text. */
export function looksLikeKeyName(word: string): boolean {
  return /^([CMS]-)+./.test(word);
}

/** The names `spaces send` documents, for error messages. */
export const KEY_NAMES_HELP =
  'Enter, Escape, Tab, BTab, BSpace, Space, Up, Down, Left, Right, Home, End, PageUp, PageDown, ' +
  'Insert, Delete, F1-F12, and C-x / M-x / S-x modifiers (e.g. C-c, M-x, C-Up)';
