/**
 * Text from another machine (ssh's stderr, a remote daemon's messages) shown to
 * the user: control characters are dropped so it can neither move the cursor nor
 * change the terminal's modes, and it stays one line.
 */

/** Drops C0 and C1 control characters (ESC included), turning line breaks into spaces. */
export function printable(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\r\n\t]+/g, ' ').replace(/[\x00-\x1f\x7f-\x9f]/g, '').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Screen text printed by the CLI (capture, wait, why): a cell never holds a
 * control character when our own emulator filled it, but a remote daemon could
 * send anything, so every such line passes through here on its way out.
 */
export function printableLine(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, '') : text;
}

/**
 * JSON for the terminal or a pipe: JSON.stringify escapes C0 controls but leaves
 * DEL and the C1 range (U+0080-U+009F, which includes a one-character CSI) as they
 * are; those are escaped too, so the output stays valid JSON and inert text.
 */
export function printableJson(value: unknown): string {
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(value).replace(/[\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
