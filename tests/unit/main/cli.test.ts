import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { runCli, type CliIo } from '../../../src/main/cli';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/store/migrations';
import { sha256File } from '../../helpers/hash';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir();

async function galley(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: false };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

function storedTexts(db: string): { text: string; encoding: string; sha256: string }[] {
  const corpus = openCorpus(db);
  try {
    return corpus.db.prepare('SELECT original_text AS text, encoding, sha256 FROM pages ORDER BY id').all() as never;
  } finally {
    corpus.close();
  }
}

describe('galley import', () => {
  it('imports the seeds once; a second run imports nothing and reports two duplicates', async () => {
    const db = join(dir, 'seeds.galley');
    const first = await galley('import', SEEDS_DIR, '--db', db, '--json');
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ imported: 2, duplicates: 0, failed: [] });
    const second = await galley('import', SEEDS_DIR, '--db', db, '--json');
    expect(second.code).toBe(0);
    expect(second.json()).toEqual({ imported: 0, duplicates: 2, failed: [] });
    const list = await galley('list', '--db', db, '--json');
    expect(list.json().total).toBe(2);
    // Stored text is the seed with newlines normalized, and its hash is the SHA-256 of that text.
    const seed = readFileSync(join(SEEDS_DIR, '000_f1346f968acf4f03.txt'), 'utf8').replace(/\r\n?/g, '\n');
    const stored = storedTexts(db).find((p) => p.text === seed);
    expect(stored).toBeDefined();
  });

  it('stores identical text whatever the encoding of the file', async () => {
    const seed = readFileSync(join(SEEDS_DIR, '003_e4dddeaf5a82f68e.txt'), 'utf8').replace(/\r\n?/g, '\n');
    // Big5 cannot hold most simplified characters: use the seed's characters that Big5 can represent.
    const big5able = Array.from(seed)
      .filter((ch) => iconv.decode(iconv.encode(ch, 'big5'), 'big5') === ch)
      .join('');
    const variants: [string, string, Buffer][] = [];
    for (const [label, text] of [
      ['full', seed],
      ['big5able', big5able],
    ] as const) {
      variants.push([label, 'utf-8', Buffer.from(text, 'utf8')]);
      variants.push([label, 'utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])]);
      variants.push([label, 'utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')])]);
      variants.push([label, 'utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')])]);
      variants.push([label, 'gb18030', iconv.encode(text, 'gb18030')]);
      // CRLF line ends must not make a different page either.
      variants.push([label, 'gb18030', iconv.encode(text.replace(/\n/g, '\r\n'), 'gb18030')]);
      if (label === 'big5able') variants.push([label, 'big5', iconv.encode(text, 'big5')]);
    }
    for (const [label, text] of [
      ['full', seed],
      ['big5able', big5able],
    ] as const) {
      const hashes = new Set<string>();
      for (const [i, [l, encoding, bytes]] of variants.entries()) {
        if (l !== label) continue;
        const folder = join(dir, `enc-${label}-${i}`);
        mkdirSync(folder);
        writeFileSync(join(folder, `河北日报_2021-01-13_01.txt`), bytes);
        const db = join(dir, `enc-${label}-${i}.galley`);
        const result = await galley('import', folder, '--db', db, '--json');
        expect(result.json(), `${label} ${encoding}`).toEqual({ imported: 1, duplicates: 0, failed: [] });
        const [page] = storedTexts(db);
        expect(page?.text, `${label} ${encoding}`).toBe(text);
        expect(page?.encoding, `${label} ${encoding}`).toBe(encoding);
        hashes.add(page!.sha256);
      }
      expect(hashes.size).toBe(1);
    }
    // All of them in one folder: one page, the rest reported as duplicates.
    const together = join(dir, 'enc-together');
    mkdirSync(together);
    variants
      .filter(([l]) => l === 'full')
      .forEach(([, encoding, bytes], i) => writeFileSync(join(together, `page-${i}-${encoding}.txt`), bytes));
    const result = await galley('import', together, '--db', join(dir, 'together.galley'), '--json');
    expect(result.json().imported).toBe(1);
    expect(result.json().duplicates).toBe(variants.filter(([l]) => l === 'full').length - 1);
  });

  it('imports the good page beside bad files and lists each bad file with its reason (exit 1)', async () => {
    const folder = join(dir, 'bad-batch');
    mkdirSync(folder);
    writeFileSync(join(folder, 'good.txt'), readFileSync(join(SEEDS_DIR, '000_f1346f968acf4f03.txt')));
    writeFileSync(join(folder, 'empty.txt'), '');
    let seed = 42;
    const random = Buffer.alloc(4096, 0).map(() => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    });
    writeFileSync(join(folder, 'random.txt'), random);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      random.subarray(0, 512),
    ]);
    writeFileSync(join(folder, 'scan.txt'), png);
    writeFileSync(join(folder, 'huge.txt'), Buffer.alloc(30 * 1024 * 1024, 'a'));
    writeFileSync(join(folder, 'notes.docx'), 'ignored: not a page file');
    const db = join(dir, 'bad.galley');
    const result = await galley('import', folder, '--db', db, '--json');
    expect(result.code).toBe(1);
    const report = result.json();
    expect(report.imported).toBe(1);
    const byFile = Object.fromEntries(report.failed.map((f: { file: string; code: string }) => [f.file, f.code]));
    expect(byFile).toEqual({
      'bad-batch/empty.txt': 'EMPTY',
      'bad-batch/random.txt': expect.stringMatching(/BINARY|UNDECODABLE/),
      'bad-batch/scan.txt': expect.stringMatching(/BINARY|UNDECODABLE/),
      'bad-batch/huge.txt': 'TOO_LARGE',
    });
    for (const f of report.failed) expect(f.reason.length).toBeGreaterThan(5);
    expect(storedTexts(db)).toHaveLength(1);
  });

  it('imports the bundled sample with --sample', async () => {
    const db = join(dir, 'sample.galley');
    const result = await galley('import', '--sample', '--db', db, '--json');
    expect(result.json()).toEqual({ imported: 2, duplicates: 0, failed: [] });
  });

  it('uses exit code 2 for usage errors', async () => {
    expect((await galley('import', '--db', join(dir, 'u.galley'))).code).toBe(2);
    expect((await galley('frobnicate')).code).toBe(2);
    expect((await galley('list', '--limit', 'many')).code).toBe(2);
    expect((await galley('serve', '--host', '0.0.0.0', '--db', join(dir, 'u.galley'))).code).toBe(2);
  });
});

