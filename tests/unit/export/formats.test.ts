// Details of each format from formats.md: code point offsets with 𠮷, tags, sentences, CSV, Markdown, names, splits.
import { describe, expect, it } from 'vitest';

import type { DocBlock, PageDocument } from '../../../src/shared/document';
import { documentText } from '../../../src/shared/document';
import {
  NameAllocator,
  articleHeadline,
  bratDocuments,
  conllArticles,
  csvField,
  csvHeader,
  csvRows,
  doccanoArticleLines,
  isConllWhitespace,
  doccanoPageLines,
  labelStudioConfig,
  labelStudioTaskJson,
  labelStudioTaskLines,
  labelStudioTasks,
  markdownEscape,
  pageBaseName,
  pageMarkdown,
  pageText,
  safeName,
  splitOf,
} from '../../../src/shared/export';
import { GAIJI, LABELS, SEED_FILES, pySlice, seedInput } from './fixtures';

const page = { fileName: 'x.txt', newspaper: '河北日报', date: '2022-11-27', pageNo: '1' };

function doc(...blocks: DocBlock[]): PageDocument {
  return { version: 1, articles: [{ id: 'a', blocks }], setAside: [] };
}
function blk(id: string, text: string, role: DocBlock['role'] = 'body', spans: [string, string][] = []): DocBlock {
  let from = 0;
  return {
    id,
    role,
    text,
    spans: spans.map(([needle, label], i) => {
      const start = text.indexOf(needle, from);
      from = start + needle.length;
      return { id: `${id}s${i}`, label, start, end: from, origin: 'manual' };
    }),
  };
}
const input = (d: PageDocument) => ({ page, document: d, labels: LABELS });

// 𠮷 before a span and inside one: UTF-16 and code point offsets differ from the second span on.
const gaiji = doc(
  blk('h', '𠮷田茂首相访华', 'headline', [[`${GAIJI}田茂`, 'PER']]),
  blk('b', `${GAIJI}田茂首相抵达南京。`, 'body', [['南京', 'LOC']]),
  blk('j', '(下转第二版)', 'jump'),
);

describe('code point offsets (𠮷 before and inside spans)', () => {
  it('doccano, Label Studio, brat and CSV all index by code point, as Python slices', () => {
    const [line] = doccanoArticleLines(input(gaiji));
    const record = JSON.parse(line ?? '') as { text: string; label: [number, number, string][] };
    expect(record.label).toEqual([
      [0, 3, 'PER'],
      [15, 17, 'LOC'],
    ]);
    for (const [s, e] of record.label) expect(['𠮷田茂', '南京']).toContain(pySlice(record.text, s, e));
    const task = labelStudioTasks(input(gaiji))[0];
    expect(task?.annotations[0]?.result.map((r) => [r.value.start, r.value.end, r.value.text])).toEqual([
      [0, 3, '𠮷田茂'],
      [15, 17, '南京'],
    ]);
    expect(bratDocuments(input(gaiji))[0]?.ann).toBe('T1\tPER 0 3\t𠮷田茂\nT2\tLOC 15 17\t南京\n');
    expect(csvRows(input(gaiji))[1]).toBe('x.txt,河北日报,2022-11-27,𠮷田茂首相访华,LOC,南京,,15,17\r\n');
  });

  it('page-level doccano records keep articles apart with a blank line', () => {
    const two: PageDocument = {
      ...gaiji,
      articles: [...gaiji.articles, { id: 'a2', blocks: [blk('c', '南京', 'body', [['南京', 'LOC']])] }],
    };
    const record = JSON.parse(doccanoPageLines(input(two))[0] ?? '') as { text: string; label: number[][] };
    expect(record.text).toBe(documentText(two).text);
    expect(record.label.at(-1)).toEqual([20, 22, 'LOC']);
  });

  it('every seed span slices to its text in code points', () => {
    for (const file of SEED_FILES) {
      for (const line of doccanoArticleLines(seedInput(file))) {
        const r = JSON.parse(line) as { text: string; label: [number, number, string][] };
        for (const [s, e] of r.label)
          expect(pySlice(r.text, s, e)).toMatch(
            /^(倪岳峰|王正谱|刘金峰|王东峰|许勤|石家庄(日报)?|河北日报|𠮷田茂|𠮷林省)$/,
          );
      }
    }
  });
});

