/**
 * Reading and appending to a workspace's context file for `checkpoint`,
 * `context` and `new --with-context`. Errors are values naming the file.
 */
import * as fs from 'node:fs';
import { CONTEXT_FILE_HEADER, formatCheckpoint } from '../agents/checkpoint';
import { fail, ok, Result } from '../common/errors';
import { LIMITS } from '../protocol/messages';

/** The file's text, or undefined when there is none yet. */
export function readContext(file: string): Result<string | undefined> {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return fail('bad-args', `context file ${file} is not a regular file`);
    return ok(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    return fail('bad-args', `cannot read context file ${file}: ${(e as Error).message}`);
  }
}

/** The context text to paste into a fresh agent; missing or too large is an error before anything starts. */
export function contextForPaste(file: string): Result<string> {
  const r = readContext(file);
  if (!r.ok) return r;
  if (r.value === undefined || r.value.trim() === '') {
    return fail('not-found', `no context to paste: ${file} is missing or empty; write one with \`spaces checkpoint NAME -m TEXT\`, or drop --with-context`);
  }
  if (Buffer.byteLength(r.value) > LIMITS.maxSendBytes) {
    return fail('bad-args', `context file ${file} is larger than ${LIMITS.maxSendBytes} bytes; trim it before pasting it into an agent`);
  }
  return ok(r.value);
}

/** Appends a checkpoint (creating the file with a short header); returns the entry written. */
export function appendCheckpoint(file: string, session: string, text: string, when: Date): Result<string> {
  const entry = formatCheckpoint(when, session, text);
  try {
    let prefix = '';
    if (!fs.existsSync(file)) prefix = CONTEXT_FILE_HEADER;
    // O_APPEND: concurrent checkpoints from several sessions interleave whole entries.
    fs.appendFileSync(file, prefix + entry);
  } catch (e) {
    return fail('bad-args', `cannot write context file ${file}: ${(e as Error).message}`);
  }
  return ok(entry);
}
