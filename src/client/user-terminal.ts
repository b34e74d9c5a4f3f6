/**
 * The user's terminal, behind one seam: raw mode, the alternate screen, the input
 * modes mirrored from the focused pane, and restoring all of it on detach, on exit,
 * on SIGTERM/SIGHUP and on a crash of the client. (`kill -9` cannot be caught: run
 * `reset`, or just `spaces attach` again, which puts everything back.)
 */
import * as fs from 'node:fs';
import type { ModesInfo } from '../protocol/attach-messages';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../common/default-size';
import { LIMITS } from '../protocol/common-validators';

/** The smallest terminal size the protocol accepts (a status line and one row of pane). */
const MIN_SIZE = 2;

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

const ENTER = '\x1b[?1049h\x1b[H\x1b[2J';
/** Main screen back, cursor visible and steady-default, colours reset, every mode we may have set off. */
const RESTORE =
  '\x1b[?2026l\x1b[0m\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1004l\x1b[?2004l\x1b[?1l\x1b>' +
  '\x1b[0 q\x1b[?25h\x1b[?1049l';

export interface TerminalIO {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

export class UserTerminal {
  private active = false;
  private modesKey = '';
  /** Mouse reporting we ask of the terminal: at least button+drag for our own borders and wheel. */
  private mouseMode = '';

  constructor(
    private readonly io: TerminalIO,
    private readonly mouse: boolean,
  ) {}

  /**
   * The size we draw and ask the session for, within what the protocol carries:
   * a terminal dragged down to one row, or wider than 1,000 columns, is drawn
   * clipped (as tmux does) instead of its size being refused and the client cut off.
   */
  get cols(): number {
    return clamp(this.io.output.columns || DEFAULT_COLS, MIN_SIZE, LIMITS.maxCols);
  }

  get rows(): number {
    return clamp(this.io.output.rows || DEFAULT_ROWS, MIN_SIZE, LIMITS.maxRows);
  }

  /** Bytes queued for the terminal and not yet written (a slow SSH link). */
  get backlog(): number {
    return this.io.output.writableLength;
  }

  enter(): void {
    if (this.io.input.isTTY) this.io.input.setRawMode(true);
    this.active = true;
    this.writeSync(ENTER);
    this.setModes(null);
  }

  write(data: string): void {
    if (data) this.io.output.write(data);
  }

  /** Mirrors the focused pane's input modes so keys and pastes arrive as the program expects. */
  setModes(m: ModesInfo | null): void {
    const key = JSON.stringify(m);
    if (key === this.modesKey) return;
    this.modesKey = key;
    let out = '';
    out += m?.applicationCursorKeys ? '\x1b[?1h' : '\x1b[?1l';
    out += m?.applicationKeypad ? '\x1b=' : '\x1b>';
    out += m?.bracketedPaste ? '\x1b[?2004h' : '\x1b[?2004l';
    out += m?.sendFocus ? '\x1b[?1004h' : '\x1b[?1004l';
    const wanted = m?.mouseTracking === 'any' ? '1003' : this.mouse || (m && m.mouseTracking !== 'none') ? '1002' : '';
    if (wanted !== this.mouseMode) {
      out += '\x1b[?1000l\x1b[?1002l\x1b[?1003l';
      if (wanted) out += `\x1b[?${wanted}h\x1b[?1006h`;
      else out += '\x1b[?1006l';
      this.mouseMode = wanted;
    }
    this.write(out);
  }

  /** Puts the terminal back as it was. Safe to call more than once, and from exit handlers. */
  restore(): void {
    if (!this.active) return;
    this.active = false;
    this.writeSync(RESTORE);
    try {
      if (this.io.input.isTTY) this.io.input.setRawMode(false);
    } catch {
      // The terminal is gone (hangup).
    }
  }

  /** Synchronous, so it also works in 'exit' handlers and after a crash. */
  private writeSync(data: string): void {
    try {
      const fd = (this.io.output as unknown as { fd?: number }).fd;
      if (typeof fd === 'number') fs.writeSync(fd, data);
      else this.io.output.write(data);
    } catch {
      // The terminal is gone (hangup): nothing left to restore.
    }
  }
}
