// Jump markers in every common form: brackets of both widths, 下转/上接/紧接/转第/接第, Chinese and Arabic
// page numbers, lettered pages, and strings that only look like markers.
import { describe, expect, it } from 'vitest';

import { findJumpMarkers, normalizePage, parseHanNumber, parseJumpMarker } from '../../../src/shared/repair/jump';

describe('parseJumpMarker', () => {
  const cases: [string, 'continued-on' | 'continued-from', string][] = [
    ['(下转 04 版)', 'continued-on', '04'],
    ['（下转第二版）', 'continued-on', '2'],
    ['（上接第一版）', 'continued-from', '1'],
    ['(上接第1版)', 'continued-from', '1'],
    ['【紧接A1版】', 'continued-from', 'A1'],
    ['（紧接第4版）', 'continued-from', '4'],
    ['（转第5版）', 'continued-on', '5'],
    ['(转A3版)', 'continued-on', 'A3'],
    ['（接第1版）', 'continued-from', '1'],
    ['（下转第十二版）', 'continued-on', '12'],
    ['（下转二十一版）', 'continued-on', '21'],
    ['（下转Ａ２版）', 'continued-on', 'A2'],
    ['（下转０４版）', 'continued-on', '04'],
    ['〔下转第3版〕', 'continued-on', '3'],
    ['[上接 A2 版]', 'continued-from', 'A2'],
    ['（續見A2版）', 'continued-on', 'A2'],
    ['（轉A3版）', 'continued-on', 'A3'],
    ['（下轉第四版）', 'continued-on', '4'],
    ['（續第一版）', 'continued-from', '1'],
    ['（详见第6版）', 'continued-on', '6'],
    ['（相关报道见第二版）', 'continued-on', '2'],
    ['（下 转 第 二 版）', 'continued-on', '2'],
    ['（下转第3版左下）', 'continued-on', '3'],
    ['下转第3版', 'continued-on', '3'],
    ['上接第一版', 'continued-from', '1'],
  ];
  for (const [text, direction, page] of cases) {
    it(`reads ${text}`, () => {
      const m = parseJumpMarker(text);
      expect(m).not.toBeNull();
      expect(m?.direction).toBe(direction);
      expect(m?.page).toBe(page);
    });
  }

  it('rejects bracketed prose that only looks like a marker', () => {
    for (const t of ['（转自新华网）', '（接上文）', '（见表2）', '（详见说明）', '（第二版）', '（记者 张三）']) {
      expect(parseJumpMarker(t), t).toBeNull();
    }
  });
});

describe('findJumpMarkers', () => {
  it('finds a marker closing a paragraph and reports its offsets', () => {
    const line = '通过信息化手段和科学合理组织，（下转第二版）';
    const [m] = findJumpMarkers(line);
    expect(m).toBeDefined();
    expect(line.slice(m?.start, m?.end)).toBe('（下转第二版）');
  });

  it('finds a marker opening a continuation that starts mid-sentence', () => {
    const line = '(上接第1版)进一步压实属地责任,对辖区内的重点企业逐一开展安全检查';
    const [m] = findJumpMarkers(line);
    expect(m?.start).toBe(0);
    expect(m?.direction).toBe('continued-from');
  });

  it('accepts a bare marker only at the edge of a paragraph', () => {
    expect(findJumpMarkers('任务仍然艰巨。下转第二版')).toHaveLength(1);
    expect(findJumpMarkers('上接第一版 会议还要求，各地要加强应急值守')).toHaveLength(1);
    expect(findJumpMarkers('报社决定下转第二版的稿件今天送审')).toHaveLength(0);
  });

  it('finds several markers on one line, in order', () => {
    const ms = findJumpMarkers('（上接第一版）正文。（下转第三版）');
    expect(ms.map((m) => m.direction)).toEqual(['continued-from', 'continued-on']);
  });
});

describe('page numbers', () => {
  it('parses Chinese numerals', () => {
    expect(parseHanNumber('二')).toBe(2);
    expect(parseHanNumber('十')).toBe(10);
    expect(parseHanNumber('十二')).toBe(12);
    expect(parseHanNumber('二十')).toBe(20);
    expect(parseHanNumber('二十一')).toBe(21);
    expect(parseHanNumber('一〇五')).toBe(105);
    expect(parseHanNumber('贰')).toBe(2);
    expect(parseHanNumber('甲')).toBeNull();
  });

  it('normalizes page labels but keeps leading zeros as printed', () => {
    expect(normalizePage('04')).toBe('04');
    expect(normalizePage('０４')).toBe('04');
    expect(normalizePage('ａ2')).toBe('A2');
    expect(normalizePage('A 2')).toBe('A2');
    expect(normalizePage('第二'.slice(1))).toBe('2');
  });
});
