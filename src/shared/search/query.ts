// Parses a search query into a boolean tree and compiles it to an FTS5 trigram MATCH plus exact LIKE checks.

/** A substring to look for; `phrase` only records that the user quoted it (both match as substrings). */
export interface TermNode {
  kind: 'term';
  text: string;
  phrase: boolean;
}
export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}
export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}
export interface NotNode {
  kind: 'not';
  child: QueryNode;
}
export type QueryNode = TermNode | AndNode | OrNode | NotNode;

/** A query the user has to fix; `message` is meant to be shown as is. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

/** Bounds that keep the generated SQL small whatever is typed or pasted. */
export const MAX_QUERY_LENGTH = 1000;
export const MAX_TERMS = 32;

type Token =
  | { type: 'term'; text: string; phrase: boolean; negated: boolean; at: number }
  | { type: 'and' | 'or' | 'not' | 'open' | 'close'; at: number };

const QUOTES = new Set(['"', '“', '”']);
// Only ASCII parentheses group: full-width （） are ordinary text in Chinese (本报讯（记者…）).
const BREAKS = /[\s()"“”]/u;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'open' : 'close', at: i });
      i++;
      continue;
    }
    // A leading '-' negates the word, phrase or group right after it; inside a word (COVID-19) it is text.
    const negated = ch === '-' && i + 1 < input.length && !/\s/u.test(input[i + 1]!);
    const start = negated ? i + 1 : i;
    const first = input[start]!;
    if (negated && first === '(') {
      tokens.push({ type: 'not', at: i });
      i = start;
      continue;
    }
    if (QUOTES.has(first)) {
      // Any of " “ ” opens and closes: input methods mix straight and curly quotes, even unbalanced ones.
      let end = start + 1;
      while (end < input.length && !QUOTES.has(input[end]!)) end++;
      if (end >= input.length) {
        throw new QuerySyntaxError(`The quotation mark at position ${start + 1} is not closed.`, start);
      }
      const text = input.slice(start + 1, end);
      if (text.trim() === '') throw new QuerySyntaxError(`The quotes at position ${start + 1} are empty.`, start);
      tokens.push({ type: 'term', text, phrase: true, negated, at: i });
      i = end + 1;
      continue;
    }
    let end = start;
    while (end < input.length && !BREAKS.test(input[end]!)) end++;
    const word = input.slice(start, end);
    if (word === '') {
      // A lone '-' before a quote or space: nothing to negate.
      throw new QuerySyntaxError(`A '-' at position ${i + 1} has nothing after it to exclude.`, i);
    }
    if (!negated && (word === 'AND' || word === 'OR' || word === 'NOT')) {
      tokens.push({ type: word === 'AND' ? 'and' : word === 'OR' ? 'or' : 'not', at: i });
    } else {
      tokens.push({ type: 'term', text: word, phrase: false, negated, at: i });
    }
    i = end;
  }
  return tokens;
}

function describe(token: Token | undefined): string {
  if (!token) return 'the end of the query';
  if (token.type === 'term') return `"${token.text}"`;
  return token.type === 'open' ? "'('" : token.type === 'close' ? "')'" : token.type.toUpperCase();
}

