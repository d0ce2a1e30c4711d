import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir();
let n = 0;

async function seededCorpus() {
  const corpus = openCorpus(join(dir, `r${n++}.galley`));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  const client = createDirectClient(services.methods);
  const rows = (await client.call('pages.list', {})).rows;
  const seed000 = rows.find((r) => r.fileName === '000_f1346f968acf4f03.txt')!;
  return { corpus, services, client, seed000 };
}

describe('repair in the app', () => {
  it('repairs pages at import and stores the reading, suggestions and jump links', async () => {
    const { corpus, client, seed000 } = await seededCorpus();
    expect(corpus.db.prepare('SELECT count(*) FROM page_readings').pluck().get()).toBe(2);
    const reading = await client.call('repair.reading', { pageId: seed000.id });
    expect(reading.threshold).toBe(0.9);
    expect(reading.articles.length).toBeGreaterThan(1);
    expect(reading.articles[0]!.blocks[0]!.text).toMatch(/^倪岳峰主持召开/);
    expect(reading.removed.some((r) => r.role === 'jump' && r.text.includes('下转'))).toBe(true);
    expect(reading.suggestions.length).toBeGreaterThan(5);
    for (const s of reading.suggestions) expect(s.decision).toBeNull();
    // Suggestions under the threshold are pending; the ones at or above it are applied.
    for (const s of reading.suggestions.filter(
      (s) => !s.kind.startsWith('ocr-') && s.kind !== 'normalize-punctuation',
    )) {
      expect(s.applied, `${s.id} ${s.confidence}`).toBe(s.confidence >= 0.9);
    }
    expect(reading.jumpLinks.length).toBeGreaterThan(0);
    expect(reading.jumpLinks[0]).toMatchObject({ direction: 'continued-on', targetPageId: null });
    corpus.close();
  });

  it('keeps human decisions when the engine runs again, and they win over confidence', async () => {
    const { corpus, services, client, seed000 } = await seededCorpus();
    const before = await client.call('repair.reading', { pageId: seed000.id });
    const pending = before.suggestions.find((s) => !s.applied && s.kind === 'merge');
    const applied = before.suggestions.find((s) => s.applied && s.kind === 'merge');
    expect(pending && applied).toBeTruthy();
    await client.call('repair.decide', { pageId: seed000.id, suggestionIds: [pending!.id], decision: 'accepted' });
    const after = await client.call('repair.decide', {
      pageId: seed000.id,
      suggestionIds: [applied!.id],
      decision: 'rejected',
    });
    const find = (id: string) => after.suggestions.find((s) => s.id === id)!;
    expect(find(pending!.id)).toMatchObject({ decision: 'accepted', applied: true });
    expect(find(applied!.id)).toMatchObject({ decision: 'rejected', applied: false });
    // A re-run (new threshold, as after an upgrade) re-reads the page but keeps both decisions.
    await client.call('settings.set', { repairThreshold: 0.5 });
    const rerun = await client.call('repair.reading', { pageId: seed000.id });
    expect(rerun.threshold).toBe(0.5);
    expect(rerun.suggestions.find((s) => s.id === pending!.id)).toMatchObject({ decision: 'accepted', applied: true });
    expect(rerun.suggestions.find((s) => s.id === applied!.id)).toMatchObject({ decision: 'rejected', applied: false });
    await services.repair.repairPages([seed000.id]);
    expect(services.readings.decisions(seed000.id)).toEqual({ [pending!.id]: 'accepted', [applied!.id]: 'rejected' });
    // Withdrawing a decision hands the suggestion back to the threshold.
    const withdrawn = await client.call('repair.decide', {
      pageId: seed000.id,
      suggestionIds: [applied!.id],
      decision: null,
    });
    expect(withdrawn.suggestions.find((s) => s.id === applied!.id)!.decision).toBeNull();
    await expect(
      client.call('repair.decide', { pageId: seed000.id, suggestionIds: ['merge:no-such'], decision: 'accepted' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    corpus.close();
  });

  it('links a jump marker to the page it continues on once that page is in the corpus', async () => {
    const corpus = openCorpus(join(dir, `jump${n++}.galley`));
    const services = createServices({ corpus, seedsDir: SEEDS_DIR });
    const client = createDirectClient(services.methods);
    const folder = join(dir, `jump-pages-${n}`);
    mkdirSync(folder);
    const body = '本报讯（记者 李明）省政府召开常务会议，研究部署冬季安全生产工作，要求各地压实责任。';
    writeFileSync(join(folder, '河北日报_2022-11-27_01.txt'), `冬季安全生产会议召开\n\n${body}\n\n（下转第四版）\n`);
    writeFileSync(join(folder, '河北日报_2022-11-27_04.txt'), `（上接第一版）\n\n会议强调，要加强隐患排查。\n`);
    const job = await client.call('import.start', { paths: [folder] });
    await services.jobs.wait(job.jobId);
    const rows = (await client.call('pages.list', { sort: 'pageNo' })).rows;
    const [front, four] = rows;
    const reading = await client.call('repair.reading', { pageId: front!.id });
    expect(reading.jumpLinks).toEqual([
      expect.objectContaining({
        direction: 'continued-on',
        newspaper: '河北日报',
        date: '2022-11-27',
        targetPageId: four!.id,
      }),
    ]);
    corpus.close();
  });
});
