/** What Linux tells about a running program through /proc (an OS seam; absent elsewhere). */
import * as fs from 'node:fs';

/** The command line of `pid`, or undefined when it is gone (or a zombie). */
export function processCommand(pid: number): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw === '') return undefined;
    return raw.split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** The working directory of `pid`, or undefined when it cannot be read. */
export function processCwd(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}
