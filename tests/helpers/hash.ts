// SHA-256 of a file, to prove a refused corpus was left byte-for-byte unchanged.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
