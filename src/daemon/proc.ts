/** What Linux tells about a running program through /proc (an OS seam; absent elsewhere). */
import * as fs from 'node:fs';

/** The working directory of `pid`, or undefined when it cannot be read. */
export function processCwd(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}
