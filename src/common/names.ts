/**
 * Session names double as directory names on disk and as the first part of a
 * target (`NAME:W.P`), so they are kept to a portable, shell-safe alphabet.
 */

const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Long enough for a branch-like name; short enough to keep `spaces ls` and paths tidy. */
export const MAX_NAME_LENGTH = 64;

/** Returns a message saying what is wrong with `name`, or null when it is acceptable. */
export function checkSessionName(name: string): string | null {
  if (name.length === 0) return 'a session name cannot be empty';
  if (name.length > MAX_NAME_LENGTH) {
    return `session name is ${name.length} characters; the limit is ${MAX_NAME_LENGTH}`;
  }
  if (!NAME_RE.test(name)) {
    return `session name '${name}' may use only letters, digits, '-', '_' and '.', and cannot start with '-' or '.'`;
  }
  return null;
}

/** Window names appear in the status line; anything printable is fine, within reason. */
export function checkWindowName(name: string): string | null {
  if (name.length === 0) return 'a window name cannot be empty';
  if (name.length > MAX_NAME_LENGTH) return `window name is longer than ${MAX_NAME_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'a window name cannot contain control characters';
  return null;
}
