// After `npm install`: keep a Node build of better-sqlite3 for the CLI, web mode and tests, try to rebuild
// the default one for Electron (needs the internet), and build the app so `npx galley` works at once.
// Never fails the install: an offline machine keeps the Node build and gets a warning.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import {
  addon,
  addonTargetsAbi,
  electronAbi,
  log,
  rebuildForElectron,
  restoreNodeBuild,
  root,
  saveNodeBuild,
} from './native-addon.mjs';

function main() {
  const hasNodeBuild = saveNodeBuild();
  const abi = electronAbi();
  const skip = process.env.GALLEY_SKIP_ELECTRON_REBUILD === '1';
  if (abi && !skip && !addonTargetsAbi(addon, abi)) {
    const ok = rebuildForElectron(abi);
    if (!ok && hasNodeBuild) restoreNodeBuild();
  } else if (skip) {
    log('skipping the Electron rebuild (GALLEY_SKIP_ELECTRON_REBUILD=1).');
  }
  if (process.env.GALLEY_SKIP_BUILD !== '1') {
    const vite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    const built = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'pipe' });
    if (built.status === 0) log('built the app (out/).');
    else {
      rmSync(join(root, 'out', 'main', 'cli.js'), { force: true });
      log(`WARNING: the build failed; run \`npm run build\` to see why.`);
    }
  }
}

main();
