/**
 * The sessions directory ($SPACES_HOME/sessions, 0700): one directory per session,
 * named by its id, holding the manifest and each pane's output log.
 *
 *   sessions/<id>/manifest.json      the session (storage/manifest.ts), 0600
 *   sessions/<id>/p<n>/<offset>.log  pane output (storage/log-format.ts), 0600
 *
 * Manifests are written whole and atomically (temp file, fsync, rename), so a
 * crash leaves the old manifest or the new one, never half of one. Writes are
 * coalesced to one per session per MANIFEST_COALESCE_MS (a program's exit is
 * written at once) and skipped when nothing changed. Nothing here ever throws
 * into the daemon: disk trouble is logged once per session and the sessions keep
 * running.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryConfig } from '../common/history-config';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../platform/private-dir';
import { parseSegmentName } from '../storage/log-format';
import { LogWriter } from '../storage/log-writer';
import { encodeManifest, MANIFEST_FILE, parseManifest, SessionManifest } from '../storage/manifest';
import { DormantSession, rebuildManifest } from './dormant';
import type { Logger } from './logger';
import type { Session } from './session';
import { manifestOf } from './session-manifest';

/**
 * How often sessions that produced output are re-saved even though nothing
 * announced a change: catches what no event reports, such as a shell's `cd`
 * (which always prints a new prompt, hence the output condition). Unchanged
 * manifests are not rewritten, so this costs a readlink per active pane a second,
 * and an idle daemon nothing but the timer.
 */
export const MANIFEST_REFRESH_MS = 1000;

/**
 * Changes are gathered this long before a manifest is written (each write is an
 * fsync on the event loop, ~0.7 ms here and far more on a laptop disk): a border
 * dragged with the mouse changes the layout sixty times a second, and writing
 * each would stall every session's keystrokes. Creation is saved at once.
 */
export const MANIFEST_COALESCE_MS = 100;

const PANE_LOG_RE = /^p\d+$/;
/** A killed session's directory, renamed on its way out; leftovers (a crash mid-delete) are removed at start-up. */
const TRASH_PREFIX = '.deleted-';

export class Store {
  private readonly tracked = new Map<Session, () => void>();
  private readonly refreshedAt = new Map<Session, number>();
  private readonly dirty = new Set<Session>();
  private readonly written = new Map<string, string>();
  private readonly troubled = new Set<string>();
  private flushScheduled = false;
  private frozen = false;
  private readonly refresh: NodeJS.Timeout;

  constructor(
    readonly dir: string,
    readonly config: HistoryConfig,
    private readonly log: Logger,
  ) {
    this.refresh = setInterval(() => {
      for (const s of this.tracked.keys()) {
        const active = s.lastActivity();
        if (active !== this.refreshedAt.get(s)) this.dirty.add(s);
        this.refreshedAt.set(s, active);
      }
      this.writeDirty();
    }, MANIFEST_REFRESH_MS);
    this.refresh.unref();
  }

  /** A fresh session id: sortable by creation time, unique without coordination. */
  newId(now: number): string {
    return `${now.toString(36)}-${randomBytes(4).toString('hex')}`;
  }

  sessionDir(id: string): string {
    return path.join(this.dir, id);
  }

  /** The output log of one pane (continuing what is there), or undefined when logging is off. */
  openLog(sessionId: string, logName: string, size: { cols: number; rows: number }, now: () => number): LogWriter | undefined {
    if (!this.config.log) return undefined;
    const limits = { segmentBytes: this.config.segmentBytes, maxBytes: this.config.maxBytesPerPane };
    return LogWriter.open(path.join(this.sessionDir(sessionId), logName), limits, size, now, (m) => this.log.warn(m));
  }

  /** Saves the session now, and again whenever it announces a change. */
  track(session: Session): void {
    if (this.tracked.has(session)) return;
    this.tracked.set(session, session.onChange(() => this.markDirty(session)));
    this.save(session);
  }

  /**
   * Writes a tracked session's manifest at once instead of after MANIFEST_COALESCE_MS:
   * for a program's exit, which is rare and must survive a crash right after it
   * (lost, the finished session would come back as resurrectable and run again).
   */
  saveNow(session: Session): void {
    if (this.tracked.has(session)) this.save(session);
  }

