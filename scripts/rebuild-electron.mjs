// `npm run rebuild:electron`: rebuild better-sqlite3 for Electron (needs the internet); exit 1 if it fails.
import {
  addon,
  addonTargetsAbi,
  electronAbi,
  log,
  rebuildForElectron,
  restoreNodeBuild,
  saveNodeBuild,
} from './native-addon.mjs';

const abi = electronAbi();
if (!abi) {
  log('electron is not installed.');
  process.exit(1);
}
if (addonTargetsAbi(addon, abi)) {
  log(`better-sqlite3 is already built for Electron (ABI ${abi}).`);
  process.exit(0);
}
saveNodeBuild();
if (!rebuildForElectron(abi)) {
  restoreNodeBuild();
  process.exit(1);
}
