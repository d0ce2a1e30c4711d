// Converts between the editor's UTF-16 offsets and the Unicode code point offsets that Python-read formats use.

/** A surrogate pair is a high surrogate followed by a low one; lone halves count as one code point each. */
export const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
export const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Whether a UTF-16 offset falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  return (
    offset > 0 &&
    offset < text.length &&
    isHighSurrogate(text.charCodeAt(offset - 1)) &&
    isLowSurrogate(text.charCodeAt(offset))
  );
}

const SURROGATE = /[\ud800-\udfff]/;

/** Whether the text holds any surrogate code unit at all; when not, both offset units coincide. */
export function hasSurrogates(text: string): boolean {
  return SURROGATE.test(text);
}

/** Offset conversion for one string; build it once and reuse it for every span of that string. */
export interface OffsetConverter {
  readonly utf16Length: number;
  readonly codePointLength: number;
  /** True when every character is in the BMP, so conversions are the identity. */
  readonly identity: boolean;
  /** Code point offset of a UTF-16 offset; RangeError when out of range or inside a surrogate pair. */
  toCodePoint(utf16Offset: number): number;
  /** UTF-16 offset of a code point offset; RangeError when out of range. */
  toUtf16(codePointOffset: number): number;
}

function checkOffset(offset: number, max: number, unit: string): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > max) {
    throw new RangeError(`${unit} offset ${offset} is outside 0..${max}`);
  }
}

/** Index of the first element of a sorted array that is >= value (its length when none is). */
function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Builds a converter. BMP-only text (almost every page) gets identity functions and no table; otherwise the
 * table holds only the positions of the surrogate pairs, so memory is proportional to the rare astral
 * characters, not to the text, and each conversion is a binary search.
 */
export function offsetConverter(text: string): OffsetConverter {
  const utf16Length = text.length;
  if (!hasSurrogates(text)) {
    const same = (unit: string) => (offset: number) => {
      checkOffset(offset, utf16Length, unit);
      return offset;
    };
    return {
      utf16Length,
      codePointLength: utf16Length,
      identity: true,
      toCodePoint: same('UTF-16'),
      toUtf16: same('code point'),
    };
  }
  const highs: number[] = [];
  for (let i = 0; i + 1 < utf16Length; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      highs.push(i);
      i++;
    }
  }
  // pairAt16[k]: UTF-16 offset of the k-th pair; pairAtCp[k]: its code point offset (k pairs precede it).
  const pairAt16 = Int32Array.from(highs);
  const pairAtCp = Int32Array.from(highs, (h, k) => h - k);
  const codePointLength = utf16Length - pairAt16.length;
  return {
    utf16Length,
    codePointLength,
    identity: false,
    toCodePoint(offset) {
      checkOffset(offset, utf16Length, 'UTF-16');
      const before = lowerBound(pairAt16, offset);
      // The pair just before the offset starts one unit earlier: the offset is between its halves.
      if (before > 0 && pairAt16[before - 1] === offset - 1) {
        throw new RangeError(`UTF-16 offset ${offset} splits a surrogate pair`);
      }
      return offset - before;
    },
    toUtf16(offset) {
      checkOffset(offset, codePointLength, 'code point');
      return offset + lowerBound(pairAtCp, offset);
    },
  };
}

/** Length in code points, as Python's len() counts it. */
export function codePointLength(text: string): number {
  return offsetConverter(text).codePointLength;
}

export function utf16ToCodePoint(text: string, offset: number): number {
  return offsetConverter(text).toCodePoint(offset);
}

export function codePointToUtf16(text: string, offset: number): number {
  return offsetConverter(text).toUtf16(offset);
}

/**
 * A block's spans with start/end in code points, everything else unchanged; for brat, doccano, Label Studio
 * and spaCy exports. Throws RangeError for a span that splits a surrogate pair (the schema refuses those).
 */
export function spansToCodePoints<T extends { start: number; end: number }>(text: string, spans: readonly T[]): T[] {
  const conv = offsetConverter(text);
  if (conv.identity) {
    for (const s of spans) {
      conv.toCodePoint(s.start);
      conv.toCodePoint(s.end);
    }
    return spans.map((s) => ({ ...s }));
  }
  return spans.map((s) => ({ ...s, start: conv.toCodePoint(s.start), end: conv.toCodePoint(s.end) }));
}
