// Checks encoding detection and the refusal of non-text files, on pages encoded here with iconv-lite.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

import { decodePageBytes, normalizeNewlines, type DecodeResult } from '../../../src/main/import/decode';
import type { PageEncoding } from '../../../src/shared/domain';
import { prng } from '../../helpers/random';

const FIXTURES = join(__dirname, '../../fixtures/pages');
/** ~1,500 characters of a simplified-Chinese newspaper page (copied from seed 003). */
const SIMPLIFIED = readFileSync(join(FIXTURES, 'sample-003.txt'), 'utf8');
/** A traditional-Chinese news paragraph that Big5 can represent in full. */
const TRADITIONAL = readFileSync(join(FIXTURES, 'traditional-big5.txt'), 'utf8');

const SHORT_SIMPLIFIED = '本报讯今年我省粮食总产量再创历史新高纪录'; // 20 characters
const SHORT_TRADITIONAL = '本報訊今年我省糧食總產量再創歷史新高紀錄';

const BOMS = {
  'utf-8-bom': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
} as const;

/** Encodes text the way an editor saving in `encoding` would, BOM included where the encoding has one. */
function encode(text: string, encoding: PageEncoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return iconv.encode(text, 'utf-8');
    case 'utf-8-bom':
      return concat(BOMS['utf-8-bom'], iconv.encode(text, 'utf-8'));
    case 'utf-16le':
      return concat(BOMS['utf-16le'], iconv.encode(text, 'utf-16le'));
    case 'utf-16be':
      return concat(BOMS['utf-16be'], iconv.encode(text, 'utf-16be'));
    case 'gb18030':
    case 'big5':
      return iconv.encode(text, encoding);
  }
}

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  return Buffer.concat(parts.map((p) => Uint8Array.from(p)));
}

