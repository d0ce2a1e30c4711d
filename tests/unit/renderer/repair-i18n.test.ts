import i18next from 'i18next';
import { describe, expect, it } from 'vitest';

import { en } from '../../../src/renderer/src/i18n/en';
import { I18N_NAMESPACES, i18nResources, REPAIR_NS } from '../../../src/renderer/src/i18n/resources';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';
import { SuggestionViewSchema } from '../../../src/shared/api';
import { BLOCK_ROLES } from '../../../src/shared/domain';
import { repairReasons } from '../../../src/shared/i18n/repair-reasons';

const params = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

async function instance(lng: 'en' | 'zh-CN') {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: i18nResources,
    ns: [...I18N_NAMESPACES],
    defaultNS: 'translation',
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return i18n;
}

describe('repair strings', () => {
  it('names every suggestion kind and every block role in both languages', () => {
    for (const kind of SuggestionViewSchema.shape.kind.options) {
      expect(en.suggestions.kinds[kind], kind).toBeTruthy();
      expect(zhCN.suggestions.kinds[kind], kind).toBeTruthy();
    }
    for (const role of BLOCK_ROLES) {
      expect(en.reading.roles[role], role).toBeTruthy();
      expect(zhCN.reading.roles[role], role).toBeTruthy();
    }
    expect(Object.values(zhCN.reading.roles)).toEqual([
      '引题',
      '主题',
      '副题',
      '署名',
      '正文',
      '图片说明',
      '转版标记',
      '版面杂项',
    ]);
  });

  it('has every reason in both languages with the same parameters', () => {
    expect(Object.keys(repairReasons['zh-CN']).sort()).toEqual(Object.keys(repairReasons.en).sort());
    for (const [key, text] of Object.entries(repairReasons.en)) {
      expect(params(repairReasons['zh-CN'][key]!), key).toEqual(params(text));
    }
  });

  it('renders a reason from its key and parameters through the repair namespace', async () => {
    const reason = { key: 'merge.midSentence', params: { last: '措', width: 120 } };
    const english = await instance('en');
    expect(english.t(reason.key, { ns: REPAIR_NS, replace: reason.params })).toBe(
      'Fragment ends mid-sentence (last character “措”, no 。！？), so the next one continues it',
    );
    const chinese = await instance('zh-CN');
    expect(chinese.t(reason.key, { ns: REPAIR_NS, replace: reason.params })).toBe(
      '片段在句中结束（末字“措”，没有。！？），下一片段接续此句',
    );
    // Dotted keys are flat keys of the bundle, also when a prefix is itself a key's start.
    expect(chinese.t('merge.no.sentenceEnd', { ns: REPAIR_NS, replace: { last: '。' } })).toContain('“。”');
    expect(chinese.t('punct.halfWidth', { ns: REPAIR_NS, replace: { count: 4, marks: '( ) ,' } })).toBe(
      '中文中有 4 个半角标点（( ) ,），可改为全角',
    );
  });
});
