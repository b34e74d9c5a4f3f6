/**
 * The context file: a Markdown file at the workspace root (AGENT_CONTEXT.md by
 * default) that collects checkpoints, so that what one agent learned can be fed
 * to the next one. Entries are appended, never rewritten: the file is the user's
 * too, and they may edit it by hand.
 */
import * as path from 'node:path';

export const CONTEXT_FILE_HEADER =
  '# Agent context\n\n' +
  'Checkpoints written with `spaces checkpoint NAME -m TEXT`. A fresh agent gets this file with\n' +
  '`spaces new NAME --agent AGENT --with-context`. Edit freely.\n';

/** The context file of the workspace at `root`; `configured` may be absolute. */
export function contextFilePath(root: string, configured: string): string {
  return path.resolve(root, configured);
}

/** One checkpoint: a dated heading naming the session, then the text. */
export function formatCheckpoint(when: Date, session: string, text: string): string {
  return `\n## ${localStamp(when)} · ${session}\n\n${text.trim()}\n`;
}

/** `2026-01-05 14:03 +01:00`: local time, with the offset so entries from several machines still order. */
export function localStamp(d: Date): string {
  const p = (x: number) => String(x).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())} ` +
    `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`
  );
}
