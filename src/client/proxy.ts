/**
 * `spaces proxy`: the far end of an ssh link. ssh runs it on the remote host; it
 * connects to that host's daemon (starting one if none runs) and pumps bytes
 * between its stdio and the daemon's socket, both ways, untouched. The handshake,
 * every request and every frame are the client's and the daemon's business: the
 * proxy never parses a byte, so it adds no latency, no copies and no protocol of
 * its own, and cannot disagree with either end about versions.
 *
 * Heartbeats are end to end (client <-> daemon) rather than proxy <-> client, for
 * the same reason and one more: the daemon itself must learn that a remote client
 * is gone (to stop counting it as a viewer), and only heartbeats that cross the
 * whole path prove the whole path alive.
 *
 * Backpressure: `pipe` stops reading the socket while stdout is full, so a stalled
 * link backs up into the daemon, whose per-client backlog check then pauses that
 * client's frames (and sends one full frame when it drains).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import type { Writable } from 'node:stream';
import { resolvePaths } from '../common/paths';
import { openDaemonSocket } from './transport';

export async function runProxy(): Promise<number> {
  const paths = resolvePaths(process.env, os.homedir());
  const sock = await openDaemonSocket(paths, true);
  if (!sock.ok) {
    // ssh hands our stderr to the client, which shows this line as the reason.
    process.stderr.write(`spaces proxy: ${sock.error.message}\n`);
    return 1;
  }
  return pump(sock.value, process.stdin, stdoutStream());
}

/** Resolves once either side has ended and what the daemon sent is flushed. */
function pump(socket: net.Socket, input: NodeJS.ReadableStream & { destroy(): void }, output: Writable): Promise<number> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      input.unpipe(socket);
      input.destroy();
      socket.destroy();
      resolve(0);
    };
    // stdin's end (the ssh session is over) half-closes the socket: the daemon sees
    // a clean end, closes its side, and that ends the output below.
    input.pipe(socket);
    socket.pipe(output);
    output.on('finish', finish);
    output.on('error', finish);
    socket.on('error', () => output.end());
    input.on('error', () => socket.end());
  });
}

/**
 * Our stdout as an asynchronous stream. Node writes to a pipe on stdout
 * synchronously, which would block the whole proxy (and so the client's keys and
 * heartbeats going the other way) whenever the link is slow to take frames.
 */
function stdoutStream(): Writable {
  try {
    const st = fs.fstatSync(1);
    if (st.isFIFO() || st.isSocket()) return new net.Socket({ fd: 1, readable: false, writable: true });
  } catch {
    // Fall back to process.stdout below.
  }
  return process.stdout;
}