describe('galley list, show, info', () => {
  it('lists, shows and summarizes pages', async () => {
    const db = join(dir, 'show.galley');
    await galley('import', SEEDS_DIR, '--db', db);
    const list = await galley('list', '--db', db);
    expect(list.stdout).toContain('000_f1346f968acf4f03.txt');
    expect(list.stdout).toContain('2 of 2 page(s)');
    const show = await galley('show', '000_f1346f968acf4f03.txt', '--db', db, '--json');
    expect(show.json().originalText).toContain('倪岳峰');
    const byId = await galley('show', String(show.json().id), '--db', db);
    expect(byId.stdout).toContain('sha256:');
    const info = await galley('info', '--db', db, '--json');
    expect(info.json()).toMatchObject({ pages: 2, schemaVersion: LATEST_SCHEMA_VERSION, byStatus: { new: 2 } });
    expect((await galley('show', '999', '--db', db)).code).toBe(1);
  });

  it('refuses a corpus from a newer Galley without touching it', async () => {
    const db = join(dir, 'newer.galley');
    await galley('import', SEEDS_DIR, '--db', db);
    const corpus = openCorpus(db);
    corpus.db.pragma('user_version = 999');
    corpus.db.pragma('wal_checkpoint(TRUNCATE)');
    corpus.close();
    const before = sha256File(db);
    const result = await galley('info', '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/newer Galley/);
    expect(sha256File(db)).toBe(before);
  });
});

describe('galley export', () => {
  it('writes every format into the chosen folder, with code-point offsets', async () => {
    const db = join(dir, 'export.galley');
    await galley('import', SEEDS_DIR, '--db', db);
    const corpus = openCorpus(db);
    const services = createServices({ corpus, seedsDir: SEEDS_DIR });
    const client = createDirectClient(services.methods);
    const page = (await client.call('pages.list', {})).rows.find((r) => r.fileName.startsWith('000_'))!;
    const state = await client.call('document.get', { pageId: page.id });
    const block = state.document.articles[0]!.blocks[0]!;
    block.text = '𠮷' + block.text;
    block.spans = [{ id: 's1', label: 'PER', start: 2, end: 5, origin: 'manual' }];
    expect(block.text.slice(2, 5)).toBe('倪岳峰');
    await client.call('document.save', { pageId: page.id, baseRevision: 0, document: state.document, review: [] });
    corpus.close();
    for (const format of ['txt', 'md', 'doccano', 'brat', 'conll', 'labelstudio', 'csv', 'alignment', 'archive']) {
      const out = join(dir, `export-${format}`);
      const result = await galley('export', '--format', format, '--out', out, '--db', db, '--json');
      expect(result.code, `${format}: ${result.stderr}`).toBe(0);
      expect(result.json()).toMatchObject({ pages: 2 });
      expect(readdirSync(out).length).toBeGreaterThan(0);
    }
    const doccano = readFileSync(join(dir, 'export-doccano', readdirSync(join(dir, 'export-doccano'))[0]!), 'utf8');
    const first = JSON.parse(doccano.split('\n')[0]!) as { text: string; label: [number, number, string][] };
    // Code points: 𠮷 counts as one character, so 倪岳峰 starts at 1.
    expect(first.label).toEqual([[1, 4, 'PER']]);
    expect(Array.from(first.text).slice(1, 4).join('')).toBe('倪岳峰');
    expect((await galley('export', '--format', 'pdf', '--out', join(dir, 'x'), '--db', db)).code).toBe(2);
    // The archive ignores filters, and says so.
    const archived = await galley(
      'export',
      '--format',
      'archive',
      '--out',
      join(dir, 'arch'),
      '--newspaper',
      'x',
      '--db',
      db,
    );
    expect(archived.code).toBe(0);
    expect(archived.stderr).toMatch(/filters do not apply/);
    expect(archived.stdout).toMatch(/Archived 2 page\(s\) and 1 span\(s\) to .*-archive-.*\.zip/);
    expect(
      (await galley('export', '--format', 'txt', '--out', join(dir, 'x'), '--from', '2022/1/1', '--db', db)).code,
    ).toBe(2);
  });
});

describe('galley export --format csv', () => {
  it("guards formula-like cells with ' by default, and writes them raw with --csv-raw", async () => {
    const db = join(dir, 'csv.galley');
    await galley('import', SEEDS_DIR, '--db', db);
    const corpus = openCorpus(db);
    const services = createServices({ corpus, seedsDir: SEEDS_DIR });
    const client = createDirectClient(services.methods);
    const page = (await client.call('pages.list', {})).rows.find((r) => r.fileName.startsWith('000_'))!;
    await client.call('pages.updateMeta', { id: page.id, newspaper: '=1+1', date: null, pageNo: null });
    const state = await client.call('document.get', { pageId: page.id });
    const block = state.document.articles[0]!.blocks[0]!;
    block.text = '@倪岳峰' + block.text;
    block.spans = [{ id: 's1', label: 'PER', start: 0, end: 4, origin: 'manual' }];
    await client.call('document.save', { pageId: page.id, baseRevision: 0, document: state.document, review: [] });
    corpus.close();
    const rows = async (...flags: string[]): Promise<string[]> => {
      const out = join(dir, `csv-${flags.length}`);
      expect((await galley('export', '--format', 'csv', '--out', out, '--db', db, ...flags)).code).toBe(0);
      return readFileSync(join(out, 'entities.csv'), 'utf8').split('\r\n').slice(1, -1);
    };
    expect(await rows()).toEqual([expect.stringMatching(/^000_f1346f968acf4f03\.txt,'=1\+1,,.*,PER,'@倪岳峰,,0,4$/)]);
    expect(await rows('--csv-raw')).toEqual([
      expect.stringMatching(/^000_f1346f968acf4f03\.txt,=1\+1,,.*,PER,@倪岳峰,,0,4$/),
    ]);
  });
});

describe('galley search', () => {
  it('finds 3+ and 1–2 character queries, follows saves, and searches spans', async () => {
    const db = join(dir, 'search.galley');
    await galley('import', SEEDS_DIR, '--db', db);
    const long = await galley('search', '倪岳峰', '--db', db, '--json');
    expect(long.code, long.stderr).toBe(0);
    expect(long.json().total).toBeGreaterThan(0);
    expect(long.json().hits[0].snippet.match).toBe('倪岳峰');
    const short = await galley('search', '河北', '--db', db, '--json');
    expect(short.json().total).toBeGreaterThan(0);
    const none = await galley('search', '不存在的词语', '--db', db, '--json');
    expect(none.json().total).toBe(0);
    // A save re-indexes the page in the same transaction.
    const corpus = openCorpus(db);
    const services = createServices({ corpus, seedsDir: SEEDS_DIR });
    const client = createDirectClient(services.methods);
    const page = (await client.call('pages.list', {})).rows.find((r) => r.fileName.startsWith('000_'))!;
    const state = await client.call('document.get', { pageId: page.id });
    const block = state.document.articles[0]!.blocks[0]!;
    block.text = '校对新增文字' + block.text;
    block.spans = [{ id: 's1', label: 'PER', start: 6, end: 9, origin: 'manual' }];
    await client.call('document.save', { pageId: page.id, baseRevision: 0, document: state.document, review: [] });
    corpus.close();
    const found = await galley('search', '校对新增', '--db', db, '--json');
    expect(found.json().total).toBe(1);
    const spans = await galley('search', '倪岳峰', '--spans', '--label', 'PER', '--db', db, '--json');
    expect(spans.json().total).toBe(1);
    expect((await galley('search', '"unclosed', '--db', db)).code).toBe(2);
  });
});

describe('galley entities', () => {
  it('lists the register with counts, as text and as JSON', async () => {
    const db = join(dir, 'entities.galley');
    expect((await galley('import', SEEDS_DIR, '--db', db)).code).toBe(0);
    const corpus = openCorpus(db);
    try {
      const client = createDirectClient(createServices({ corpus, seedsDir: SEEDS_DIR }).methods);
      const page = (await client.call('pages.list', {})).rows.find((r) => r.fileName.startsWith('000_'))!;
      const state = await client.call('document.get', { pageId: page.id });
      const block = state.document.articles.flatMap((a) => a.blocks).find((b) => b.text.includes('倪岳峰'))!;
      const at = block.text.indexOf('倪岳峰');
      block.spans.push({ id: 'n', label: 'PER', start: at, end: at + 3, origin: 'manual' });
      await client.call('document.save', { pageId: page.id, baseRevision: 0, document: state.document, review: [] });
      const entity = await client.call('entities.create', { label: 'PER', canonical: '倪岳峰', variants: ['倪书记'] });
      await client.call('entities.link', { id: entity.id, unlinked: { text: '倪岳峰', label: 'PER' } });
    } finally {
      corpus.close();
    }
    const text = await galley('entities', '--db', db);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ent-[0-9a-z]+\tPER\t倪岳峰\t1 mentions\t1 pages\t—…—\t倪书记\n1 entities\n$/);
    const json = await galley('entities', '--db', db, '--label', 'ORG', '--json');
    expect(json.json()).toEqual({ total: 0, rows: [] });
    expect((await galley('entities', '--db', db, '--label', 'no such!')).code).toBe(2);
  });
});
