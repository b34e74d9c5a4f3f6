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
