// Checks that newspaper, date and page are read from the file-name shapes digitization projects produce.
import { describe, expect, it } from 'vitest';

import type { PageMeta } from '../../../src/shared/domain';
import { parseFileNameMeta } from '../../../src/shared/filename-meta';

const meta = (newspaper: string | null, date: string | null, pageNo: string | null): PageMeta => ({
  newspaper,
  date,
  pageNo,
});

const CASES: [string, PageMeta][] = [
  // The shapes named in the brief.
  ['河北日报_2022-11-27_01.txt', meta('河北日报', '2022-11-27', '1')],
  ['hbrb-20221127-p01.md', meta('hbrb', '2022-11-27', '1')],
  ['人民日报 2021年3月5日 第4版.txt', meta('人民日报', '2021-03-05', '4')],
  ['rmrb_1998_01_05_A2.txt', meta('rmrb', '1998-01-05', 'A2')],
  ['2022-11-27/01.txt', meta(null, '2022-11-27', '1')],
  ['河北日报/20221127/004.txt', meta('河北日报', '2022-11-27', '4')],
  ['xinmin-19850312-page12.txt', meta('xinmin', '1985-03-12', '12')],
  ['000_f1346f968acf4f03.txt', meta(null, null, null)],
  // Other common shapes.
  ['RMRB_19980105_A02.txt', meta('RMRB', '1998-01-05', 'A2')],
  ['rmrb19980105.txt', meta('rmrb', '1998-01-05', null)],
  ['19980105_rmrb_02.txt', meta('rmrb', '1998-01-05', '2')],
  ['人民日报19491001第01版.txt', meta('人民日报', '1949-10-01', '1')],
  ['《人民日报》1998-01-05 第02版：要闻.txt', meta('人民日报', '1998-01-05', '2')],
  ['大公报 一九三六年五月十二日 第四版.txt', meta('大公报', '1936-05-12', '4')],
  ['申报_民國二十年三月五日_第十二版.txt', meta('申报', '1931-03-05', '12')],
  ['中央日報 民國74年3月12日 A3版.txt', meta('中央日報', '1985-03-12', 'A3')],
  ['Daily Mail 1923.05.01 page 3.txt', meta('Daily Mail', '1923-05-01', '3')],
  ['NYT_1923-05-01_p.3.txt', meta('NYT', '1923-05-01', '3')],
  ['人民日报＿２０２１－０３－０５＿０４.txt', meta('人民日报', '2021-03-05', '4')],
  ['rmrb_1998-01-05_02_corrected.txt', meta('rmrb', '1998-01-05', '2')],
  ['rmrb_1998-01-05_v2.txt', meta('rmrb', '1998-01-05', null)],
  ['rmrb_1998_01_05_a2.txt', meta('rmrb', '1998-01-05', 'a2')],
  ['北京晚报2008-08-08第A12版.txt', meta('北京晚报', '2008-08-08', 'A12')],
  ['河北日报-20221127-0001.txt', meta('河北日报', '2022-11-27', '1')],
  ['rmrb-20221127-1430.txt', meta('rmrb', '2022-11-27', null)],
  ['scan_1998-01-05_01.txt', meta(null, '1998-01-05', '1')],
  ['人民日报海外版_2021-03-05_05.txt', meta('人民日报海外版', '2021-03-05', '5')],
  ['The Times 1923 05 01.txt', meta('The Times', '1923-05-01', null)],
  ['河北日报_01.txt', meta('河北日报', null, '1')],
  ['01_河北日报.txt', meta('河北日报', null, null)],
  ['第3版.txt', meta(null, null, '3')],
  ['004.txt', meta(null, null, '4')],
  ['000.txt', meta(null, null, null)],
  ['007_f1346f968acf4f03.txt', meta(null, null, null)],
  ['e4dddeaf-5a82-4f03-9c1b-123456789abc.txt', meta(null, null, null)],
  ['IMG_0012.txt', meta(null, null, null)],
  ['scan_012.txt', meta(null, null, null)],
  // Dates are validated, and a date-shaped but impossible span is not read as a page either.
  ['rmrb-2021-02-30-01.txt', meta('rmrb', null, '1')],
  ['rmrb-2020-02-29-01.txt', meta('rmrb', '2020-02-29', '1')],
  ['rmrb-1900-02-29.txt', meta('rmrb', null, null)],
  ['rmrb_2022-13-01_01.txt', meta('rmrb', null, '1')],
  ['rmrb_20221399.txt', meta('rmrb', null, null)],
  // Folder evidence: nested dates, newspaper folders, Windows paths, and folders that are not newspapers.
  ['河北日报/2022/11/27/A03.txt', meta('河北日报', '2022-11-27', 'A3')],
  ['人民日报/1998/0105/02.txt', meta('人民日报', '1998-01-05', '2')],
  ['报刊/申报/1931年/3月/5日/03.txt', meta('申报', '1931-03-05', '3')],
  ['C:\\扫描\\河北日报\\20221127\\004.txt', meta('河北日报', '2022-11-27', '4')],
  ['河北日报/2022-11-27_01.txt', meta('河北日报', '2022-11-27', '1')],
  ['hbrb_20221127/05.txt', meta('hbrb', '2022-11-27', '5')],
  ['/Users/alice/Documents/2022-11-27/01.txt', meta(null, '2022-11-27', '1')],
  ['/home/alice/2022-11-27/01.txt', meta(null, '2022-11-27', '1')],
  ['/work/shared/seeds/003_e4dddeaf5a82f68e.txt', meta(null, null, null)],
  ['newspapers/rmrb_1998_01_05_A2.txt', meta('rmrb', '1998-01-05', 'A2')],
  ['', meta(null, null, null)],
];

describe('parseFileNameMeta', () => {
  it.each(CASES)('%s', (fileName, expected) => {
    expect(parseFileNameMeta(fileName)).toEqual(expected);
  });

  it('prefers the file name over its folders', () => {
    expect(parseFileNameMeta('文汇报/1990-01-01/rmrb_1998-01-05_02.txt')).toEqual(meta('rmrb', '1998-01-05', '2'));
  });
});

describe('parseFileNameMeta: folders of undated files', () => {
  it('does not take an arbitrary folder of undated files for the newspaper', () => {
    expect(parseFileNameMeta('folder/000_f1346f968acf4f03.txt')).toEqual({ newspaper: null, date: null, pageNo: null });
    expect(parseFileNameMeta('batch3/000_1a2b3c4d5e6f.txt').newspaper).toBeNull();
  });
  it('still reads the newspaper from a folder of dated pages', () => {
    expect(parseFileNameMeta('河北日报/2022-11-27_01.txt')).toMatchObject({
      newspaper: '河北日报',
      date: '2022-11-27',
    });
  });
});