describe('text and Markdown', () => {
  it('txt is documentText plus a final newline, without jump, furniture or blank blocks', () => {
    const d = doc(blk('h', '标题', 'headline'), blk('f', '责任编辑', 'furniture'), blk('e', '  '), blk('b', '正文'));
    expect(pageText(input(d))).toBe('标题\n正文\n');
    for (const file of SEED_FILES)
      expect(pageText(seedInput(file))).toBe(`${documentText(seedInput(file).document).text}\n`);
  });

  it('md has front matter, headline stack headings and escaped paragraphs', () => {
    const d = doc(
      blk('k', '引题', 'kicker'),
      blk('h', '主题', 'headline'),
      blk('b', '# 不是标题'),
      blk('c', '1. 也不是'),
    );
    expect(pageMarkdown({ ...input(d), page: { ...page, newspaper: 'a"b' } })).toBe(
      '---\nfile: "x.txt"\nnewspaper: "a\\"b"\ndate: "2022-11-27"\npage: "1"\nstatus: null\n---\n\n## 引题\n\n# 主题\n\n\\# 不是标题\n\n\\1. 也不是\n',
    );
    expect(markdownEscape('a*b_c<d')).toBe('a\\*b\\_c\\<d');
  });

  it('the article headline is the headline block, else the first block', () => {
    expect(
      articleHeadline([
        { role: 'kicker', text: 'k' },
        { role: 'headline', text: 'h' },
      ]),
    ).toBe('h');
    expect(articleHeadline([{ role: 'body', text: 'b' }])).toBe('b');
  });
});

describe('CoNLL', () => {
  const d = doc(
    blk('b', '蒋中正抵达南京。他说：“好！”次日 离开；', 'body', [
      ['蒋中正', 'PER'],
      ['南京', 'LOC'],
    ]),
    blk('c', '李', 'body', [['李', 'PER']]),
  );
  it('BIO: one character per line, sentences after 。！？； with closing quotes, whitespace skipped', () => {
    expect(conllArticles(input(d))[0]).toBe(
      [
        '蒋\tB-PER\n中\tI-PER\n正\tI-PER\n抵\tO\n达\tO\n南\tB-LOC\n京\tI-LOC\n。\tO\n\n',
        '他\tO\n说\tO\n：\tO\n“\tO\n好\tO\n！\tO\n”\tO\n\n',
        '次\tO\n日\tO\n离\tO\n开\tO\n；\tO\n\n',
        '李\tB-PER\n\n',
      ].join(''),
    );
  });
  it('BIOES marks single, begin, inside and end; 4 columns add -DOCSTART-', () => {
    const out = conllArticles(input(d), { scheme: 'BIOES', columns: 4 })[0] ?? '';
    expect(out.startsWith('-DOCSTART- -X- O O\n\n蒋 -X- _ B-PER\n中 -X- _ I-PER\n正 -X- _ E-PER\n')).toBe(true);
    expect(out).toContain('南 -X- _ B-LOC\n京 -X- _ E-LOC\n');
    expect(out).toContain('李 -X- _ S-PER\n');
  });
  it('never ends a sentence inside a span, and counts 𠮷 as one character', () => {
    const e = doc(blk('b', '我到了𠮷。田村。后', 'body', [['𠮷。田村', 'LOC']]));
    expect(conllArticles(input(e))[0]).toBe(
      '我\tO\n到\tO\n了\tO\n𠮷\tB-LOC\n。\tI-LOC\n田\tI-LOC\n村\tI-LOC\n。\tO\n\n后\tO\n\n',
    );
  });
});

describe('CoNLL whitespace', () => {
  it('skips exactly the code points /\\s/u matches', () => {
    const differ: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (isConllWhitespace(code) !== /^\s$/u.test(String.fromCharCode(code))) differ.push(code);
    }
    expect(differ).toEqual([]);
    expect(isConllWhitespace(0x3000)).toBe(true);
  });
});

describe('CSV', () => {
  it('starts with a BOM and quotes commas, quotes, line breaks and edge spaces', () => {
    expect(csvHeader()).toBe('\ufeffpage_file,newspaper,date,article_headline,label,text,entity,start,end\r\n');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField(' a')).toBe('" a"');
    expect(csvField('南京')).toBe('南京');
    expect(csvField(null)).toBe('');
  });

  it("guards cells Excel would run as formulas with a leading ', unless asked for raw text", () => {
    expect(csvField('=HYPERLINK("http://x","点击")')).toBe(`"'=HYPERLINK(""http://x"",""点击"")"`);
    expect(csvField('+86 10 1234')).toBe("'+86 10 1234");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    // Only at the start, and never numbers: offsets stay numbers.
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-1)).toBe('-1');
    expect(csvField('=1', false)).toBe('=1');
    const d = doc(
      blk('h', '=cmd|" /C calc"!A0 报道', 'headline'),
      blk('b', '@王五 与 -李四- 会面', 'body', [['-李四-', 'PER']]),
    );
    const guarded = csvRows({ ...input(d), page: { ...page, newspaper: '+报' } });
    expect(guarded).toEqual([`x.txt,'+报,2022-11-27,"'=cmd|"" /C calc""!A0 报道",PER,'-李四-,,28,32\r\n`]);
    const raw = csvRows({ ...input(d), page: { ...page, newspaper: '+报' } }, { formulaGuard: false });
    expect(raw).toEqual([`x.txt,+报,2022-11-27,"=cmd|"" /C calc""!A0 报道",PER,-李四-,,28,32\r\n`]);
  });
});

