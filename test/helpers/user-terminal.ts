/**
 * A person at a terminal, for end-to-end tests: runs a command (usually `spaces
 * attach`) in a real PTY and feeds everything it prints into a headless xterm, so
 * tests read exactly what the user would see: cells, colours, cursor, modes.
 */
import * as pty from 'node-pty';
import { Terminal } from '@xterm/headless';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { BIN } from './spaces';
import { isAlive, killQuietly } from './procs';
import { waitFor } from './wait-for';

export interface UserTerminalOptions {
  cols?: number;
  rows?: number;
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export class UserTerm {
  readonly term: Terminal;
  readonly proc: pty.IPty;
  exitCode: number | null = null;
  /** Every byte the program wrote (for byte-count assertions). */
  bytes = 0;
  raw = '';
  private pending = 0;

  /** Runs `spaces ARGS...`, or with `command`, that program with ARGS. */
  constructor(args: string[], opts: UserTerminalOptions, command?: string) {
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 30;
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    const file = command ?? process.execPath;
    const argv = command ? args : [BIN, ...args];
    this.proc = pty.spawn(file, argv, {
      cols,
      rows,
      cwd: opts.cwd ?? process.cwd(),
      env: { TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'C.UTF-8', ...opts.env } as Record<string, string>,
      name: 'xterm-256color',
    });
    this.proc.onData((d) => {
      this.bytes += Buffer.byteLength(d);
      this.raw += d;
      if (this.raw.length > 1 << 20) this.raw = this.raw.slice(-(1 << 19));
      this.pending++;
      this.term.write(d, () => this.pending--);
    });
    // The user's terminal answers queries (cursor position, device attributes) like a real one.
    this.term.onData((d) => {
      if (this.exitCode === null) this.proc.write(d);
    });
    this.proc.onExit(({ exitCode }) => {
      this.exitCode = exitCode;
    });
  }

  get pid(): number {
    return this.proc.pid;
  }

  type(text: string): void {
    this.proc.write(text);
  }

  /** The visible screen as lines of text (right-trimmed). */
  lines(): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return out;
  }

  text(): string {
    return this.lines().join('\n');
  }

  line(y: number): string {
    return this.lines()[y] ?? '';
  }

  /** Waits until everything received so far has been parsed, then checks. */
  async waitForText(pattern: string | RegExp, label?: string, timeout = 10_000): Promise<void> {
    await waitFor(
      () => this.pending === 0 && (typeof pattern === 'string' ? this.text().includes(pattern) : pattern.test(this.text())),
      { label: label ?? `the user's screen to show ${pattern}`, timeout },
    ).catch((e) => {
      const exited = this.exitCode === null ? '' : ` (the program exited with ${this.exitCode})`;
      throw new Error(`${(e as Error).message}${exited}\n--- screen ---\n${this.text()}\n--- last bytes ---\n${JSON.stringify(this.raw.slice(-300))}\n--------------`);
    });
  }

  async waitForExit(timeout = 10_000): Promise<number> {
    // And until its last bytes are parsed: what the screen shows after exit is final.
    await waitFor(() => this.exitCode !== null && this.pending === 0, { label: 'the client to exit', timeout });
    return this.exitCode!;
  }

  /** Main screen back, cursor visible: what a restored terminal looks like. */
  restored(): boolean {
    const core = (this.term as unknown as { _core: { coreService: { isCursorHidden: boolean } } })._core;
    return this.term.buffer.active.type === 'normal' && !core.coreService.isCursorHidden;
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.proc.resize(cols, rows);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (isAlive(this.proc.pid)) killQuietly(this.proc.pid, signal);
  }

  dispose(): void {
    this.kill();
    this.term.dispose();
  }
}
