// The packaged binary's Electron fuses (electron-builder.yml, docs/SECURITY.md item 19).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

/** The `electronFuses:` block of the YAML file as key → value (it is flat: `  key: true|false`). */
function fuses(): Record<string, string> {
  const lines = readFileSync(join(__dirname, '..', '..', '..', 'electron-builder.yml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === 'electronFuses:');
  expect(start, 'electron-builder.yml has an electronFuses block').toBeGreaterThanOrEqual(0);
  const result: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}(\w+):\s*(\S+)\s*$/.exec(line);
    if (!match) break;
    result[match[1]!] = match[2]!;
  }
  return result;
}

describe('Electron fuses', () => {
  it('turns off running as Node, NODE_OPTIONS, inspect flags and file:// privileges, and locks the app to its asar', () => {
    expect(fuses()).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });
});
