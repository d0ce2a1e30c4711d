// The query language: parsing into a tree, validation messages, term classification and compilation.
import { describe, expect, it } from 'vitest';

import {
  classifyTerm,
  classifyTerms,
  compileQuery,
  firstMatch,
  likeContains,
  makeSnippet,
  MAX_TERMS,
  parseQuery,
  QuerySyntaxError,
  type QueryNode,
} from '../../../src/shared/search';

const term = (text: string, phrase = false): QueryNode => ({ kind: 'term', text, phrase });

describe('parseQuery', () => {
  it('reads Chinese text without spaces as one term', () => {
    expect(parseQuery('核酸检测')).toEqual(term('核酸检测'));
  });

  it('joins words by implicit or explicit AND, and AND binds tighter than OR', () => {
    expect(parseQuery('北京 上海')).toEqual({ kind: 'and', children: [term('北京'), term('上海')] });
    expect(parseQuery('北京 AND 上海')).toEqual(parseQuery('北京 上海'));
    expect(parseQuery('北京 上海 OR 天津')).toEqual({
      kind: 'or',
      children: [{ kind: 'and', children: [term('北京'), term('上海')] }, term('天津')],
    });
  });

  it('reads NOT and a leading - as exclusions, a - inside a word as text', () => {
    expect(parseQuery('疫苗 -北京')).toEqual({
      kind: 'and',
      children: [term('疫苗'), { kind: 'not', child: term('北京') }],
    });
    expect(parseQuery('疫苗 NOT 北京')).toEqual(parseQuery('疫苗 -北京'));
    expect(parseQuery('COVID-19')).toEqual(term('COVID-19'));
    expect(parseQuery('A - B')).toEqual({ kind: 'and', children: [term('A'), term('-'), term('B')] });
  });

  it('reads straight and full-width quotes as phrases, and the ideographic space as a space', () => {
    expect(parseQuery('"new york"')).toEqual(term('new york', true));
    expect(parseQuery('“人民 日报”\u3000社论')).toEqual({
      kind: 'and',
      children: [term('人民 日报', true), term('社论')],
    });
    expect(parseQuery('"AND"')).toEqual(term('AND', true));
    expect(parseQuery('-"人民日报" 社论')).toEqual({
      kind: 'and',
      children: [{ kind: 'not', child: term('人民日报', true) }, term('社论')],
    });
  });

  it('groups with ASCII parentheses; full-width （） are text', () => {
    expect(parseQuery('(北京 OR 上海) 疫情')).toEqual({
      kind: 'and',
      children: [{ kind: 'or', children: [term('北京'), term('上海')] }, term('疫情')],
    });
    expect(parseQuery('本报讯（记者')).toEqual(term('本报讯（记者'));
    expect(parseQuery('疫情 -(北京 OR 上海)')).toEqual({
      kind: 'and',
      children: [term('疫情'), { kind: 'not', child: { kind: 'or', children: [term('北京'), term('上海')] } }],
    });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['"北京', 'not closed'],
    ['""', 'empty'],
    ['北京 OR', 'Expected a word'],
    ['OR 北京', 'Expected a word'],
    ['AND', 'Expected a word'],
    ['(北京', 'not closed'],
    ['北京)', 'no matching'],
    ['()', 'Empty parentheses'],
    ['-北京', 'only exclusions'],
    ['NOT 北京', 'only exclusions'],
    ['北京 OR -上海', 'exclusion'],
    ['北京 -)', 'nothing after it'],
  ])('refuses %j with a clear message', (query, message) => {
    expect(() => parseQuery(query)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(query)).toThrow(message);
  });

  it('bounds the number of terms and the length', () => {
    expect(() => parseQuery(Array.from({ length: MAX_TERMS + 1 }, (_, i) => `词${i}`).join(' '))).toThrow('at most');
    expect(() => parseQuery('北'.repeat(1001))).toThrow('too long');
  });
});

describe('classification and compilation', () => {
  it('classifies by code points, not UTF-16 units', () => {
    expect(classifyTerm('疫')).toBe('short');
    expect(classifyTerm('北京')).toBe('short');
    expect(classifyTerm('𠮷野')).toBe('short'); // 3 UTF-16 units, 2 code points
    expect(classifyTerm('北京市')).toBe('trigram');
    expect(classifyTerms(parseQuery('核酸检测 OR 疫苗 -北京'))).toEqual([
      { text: '核酸检测', path: 'trigram', negated: false },
      { text: '疫苗', path: 'short', negated: false },
      { text: '北京', path: 'short', negated: true },
    ]);
  });

  it('sends an all-trigram query to the trigram index as quoted strings, with NOT as a binary operator', () => {
    const compiled = compileQuery(parseQuery('核酸检测 OR (疫苗接种 -北京市)'));
    expect(compiled.index).toBe('trigram');
    expect(compiled.match).toBe('("核酸检测" OR ("疫苗接种" NOT "北京市"))');
    // The parser never yields a double quote inside a term, but a tree built elsewhere may: it is escaped.
    expect(compileQuery({ kind: 'term', text: 'say "hi"', phrase: true }).match).toBe('"say ""hi"""');
  });

  it('sends a query with a 1–2 character term to a scan, narrowed by the 3+ character terms an AND requires', () => {
    const compiled = compileQuery(parseQuery('核酸检测 OR 疫苗 -北京'));
    expect(compiled).toMatchObject({ index: 'scan', match: null, prefilter: null });
    expect(compileQuery(parseQuery('疫苗')).prefilter).toBeNull();
    // Only plain terms of a top-level AND are required; a term inside an OR is not.
    expect(compileQuery(parseQuery('核酸检测 疫苗接种 北京 -上海市')).prefilter).toBe('"核酸检测" AND "疫苗接种"');
    expect(compileQuery(parseQuery('(核酸检测 OR 疫苗接种) 北京')).prefilter).toBeNull();
  });

  it('compiles the exact LIKE form with NOT LIKE for exclusions and escaped wildcards', () => {
    const compiled = compileQuery(parseQuery('核酸检测 OR 疫苗 -北京'), 'b.text');
    expect(compiled.like.sql).toBe(
      `(b.text LIKE ? ESCAPE '\\' OR (b.text LIKE ? ESCAPE '\\' AND b.text NOT LIKE ? ESCAPE '\\'))`,
    );
    expect(compiled.like.params).toEqual(['%核酸检测%', '%疫苗%', '%北京%']);
    expect(likeContains('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});

describe('snippets', () => {
  it('marks the first match by UTF-16 offsets and cuts context by code points', () => {
    const text = '𠮷野家在北京开店';
    const found = firstMatch(text, ['北京']);
    expect(found).toEqual({ start: 5, end: 7 });
    expect(text.slice(found!.start, found!.end)).toBe('北京');
    expect(makeSnippet(text, 5, 7, 3)).toEqual({ before: '野家在', match: '北京', after: '开店' });
    // Context that reaches the astral character keeps it whole.
    expect(makeSnippet(text, 5, 7, 4)).toEqual({ before: '𠮷野家在', match: '北京', after: '开店' });
  });

  it('finds the earliest of several terms, case-insensitively', () => {
    expect(firstMatch('Covid 疫苗 北京', ['北京', 'COVID'])).toEqual({ start: 0, end: 5 });
    expect(firstMatch('abc', ['x'])).toBeNull();
  });

  it('turns line breaks into spaces without changing lengths', () => {
    expect(makeSnippet('a\r\nb北京c', 4, 6)).toEqual({ before: 'a  b', match: '北京', after: 'c' });
  });
});
