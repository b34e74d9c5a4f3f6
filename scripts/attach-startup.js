#!/usr/bin/env node
// First paint of `spaces attach` on a session with 10,000 lines of history (as in
// mux_bench's attach scenario) against `node -e 0`, medians of 8 in one run.
// Usage: node scripts/attach-startup.js
const pty = require('node-pty');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-att-'));

const env = { ...process.env, SPACES_HOME: home, TERM: 'xterm-256color', LC_ALL: 'C.UTF-8' };
const bin = path.join(__dirname, '..', 'bin', 'spaces');
const numbered = path.join(home, 'numbered.txt');
let s = '';
for (let i = 1; i <= 10000; i++) s += `${String(i).padStart(5, '0')} line of scrollback \x1b[38;5;${16 + i % 216}m${'#'.repeat(i % 50)}\x1b[0m ${i * 7919 % 100003}\n`;
fs.writeFileSync(numbered, s + '\x1b[1mATTACH-MARK\x1b[0m\n');
execFileSync(bin, ['new', 'att', '-d', '--cols', '120', '--rows', '40', '--', 'sh', '-c', `cat ${numbered}; exec sleep 3600`], { env });
execFileSync(bin, ['wait', 'att', '--for', 'ATTACH-MARK'], { env });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const times = [];
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    const t = pty.spawn(process.execPath, [bin, 'attach', 'att'], { cols: 120, rows: 40, env });
    let buf = '';
    await new Promise((resolve) => t.onData((d) => { buf += d; if (buf.includes('ATTACH-MARK')) resolve(); }));
    times.push(performance.now() - t0);
    await sleep(100);
    t.write('\x02d');
    await new Promise((resolve) => t.onExit(resolve));
  }
  const n = [];
  for (let i = 0; i < 8; i++) { const t0 = performance.now(); execFileSync(process.execPath, ['-e', '0']); n.push(performance.now() - t0); }
  times.sort((a, b) => a - b); n.sort((a, b) => a - b);
  console.log('attach median ms', times[4].toFixed(1), 'node -e 0 median ms', n[4].toFixed(1), 'ratio', (times[4] / n[4]).toFixed(2));
  execFileSync(bin, ['kill-server'], { env });
  fs.rmSync(home, { recursive: true, force: true });
  process.exit(0);
})();
