// Test helpers for the document model: spans found by their text, steps, covered text, frozen inputs.
import type { DocBlock, DocSpan, PageDocument } from '../../../src/shared/document/model';
import type { ReplaceStep } from '../../../src/shared/document/span-mapping';

export const GAIJI = '𠮷'; // U+20BB7, two UTF-16 units

/**
 * Spans on successive occurrences of each needle, searched left to right (so a name appearing twice gets the
 * occurrence after the previous needle). Ids are s0, s1, … unless given.
 */
export function mark(text: string, ...needles: ([string, string?] | [string, string, string])[]): DocSpan[] {
  let from = 0;
  return needles.map(([needle, label = 'PER', id], i) => {
    const start = text.indexOf(needle, from);
    if (start < 0) throw new Error(`${needle} not found in ${text} after ${from}`);
    from = start + needle.length;
    return { id: id ?? `s${i}`, label, start, end: from, origin: 'manual' };
  });
}

export const ins = (at: number, insert: string): ReplaceStep => ({ from: at, to: at, insert });
export const del = (from: number, to: number): ReplaceStep => ({ from, to, insert: '' });
export const rep = (from: number, to: number, insert: string): ReplaceStep => ({ from, to, insert });

/** id → covered text, for readable expectations. */
export function covered(text: string, spans: readonly DocSpan[]): Record<string, string> {
  return Object.fromEntries(spans.map((s) => [s.id, text.slice(s.start, s.end)]));
}

export function block(id: string, text: string, spans: DocSpan[] = [], role: DocBlock['role'] = 'body'): DocBlock {
  return { id, role, text, spans };
}

export function docOf(...blocks: DocBlock[]): PageDocument {
  return { version: 1, articles: [{ id: 'a0', blocks }], setAside: [] };
}

/** Freezes deeply, so a function that mutates its input throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export { prng } from '../../helpers/random';