class Parser {
  private index = 0;
  terms = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  parseQuery(): QueryNode {
    if (this.tokens.length === 0) throw new QuerySyntaxError('The query is empty.', 0);
    const node = this.parseOr();
    const rest = this.peek();
    if (rest) {
      throw new QuerySyntaxError(
        rest.type === 'close'
          ? `The ')' at position ${rest.at + 1} has no matching '('.`
          : `Unexpected ${describe(rest)} at position ${rest.at + 1}.`,
        rest.at,
      );
    }
    return node;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek()?.type === 'or') {
      this.index++;
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    for (;;) {
      const next = this.peek();
      if (!next || next.type === 'or' || next.type === 'close') break;
      if (next.type === 'and') this.index++;
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private parseUnary(): QueryNode {
    const token = this.peek();
    if (!token || token.type === 'and' || token.type === 'or' || token.type === 'close') {
      const where = token ? `at position ${token.at + 1}` : 'at the end';
      throw new QuerySyntaxError(
        `Expected a word, a "phrase" or '(' ${where}, found ${describe(token)}.`,
        token?.at ?? 0,
      );
    }
    if (token.type === 'not') {
      this.index++;
      return negate(this.parseUnary());
    }
    if (token.type === 'open') {
      this.index++;
      if (this.peek()?.type === 'close')
        throw new QuerySyntaxError(`Empty parentheses at position ${token.at + 1}.`, token.at);
      const inner = this.parseOr();
      const close = this.peek();
      if (close?.type !== 'close')
        throw new QuerySyntaxError(`The '(' at position ${token.at + 1} is not closed.`, token.at);
      this.index++;
      return inner;
    }
    if (token.type !== 'term') throw new QuerySyntaxError(`Unexpected ${describe(token)}.`, token.at);
    this.index++;
    if (++this.terms > MAX_TERMS) throw new QuerySyntaxError(`A query can hold at most ${MAX_TERMS} terms.`, token.at);
    const term: TermNode = { kind: 'term', text: token.text, phrase: token.phrase };
    return token.negated ? negate(term) : term;
  }
}

function negate(node: QueryNode): QueryNode {
  return node.kind === 'not' ? node.child : { kind: 'not', child: node };
}

/** Whether every row matching the node must contain some term: false for a bare exclusion like `-北京`. */
function isPositive(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
      return true;
    case 'not':
      return false;
    case 'and':
      return node.children.some(isPositive);
    case 'or':
      return node.children.every(isPositive);
  }
}

/** Exclusions need something to subtract from; FTS5 cannot express "every row except", and it is never useful. */
function checkPositive(node: QueryNode): void {
  if (node.kind === 'term') return;
  if (node.kind === 'not') {
    checkPositive(node.child);
    return;
  }
  node.children.forEach(checkPositive);
  if (!isPositive(node) || (node.kind === 'or' && !node.children.every(isPositive))) {
    throw new QuerySyntaxError(
      'An exclusion (NOT or a leading -) needs a word to exclude from, e.g. `疫苗 -北京`; ' +
        'a query or an OR branch cannot be only exclusions.',
      0,
    );
  }
}

/** Parses a query; throws QuerySyntaxError with a message for the user. */
export function parseQuery(input: string): QueryNode {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(`The query is too long (at most ${MAX_QUERY_LENGTH} characters).`, MAX_QUERY_LENGTH);
  }
  const root = new Parser(tokenize(input)).parseQuery();
  if (!isPositive(root)) {
    throw new QuerySyntaxError('A query cannot be only exclusions: add a word to search for, e.g. `疫苗 -北京`.', 0);
  }
  checkPositive(root);
  return root;
}

/** Shortest term the trigram index can answer; FTS5 silently finds nothing for shorter ones. */
export const TRIGRAM_MIN_CODE_POINTS = 3;

export type TermPath = 'trigram' | 'short';

export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function classifyTerm(text: string): TermPath {
  return codePoints(text) >= TRIGRAM_MIN_CODE_POINTS ? 'trigram' : 'short';
}

export interface ClassifiedTerm {
  text: string;
  path: TermPath;
  /** Under an odd number of NOTs: the term must be absent, so it is never highlighted. */
  negated: boolean;
}

/** Every term in query order with its path. */
export function classifyTerms(node: QueryNode, negated = false): ClassifiedTerm[] {
  switch (node.kind) {
    case 'term':
      return [{ text: node.text, path: classifyTerm(node.text), negated }];
    case 'not':
      return classifyTerms(node.child, !negated);
    default:
      return node.children.flatMap((c) => classifyTerms(c, negated));
  }
}