/** Seeded "random" bytes, the same on every run. */
function seededBytes(length: number, seed: number, transform: (b: number) => number = (b) => b): Uint8Array {
  const random = prng(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = transform(Math.floor(random() * 256));
  return out;
}

function expectText(result: DecodeResult, encoding: PageEncoding, text: string): void {
  expect(result).toMatchObject({ ok: true, encoding });
  if (result.ok) expect(normalizeNewlines(result.text)).toBe(text);
}

function expectFailure(result: DecodeResult, code: 'EMPTY' | 'BINARY' | 'UNDECODABLE', reason?: RegExp): void {
  expect(result).toMatchObject({ ok: false, code });
  if (!result.ok) {
    expect(result.reason.length).toBeGreaterThan(10);
    if (reason !== undefined) expect(result.reason).toMatch(reason);
  }
}

describe('decodePageBytes: the same page in every encoding', () => {
  const unicode: PageEncoding[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'];

  it('fixtures are what the tests assume', () => {
    expect(SIMPLIFIED.length).toBeGreaterThan(1400);
    expect(TRADITIONAL.length).toBeGreaterThan(300);
    expect(iconv.decode(iconv.encode(TRADITIONAL, 'big5'), 'big5')).toBe(TRADITIONAL);
    expect([...SHORT_SIMPLIFIED]).toHaveLength(20);
  });

  it.each([...unicode, 'gb18030'] as PageEncoding[])('simplified page saved as %s', (encoding) => {
    expectText(decodePageBytes(encode(SIMPLIFIED, encoding)), encoding, SIMPLIFIED);
  });

  it.each([...unicode, 'gb18030', 'big5'] as PageEncoding[])('traditional page saved as %s', (encoding) => {
    expectText(decodePageBytes(encode(TRADITIONAL, encoding)), encoding, TRADITIONAL);
  });

  it.each([...unicode, 'gb18030', 'big5'] as PageEncoding[])(
    'CRLF and CR line ends in %s normalize to LF',
    (encoding) => {
      for (const newline of ['\r\n', '\r']) {
        const result = decodePageBytes(encode(TRADITIONAL.replace(/\n/g, newline), encoding));
        expectText(result, encoding, TRADITIONAL);
        // The decoder keeps line ends as found; only normalizeNewlines rewrites them.
        if (result.ok) expect(result.text).toContain(newline);
      }
    },
  );

  it('all encodings agree exactly after normalizeNewlines', () => {
    const texts = ([...unicode, 'gb18030', 'big5'] as PageEncoding[]).map((encoding) => {
      const result = decodePageBytes(encode(TRADITIONAL.replace(/\n/g, '\r\n'), encoding));
      return result.ok ? normalizeNewlines(result.text) : result.reason;
    });
    expect(new Set(texts).size).toBe(1);
  });

  it('a 20-character line in GBK is gb18030 and in Big5 is big5', () => {
    expectText(decodePageBytes(iconv.encode(SHORT_SIMPLIFIED, 'gbk')), 'gb18030', SHORT_SIMPLIFIED);
    expectText(decodePageBytes(iconv.encode(SHORT_TRADITIONAL, 'big5')), 'big5', SHORT_TRADITIONAL);
    expectText(decodePageBytes(iconv.encode(SHORT_TRADITIONAL, 'gb18030')), 'gb18030', SHORT_TRADITIONAL);
  });

  it('legacy text mixed with ASCII digits and Latin words', () => {
    const mixed = '2022年11月27日 第01版 A2\n河北日报 Hebei Daily：全省GDP增长6.5%，CPI上涨2.1%。\n';
    expectText(decodePageBytes(iconv.encode(mixed, 'gb18030')), 'gb18030', mixed);
    const mixedTraditional = '2022年11月27日 第01版 A2\n中央日報 Central Daily：全年GDP成長6.5%，物價上漲2.1%。\n';
    expectText(decodePageBytes(iconv.encode(mixedTraditional, 'big5')), 'big5', mixedTraditional);
  });

  it('characters outside GBK (four-byte GB18030) round-trip', () => {
    const text = `${SHORT_SIMPLIFIED}𠀀𪚥€`;
    expectText(decodePageBytes(iconv.encode(text, 'gb18030')), 'gb18030', text);
  });

  it('plain ASCII is utf-8', () => {
    expectText(
      decodePageBytes(Buffer.from('Page 1\nThe Times, 1 May 1923\n')),
      'utf-8',
      'Page 1\nThe Times, 1 May 1923\n',
    );
  });

  it('UTF-16 without a BOM is recognised from its NUL pattern', () => {
    const text = 'Page 1 第一版\n河北日报 2022-11-27\n';
    expectText(decodePageBytes(iconv.encode(text, 'utf-16le')), 'utf-16le', text);
    expectText(decodePageBytes(iconv.encode(text, 'utf-16be')), 'utf-16be', text);
  });
});

describe('normalizeNewlines', () => {
  it('turns CRLF and lone CR into LF', () => {
    expect(normalizeNewlines('a\r\nb\rc\nd\r\n\r\ne\r')).toBe('a\nb\nc\nd\n\ne\n');
  });

  it('strips one leading BOM and leaves inner U+FEFF alone', () => {
    expect(normalizeNewlines('\ufeff第一行\r\n')).toBe('第一行\n');
    expect(normalizeNewlines('a\ufeffb')).toBe('a\ufeffb');
  });

  it('leaves LF-only text unchanged', () => {
    expect(normalizeNewlines(SIMPLIFIED)).toBe(SIMPLIFIED);
  });
});

describe('decodePageBytes: truncated files', () => {
  const page = SIMPLIFIED.trimEnd(); // ends in "。", a multi-byte character in every encoding
  const withoutLast = page.slice(0, -1);

  it('UTF-8 cut inside its final character drops that character and stays utf-8', () => {
    const bytes = encode(page, 'utf-8');
    expectText(decodePageBytes(bytes.subarray(0, bytes.length - 1)), 'utf-8', withoutLast);
    expectText(decodePageBytes(bytes.subarray(0, bytes.length - 2)), 'utf-8', withoutLast);
    const bom = encode(page, 'utf-8-bom');
    expectText(decodePageBytes(bom.subarray(0, bom.length - 1)), 'utf-8-bom', withoutLast);
  });

  it('UTF-8 broken in the middle of the file is undecodable, with the offset', () => {
    const bytes = Buffer.from(encode(page, 'utf-8'));
    const middle = bytes.indexOf(Buffer.from('医院', 'utf8'));
    const damaged = Buffer.concat([bytes.subarray(0, middle + 1), bytes.subarray(middle + 2)]);
    expectFailure(decodePageBytes(damaged), 'UNDECODABLE', new RegExp(`UTF-8.*offset ${middle}`));
  });

  it('GBK cut inside its final character drops that character and stays gb18030', () => {
    const bytes = encode(page, 'gb18030');
    expectText(decodePageBytes(bytes.subarray(0, bytes.length - 1)), 'gb18030', withoutLast);
  });

  it('Big5 cut inside its final character drops that character and stays big5', () => {
    const text = TRADITIONAL.trimEnd();
    const bytes = encode(text, 'big5');
    expectText(decodePageBytes(bytes.subarray(0, bytes.length - 1)), 'big5', text.slice(0, -1));
  });

  it('GBK with bytes knocked out all through the file is undecodable', () => {
    const bytes = encode(page, 'gb18030');
    // Dropping every 7th byte misaligns the double-byte stream over and over.
    const damaged = Uint8Array.from(Array.from(bytes).filter((_, i) => i % 7 !== 3));
    expectFailure(decodePageBytes(damaged), 'UNDECODABLE');
  });

  it('UTF-16 with an odd byte count is undecodable, naming the byte-order mark', () => {
    const bytes = encode(page, 'utf-16le');
    expectFailure(decodePageBytes(bytes.subarray(0, bytes.length - 1)), 'UNDECODABLE', /UTF-16LE byte-order mark/);
  });

  it('UTF-16 cut between the halves of a surrogate pair drops the half', () => {
    const text = `${SHORT_SIMPLIFIED}𠀀`;
    const bytes = encode(text, 'utf-16be');
    expectText(decodePageBytes(bytes.subarray(0, bytes.length - 2)), 'utf-16be', SHORT_SIMPLIFIED);
  });
});

describe('decodePageBytes: failures', () => {
  it('empty file', () => {
    expectFailure(decodePageBytes(new Uint8Array(0)), 'EMPTY', /empty/);
  });

  it('whitespace only, in any encoding', () => {
    const blank = ' \t\r\n\u3000\n  ';
    for (const encoding of ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030'] as PageEncoding[]) {
      expectFailure(decodePageBytes(encode(blank, encoding)), 'EMPTY', /whitespace/);
    }
  });

  it('a byte-order mark and nothing else', () => {
    for (const bom of Object.values(BOMS))
      expectFailure(decodePageBytes(Uint8Array.from(bom)), 'EMPTY', /byte-order mark/);
  });

  it('NUL bytes in otherwise readable text', () => {
    const bytes = concat(Buffer.from('河北日报 page one'), [0, 0, 0, 1], Buffer.from('more text'));
    const nulAt = Buffer.from('河北日报 page one').length;
    expectFailure(decodePageBytes(bytes), 'BINARY', new RegExp(`NUL bytes .*offset ${nulAt}.*binary`));
  });

  it('many control bytes without NULs', () => {
    const bytes = seededBytes(2000, 7, (b) => (b % 4 === 0 ? 0x01 + (b % 7) : 0x41 + (b % 26)));
    expectFailure(decodePageBytes(bytes), 'BINARY', /control codes/);
  });

  it('a stray control byte in a long text is not binary', () => {
    const bytes = concat(encode(SIMPLIFIED, 'utf-8'), [0x0c], encode(SIMPLIFIED, 'utf-8'), [0x1a]);
    expect(decodePageBytes(bytes)).toMatchObject({ ok: true, encoding: 'utf-8' });
  });

  it('random bytes (fixed seed) never decode', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const result = decodePageBytes(seededBytes(4096, seed));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['BINARY', 'UNDECODABLE']).toContain(result.code);
    }
  });

  it('random high bytes (no NULs, no controls) never decode', () => {
    for (const seed of [5, 6, 7]) {
      for (const length of [64, 4096]) {
        expectFailure(decodePageBytes(seededBytes(length, seed, (b) => b | 0x80)), 'UNDECODABLE');
      }
    }
  });

  it('a PNG renamed .txt', () => {
    const png = concat(
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // signature
      [0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52], // IHDR chunk, 13 bytes
      [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89],
      [0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54], // IDAT
      seededBytes(512, 99),
    );
    expectFailure(decodePageBytes(png), 'BINARY', /binary/);
  });

  it('a UTF-16LE BOM in front of GBK text is ignored, and the text still decodes', () => {
    for (const text of [SIMPLIFIED, `${SIMPLIFIED}x`]) {
      // Both parities: an even body fails the plausibility check, an odd one the length check.
      expectText(decodePageBytes(concat(BOMS['utf-16le'], encode(text, 'gb18030'))), 'gb18030', text);
    }
  });

  it('a UTF-8 BOM in front of Big5 text is ignored, and the text still decodes', () => {
    expectText(decodePageBytes(concat(BOMS['utf-8-bom'], encode(TRADITIONAL, 'big5'))), 'big5', TRADITIONAL);
  });

  it('a UTF-16 BOM in front of bytes that are neither UTF-16 nor anything else is undecodable', () => {
    const junk = seededBytes(1024, 11, (b) => b | 0x80);
    expectFailure(decodePageBytes(concat(BOMS['utf-16le'], junk)), 'UNDECODABLE', /UTF-16LE byte-order mark/);
    expectFailure(decodePageBytes(concat(BOMS['utf-16be'], junk)), 'UNDECODABLE', /UTF-16BE byte-order mark/);
  });

  it('a UTF-16 BOM in front of a binary file is not taken for text', () => {
    const result = decodePageBytes(concat(BOMS['utf-16le'], seededBytes(1024, 12)));
    expect(result.ok).toBe(false);
  });

  it('UTF-32 is refused with a clear reason', () => {
    const bytes = concat([0xff, 0xfe, 0x00, 0x00], iconv.encode('text', 'utf-32le'));
    expectFailure(decodePageBytes(bytes), 'UNDECODABLE', /UTF-32/);
  });

  it('text in an unsupported encoding is not passed off as Chinese', () => {
    const japanese = '日本の新聞記事は、毎日多くの読者に読まれています。政府は昨日、新しい経済対策を発表しました。';
    expectFailure(decodePageBytes(iconv.encode(japanese, 'shiftjis')), 'UNDECODABLE');
    const french = 'Le café était très agréable, près de la forêt élégante.';
    expectFailure(decodePageBytes(iconv.encode(french, 'latin1')), 'UNDECODABLE');
  });

  it('never throws on arbitrary input', () => {
    for (let seed = 100; seed < 400; seed++) {
      const length = seed % 37;
      expect(() => decodePageBytes(seededBytes(length, seed))).not.toThrow();
      expect(() => decodePageBytes(seededBytes(length, seed, (b) => b | 0x80))).not.toThrow();
    }
  });
});

describe('decodePageBytes: large files', () => {
  it('decodes a 20 MB single-line UTF-8 file', () => {
    const line = Buffer.from('河北日报讯，全省各地扎实推进各项工作。'.repeat(400_000), 'utf8');
    expect(line.length).toBeGreaterThanOrEqual(20_000_000);
    const result = decodePageBytes(line);
    expect(result).toMatchObject({ ok: true, encoding: 'utf-8' });
    if (result.ok) expect(result.text.length).toBe(400_000 * 19);
  });

  it('decodes a 20 MB single-line GB18030 file', () => {
    const text = '河北日报讯，全省各地扎实推进各项工作。'.repeat(550_000);
    const bytes = iconv.encode(text, 'gb18030');
    expect(bytes.length).toBeGreaterThanOrEqual(20_000_000);
    const result = decodePageBytes(bytes);
    expect(result).toMatchObject({ ok: true, encoding: 'gb18030' });
    if (result.ok) expect(result.text === text).toBe(true);
  });
});
