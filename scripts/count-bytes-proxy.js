#!/usr/bin/env node
/**
 * An ssh ProxyCommand that counts what crosses the wire, to measure what an
 * attached view really costs on a link (encrypted bytes, ssh's overhead included).
 *
 *   ssh -o ProxyCommand='node scripts/count-bytes-proxy.js %h %p /tmp/link-counts' ...
 *   SPACES_SSH="ssh -o ProxyCommand='node $PWD/scripts/count-bytes-proxy.js %h %p /tmp/link-counts'" spaces attach box:NAME
 *
 * It relays its stdio to HOST:PORT and keeps COUNTS_FILE holding one line,
 * "<bytes sent to the server> <bytes received from it>", rewritten after every
 * chunk so the file can be read at any moment of a measurement.
 * test/e2e/ssh-flood.test.ts uses it for the 32 MiB flood figure.
 */
'use strict';
const fs = require('fs');
const net = require('net');

const [host, port, file] = process.argv.slice(2);
if (!host || !port || !file) {
  process.stderr.write('usage: count-bytes-proxy.js HOST PORT COUNTS_FILE\n');
  process.exit(2);
}
let up = 0;
let down = 0;
const fd = fs.openSync(file, 'w');
function record() {
  // Fixed width, written in place: a reader never sees a half-written line.
  const line = Buffer.from(`${String(up).padStart(15)} ${String(down).padStart(15)}\n`);
  fs.writeSync(fd, line, 0, line.length, 0);
}
record();
const sock = net.connect(Number(port), host);
process.stdin.on('data', (d) => {
  up += d.length;
  record();
  sock.write(d);
});
process.stdin.on('end', () => sock.end());
sock.on('data', (d) => {
  down += d.length;
  record();
  process.stdout.write(d);
});
sock.on('close', () => process.exit(0));
sock.on('error', (e) => {
  process.stderr.write(`count-bytes-proxy: ${e.message}\n`);
  process.exit(1);
});
