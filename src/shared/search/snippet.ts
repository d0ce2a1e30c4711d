// Locates a query's match in a block's text and cuts a plain-text snippet around it, by code points.

/** Code points of context kept on each side of the match. */
export const SNIPPET_CONTEXT = 30;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The earliest occurrence of any of `terms` (UTF-16 offsets, end exclusive), case-insensitively as the
 * index matches; on a tie the longer term wins so the mark covers the most. null when none occurs.
 */
export function firstMatch(text: string, terms: readonly string[]): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  for (const term of terms) {
    if (term === '') continue;
    let start = text.indexOf(term);
    let end = start + term.length;
    if (start < 0) {
      const found = new RegExp(escapeRegExp(term), 'iu').exec(text);
      if (!found) continue;
      start = found.index;
      end = start + found[0].length;
    }
    if (!best || start < best.start || (start === best.start && end > best.end)) best = { start, end };
  }
  return best;
}

/** Moves `offset` back `count` code points (never splitting a surrogate pair). */
function backCodePoints(text: string, offset: number, count: number): number {
  let at = offset;
  for (let n = 0; n < count && at > 0; n++) {
    const low = text.charCodeAt(at - 1);
    at -= at >= 2 && low >= 0xdc00 && low <= 0xdfff && isHigh(text.charCodeAt(at - 2)) ? 2 : 1;
  }
  return at;
}

function forwardCodePoints(text: string, offset: number, count: number): number {
  let at = offset;
  for (let n = 0; n < count && at < text.length; n++) {
    const code = text.charCodeAt(at);
    const next = text.charCodeAt(at + 1);
    at += isHigh(code) && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return at;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Plain text before, at and after [start, end), no ellipses: the text was cut when `start - before.length > 0`
 * or `end + after.length < text.length`. Line breaks (original text) become spaces for one-line display.
 */
export function makeSnippet(
  text: string,
  start: number,
  end: number,
  context = SNIPPET_CONTEXT,
): { before: string; match: string; after: string } {
  const from = backCodePoints(text, start, context);
  const to = forwardCodePoints(text, end, context);
  // One space per line-break unit keeps every length, so `matchStart - before.length` is where `before` begins.
  const flat = (s: string) => s.replace(/[\r\n]/g, ' ');
  return {
    before: flat(text.slice(from, start)),
    match: flat(text.slice(start, end)),
    after: flat(text.slice(end, to)),
  };
}
