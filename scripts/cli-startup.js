#!/usr/bin/env node
// `spaces ls --json` wall time against `node -e 0`, interleaved, median of N runs,
// with 3 sessions in a throwaway SPACES_HOME. Usage: node scripts/cli-startup.js [N]
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const runs = Number(process.argv[2] || 20);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-cli-'));
const env = { ...process.env, SPACES_HOME: home };
const bin = path.join(__dirname, '..', 'bin', 'spaces');
for (const n of ['a', 'b', 'c']) execFileSync(bin, ['new', n, '-d', '--', 'sleep', '600'], { env });

function time(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ls = [];
const node = [];
for (let i = 0; i < 2; i++) time([bin, 'ls', '--json']); // warm the code cache
for (let i = 0; i < runs; i++) {
  ls.push(time([bin, 'ls', '--json']));
  node.push(time([process.execPath, '-e', '0']));
}
execFileSync(bin, ['kill-server'], { env });
fs.rmSync(home, { recursive: true, force: true });
const l = median(ls);
const n = median(node);
console.log(`spaces ls --json: median ${l.toFixed(1)} ms; node -e 0: median ${n.toFixed(1)} ms; ratio ${(l / n).toFixed(2)} (${runs} interleaved runs)`);