describe('Label Studio tasks', () => {
  it('the serialised tasks the exporter writes are exactly JSON.stringify of the task objects', () => {
    const tricky = doc(
      blk('h', '标题 "引号" \\ 反斜杠', 'headline', [['"引号"', 'PER']]),
      blk('b', `控制\u0001符 \u2028 ${GAIJI}田 </script> 行`, 'body', [
        [`${GAIJI}田`, 'LOC'],
        ['</script>', 'ORG'],
      ]),
    );
    const inputs = [...SEED_FILES.map(seedInput), input(gaiji), { ...input(tricky), page: { ...page, pageNo: null } }];
    for (const i of inputs) {
      const lines = labelStudioTaskLines(i);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines).toEqual(labelStudioTasks(i).map(labelStudioTaskJson));
    }
  });
});

describe('Label Studio config', () => {
  it('names match from_name/to_name and labels carry their colours', () => {
    expect(labelStudioConfig(LABELS, ['PER', 'DATE'])).toBe(
      '<View>\n  <Labels name="label" toName="text">\n    <Label value="PER" background="#e41a1c"/>\n    <Label value="ORG" background="#377eb8"/>\n    <Label value="LOC" background="#4daf4a"/>\n    <Label value="DATE"/>\n  </Labels>\n  <Text name="text" value="$text"/>\n</View>\n',
    );
    const r = labelStudioTasks(input(gaiji))[0]?.annotations[0]?.result[0];
    expect([r?.from_name, r?.to_name, r?.type]).toEqual(['label', 'text', 'labels']);
  });
});

describe('safe names', () => {
  it('strips separators, .., control characters and reserved Windows names', () => {
    expect(safeName('../../etc')).toBe('_._etc');
    expect(safeName('..')).toBe('untitled');
    expect(safeName('CON')).toBe('_CON');
    expect(safeName('nul.txt')).toBe('_nul.txt');
    expect(safeName('com1')).toBe('_com1');
    expect(safeName('a\u0000b\nc\td')).toBe('abcd');
    expect(safeName('a/b\\c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safeName(' .hidden. ')).toBe('hidden');
    const long = safeName('河'.repeat(200));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(120);
    expect(safeName('𠮷'.repeat(100))).toBe('𠮷'.repeat(30));
  });
  it('builds page names from metadata, sanitized', () => {
    expect(pageBaseName({ ...page, newspaper: '../../etc' })).toBe('_._etc_2022-11-27_1');
    expect(pageBaseName({ ...page, newspaper: 'CON', date: null })).toBe('x');
    expect(pageBaseName({ fileName: 'CON.txt', newspaper: null, date: null, pageNo: null })).toBe('_CON');
  });
  it('deduplicates case-insensitively', () => {
    const names = new NameAllocator(['corpus.txt']);
    expect([names.allocate('corpus', '.txt'), names.allocate('A', '.txt'), names.allocate('a', '.txt')]).toEqual([
      'corpus~2.txt',
      'A.txt',
      'a~2.txt',
    ]);
  });
});

describe('train/dev/test split', () => {
  const options = { seed: 42, train: 8, dev: 1, test: 1 };
  it('is deterministic per seed and key and roughly proportional', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `page${i >> 3}.txt#${i & 7}`);
    const a = keys.map((k) => splitOf(options, k));
    expect(keys.map((k) => splitOf(options, k))).toEqual(a);
    expect(keys.map((k) => splitOf({ ...options, seed: 43 }, k))).not.toEqual(a);
    const train = a.filter((s) => s === 'train').length / a.length;
    expect(train).toBeGreaterThan(0.77);
    expect(train).toBeLessThan(0.83);
    expect(a).toContain('dev');
    expect(a).toContain('test');
    expect(splitOf(options, 'page1.txt#0')).toMatchInlineSnapshot(`"test"`);
  });
  it('refuses nonsense fractions', () => {
    expect(() => splitOf({ seed: 1, train: 0, dev: 0, test: 0 }, 'k')).toThrow(RangeError);
  });
});
