// `npm run dist`: package the desktop app with electron-builder — only after better-sqlite3 is verified to
// be built for Electron's ABI, so a Node build can never ship (it would crash on first start).
import { spawnSync } from 'node:child_process';
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

const abi = electronAbi();
saveNodeBuild();
if (!abi || (!addonTargetsAbi(addon, abi) && !rebuildForElectron(abi))) {
  restoreNodeBuild();
  log(
    `ERROR: better-sqlite3 is not built for Electron (ABI ${abi}). Packaging needs the internet for Electron's headers.`,
  );
  process.exit(1);
}
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
run(
  join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder'),
  process.argv.slice(2),
);
