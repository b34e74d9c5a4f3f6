#!/usr/bin/env node
// Bundles the CLI and the daemon into one file each. One file instead of dozens of
// modules is most of what makes `spaces ls` start fast (see docs/ARCHITECTURE.md);
// type checking is `npm run typecheck`.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
// Built beside dist/, then renamed into it file by file: a `spaces` started during a
// rebuild (a daemon, a test, another terminal) finds the old file or the new one,
// never none ("Cannot find module dist/boot.js") and never half of one.
const staging = path.join(root, `.dist-${process.pid}`);
fs.rmSync(staging, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // Native addons cannot be bundled (msgpackr-extract is optional and disabled anyway);
  // blessed loads its widgets and terminfo data from its own directory at run time.
  external: ['node-pty', 'msgpackr-extract', 'blessed'],
};

try {
  esbuild.buildSync({ ...common, entryPoints: [path.join(root, 'src/cli/main.ts')], outfile: path.join(staging, 'cli.js') });
  esbuild.buildSync({ ...common, entryPoints: [path.join(root, 'src/daemon/main.ts')], outfile: path.join(staging, 'daemon.js') });
  esbuild.buildSync({ ...common, entryPoints: [path.join(root, 'src/boot/boot.ts')], outfile: path.join(staging, 'boot.js') });
  fs.mkdirSync(dist, { recursive: true });
  const built = fs.readdirSync(staging);
  for (const f of built) fs.renameSync(path.join(staging, f), path.join(dist, f));
  for (const f of fs.readdirSync(dist)) if (!built.includes(f)) fs.rmSync(path.join(dist, f), { recursive: true, force: true });
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
