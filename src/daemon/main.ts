/**
 * The daemon's composition root. Started detached by any CLI command that needs
 * it; owns every session; exits on `spaces kill-server`, on SIGTERM, or once the
 * last session (running or resurrectable) is gone and no client is connected
 * (tmux's exit-empty: nothing is left to keep, and the next command starts a
 * fresh daemon in a few hundred ms). However it exits, every session's manifest
 * and log stay on disk, and the next daemon lists those sessions as resurrectable
 * (only `spaces kill` forgets one).
 *
 * Startup reports to the process that spawned it through fd 3, one line:
 * `ready`, `taken` (another daemon already serves this SPACES_HOME) or
 * `error <message>`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Server, Socket } from 'node:net';
import { HistoryConfig, parseHistoryConfig } from '../common/history-config';
import { MAX_SOCKET_PATH, resolvePaths, SpacesPaths } from '../common/paths';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../platform/private-dir';
import { startAttention } from './attention';
import type { AttachedClient } from './attached-client';
import { Connection } from './connection';
import { claimSocket } from './listen';
import { fileLogger, Logger } from './logger';
import { journalFile } from '../common/journal';
import { configureJournal } from './events';
import { startNotifier } from './notify';
import { realPaneFactory } from './pane-factory';
import { Registry } from './registry';
import { Store } from './store';

/** After SIGHUP and SIGKILL have been sent, how long shutdown waits for programs to be reaped. */
const SHUTDOWN_DEADLINE_MS = 4000;
/** Rotate the daemon log past this size, keeping one old copy. */
const MAX_LOG_BYTES = 8 * 1024 * 1024;

function report(line: string): void {
  try {
    fs.writeSync(3, `${line}\n`);
    fs.closeSync(3);
  } catch {
    // Started by hand, without a status pipe.
  }
}

async function main(): Promise<void> {
  process.title = 'spaces-daemon';
  const paths = resolvePaths(process.env, os.homedir());
  for (const [dir, what] of [
    [paths.home, 'spaces state directory'],
    [paths.socketDir, 'spaces socket directory'],
  ] as const) {
    const ok = ensurePrivateDir(dir, what);
    if (!ok.ok) {
      report(`error ${ok.error.message}`);
      process.exit(1);
    }
  }
  if (Buffer.byteLength(paths.socket) > MAX_SOCKET_PATH) {
    report(`error socket path ${paths.socket} is longer than ${MAX_SOCKET_PATH} bytes; set SPACES_HOME to a shorter directory`);
    process.exit(1);
  }
  rotateLog(paths.logFile);
  const logFd = fs.openSync(paths.logFile, 'a', PRIVATE_FILE_MODE);
  const log = fileLogger(logFd);

  const claim = await claimSocket(paths.socket);
  if (claim.kind === 'taken') {
    report('taken');
    process.exit(0);
  }
  if (claim.kind === 'error') {
    log.error(claim.message);
    report(`error ${claim.message}`);
    process.exit(1);
  }
  writePidFile(paths.pidFile);
  log.info(`daemon started, pid ${process.pid}, socket ${paths.socket}`);
  configureJournal(journalFile(paths), Date.now, (e) => log.warn(`event journal: ${e.message}`));

  const config = loadHistoryConfig(paths, log);
  const dirOk = ensurePrivateDir(paths.sessionsDir, 'spaces sessions directory');
  if (!dirOk.ok) log.error(`${dirOk.error.message}; sessions will not survive a restart`);
  const daemon = new Daemon(claim.server, paths.pidFile, log, new Store(paths.sessionsDir, config, log));
  process.chdir('/');
  daemon.start();
  report('ready');
  if (config.autoResurrect) await daemon.resurrectAll();
}

function loadHistoryConfig(paths: SpacesPaths, log: Logger): HistoryConfig {
  let text: string | undefined;
  try {
    text = fs.readFileSync(paths.configFile, 'utf8');
  } catch {
    text = undefined;
  }
  const { config, problems } = parseHistoryConfig(text, process.env, paths.configFile);
  for (const p of problems) log.warn(p);
  return config;
}

