import { describe, expect, it } from 'vitest';

import { en, type Translation } from '../../../src/renderer/src/i18n/en';
import { chooseLocale, isLocale, otherLocale } from '../../../src/renderer/src/i18n/locale';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';

describe('chooseLocale', () => {
  it('prefers a valid saved choice', () => {
    expect(chooseLocale('zh-CN', 'en-US')).toBe('zh-CN');
    expect(chooseLocale('en', 'zh-CN')).toBe('en');
  });

  it('ignores an unknown saved value and follows the system language', () => {
    expect(chooseLocale('fr', 'zh-TW')).toBe('zh-CN');
    expect(chooseLocale('', 'de-DE')).toBe('en');
  });

  it('maps any Chinese system language to zh-CN and everything else to English', () => {
    expect(chooseLocale(null, 'zh')).toBe('zh-CN');
    expect(chooseLocale(null, 'zh-Hans-CN')).toBe('zh-CN');
    expect(chooseLocale(undefined, 'ZH-hk')).toBe('zh-CN');
    expect(chooseLocale(null, 'en-GB')).toBe('en');
    expect(chooseLocale(null, 'ja-JP')).toBe('en');
    expect(chooseLocale(null, '')).toBe('en');
    expect(chooseLocale(null, undefined)).toBe('en');
  });

  it('knows its locales and toggles between them', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('zh')).toBe(false);
    expect(otherLocale('en')).toBe('zh-CN');
    expect(otherLocale('zh-CN')).toBe('en');
  });
});

/** Every leaf of a string tree as [dotted key, value]. */
function leaves(tree: unknown, prefix = ''): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) =>
    leaves(value, prefix ? `${prefix}.${key}` : key),
  );
}

describe('resources', () => {
  it('has the same keys in both languages and no empty string', () => {
    const zhStrings: Translation = zhCN;
    const keys = (tree: unknown) =>
      leaves(tree)
        .map(([key]) => key)
        .sort();
    expect(keys(zhStrings)).toEqual(keys(en));
    for (const [key, value] of [...leaves(en), ...leaves(zhStrings)]) expect(value.trim(), key).not.toBe('');
  });

  it('explains every import failure code in both languages', () => {
    for (const code of ['EMPTY', 'BINARY', 'UNDECODABLE', 'TOO_LARGE', 'UNREADABLE', 'NOT_A_PAGE_FILE'] as const) {
      expect(en.import.failures[code]).toBeTruthy();
      expect(zhCN.import.failures[code]).toBeTruthy();
    }
  });
});
