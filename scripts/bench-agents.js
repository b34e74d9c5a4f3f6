#!/usr/bin/env node
// Overhead figures for issue 5, against tmux where the figure exists:
//   node scripts/bench-agents.js cpu  [--sessions 30] [--seconds 10]
//   node scripts/bench-agents.js ls   [--sessions 50] [--runs 30]
// `cpu` measures the multiplexer's own CPU (daemon / tmux server, not the pane
// programs) with N stand-in agents sitting idle at their prompt, then with N
// sessions printing like an agent streaming its work (a spinner at 10 frames/s
// and 20 lines/s of ~90 columns). `ls` times `spaces ls` and `tmux ls` with N
// sessions, next to `node -e 0` (the floor of any Node CLI). Medians; each
// candidate gets a private SPACES_HOME / tmux socket in a temp dir.
// SPACES_BIN picks another spaces build; ONLY=idle|printing and MUX=spaces|tmux
// narrow a run (to interleave builds against each other).
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const mode = args[0];
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const ROOT = path.join(__dirname, '..');
const SPACES = process.env.SPACES_BIN || path.join(ROOT, 'bin', 'spaces');
const STAND_IN = path.join(ROOT, 'test', 'fixtures', 'stand-in-agent.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sbench-'));
const spacesEnv = { ...process.env, SPACES_HOME: path.join(tmp, 'spaces') };
const tmuxArgs = ['-L', `sb${process.pid}`, '-f', '/dev/null'];
const tmuxEnv = { ...process.env, TMUX_TMPDIR: tmp };
delete tmuxEnv.TMUX;

const PRINTER = `
const F = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'; let i = 0, n = 0;
setInterval(() => process.stdout.write('\\r' + F[i++ % 10] + ' Working… (' + i + ' · esc to interrupt)'), 100);
setInterval(() => process.stdout.write('\\r\\x1b[K  ' + (n++) + ' edited src/some/file.ts: ' + 'x'.repeat(60) + '\\r\\n'), 50);
`;

function cpuTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function median(xs) {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

function spacesPid() {
  return Number(fs.readFileSync(path.join(spacesEnv.SPACES_HOME, 'daemon.pid'), 'utf8'));
}

function tmuxPid() {
  return Number(execFileSync('tmux', [...tmuxArgs, 'display-message', '-p', '#{pid}'], { env: tmuxEnv, encoding: 'utf8' }).trim());
}

function start(mux, n, argv, extraEnv) {
  for (let i = 0; i < n; i++) {
    if (mux === 'spaces') {
      execFileSync(SPACES, ['new', `s${i}`, '-d', '--cols', '120', '--rows', '40', '--', ...argv], { env: { ...spacesEnv, ...extraEnv } });
    } else {
      const envArgs = Object.entries(extraEnv).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      execFileSync('tmux', [...tmuxArgs, 'new-session', '-d', '-s', `s${i}`, '-x', '120', '-y', '40', ...envArgs, ...argv], { env: tmuxEnv });
    }
  }
}

function stop(mux) {
  if (mux === 'spaces') {
    // Stopping the daemon keeps sessions on disk (resurrectable); forget them for the next phase.
    const names = JSON.parse(execFileSync(SPACES, ['ls', '--json'], { env: spacesEnv, encoding: 'utf8' })).map((x) => x.name);
    for (const n of names) spawnSync(SPACES, ['kill', n], { env: spacesEnv });
    spawnSync(SPACES, ['kill-server'], { env: spacesEnv });
  }
  else spawnSync('tmux', [...tmuxArgs, 'kill-server'], { env: tmuxEnv });
}

function measureCpu(mux, n, seconds, argv, extraEnv) {
  start(mux, n, argv, extraEnv);
  sleep(3000); // let start-up output settle
  const pid = mux === 'spaces' ? spacesPid() : tmuxPid();
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  const t0 = cpuTicks(pid);
  const w0 = Date.now();
  sleep(seconds * 1000);
  const used = (cpuTicks(pid) - t0) / hz;
  const wall = (Date.now() - w0) / 1000;
  stop(mux);
  return (100 * used) / wall;
}

function timeRuns(cmd, argv, env, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

try {
  if (mode === 'cpu') {
    const n = opt('sessions', 30);
    const seconds = opt('seconds', 10);
    const idleEnv = { STANDIN_ASK: '0', STANDIN_WORK_MS: '500' };
    const idle = ['node', STAND_IN];
    const print = ['node', '-e', PRINTER];
    const rows = [];
    const only = process.env.ONLY; // idle | printing: one workload
    const muxes = (process.env.MUX || 'spaces,tmux').split(',');
    for (const [label, argv, env] of [
      ['idle agents', idle, idleEnv],
      ['printing', print, {}],
    ]) {
      if (only && !label.startsWith(only)) continue;
      const s = muxes.includes('spaces') ? measureCpu('spaces', n, seconds, argv, env) : NaN;
      const t = muxes.includes('tmux') ? measureCpu('tmux', n, seconds, argv, env) : NaN;
      rows.push(`${label.padEnd(12)} ${n} sessions: spaces daemon ${s.toFixed(1)}% CPU, tmux server ${t.toFixed(1)}% CPU` + (t > 0 ? ` (x_tmux ${(s / t).toFixed(2)})` : ''));
    }
    console.log(rows.join('\n'));
  } else if (mode === 'ls') {
    const n = opt('sessions', 50);
    const runs = opt('runs', 30);
    start('spaces', n, ['sleep', '3600'], {});
    start('tmux', n, ['sleep', '3600'], {});
    const count = JSON.parse(execFileSync(SPACES, ['ls', '--json'], { env: spacesEnv, encoding: 'utf8' })).length;
    const node = timeRuns(process.execPath, ['-e', '0'], process.env, runs);
    const sp = timeRuns(SPACES, ['ls'], spacesEnv, runs);
    const spj = timeRuns(SPACES, ['ls', '--json'], spacesEnv, runs);
    const tm = timeRuns('tmux', [...tmuxArgs, 'ls'], tmuxEnv, runs);
    stop('spaces');
    stop('tmux');
    console.log(
      `${count} sessions, median of ${runs}: node -e 0 ${node.toFixed(1)} ms; spaces ls ${sp.toFixed(1)} ms (x_node ${(sp / node).toFixed(2)}, x_tmux ${(sp / tm).toFixed(1)}); ` +
        `spaces ls --json ${spj.toFixed(1)} ms; tmux ls ${tm.toFixed(1)} ms`,
    );
  } else {
    console.error('usage: bench-agents.js cpu|ls [--sessions N] [--seconds S] [--runs R]');
    process.exitCode = 2;
  }
} finally {
  stop('spaces');
  stop('tmux');
  fs.rmSync(tmp, { recursive: true, force: true });
}
