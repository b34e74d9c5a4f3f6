/** Reading a session's files on disk, as a person debugging spaces would. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpacesHome } from './spaces';

/** The directory of the session named `name` (found through the manifests). */
export function sessionDir(sp: SpacesHome, name: string): string {
  const root = path.join(sp.dir, 'sessions');
  for (const id of fs.readdirSync(root)) {
    try {
      const m = JSON.parse(fs.readFileSync(path.join(root, id, 'manifest.json'), 'utf8'));
      if (m.name === name) return path.join(root, id);
    } catch {
      // not this one
    }
  }
  throw new Error(`no manifest for session ${name} under ${root}`);
}

/** Every byte of a pane's output log, segments concatenated in stream order. */
export function logBytes(sp: SpacesHome, name: string, pane = 'p0'): Buffer {
  const dir = path.join(sessionDir(sp, name), pane);
  const segs = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  return Buffer.concat(segs.map((f) => fs.readFileSync(path.join(dir, f))));
}
