// Runs Electronegativity (the Electron security linter) on a folder and writes its CSV report, for
// tests/unit/hardening/electronegativity.test.ts. usage: node electronegativity.cjs INPUT OUT.csv ELECTRON_VERSION
//
// Why not its `electronegativity` command: 1.10.3's CLI requires `commander` without declaring it, and in this
// project that resolves to commander 14, whose API it cannot use ("version is not a function"). The package's
// main export is the same runner the CLI calls, so this calls it directly with the CLI's defaults.
//
// Why fs.writeFile is made synchronous here: its CSV writer writes the header and the rows with two concurrent
// fs.writeFile calls (one truncating, one appending), and the header can land over the first row. Serializing
// the writes gives the report the tool meant to write. The last line on stdout is a JSON summary.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

fs.writeFile = (file, data, options, callback) => {
  const cb = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'function' ? undefined : options;
  try {
    fs.writeFileSync(file, data, opts);
  } catch (error) {
    if (cb) return void cb(error);
    throw error;
  }
  if (cb) cb(null);
};

const [input, output, electronVersion] = process.argv.slice(2);
if (!input || !output || !electronVersion) {
  process.stderr.write('usage: node electronegativity.cjs INPUT OUT.csv ELECTRON_VERSION\n');
  process.exit(2);
}

// Offline for certain: its translations download (and the release-notes check, excluded below) would go through
// `got`; this stand-in refuses every request, so a run sends nothing over the network whatever the machine reaches.
const i18nModule = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
const gotPath = require.resolve('got', { paths: [path.dirname(i18nModule)] });
const offline = () => Promise.reject(new Error('offline: the Electronegativity test makes no network requests'));
offline.head = offline;
offline.default = offline;
offline.__esModule = true;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };

const loaded = require('@doyensec/electronegativity');
const run = typeof loaded === 'function' ? loaded : loaded.default;

run(
  {
    input: path.resolve(input),
    output: path.resolve(output),
    isSarif: false,
    customScan: [],
    // Asks GitHub for Electron's release notes: offline it only waits for a time-out, and it says nothing about
    // the code. Keeping Electron current is a release-process item (docs/SECURITY.md).
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
).then(
  (result) => {
    const summary = {
      globalChecks: result.globalChecks,
      atomicChecks: result.atomicChecks,
      issues: result.issues.length,
      errors: result.errors.map((e) => ({
        file: path.relative(path.resolve(input), e.file),
        message: e.message,
        tolerable: e.tolerable,
      })),
    };
    process.stdout.write(JSON.stringify(summary) + '\n');
  },
  (error) => {
    process.stderr.write(`electronegativity failed: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
