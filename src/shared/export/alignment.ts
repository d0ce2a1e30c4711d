// OCR alignment: a page's original OCR text against its corrected text, aligned by code point in linear space.
import { codePointLength } from '../document';
import { type ExportInput, articlesOf } from './common';

/** difflib-style opcode: [tag, ocrStart, ocrEnd, correctedStart, correctedEnd], code points, end exclusive. */
export type AlignTag = 'equal' | 'delete' | 'insert' | 'replace';
export type Opcode = [AlignTag, number, number, number, number];

function codePoints(text: string): Int32Array {
  const out = new Int32Array(text.length);
  let n = 0;
  for (const c of text) out[n++] = c.codePointAt(0) ?? 0;
  return out.subarray(0, n);
}

/** Edits as runs: 0 equal, 1 delete (from a), 2 insert (from b). */
type Run = [0 | 1 | 2, number];

class Runs {
  readonly list: Run[] = [];
  push(op: 0 | 1 | 2, n: number): void {
    if (n === 0) return;
    const last = this.list[this.list.length - 1];
    if (last && last[0] === op) last[1] += n;
    else this.list.push([op, n]);
  }
}

/**
 * Myers' O((N+M)D) difference with the linear-space middle-snake refinement (as in diff-match-patch's
 * bisect): memory stays proportional to the two texts, whatever their difference, so whole pages align.
 */
function diff(a: Int32Array, b: Int32Array, out: Runs): void {
  // Common prefix and suffix first: corrected pages are mostly their OCR text, so this is most of the work.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  out.push(0, pre);
  const ma = a.subarray(pre, a.length - suf);
  const mb = b.subarray(pre, b.length - suf);
  if (ma.length === 0 || mb.length === 0) {
    out.push(1, ma.length);
    out.push(2, mb.length);
  } else {
    bisect(ma, mb, out);
  }
  out.push(0, suf);
}

function bisect(a: Int32Array, b: Int32Array, out: Runs): void {
  const n = a.length;
  const m = b.length;
  const maxD = Math.ceil((n + m) / 2);
  const vOffset = maxD;
  const vLength = 2 * maxD + 2;
  const v1 = new Int32Array(vLength).fill(-1);
  const v2 = new Int32Array(vLength).fill(-1);
  v1[vOffset + 1] = 0;
  v2[vOffset + 1] = 0;
  const delta = n - m;
  // With an odd delta the forward path meets the reverse one; with an even delta the reverse meets the forward.
  const front = delta % 2 !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  const at = (v: Int32Array, i: number): number => v[i] ?? -1;
  for (let d = 0; d < maxD; d++) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const k1Offset = vOffset + k1;
      let x1 =
        k1 === -d || (k1 !== d && at(v1, k1Offset - 1) < at(v1, k1Offset + 1))
          ? at(v1, k1Offset + 1)
          : at(v1, k1Offset - 1) + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && a[x1] === b[y1]) {
        x1++;
        y1++;
      }
      v1[k1Offset] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const k2Offset = vOffset + delta - k1;
        if (k2Offset >= 0 && k2Offset < vLength && at(v2, k2Offset) !== -1) {
          if (x1 >= n - at(v2, k2Offset)) return split(a, b, x1, y1, out);
        }
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const k2Offset = vOffset + k2;
      let x2 =
        k2 === -d || (k2 !== d && at(v2, k2Offset - 1) < at(v2, k2Offset + 1))
          ? at(v2, k2Offset + 1)
          : at(v2, k2Offset - 1) + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && a[n - x2 - 1] === b[m - y2 - 1]) {
        x2++;
        y2++;
      }
      v2[k2Offset] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const k1Offset = vOffset + delta - k2;
        if (k1Offset >= 0 && k1Offset < vLength && at(v1, k1Offset) !== -1) {
          const x1 = at(v1, k1Offset);
          const y1 = vOffset + x1 - k1Offset;
          if (x1 >= n - x2) return split(a, b, x1, y1, out);
        }
      }
    }
  }
  // No common character at all.
  out.push(1, n);
  out.push(2, m);
}

function split(a: Int32Array, b: Int32Array, x: number, y: number, out: Runs): void {
  diff(a.subarray(0, x), b.subarray(0, y), out);
  diff(a.subarray(x), b.subarray(y), out);
}

/**
 * The alignment of two texts as difflib opcodes over code points (what Python's SequenceMatcher.get_opcodes
 * gives), minimal in insertions plus deletions; a deletion next to an insertion becomes a replace.
 */
export function alignTexts(ocr: string, corrected: string): Opcode[] {
  const runs = new Runs();
  diff(codePoints(ocr), codePoints(corrected), runs);
  const opcodes: Opcode[] = [];
  let i = 0;
  let j = 0;
  const list = runs.list;
  for (let r = 0; r < list.length; r++) {
    const [op, len] = list[r] ?? [0, 0];
    if (op === 0) {
      opcodes.push(['equal', i, i + len, j, j + len]);
      i += len;
      j += len;
      continue;
    }
    // Gather the whole change between two equal runs: deletions and insertions, in any order.
    let del = 0;
    let ins = 0;
    let s = r;
    for (; s < list.length && (list[s]?.[0] ?? 0) !== 0; s++) {
      const run = list[s];
      if (run?.[0] === 1) del += run[1];
      else if (run) ins += run[1];
    }
    r = s - 1;
    const tag: AlignTag = del > 0 && ins > 0 ? 'replace' : del > 0 ? 'delete' : 'insert';
    opcodes.push([tag, i, i + del, j, j + ins]);
    i += del;
    j += ins;
  }
  return opcodes;
}

/** Character edits implied by the opcodes: a replace of m by n characters counts max(m, n). */
export function alignmentEdits(opcodes: readonly Opcode[]): number {
  let edits = 0;
  for (const [tag, i1, i2, j1, j2] of opcodes) if (tag !== 'equal') edits += Math.max(i2 - i1, j2 - j1);
  return edits;
}

export interface AlignmentRecord {
  page: string;
  newspaper: string | null;
  date: string | null;
  pageNo: string | null;
  ocr: string;
  corrected: string;
  /** Edits over corrected length in code points: the character error rate of the OCR against the correction. */
  cer: number;
  opcodes: Opcode[];
}

/**
 * One JSON line for a page: the OCR text, the corrected text (every exported article, as in the .txt export)
 * and their alignment in code points.
 */
export function alignmentLine(input: ExportInput, originalText: string): string {
  const corrected = articlesOf(input)
    .map((a) => a.text)
    .join('\n\n');
  const opcodes = alignTexts(originalText, corrected);
  const length = codePointLength(corrected);
  const record: Omit<AlignmentRecord, 'opcodes'> = {
    page: input.page.fileName,
    newspaper: input.page.newspaper,
    date: input.page.date,
    pageNo: input.page.pageNo,
    ocr: originalText,
    corrected,
    cer: length === 0 ? 0 : Math.round((alignmentEdits(opcodes) / length) * 1e6) / 1e6,
  };
  // The same text as JSON.stringify of the whole record (opcodes come last), without one array per opcode for
  // it to walk: the tags are plain words and the offsets integers.
  let ops = '';
  for (let k = 0; k < opcodes.length; k++) {
    const [tag, i1, i2, j1, j2] = opcodes[k]!;
    ops += `${k === 0 ? '' : ','}["${tag}",${i1},${i2},${j1},${j2}]`;
  }
  return `${JSON.stringify(record).slice(0, -1)},"opcodes":[${ops}]}`;
}
