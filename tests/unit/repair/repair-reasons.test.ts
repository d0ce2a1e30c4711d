// Every reason the engine gives exists in English and Chinese with the parameters it interpolates.
import { describe, expect, it } from 'vitest';

import { repairReasons } from '../../../src/shared/i18n/repair-reasons';
import { repairPage } from '../../../src/shared/repair';
import { fixtureNames, loadFixture } from './reading';

const placeholders = (msg: string): string[] => Array.from(msg.matchAll(/\{\{(\w+)\}\}/gu), (m) => m[1] ?? '').sort();

describe('repairReasons', () => {
  it('has the same keys and placeholders in both languages', () => {
    expect(Object.keys(repairReasons['zh-CN']).sort()).toEqual(Object.keys(repairReasons.en).sort());
    for (const [key, msg] of Object.entries(repairReasons.en)) {
      expect(placeholders(repairReasons['zh-CN'][key] ?? ''), key).toEqual(placeholders(msg));
    }
  });

  it('covers every reason key the engine emits, with all its placeholders filled', () => {
    const extra =
      '# 标题\n\n本报记者 张三\n\n新华社北京5月20日电\n\n（记者 李四）记者从…获悉，\n\n一、加强监测。\n\n图为现场。新华社记者 王五 摄\n';
    const pages = [...fixtureNames().map((n) => loadFixture(n).text), extra];
    const seen = new Set<string>();
    for (const text of pages) {
      for (const opts of [{}, { normalizePunctuation: true }]) {
        for (const s of repairPage(text, opts).suggestions) {
          seen.add(s.reason.key);
          for (const lang of ['en', 'zh-CN'] as const) {
            const msg = repairReasons[lang][s.reason.key];
            expect(msg, `${lang} ${s.reason.key}`).toBeDefined();
            for (const p of placeholders(msg ?? ''))
              expect(s.reason.params, `${s.reason.key} {{${p}}}`).toHaveProperty(p);
          }
        }
      }
    }
    expect(seen.size).toBeGreaterThan(15);
  });
});
