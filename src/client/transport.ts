/**
 * The transport seam: how a client reaches a daemon. Everything above it (the
 * protocol channel, request/reply, the attached view, reconnecting) sees only a
 * Duplex byte stream, whether that is this machine's Unix socket or the stdio of
 * an `ssh HOST spaces proxy` child. What differs between the two is declared
 * here, not discovered by the code above.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { fail, ok, Result } from '../common/errors';
import type { SpacesPaths } from '../common/paths';
import { checkPrivateDir } from '../platform/private-dir';
import { NO_DAEMON } from './no-daemon';
import { startDaemon } from './start-daemon';

export interface OpenOptions {
  /**
   * The user can answer prompts now (ssh asking for a password or to trust a host
   * key). False for reconnects behind a painted screen, where a prompt would be
   * garbled and typed keys would go to the wrong reader: those fail instead.
   */
  interactive: boolean;
}

export interface Transport {
  /** The host, for a daemon on another machine ("box", "user@box"); messages name it. */
  readonly remote?: string;
  /**
   * The link can die without telling us (ssh over a network), so both ends must
   * send heartbeats. A Unix socket always reports its peer's death: no need.
   */
  readonly heartbeat: boolean;
  /**
   * Opens a byte stream to a daemon (before the handshake). A stream that fails
   * later says why through its 'error' event, with a one-line message.
   */
  open(opts: OpenOptions): Promise<Result<Duplex>>;
}

export function localTransport(paths: SpacesPaths, start: boolean): Transport {
  return {
    heartbeat: false,
    open: () => openDaemonSocket(paths, start),
  };
}

/**
 * Connects to this machine's daemon socket, starting the daemon first when none
 * answers and `start` allows it.
 */
export async function openDaemonSocket(paths: SpacesPaths, start: boolean): Promise<Result<net.Socket>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (fs.existsSync(paths.socketDir)) {
      const dir = checkPrivateDir(paths.socketDir, 'spaces socket directory');
      if (!dir.ok) return dir;
    }
    const sock = await connectSocket(paths.socket);
    if (sock instanceof net.Socket) return ok(sock);
    if (sock.code !== 'ENOENT' && sock.code !== 'ECONNREFUSED') {
      return fail('unavailable', `cannot connect to the daemon at ${paths.socket}: ${sock.message}`);
    }
    if (!start) return fail('unavailable', NO_DAEMON);
    const started = await startDaemon(paths);
    if (!started.ok) return started;
  }
  return fail('unavailable', `the daemon at ${paths.socket} started but does not accept connections; see ${paths.logFile}`);
}

function connectSocket(path: string): Promise<net.Socket | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const s = net.connect(path);
    s.once('connect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e));
  });
}
