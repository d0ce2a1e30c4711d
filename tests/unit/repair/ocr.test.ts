// OCR suspects: Latin words in Han text and doubled words or clauses. They are suggestions only.
import { describe, expect, it } from 'vitest';

import { findDoubledSuspects, findLatinSuspects } from '../../../src/shared/repair/ocr';

describe('findLatinSuspects', () => {
  it('flags an English function word between Han words with high confidence', () => {
    const text = '在疫情防控 and 应急处置中发挥着不可替代的作用';
    const [s] = findLatinSuspects(text);
    expect(s?.text).toBe('and');
    expect(text.slice(s?.start, s?.end)).toBe('and');
    expect(s?.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('leaves acronyms, brands, units and mixed-case words alone', () => {
    for (const t of [
      '今年GDP增长5.2%',
      '完成CT检查',
      '推广5G应用',
      '全长12 km的公路',
      '新款iPhone发布',
      'PM2.5浓度下降',
    ]) {
      expect(findLatinSuspects(t), t).toEqual([]);
    }
  });

  it('gives other lowercase words a lower confidence', () => {
    const [s] = findLatinSuspects('要强化 monitoring 监管执法');
    expect(s?.confidence).toBeLessThan(0.8);
  });
});

describe('findDoubledSuspects', () => {
  it('flags a doubled word', () => {
    const text = '小组会议暨视频会议会议精神';
    const [s] = findDoubledSuspects(text);
    expect(s?.text).toBe('会议会议');
    expect(text.slice(s?.start, s?.end)).toBe('会议会议');
  });

  it('flags a longer doubled phrase with more confidence than a two-character one', () => {
    const long = findDoubledSuspects('全面落实防控措施全面落实防控措施，确保')[0];
    const short = findDoubledSuspects('大家研究研究再说')[0];
    expect(long?.confidence).toBeGreaterThan(short?.confidence ?? 1);
  });

  it('skips reduplication Chinese uses on purpose', () => {
    for (const t of ['一个一个地核实', '哈哈哈哈', '天天锻炼', '常常加班']) {
      expect(findDoubledSuspects(t), t).toEqual([]);
    }
  });

  it('flags neighbouring clauses that repeat a long opening', () => {
    const text = '要深入贯彻落实，按照省委、省政府工作部署，按照省委、省政府工作安排，科学有序开展核酸检测';
    const s = findDoubledSuspects(text).find((x) => x.reason.key === 'ocr.repeatedOpening');
    expect(s?.text).toBe('按照省委、省政府工作部署，按照省委、省政府工作安排');
  });

  it('ignores parallel clauses with a short shared opening', () => {
    expect(findDoubledSuspects('坚持人民至上，坚持生命至上，坚持中西医结合')).toEqual([]);
  });
});

describe('what accepting a suspect removes', () => {
  const removed = (text: string, s: { remove: { start: number; end: number } } | undefined): string =>
    s ? text.slice(0, s.remove.start) + text.slice(s.remove.end) : text;

  it('removes a Latin word with the spaces around it', () => {
    const text = '在疫情防控 and 应急处置中';
    expect(removed(text, findLatinSuspects(text)[0])).toBe('在疫情防控应急处置中');
  });

  it('removes the second copy of a doubled word', () => {
    const text = '视频会议会议精神';
    expect(removed(text, findDoubledSuspects(text)[0])).toBe('视频会议精神');
  });

  it('removes the second of two repeated clauses with the mark before it', () => {
    const text = '要深入贯彻落实，按照省委、省政府工作部署，按照省委、省政府工作安排，科学有序开展核酸检测';
    const s = findDoubledSuspects(text).find((x) => x.reason.key === 'ocr.repeatedOpening');
    expect(removed(text, s)).toBe('要深入贯彻落实，按照省委、省政府工作部署，科学有序开展核酸检测');
  });
});