class Daemon {
  private readonly connections = new Set<Connection>();
  private readonly viewers = new Set<AttachedClient>();
  private readonly registry: Registry;
  private stopping = false;

  constructor(
    private readonly server: Server,
    private readonly pidFile: string,
    private readonly log: Logger,
    store: Store,
  ) {
    const home = process.env.SPACES_HOME ? path.resolve(process.env.SPACES_HOME) : undefined;
    this.registry = new Registry(realPaneFactory(Date.now), Date.now, home, store);
    this.registry.onRemoved(() => this.exitIfEmpty());
    startNotifier(this.registry, log);
    startAttention(this.registry, this.viewers);
    const found = store.loadDormant({ cwd: os.homedir(), shell: process.env.SHELL || '/bin/sh', now: Date.now() });
    this.registry.addDormant(found);
    if (found.length > 0) log.info(`found ${found.length} resurrectable session(s): ${found.map((d) => d.name).join(', ')}`);
    // Verify their logs in the background, one session at a time; whatever needs a
    // log (capture, replay, resurrect) waits for its own session's check.
    void (async () => {
      for (const d of found) {
        await d.scanned();
        if (d.damaged) log.warn(`session ${d.name} (${d.dir}) is damaged: ${d.damage.join('; ')}`);
      }
    })();
  }

  /** `resurrect.auto` in config.json: everything found on disk comes back at start-up (what had finished stays exited). */
  async resurrectAll(): Promise<void> {
    for (const d of this.registry.listDormant().filter((x) => !x.finished)) {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
      const r = await this.registry.resurrect(d.name, { env, rerun: false });
      if (r.ok) this.log.info(`resurrected ${d.name}: ${r.value.notes.join('; ')}`);
      else this.log.warn(`could not resurrect ${d.name}: ${r.error.message}`);
    }
  }

  start(): void {
    this.server.on('connection', (socket: Socket) => {
      if (this.stopping) {
        socket.destroy();
        return;
      }
      const conn = new Connection(socket, {
        registry: this.registry,
        viewers: this.viewers,
        log: this.log,
        shutdown: () => this.shutdown('kill-server'),
        onConnectionClosed: (c) => {
          this.connections.delete(c);
          this.exitIfEmpty();
        },
      });
      this.connections.add(conn);
    });
    process.on('SIGTERM', () => this.shutdown('SIGTERM'));
    process.on('SIGINT', () => this.shutdown('SIGINT'));
    // A hangup of whatever terminal started us is none of our business.
    process.on('SIGHUP', () => undefined);
    process.on('uncaughtException', (e) => this.log.error(`uncaught: ${e.stack ?? e}`));
    process.on('unhandledRejection', (e) => this.log.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
  }

  private exitIfEmpty(): void {
    // Resurrectable sessions count: they are listed, and their logs are being checked.
    const empty = this.registry.size === 0 && this.registry.listDormant().length === 0;
    if (!this.stopping && empty && this.connections.size === 0) this.shutdown('no sessions left');
  }

  shutdown(reason: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.log.info(`shutting down: ${reason}`);
    this.server.close();
    removePidFileIfOurs(this.pidFile);
    for (const c of this.connections) c.end(`the daemon was stopped (${reason})`);
    const deadline = setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS);
    void this.registry.shutdown().then(() => {
      clearTimeout(deadline);
      this.log.info('all programs ended; exiting');
      process.exit(0);
    });
  }
}

function writePidFile(file: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${process.pid}\n`, { mode: PRIVATE_FILE_MODE });
  fs.renameSync(tmp, file);
}

/**
 * Removes the pid file unless a newer daemon has already replaced it. (The socket
 * file needs no help: closing the server unlinks it.)
 */
function removePidFileIfOurs(pidFile: string): void {
  try {
    if (fs.readFileSync(pidFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(pidFile);
  } catch {
    // Already gone.
  }
}

function rotateLog(file: string): void {
  try {
    if (fs.statSync(file).size > MAX_LOG_BYTES) fs.renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
}

main().catch((e) => {
  report(`error ${(e as Error).message}`);
  process.exit(1);
});
