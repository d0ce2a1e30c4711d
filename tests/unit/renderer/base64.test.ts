import { describe, expect, it } from 'vitest';

import { base64Length, bytesToBase64 } from '../../../src/renderer/src/import/base64';
import {
  formatBytes,
  isPageFileName,
  MAX_UPLOAD_BASE64,
  planUploadBatches,
} from '../../../src/renderer/src/import/upload-plan';

function randomBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

describe('bytesToBase64', () => {
  it('matches Node for lengths around the slice boundaries', () => {
    for (const length of [0, 1, 2, 3, 4, 24_575, 24_576, 24_577, 49_153, 100_000]) {
      const bytes = randomBytes(length, length + 7);
      const expected = Buffer.from(bytes).toString('base64');
      expect(bytesToBase64(bytes, false)).toBe(expected);
      expect(bytesToBase64(bytes)).toBe(expected);
      expect(expected.length).toBe(base64Length(length));
    }
  });

  it('encodes a 20 MB file without overflowing the stack', () => {
    const bytes = randomBytes(20 * 1024 * 1024);
    const encoded = bytesToBase64(bytes, false);
    expect(encoded.length).toBe(base64Length(bytes.length));
    expect(Buffer.from(encoded, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });

  it('keeps multi-byte text intact', () => {
    const bytes = new TextEncoder().encode('本报讯（河北日报记者）𠮷 <img src=x onerror=alert(1)>');
    expect(Buffer.from(bytesToBase64(bytes, false), 'base64').toString('utf8')).toBe(
      '本报讯（河北日报记者）𠮷 <img src=x onerror=alert(1)>',
    );
  });
});

describe('planUploadBatches', () => {
  const MB = 1024 * 1024;

  it('keeps every call under the base64 limit, in order', () => {
    const files = Array.from({ length: 10 }, (_, i) => ({ name: `p${i}.txt`, size: 12 * MB }));
    const plan = planUploadBatches(files);
    expect(plan.tooLarge).toEqual([]);
    expect(plan.batches.flat()).toEqual(files.map((_, i) => i));
    for (const batch of plan.batches) {
      const size = batch.reduce((sum, i) => sum + base64Length(files[i]!.size), 0);
      expect(size).toBeLessThanOrEqual(MAX_UPLOAD_BASE64);
    }
    expect(plan.batches).toHaveLength(5); // 16 MB of base64 each: two per call
  });

  it('puts many small files in one call and a 20 MB file in a call of its own when needed', () => {
    const files = [
      { name: 'a.txt', size: 10_000 },
      { name: 'big.txt', size: 20 * MB },
      { name: 'b.txt', size: 10 * MB },
      { name: 'c.txt', size: 5_000 },
    ];
    const plan = planUploadBatches(files);
    expect(plan.batches).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('reports files too large for any call instead of planning them', () => {
    const plan = planUploadBatches([
      { name: 'a.txt', size: 100 },
      { name: 'huge.txt', size: 31 * MB },
      { name: 'b.txt', size: 100 },
    ]);
    expect(plan.tooLarge).toEqual([1]);
    expect(plan.batches).toEqual([[0, 2]]);
  });

  it('respects the file-count limit', () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `${i}.md`, size: 1 }));
    expect(planUploadBatches(files, MAX_UPLOAD_BASE64, 2).batches).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('plans nothing for nothing', () => {
    expect(planUploadBatches([])).toEqual({ batches: [], tooLarge: [] });
  });
});

describe('page file names and sizes', () => {
  it('accepts .txt and .md in any case', () => {
    expect(isPageFileName('人民日报_2020-01-01_01.txt')).toBe(true);
    expect(isPageFileName('folder/page.MD')).toBe(true);
    expect(isPageFileName('scan.pdf')).toBe(false);
    expect(isPageFileName('.DS_Store')).toBe(false);
    expect(isPageFileName('notes.txt.bak')).toBe(false);
  });

  it('words sizes like the server', () => {
    expect(formatBytes(1500)).toBe('2 KB');
    expect(formatBytes(31 * 1024 * 1024)).toBe('31.0 MB');
  });
});
