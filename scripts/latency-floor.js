#!/usr/bin/env node
// The latency floor of spaces' process layout, without spaces: a keystroke goes
// terminal -> client process -> Unix socket -> daemon process -> PTY -> echo
// program and all the way back, through two bare Node relays that do no work.
// Compare its p50 with `mux_bench.py --scenarios latency` (tmux's server reads and
// writes the terminal itself: two hops fewer). Usage: node scripts/latency-floor.js
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const ECHO = 'import os, sys, tty\ntty.setraw(0)\nos.write(1, b"READY\\r\\n")\nwhile True:\n    b = os.read(0, 64)\n    if not b: break\n    os.write(1, b)\n';
const role = process.argv[2];
const sock = process.argv[3];

if (role === 'daemon') {
  const pty = require('node-pty');
  const p = pty.spawn('python3', ['-c', ECHO], { cols: 120, rows: 40, encoding: null });
  net.createServer((c) => {
    c.on('data', (d) => fs.writeSync(p.fd, d)); // as spaces does: straight to the master fd
    p.onData((d) => c.write(d));
  }).listen(sock);
} else if (role === 'client') {
  process.stdin.setRawMode(true);
  const c = net.connect(sock, () => {
    process.stdin.on('data', (d) => c.write(d));
    c.on('data', (d) => process.stdout.write(d));
  });
} else {
  const pty = require('node-pty');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floor-'));
  const socket = path.join(dir, 's');
  const daemon = spawn(process.execPath, [__filename, 'daemon', socket], { stdio: 'ignore' });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  (async () => {
    while (!fs.existsSync(socket)) await sleep(20);
    const t = pty.spawn(process.execPath, [__filename, 'client', socket], { cols: 120, rows: 40 });
    let buf = '';
    let waiting = null;
    t.onData((d) => {
      buf += d;
      if (waiting && buf.includes(waiting.ch)) {
        const w = waiting;
        waiting = null;
        w.resolve(performance.now());
      }
    });
    await sleep(800);
    const s = [];
    for (let i = 0; i < 330; i++) {
      const ch = '!#%&+=?@^~'[i % 10];
      buf = '';
      const p = new Promise((resolve) => (waiting = { ch, resolve }));
      const t0 = performance.now();
      t.write(ch);
      const t1 = await p;
      if (i >= 30) s.push(t1 - t0);
      await sleep(4 + Math.random() * 8);
    }
    s.sort((a, b) => a - b);
    const q = (f) => s[Math.floor(f * (s.length - 1))].toFixed(3);
    console.log(`six-hop Node relay, no work: p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms (${s.length} keystrokes)`);
    t.kill();
    daemon.kill();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  })();
}
