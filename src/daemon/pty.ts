/**
 * The only module that imports node-pty: the OS seam for pseudo-terminals
 * (zellij's ServerOsApi). Everything else sees `PtyProcess`, so the pane logic can
 * be driven by a fake in unit tests.
 */
import * as fs from 'node:fs';
import * as nodePty from 'node-pty';

export interface PtyExit {
  code: number;
  /** Signal number if the program was killed by one. */
  signal?: number;
}

export interface PtyProcess {
  readonly pid: number;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  /** Sends `signal` to the program's whole process group (it is a session leader). */
  signal(signal: NodeJS.Signals): void;
  pause(): void;
  resume(): void;
  onData(listener: (data: Buffer) => void): void;
  onExit(listener: (exit: PtyExit) => void): void;
}

export interface SpawnOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

export function spawnPty(opts: SpawnOptions): PtyProcess {
  const pty = nodePty.spawn(opts.file, opts.args, {
    name: opts.env.TERM ?? 'xterm-256color',
    cols: opts.cols,
    rows: opts.rows,
    cwd: opts.cwd,
    env: opts.env,
    // Raw bytes: the terminal emulator decodes UTF-8 itself, and the output log must
    // hold exactly what the program wrote, even when it is not valid UTF-8.
    encoding: null,
  } as nodePty.IPtyForkOptions);
  // Once the master fd is closed (node-pty closes it before reporting the exit) its
  // number may already belong to something else: another pane's PTY, a client's
  // socket, a log file. Nothing may write to it or resize it. And once the program
  // has been reaped, its pid may be someone else's: nothing may signal it.
  let fdClosed = false;
  let reaped = false;
  (pty as unknown as { _socket?: NodeJS.EventEmitter })._socket?.once('close', () => {
    fdClosed = true;
  });
  pty.onExit(() => {
    fdClosed = true;
    reaped = true;
  });
  return {
    pid: pty.pid,
    write: (data) => {
      if (!fdClosed) writeNow(pty, data);
    },
    resize: (cols, rows) => {
      if (fdClosed) return;
      try {
        pty.resize(cols, rows);
      } catch {
        // The program may have exited between our check and the ioctl; nothing to resize.
      }
    },
    signal: (sig) => {
      if (reaped) return;
      for (const target of [-pty.pid, pty.pid]) {
        try {
          process.kill(target, sig);
        } catch {
          // Already gone.
        }
      }
    },
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    onData: (listener) => {
      pty.onData((d: string | Buffer) => listener(typeof d === 'string' ? Buffer.from(d, 'utf8') : d));
    },
    onExit: (listener) => {
      pty.onExit(({ exitCode, signal }) => listener({ code: exitCode, signal: signal || undefined }));
    },
  };
}

/**
 * node-pty queues every write through fs.write on libuv's thread pool: a hop to
 * another thread and back on every keystroke. When nothing is queued, a small
 * write goes straight to the (non-blocking) master fd instead, so a typed key
 * reaches the program at once. Anything the kernel does not take (EAGAIN, a
 * partial write) and every large write go through node-pty's queue, in order.
 */
const DIRECT_WRITE_MAX = 4096;

interface PtyInternals {
  fd?: number;
  _writeStream?: { _writeQueue?: unknown[] };
}

function writeNow(pty: nodePty.IPty, data: string | Buffer): void {
  const internals = pty as unknown as PtyInternals;
  const queue = internals._writeStream?._writeQueue;
  const fd = internals.fd;
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (typeof fd !== 'number' || !queue || queue.length > 0 || buf.length > DIRECT_WRITE_MAX) {
    pty.write(buf);
    return;
  }
  let written = 0;
  try {
    written = fs.writeSync(fd, buf);
  } catch {
    written = 0; // EAGAIN (kernel buffer full) or a closing pty: let node-pty's queue deal with it
  }
  if (written < buf.length) pty.write(buf.subarray(written));
}
