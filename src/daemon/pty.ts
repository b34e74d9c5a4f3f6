/**
 * The only module that imports node-pty: the OS seam for pseudo-terminals
 * (zellij's ServerOsApi). Everything else sees `PtyProcess`, so the pane logic can
 * be driven by a fake in unit tests.
 */
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
  return {
    pid: pty.pid,
    write: (data) => pty.write(data),
    resize: (cols, rows) => {
      try {
        pty.resize(cols, rows);
      } catch {
        // The program may have exited between our check and the ioctl; nothing to resize.
      }
    },
    signal: (sig) => {
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
