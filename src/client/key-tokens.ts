/**
 * Splits what the user's terminal sends into keys, mouse reports and pastes, so
 * the client can find its own keys (the prefix and what follows, mouse on
 * borders) in the stream. Everything else is passed to the pane byte for byte.
 */

export type Token =
  | { kind: 'key'; bytes: string; name: string }
  | { kind: 'mouse'; bytes: string; event: MouseEvent }
  | { kind: 'paste'; bytes: string };

export interface MouseEvent {
  /** SGR button code: 0-2 buttons, +32 motion, 64/65 wheel up/down; +4 shift, +8 meta, +16 ctrl. */
  button: number;
  /** 0-based cell coordinates in the user's terminal. */
  x: number;
  y: number;
  release: boolean;
}

const CSI_NAMES: Record<string, string> = {
  A: 'Up', B: 'Down', C: 'Right', D: 'Left', H: 'Home', F: 'End', Z: 'BTab',
  '2~': 'Insert', '3~': 'Delete', '5~': 'PageUp', '6~': 'PageDown',
  '15~': 'F5', '17~': 'F6', '18~': 'F7', '19~': 'F8', '20~': 'F9', '21~': 'F10', '23~': 'F11', '24~': 'F12',
};
const SS3_NAMES: Record<string, string> = { A: 'Up', B: 'Down', C: 'Right', D: 'Left', H: 'Home', F: 'End', P: 'F1', Q: 'F2', R: 'F3', S: 'F4' };
const MOD_PREFIX: Record<number, string> = { 2: 'S-', 3: 'M-', 4: 'S-M-', 5: 'C-', 6: 'C-S-', 7: 'C-M-', 8: 'C-S-M-' };

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

function controlName(code: number): string {
  if (code === 0x0d) return 'Enter';
  if (code === 0x09) return 'Tab';
  if (code === 0x1b) return 'Escape';
  if (code === 0x7f) return 'BSpace';
  if (code === 0) return 'C-Space';
  return `C-${String.fromCharCode(code + 0x60)}`;
}

/**
 * Tokenizes `text`. An escape sequence cut off at the end of the chunk is
 * returned as `rest`, to be prefixed to the next chunk (terminals write whole
 * sequences, but reads can split them).
 */
export function tokenize(text: string): { tokens: Token[]; rest: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x1b) {
      if (c < 0x20 || c === 0x7f) {
        tokens.push({ kind: 'key', bytes: text[i], name: controlName(c) });
        i++;
        continue;
      }
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      tokens.push({ kind: 'key', bytes: ch, name: ch });
      i += ch.length;
      continue;
    }
    if (text.startsWith(PASTE_START, i)) {
      const end = text.indexOf(PASTE_END, i + PASTE_START.length);
      if (end < 0) return { tokens, rest: text.slice(i) };
      tokens.push({ kind: 'paste', bytes: text.slice(i, end + PASTE_END.length) });
      i = end + PASTE_END.length;
      continue;
    }
    if (i + 1 >= text.length) {
      tokens.push({ kind: 'key', bytes: '\x1b', name: 'Escape' });
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '\x1b' && (text[i + 2] === '[' || text[i + 2] === 'O')) {
      // ESC before an arrow or function key: Meta, as terminals that send Meta as an
      // ESC prefix write M-Left (tmux reads it so too), not Escape and then "[D".
      const after = tokenize(text.slice(i + 1, i + 1 + 64));
      const first = after.tokens[0];
      if (!first) return { tokens, rest: text.slice(i) }; // the sequence is cut: wait for the rest
      if (first.kind === 'key' && !first.name.startsWith('M-') && first.bytes.length > 1) {
        tokens.push({ kind: 'key', bytes: `\x1b${first.bytes}`, name: `M-${first.name}` });
        i += 1 + first.bytes.length;
        continue;
      }
    }
    if (next === '[') {
      const m = /^\x1b\[([<?]?)([\d;:]*)([\x40-\x7e])/.exec(text.slice(i, i + 64));
      if (!m) {
        if (text.length - i < 64 && /^\x1b\[[<?]?[\d;:]*$/.test(text.slice(i))) return { tokens, rest: text.slice(i) };
        tokens.push({ kind: 'key', bytes: '\x1b[', name: 'M-[' });
        i += 2;
        continue;
      }
      const bytes = m[0];
      i += bytes.length;
      if (m[1] === '<' && (m[3] === 'M' || m[3] === 'm')) {
        const [b, x, y] = m[2].split(';').map(Number);
        tokens.push({ kind: 'mouse', bytes, event: { button: b, x: x - 1, y: y - 1, release: m[3] === 'm' } });
        continue;
      }
      const params = m[2].split(';');
      const mods = params.length > 1 ? Number(params[1]) : 1;
      const key = m[3] === '~' ? `${params[0]}~` : m[3];
      const base = CSI_NAMES[key];
      tokens.push({ kind: 'key', bytes, name: base ? (MOD_PREFIX[mods] ?? '') + base : `CSI${m[1]}${m[2]}${m[3]}` });
      continue;
    }
    if (next === 'O' && i + 2 < text.length) {
      const bytes = text.slice(i, i + 3);
      i += 3;
      tokens.push({ kind: 'key', bytes, name: SS3_NAMES[bytes[2]] ?? `SS3${bytes[2]}` });
      continue;
    }
    // ESC followed by a key: Meta.
    const cp = text.codePointAt(i + 1)!;
    const ch = String.fromCodePoint(cp);
    const inner = cp < 0x20 || cp === 0x7f ? controlName(cp) : ch;
    tokens.push({ kind: 'key', bytes: text.slice(i, i + 1 + ch.length), name: `M-${inner}` });
    i += 1 + ch.length;
  }
  return { tokens, rest: '' };
}
