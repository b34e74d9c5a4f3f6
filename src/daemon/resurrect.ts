/**
 * How each pane of a resurrectable session comes back: which program runs, what
 * the screen shows before it starts, and the one-line marker between the two.
 *
 * - Shells come back as fresh shells in the directory the old one was working in.
 * - Agents come back through their own resume command (pane.agent.resumeArgv,
 *   filled by the agent presets), which reopens the same conversation.
 * - Any other command is not run again unless asked (`--rerun`): a build or a
 *   migration that ran once should not silently run twice. Its pane gets a shell.
 */
import * as fs from 'node:fs';
import { localTime } from '../common/time-format';
import { LogView, readRange } from '../storage/log-reader';
import type { PaneManifest } from '../storage/manifest';
import { describeCommand } from './command';

/**
 * Old output replayed into a resurrected pane's screen. 4 MiB fills the default
 * 2,000 lines of in-memory history even at 2 KB of colour codes per line, and
 * parses in about a tenth of a second; older output stays reachable through the
 * log (`capture --scrollback all`, `replay`, `grep`).
 */
export const RESTORE_TAIL_BYTES = 4 * 1024 * 1024;

const SHELLS = new Set(['sh', 'bash', 'zsh', 'fish', 'dash', 'ksh', 'mksh', 'tcsh', 'csh', 'nu', 'elvish', 'xonsh', 'pwsh', 'yash']);

/** A shell run interactively: no script, no `-c`, only options such as `-l` or `-i`. */
export function isShell(argv: string[]): boolean {
  const name = (argv[0] ?? '').split('/').pop()!.replace(/^-/, '');
  return SHELLS.has(name) && argv.slice(1).every((a) => /^-[a-z]+$/i.test(a) && !a.includes('c'));
}

/** How a pane's note begins when its command was replaced by a shell (the CLI then mentions --rerun). */
export const NOT_RERUN = 'a shell instead of: ';

export interface PanePlan {
  argv: string[];
  /** What the marker line says about the new process. */
  note: string;
}

export function planPane(p: PaneManifest, opts: { rerun: boolean; shell: string }): PanePlan {
  if (p.agent?.resumeArgv && p.agent.resumeArgv.length > 0) {
    const id = p.agent.conversationId ? ` ${p.agent.conversationId}` : '';
    return { argv: p.agent.resumeArgv, note: `resumed ${p.agent.preset} conversation${id}` };
  }
  if (isShell(p.argv)) return { argv: p.argv, note: `new shell (${describeCommand(p.argv)})` };
  if (opts.rerun) return { argv: p.argv, note: `started again: ${describeCommand(p.argv)}` };
  // The command goes last: it is the part the marker may have to cut.
  return { argv: [opts.shell], note: `${NOT_RERUN}${describeCommand(p.argv)}` };
}

/** The directory the pane worked in, if it still exists; else the session's; else home. */
export function restoreCwd(candidates: Array<string | undefined>): string {
  for (const c of candidates) {
    try {
      if (c && fs.statSync(c).isDirectory()) return c;
    } catch {
      // gone; try the next
    }
  }
  return '/';
}

/** The last RESTORE_TAIL_BYTES of the log, starting at a line boundary so no escape sequence is cut in half. */
export async function restoreTail(view: LogView): Promise<Buffer[]> {
  const from = Math.max(view.start, view.end - RESTORE_TAIL_BYTES);
  const chunks: Buffer[] = [];
  let skipping = from > view.start;
  for await (const { data } of readRange(view, from, view.end)) {
    if (skipping) {
      const nl = data.indexOf(0x0a);
      if (nl < 0) continue;
      skipping = false;
      chunks.push(data.subarray(nl + 1));
    } else chunks.push(data);
  }
  return chunks;
}

/**
 * Leaves whatever mode the old program left the terminal in (mouse reporting,
 * bracketed paste, colours, a scroll region), so the new program starts clean.
 * DECSTR (CSI ! p) is the soft reset every terminal since the VT220 knows.
 */
const RESET = '\x1b[!p\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1004l\x1b[?2004l\x1b[?25h\x1b[0m';
/** Leaving the alternate screen restores the cursor saved on entering it; sent only if the old program was on it. */
const LEAVE_ALT = '\x1b[?1049l';

const ALT_ON = ['\x1b[?1049h', '\x1b[?1047h', '\x1b[?47h'].map((s) => Buffer.from(s));
const ALT_OFF = ['\x1b[?1049l', '\x1b[?1047l', '\x1b[?47l'].map((s) => Buffer.from(s));

/** Whether the bytes leave the terminal on the alternate screen (a full-screen program was running). */
export function endsOnAltScreen(chunks: Buffer[]): boolean {
  for (let i = chunks.length - 1; i >= 0; i--) {
    const on = Math.max(...ALT_ON.map((p) => chunks[i].lastIndexOf(p)));
    const off = Math.max(...ALT_OFF.map((p) => chunks[i].lastIndexOf(p)));
    if (on >= 0 || off >= 0) return on > off;
  }
  return false;
}

/** The one line between old output and the new process, dim, cut to the pane's width. */
export function markerBytes(note: string, when: number, cols: number, tail: Buffer[]): Buffer {
  const alt = endsOnAltScreen(tail);
  const last = tail[tail.length - 1];
  const atLineStart = !alt && (!last || last.length === 0 || last[last.length - 1] === 0x0a);
  let text = `--- spaces: restored ${localTime(when)}; ${note} ---`;
  if (text.length > cols - 1) text = `${text.slice(0, Math.max(0, cols - 2))}~`;
  return Buffer.from(`${alt ? LEAVE_ALT : ''}${RESET}${atLineStart ? '' : '\r\n'}\x1b[2m${text}\x1b[0m\r\n`, 'utf8');
}
