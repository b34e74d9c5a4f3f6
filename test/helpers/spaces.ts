/**
 * A private spaces installation for one test file: a temporary SPACES_HOME, the
 * real CLI (bin/spaces) run as a child process, and cleanup that stops the daemon
 * and every process it started, by pid.
 */
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { descendants, isAlive, killQuietly } from './procs';
import { waitFor } from './wait-for';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'spaces');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class SpacesHome {
  readonly dir: string;
  private readonly started = new Set<ChildProcess>();
  private readonly daemonPids = new Set<number>();

  constructor(prefix = 'sp') {
    // Short: Unix socket paths must fit in 108 bytes.
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  }

  /** The environment for a `spaces` process: EXTRA on top; a key set to undefined is removed. */
  env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    // SHELL=/bin/sh: panes started without a command must not depend on the machine's
    // shell start-up files (an interactive bash with pyenv takes a second or more here).
    const env: NodeJS.ProcessEnv = { ...process.env, SPACES_HOME: this.dir, SHELL: '/bin/sh', PS1: '$ ', ...extra };
    delete env.TMUX;
    delete env.SPACES_SESSION;
    delete env.SPACES_HISTORY;
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    return env;
  }

  /** Runs `spaces ARGS...` to completion. */
  run(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: opts.cwd ?? this.dir,
        env: this.env(opts.env),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        this.rememberDaemon();
        resolve({ code: code ?? -1, stdout, stderr });
      });
      child.stdin.end(opts.input ?? '');
    });
  }

  /** Runs and expects success; returns stdout. */
  async ok(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<string> {
    const r = await this.run(args, opts);
    if (r.code !== 0) throw new Error(`spaces ${args.join(' ')} exited ${r.code}: ${r.stderr || r.stdout}`);
    return r.stdout;
  }

  /** Starts `spaces ARGS...` without waiting for it (a long-lived client). */
  start(args: string[]): ChildProcess {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: this.dir, env: this.env(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.started.add(child);
    child.on('exit', () => this.started.delete(child));
    return child;
  }

  async ls(): Promise<Array<Record<string, unknown> & { name: string; state: string }>> {
    return JSON.parse(await this.ok(['ls', '--json']));
  }

  daemonPid(): number | undefined {
    try {
      const pid = Number(fs.readFileSync(path.join(this.dir, 'daemon.pid'), 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  private rememberDaemon(): void {
    const pid = this.daemonPid();
    if (pid) this.daemonPids.add(pid);
  }

  /** Stops everything this home started: clients, the daemon and its panes. */
  async cleanup(): Promise<void> {
    for (const c of this.started) if (c.pid) killQuietly(c.pid);
    this.rememberDaemon();
    const pids = [...this.daemonPids].filter(isAlive);
    const tree = pids.flatMap((p) => [p, ...descendants(p)]);
    if (pids.length) await this.run(['kill-server']).catch(() => undefined);
    await waitFor(() => tree.every((p) => !isAlive(p)), { label: 'daemon and panes to exit after kill-server', timeout: 8000 }).catch(
      () => tree.forEach((p) => killQuietly(p)),
    );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