/** An FTS5 string: any character is allowed inside double quotes, which are doubled. */
export function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** A LIKE pattern for "contains", with the wildcards and the escape character escaped (use ESCAPE '\'). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The whole tree as an FTS5 expression, each term through `phrase`. Exclusions become
 * `(positives) NOT (negative)`, since FTS5's NOT is binary.
 */
function toFts(node: QueryNode, phrase: (text: string) => string): string {
  switch (node.kind) {
    case 'term':
      return phrase(node.text);
    case 'not':
      // Reached only as a child of an AND (checkPositive guarantees it), which handles it.
      throw new Error('a NOT outside an AND cannot be compiled');
    case 'or':
      return `(${node.children.map((c) => toFts(c, phrase)).join(' OR ')})`;
    case 'and': {
      const positives = node.children.filter((c) => c.kind !== 'not').map((c) => toFts(c, phrase));
      const negatives = node.children.flatMap((c) => (c.kind === 'not' ? [toFts(c.child, phrase)] : []));
      const base = positives.length === 1 ? positives[0]! : `(${positives.join(' AND ')})`;
      return negatives.reduce((expr, n) => `(${expr} NOT ${n})`, base);
    }
  }
}

/** The tree as an SQL condition on `column` with LIKE / NOT LIKE per term; exact for every term length. */
function toLike(node: QueryNode, column: string, params: string[]): string {
  switch (node.kind) {
    case 'term':
      params.push(likeContains(node.text));
      return `${column} LIKE ? ESCAPE '\\'`;
    case 'not':
      if (node.child.kind === 'term') {
        params.push(likeContains(node.child.text));
        return `${column} NOT LIKE ? ESCAPE '\\'`;
      }
      return `NOT (${toLike(node.child, column, params)})`;
    case 'and':
      return `(${node.children.map((c) => toLike(c, column, params)).join(' AND ')})`;
    case 'or':
      return `(${node.children.map((c) => toLike(c, column, params)).join(' OR ')})`;
  }
}

/**
 * How a query is answered: 'trigram' by the FTS5 trigram index (every term has 3+ code points), 'scan' by the
 * LIKE form over the rows (some term has 1–2, which a trigram MATCH silently misses), narrowed by the index
 * when the query's other terms allow it.
 */
export type SearchIndexName = 'trigram' | 'scan';

export interface CompiledQuery {
  index: SearchIndexName;
  /** The MATCH expression for the trigram index when `index` is 'trigram'; exact, no further check is needed. */
  match: string | null;
  /**
   * For a 'scan': a trigram MATCH every hit must satisfy (the 3+ code point terms an AND at the top requires),
   * which narrows the scan to the rows it finds; null when no such term exists.
   */
  prefilter: string | null;
  /** The same query as an SQL condition over the text column (LIKE / NOT LIKE per term, escaped), with its
   * parameters: exact for any term length, case-folded for ASCII as the trigram index is. */
  like: { sql: string; params: string[] };
  terms: ClassifiedTerm[];
}

/** The 3+ code point terms a match must contain: the top term, or the plain terms of an AND at the top. */
function requiredTrigramTerms(node: QueryNode): string[] {
  const required = node.kind === 'term' ? [node] : node.kind === 'and' ? node.children : [];
  return required.flatMap((c) => (c.kind === 'term' && classifyTerm(c.text) === 'trigram' ? [c.text] : []));
}

/**
 * Compiles a parsed query for the column `column` (the LIKE form). When every term has 3+ code points it goes to
 * the trigram index as one MATCH. A 1–2 code point term would silently match nothing there, so then the query is
 * checked row by row with LIKE (about 200 ms over 20,000 pages), narrowed by the trigram index when the query
 * requires some 3+ code point term.
 */
export function compileQuery(node: QueryNode, column = 'text'): CompiledQuery {
  const terms = classifyTerms(node);
  const allTrigram = terms.every((t) => t.path === 'trigram');
  const params: string[] = [];
  const sql = toLike(node, column, params);
  const required = allTrigram ? [] : requiredTrigramTerms(node);
  return {
    index: allTrigram ? 'trigram' : 'scan',
    match: allTrigram ? toFts(node, ftsString) : null,
    prefilter: required.length > 0 ? required.map(ftsString).join(' AND ') : null,
    like: { sql, params },
    terms,
  };
}