  /**
   * Deletes a session's directory: its manifest and all its output. The directory
   * is first renamed out of the way (atomic), so a crash at any point after this
   * call can never bring the session back; the files go once the returned
   * promise resolves.
   */
  forget(id: string, session?: Session): Promise<void> {
    if (session) {
      this.tracked.get(session)?.();
      this.tracked.delete(session);
      this.dirty.delete(session);
      this.refreshedAt.delete(session);
    }
    this.written.delete(id);
    // A name of its own each time: the same session can be forgotten twice (killed
    // while a resurrect recreated its directory) before the first removal is done,
    // and a rename onto that would fail and leave the session to come back.
    const trash = path.join(this.dir, `${TRASH_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
    try {
      fs.renameSync(this.sessionDir(id), trash);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve();
      this.log.warn(`could not delete ${this.sessionDir(id)}: ${(e as Error).message}`);
      return Promise.resolve();
    }
    return this.removeTrash(trash);
  }

  /** Deletes one closed pane's log (the session's manifest no longer names it). */
  forgetPane(sessionId: string, logName: string): Promise<void> {
    if (!PANE_LOG_RE.test(logName)) return Promise.resolve();
    return this.removeTrash(path.join(this.sessionDir(sessionId), logName));
  }

  private removeTrash(dir: string): Promise<void> {
    return fs.promises.rm(dir, { recursive: true, force: true }).catch((e: Error) => {
      this.log.warn(`could not delete ${dir}: ${e.message}`);
    });
  }

  /**
   * Stops writing manifests: during shutdown the programs are hung up, and their
   * exits must not be recorded, or nothing would come back after a restart.
   */
  freeze(): void {
    this.writeDirty();
    this.frozen = true;
    clearInterval(this.refresh);
  }

  /** Every session directory left by a previous daemon, as resurrectable sessions. */
  loadDormant(fallback: { cwd: string; shell: string; now: number }): DormantSession[] {
    let entries: string[];
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      entries = fs.readdirSync(this.dir).sort();
    } catch (e) {
      this.log.error(`cannot read ${this.dir}: ${(e as Error).message}; no session can be resurrected`);
      return [];
    }
    const found: DormantSession[] = [];
    for (const id of entries) {
      const dir = this.sessionDir(id);
      if (id.startsWith(TRASH_PREFIX)) {
        void this.removeTrash(dir);
        continue;
      }
      if (id.startsWith('.')) continue;
      try {
        if (!fs.lstatSync(dir).isDirectory()) continue;
        const d = this.loadOne(id, dir, fallback);
        if (d) found.push(d);
      } catch (e) {
        this.log.warn(`skipping ${dir}: ${(e as Error).message}`);
      }
    }
    return found;
  }

  private loadOne(id: string, dir: string, fallback: { cwd: string; shell: string; now: number }): DormantSession | undefined {
    const files = fs.readdirSync(dir);
    for (const f of files) if (f.startsWith(`${MANIFEST_FILE}.tmp`)) fs.rmSync(path.join(dir, f), { force: true });
    const logDirs = files
      .filter((f) => PANE_LOG_RE.test(f) && holdsSegments(path.join(dir, f)))
      .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    let content: string | undefined;
    try {
      content = fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8');
    } catch {
      content = undefined;
    }
    if (content === undefined && logDirs.length === 0) return undefined; // an empty directory: nothing to bring back
    const read = content === undefined ? { salvage: {}, problem: 'manifest missing' } : parseManifest(content);
    if (read.manifest && read.manifest.id === id) return new DormantSession(dir, read.manifest.name, read.manifest, []);
    const problem = read.manifest ? `manifest names id ${read.manifest.id}, not ${id}` : read.problem!;
    this.log.warn(`session ${id}: ${problem}; recovering what is left`);
    const manifest = rebuildManifest(id, { ...read.salvage, id }, logDirs, { name: `recovered-${id.slice(-8)}`, ...fallback });
    return new DormantSession(dir, manifest.name, manifest, [problem]);
  }

  private markDirty(session: Session): void {
    if (this.frozen) return;
    this.dirty.add(session);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => {
      this.flushScheduled = false;
      this.writeDirty();
    }, MANIFEST_COALESCE_MS).unref();
  }

  private writeDirty(): void {
    for (const s of this.dirty) this.save(s);
    this.dirty.clear();
  }

  private save(session: Session): void {
    if (this.frozen) return;
    this.dirty.delete(session);
    this.writeManifest(session.id, manifestOf(session));
  }

  /** Writes a manifest atomically; unchanged content is not rewritten. */
  writeManifest(id: string, manifest: SessionManifest): void {
    const text = encodeManifest(manifest);
    if (this.written.get(id) === text) return;
    const dir = this.sessionDir(id);
    const file = path.join(dir, MANIFEST_FILE);
    const tmp = `${file}.tmp-${process.pid}`;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      const fd = fs.openSync(tmp, 'w', PRIVATE_FILE_MODE);
      try {
        fs.writeSync(fd, text);
        // Without this a power cut could leave the renamed file empty.
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
      this.written.set(id, text);
      this.troubled.delete(id);
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // Nothing more to clean up than the directory allows.
      }
      if (!this.troubled.has(id)) this.log.error(`cannot save the manifest of session ${manifest.name} (${dir}): ${(e as Error).message}`);
      this.troubled.add(id);
    }
  }
}

/** Whether a directory holds any output log segment (so there is something to recover). */
function holdsSegments(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((f) => parseSegmentName(f) !== null);
  } catch {
    return false;
  }
}
