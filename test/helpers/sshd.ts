/**
 * A real OpenSSH server for end-to-end tests: started on a free loopback port
 * with its own config, a throwaway host key and a client key authorized for this
 * test only, all in a temporary directory. Clients reach it through an ssh config
 * of host aliases (one per "remote machine", each with its own SPACES_HOME, so
 * one sshd plays several hosts), and the remote command is this checkout's
 * `bin/spaces proxy`.
 *
 * A gate script in front of ssh lets a test make the "network" fail on demand
 * (ssh exits 255 at once, as for an unreachable host) without touching sshd.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { BIN } from './spaces';
import { descendants, isAlive, killQuietly } from './procs';
import { waitFor } from './wait-for';

const SSHD = '/usr/sbin/sshd';
/** sshd refuses to start without its privilege separation directory (Debian makes it at boot). */
const PRIVSEP_DIR = '/run/sshd';

function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** Why sshd cannot run here, or null if it can. */
export function sshdUnavailable(): string | null {
  if (!fs.existsSync(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server)`;
  if (!which('ssh') || !which('ssh-keygen')) return 'the OpenSSH client (ssh, ssh-keygen) is not installed';
  if (!fs.existsSync(PRIVSEP_DIR)) {
    try {
      fs.mkdirSync(PRIVSEP_DIR, { mode: 0o755 });
    } catch (e) {
      return `sshd needs ${PRIVSEP_DIR} and it cannot be created (${(e as Error).message})`;
    }
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export class TestSshd {
  readonly dir: string;
  readonly ssh = which('ssh')!;
  private proc: ChildProcess | null = null;
  private log = '';
  port = 0;
  private readonly hosts: string[] = [];

  private constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sshd-'));
  }

  static async start(): Promise<TestSshd> {
    const d = new TestSshd();
    await d.launch();
    return d;
  }

  /** `ssh` as the client should run it (SPACES_SSH): through the gate, with our config. */
  get sshCommand(): string {
    return `/bin/sh ${this.dir}/gate.sh -F ${this.dir}/ssh_config`;
  }

  /** What ssh runs on the "remote" side (SPACES_REMOTE_COMMAND): this checkout's CLI. */
  get remoteCommand(): string {
    return `'${process.execPath}' '${BIN}' proxy`;
  }

  /** Environment for a local client that reaches the hosts through this sshd. */
  clientEnv(): Record<string, string> {
    return { SPACES_SSH: this.sshCommand, SPACES_REMOTE_COMMAND: this.remoteCommand };
  }

  /** Makes `alias` a host whose spaces live in `spacesHome`; `proxyCommand` wraps the TCP connection. */
  addHost(alias: string, spacesHome: string, proxyCommand?: string): void {
    this.hosts.push(
      [
        `Host ${alias}`,
        '  HostName 127.0.0.1',
        `  Port ${this.port}`,
        ...(proxyCommand ? [`  ProxyCommand ${proxyCommand}`] : []),
        `  User ${os.userInfo().username}`,
        `  IdentityFile ${this.dir}/id`,
        '  IdentitiesOnly yes',
        '  StrictHostKeyChecking no',
        `  UserKnownHostsFile ${this.dir}/known_hosts`,
        '  BatchMode yes',
        '  LogLevel ERROR',
        `  SetEnv SPACES_HOME=${spacesHome}`,
      ].join('\n'),
    );
    this.writeClientConfig();
  }

  /** Makes `alias` a host nobody listens for (connection refused at once). */
  addDeadHost(alias: string, port: number): void {
    this.hosts.push([`Host ${alias}`, '  HostName 127.0.0.1', `  Port ${port}`, '  BatchMode yes', '  LogLevel ERROR'].join('\n'));
    this.writeClientConfig();
  }

  /** From now on ssh fails at once, as if the network were gone. */
  closeGate(): void {
    fs.writeFileSync(path.join(this.dir, 'gate-closed'), '');
  }

  openGate(): void {
    fs.rmSync(path.join(this.dir, 'gate-closed'), { force: true });
  }

  async stop(): Promise<void> {
    const pid = this.proc?.pid;
    if (pid) {
      // Per-connection sshd processes outlive the listener: end them (and what they run) too.
      const tree = [pid, ...descendants(pid)];
      for (const p of tree) killQuietly(p, 'SIGTERM');
      await waitFor(() => tree.every((p) => !isAlive(p)), { label: 'sshd and its sessions to exit', timeout: 5000 }).catch(() =>
        tree.forEach((p) => killQuietly(p, 'SIGKILL')),
      );
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private writeClientConfig(): void {
    fs.writeFileSync(path.join(this.dir, 'ssh_config'), this.hosts.join('\n\n') + '\n');
  }

  private async launch(): Promise<void> {
    const dir = this.dir;
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/host_key`]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/id`]);
    fs.copyFileSync(`${dir}/id.pub`, `${dir}/authorized_keys`);
    fs.writeFileSync(
      `${dir}/gate.sh`,
      `if [ -e '${dir}/gate-closed' ]; then echo 'ssh: connect to host test: Network is unreachable (gate closed by the test)' >&2; exit 255; fi\n` +
        `exec '${this.ssh}' "$@"\n`,
    );
    this.writeClientConfig();
    // A port can be taken between our probe and sshd's bind; one more try covers it.
    for (let attempt = 0; attempt < 3; attempt++) {
      this.port = await freePort();
      fs.writeFileSync(`${dir}/sshd_config`, this.serverConfig());
      if (await this.spawnSshd()) return;
    }
    throw new Error(`sshd did not start: ${this.log.trim().split('\n').slice(-3).join(' | ')}`);
  }

  private serverConfig(): string {
    return [
      `Port ${this.port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${this.dir}/host_key`,
      `PidFile ${this.dir}/sshd.pid`,
      `AuthorizedKeysFile ${this.dir}/authorized_keys`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // The temp directory's modes are not sshd's business here.
      'StrictModes no',
      // Each alias says which SPACES_HOME plays that machine.
      'AcceptEnv SPACES_HOME',
      // bash sources ~/.bashrc for commands run by sshd when SHLVL is below 2; on this
      // machine that is pyenv's set-up, a second per connection. Not what we test.
      'SetEnv SHLVL=1',
      // "Server listening on" is logged at INFO: our signal that it is ready.
      'LogLevel INFO',
      '',
    ].join('\n');
  }

  /** Starts sshd in the foreground (-D, logging to stderr: -e); true once it listens. */
  private spawnSshd(): Promise<boolean> {
    return new Promise((resolve) => {
      const proc = spawn(SSHD, ['-D', '-e', '-f', `${this.dir}/sshd_config`], { stdio: ['ignore', 'ignore', 'pipe'] });
      this.log = '';
      let settled = false;
      const settle = (ok: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (ok) this.proc = proc;
        resolve(ok);
      };
      const timer = setTimeout(() => {
        killQuietly(proc.pid!);
        settle(false);
      }, 10_000);
      proc.stderr!.on('data', (d: Buffer) => {
        this.log = (this.log + d.toString()).slice(-8192);
        if (this.log.includes('Server listening on')) settle(true);
      });
      proc.on('exit', () => settle(false));
      proc.on('error', () => settle(false));
    });
  }
}
