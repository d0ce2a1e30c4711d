// The two builds of better-sqlite3: the Node one (CLI, web mode, tests) kept in .native/node/, and the
// Electron one in node_modules (the desktop app). Used by postinstall, rebuild:electron and dist.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const addon = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
export const nodeCopy = join(root, '.native', 'node', 'better_sqlite3.node');
export const log = (message) => console.log(`[galley native] ${message}`);

/** Whether a compiled addon registers itself for the given ABI (Node 20 = 115, Electron 45 = 150). */
export function addonTargetsAbi(file, abi) {
  return existsSync(file) && readFileSync(file).includes(Buffer.from(`node_register_module_v${abi}`));
}

export function electronAbi() {
  const file = join(root, 'node_modules', 'electron', 'abi_version');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

export function saveNodeBuild() {
  if (addonTargetsAbi(addon, process.versions.modules)) {
    mkdirSync(dirname(nodeCopy), { recursive: true });
    copyFileSync(addon, nodeCopy);
    log(`saved the Node build of better-sqlite3 (ABI ${process.versions.modules}) in .native/node/`);
    return true;
  }
  if (existsSync(nodeCopy)) return true;
  log('WARNING: no Node build of better-sqlite3 found; the CLI and tests may not start.');
  return false;
}

export function rebuildForElectron(abi) {
  const env = { ...process.env };
  // The machine's npmrc may point node-gyp at Node's headers; the rebuild must use Electron's.
  for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];
  const bin = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder',
  );
  const result = spawnSync(bin, ['install-app-deps'], {
    cwd: root,
    env,
    stdio: 'pipe',
    timeout: 10 * 60_000,
    shell: process.platform === 'win32',
  });
  if (addonTargetsAbi(addon, abi)) {
    log(`rebuilt better-sqlite3 for Electron (ABI ${abi}).`);
    return true;
  }
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
  log(`WARNING: could not rebuild better-sqlite3 for Electron (ABI ${abi}); offline? ${output.slice(0, 300)}`);
  return false;
}

export function restoreNodeBuild() {
  mkdirSync(dirname(addon), { recursive: true });
  copyFileSync(nodeCopy, addon);
  log('restored the Node build; the desktop app needs `npm run rebuild:electron` on a connected machine.');
}
