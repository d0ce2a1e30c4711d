#!/usr/bin/env node
// Entry point of the `galley` command: runs the built CLI (out/main/cli.js), building it once if missing.
'use strict';
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'out', 'main', 'cli.js');

if (!existsSync(cli)) {
  process.stderr.write('galley: building the app first (one time)…\n');
  // electron-vite's `exports` hide its bin script from require.resolve: find the package, then the script.
  const vitePackage = require.resolve('electron-vite/package.json', { paths: [root] });
  const viteBin = path.join(path.dirname(vitePackage), 'bin', 'electron-vite.js');
  const built = spawnSync(process.execPath, [viteBin, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0 || !existsSync(cli)) {
    process.stderr.write('galley: the build failed; run `npm run build` to see why.\n');
    process.exit(1);
  }
}

// `galley list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

require(cli)
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
