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
fs.rmSync(dist, { recursive: true, force: true });

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

esbuild.buildSync({ ...common, entryPoints: [path.join(root, 'src/cli/main.ts')], outfile: path.join(dist, 'cli.js') });
esbuild.buildSync({ ...common, entryPoints: [path.join(root, 'src/daemon/main.ts')], outfile: path.join(dist, 'daemon.js') });
esbuild.buildSync({ ...common, entryPoints: [path.join(root, 'src/boot/boot.ts')], outfile: path.join(dist, 'boot.js') });
