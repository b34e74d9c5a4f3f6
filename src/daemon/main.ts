/**
 * The daemon's composition root. Started detached by any CLI command that needs
 * it; owns every session; exits on `spaces kill-server`, on SIGTERM, or once the
 * last session is gone and no client is connected (tmux's exit-empty: nothing is
 * left to keep, and the next command starts a fresh daemon in a few hundred ms).
 *
 * Startup reports to the process that spawned it through fd 3, one line:
 * `ready`, `taken` (another daemon already serves this SPACES_HOME) or
 * `error <message>`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Server, Socket } from 'node:net';
import { MAX_SOCKET_PATH, resolvePaths } from '../common/paths';
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

  const daemon = new Daemon(claim.server, paths.pidFile, log);
  process.chdir('/');
  daemon.start();
  report('ready');
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
  ) {
    this.registry = new Registry(realPaneFactory(Date.now), Date.now, process.env.SPACES_HOME ? path.resolve(process.env.SPACES_HOME) : undefined);
    this.registry.onRemoved(() => this.exitIfEmpty());
    startNotifier(this.registry, log);
    startAttention(this.registry, this.viewers);
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
    if (!this.stopping && this.registry.size === 0 && this.connections.size === 0) this.shutdown('no sessions left');
  }

  shutdown(reason: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.log.info(`shutting down: ${reason}`);
    this.server.close();
    removePidFileIfOurs(this.pidFile);
    for (const c of this.connections) c.end();
    const deadline = setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS);
    void this.registry.killAll().then(() => {
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
