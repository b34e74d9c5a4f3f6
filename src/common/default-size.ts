/**
 * The size used when there is no terminal to measure (a command run without a
 * tty, a size lost with a damaged manifest): tmux's default, and what most
 * programs assume when they are not told.
 */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;
