/**
 * Claiming the daemon's socket, which doubles as the single-instance lock.
 *
 * bind() on a path is atomic, so only one daemon can listen. The hard part is a
 * stale socket file left by a daemon that was killed: removing it must never
 * remove a live daemon's socket. Stale-socket takeover therefore happens only
 * while holding a short-lived lock directory (mkdir is atomic), and only after a
 * second probe inside that lock still finds nobody listening. A daemon that binds
 * without the lock cannot race us: while the stale file exists its bind fails.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { PRIVATE_FILE_MODE } from '../platform/private-dir';

export type Claim = { kind: 'listening'; server: net.Server } | { kind: 'taken' } | { kind: 'error'; message: string };

/** A takeover lock older than this was left by a daemon that died mid-takeover. */
const STALE_TAKEOVER_MS = 10_000;
/** How long to keep retrying while another daemon holds the takeover lock. */
const CLAIM_PATIENCE_MS = 5_000;
const RETRY_MS = 25;

export async function claimSocket(path: string): Promise<Claim> {
  const deadline = Date.now() + CLAIM_PATIENCE_MS;
  for (;;) {
    const first = await tryListen(path);
    if (first.kind !== 'in-use') return first.kind === 'ok' ? { kind: 'listening', server: first.server } : first;
    if (await isAlive(path)) return { kind: 'taken' };
    const lock = `${path}.takeover`;
    if (takeLock(lock)) {
      try {
        if (await isAlive(path)) return { kind: 'taken' };
        try {
          fs.unlinkSync(path);
        } catch {
          // Already gone.
        }
        const second = await tryListen(path);
        if (second.kind === 'ok') return { kind: 'listening', server: second.server };
        if (second.kind === 'error') return second;
      } finally {
        releaseLock(lock);
      }
    }
    if (Date.now() > deadline) {
      return { kind: 'error', message: `could not claim ${path}: another daemon keeps it locked (remove ${lock} if no daemon runs)` };
    }
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}

type ListenResult = { kind: 'ok'; server: net.Server } | { kind: 'in-use' } | { kind: 'error'; message: string };

function tryListen(path: string): Promise<ListenResult> {
  return new Promise((resolve) => {
    const server = net.createServer();
    // Created 0600 from the start: no window in which another user could connect.
    const oldMask = process.umask(0o177);
    server.once('error', (e: NodeJS.ErrnoException) => {
      process.umask(oldMask);
      if (e.code === 'EADDRINUSE') resolve({ kind: 'in-use' });
      else resolve({ kind: 'error', message: `cannot listen on ${path}: ${e.message}` });
    });
    server.listen(path, () => {
      process.umask(oldMask);
      try {
        fs.chmodSync(path, PRIVATE_FILE_MODE);
      } catch {
        // umask already gave it the right mode.
      }
      resolve({ kind: 'ok', server });
    });
  });
}

function isAlive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function takeLock(lock: string): boolean {
  try {
    fs.mkdirSync(lock, { mode: 0o700 });
    return true;
  } catch {
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs > STALE_TAKEOVER_MS) fs.rmdirSync(lock);
    } catch {
      // Someone else removed it; retry.
    }
    return false;
  }
}

function releaseLock(lock: string): void {
  try {
    fs.rmdirSync(lock);
  } catch {
    // Nothing to release.
  }
}
