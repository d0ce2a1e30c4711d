// Test and calibration helper: says, for every suggestion of a repair, whether applying it agrees with a
// page's known reading (seed truth, a fixture's expected reading, or a generated page's truth).
//
// The truth is text only, so it is first laid over the page's fragments: every truth block and removed
// text is found, in order, in the fragments' characters (whitespace and # heading markers left out; a whole
// run of text is preferred over a phrase inside a paragraph, where a headline's words also appear). Then:
// - merge: right when the characters on both sides of the break are in one truth block;
// - split-article: right when the first character after the split is in another truth article than the
//   last kept character before it (in page order);
// - set-role: right when most of the target's characters are in truth blocks of that role;
// - mark-jump / mark-furniture: right when most of the target's characters are removed in the truth;
// - move-block: right when the headline's blocks open their truth article (only head roles before them)
//   and the paragraph it is moved to is in that article.
// A suggestion the engine offers below 0.5 is labelled the same way: right when applying it would be.
// OCR suspects and punctuation are not labelled here (they are never applied by a threshold).
import type { RepairResult, Suggestion } from '../../../src/shared/repair';
import type { Reading } from './reading';

const HEAD = new Set(['kicker', 'headline', 'subtitle']);

interface Unit {
  removed: boolean;
  article: number;
  block: number;
  role: string;
  /** index of the block in its article (0 = first) */
  at: number;
  /** the article's first non-head block index (blocks.length when none) */
  firstNonHead: number;
}

export interface LabelledPage {
  /** per suggestion id: true / false, or undefined when the truth says nothing about it */
  labels: Map<string, boolean | undefined>;
  /** truth units that could not be found in the page (a sign the truth does not fit the page) */
  unmatched: number;
}

const strip = (s: string): string => s.replace(/[\s#]+/gu, '');

export function labelSuggestions(result: RepairResult, truth: Reading): LabelledPage {
  // The page's characters, with where each came from.
  const chars: string[] = [];
  /** whether a character starts / ends a run of text (a fragment's edge or a space next to it) */
  const opens: boolean[] = [];
  const closes: boolean[] = [];
  /** per fragment, per UTF-16 offset: index into chars, or -1 */
  const posOf: Int32Array[] = [];
  result.fragments.forEach((f) => {
    const map = new Int32Array(f.length + 1).fill(-1);
    let gap = true;
    for (let k = 0; k < f.length; k++) {
      const cp = f.codePointAt(k) ?? 0;
      const ch = String.fromCodePoint(cp);
      if (!/[\s#]/u.test(ch)) {
        map[k] = chars.length;
        if (!gap && closes.length) closes[closes.length - 1] = false;
        opens.push(gap);
        closes.push(true);
        chars.push(ch);
        gap = false;
      } else gap = true;
      if (cp > 0xffff) k++;
    }
    posOf.push(map);
  });
  const unitAt: (Unit | undefined)[] = new Array<Unit | undefined>(chars.length);
  let unmatched = 0;
  // Find each unit's text in the characters: a whole run of text (not a phrase inside a paragraph) before
  // any match, at or after the cursor before anywhere free.
  const place = (text: string, unit: Unit, from: number): number => {
    const t = Array.from(strip(text));
    if (!t.length) return from;
    const fits = (s: number, whole: boolean): boolean => {
      if (s + t.length > chars.length) return false;
      if (whole && (!opens[s] || !closes[s + t.length - 1])) return false;
      for (let k = 0; k < t.length; k++) if (unitAt[s + k] || chars[s + k] !== t[k]) return false;
      return true;
    };
    let found = -1;
    for (const whole of [true, false]) {
      for (let s = from; s + t.length <= chars.length && found < 0; s++) if (fits(s, whole)) found = s;
      for (let s = 0; s < from && found < 0; s++) if (fits(s, whole)) found = s;
    }
    if (found < 0) {
      unmatched++;
      return from;
    }
    for (let k = 0; k < t.length; k++) unitAt[found + k] = unit;
    return found + t.length;
  };
  let cursor = 0;
  let blockNo = 0;
  truth.articles.forEach((a, ai) => {
    let firstNonHead = a.blocks.findIndex((b) => !HEAD.has(b.role));
    if (firstNonHead < 0) firstNonHead = a.blocks.length;
    a.blocks.forEach((b, bi) => {
      cursor = place(
        b.text,
        { removed: false, article: ai, block: blockNo++, role: b.role, at: bi, firstNonHead },
        cursor,
      );
    });
  });
  cursor = 0;
  for (const r of truth.removed) {
    cursor = place(
      r.text,
      { removed: true, article: -1, block: blockNo++, role: r.role, at: 0, firstNonHead: 0 },
      cursor,
    );
  }

  /** the first character at or after (frag, offset), or the last one before it */
  const charAt = (frag: number, offset: number, forward: boolean): number => {
    const map = posOf[frag];
    if (!map) return -1;
    if (forward) {
      for (let k = Math.max(0, offset); k < map.length; k++) if ((map[k] ?? -1) >= 0) return map[k] ?? -1;
      return -1;
    }
    for (let k = Math.min(offset - 1, map.length - 1); k >= 0; k--) if ((map[k] ?? -1) >= 0) return map[k] ?? -1;
    return -1;
  };
  /** the characters of a target: from (first fragment, start) to (last fragment, end) */
  const span = (s: Suggestion): number[] => {
    const fr = s.target.fragments;
    const f0 = fr[0];
    const f1 = fr[fr.length - 1];
    if (f0 === undefined || f1 === undefined) return [];
    const a = charAt(f0, s.target.start ?? 0, true);
    const b = charAt(f1, s.target.end ?? result.fragments[f1]?.length ?? 0, false);
    if (a < 0 || b < a) return [];
    return Array.from({ length: b - a + 1 }, (_, k) => a + k);
  };
  const majority = (idx: number[], score: (u: Unit | undefined) => boolean): boolean | undefined => {
    if (!idx.length) return undefined;
    let yes = 0;
    for (const i of idx) if (score(unitAt[i])) yes++;
    return yes * 2 > idx.length;
  };

  const labels = new Map<string, boolean | undefined>();
  for (const s of result.suggestions) {
    let label: boolean | undefined;
    switch (s.kind) {
      case 'merge': {
        const fr = s.target.fragments;
        const a = charAt(fr[0] ?? -1, s.target.start ?? 0, false);
        const b = charAt(fr[fr.length - 1] ?? -1, s.target.end ?? 0, true);
        const ua = unitAt[a];
        const ub = unitAt[b];
        label = ua && ub && !ua.removed && !ub.removed ? ua.block === ub.block : undefined;
        break;
      }
      case 'split-article': {
        const p = charAt(s.target.fragments[0] ?? -1, s.target.start ?? 0, true);
        const up = unitAt[p];
        if (!up || up.removed) break;
        let q = p - 1;
        while (q >= 0 && (!unitAt[q] || unitAt[q]?.removed)) q--;
        label = q < 0 ? true : unitAt[q]?.article !== up.article;
        break;
      }
      case 'set-role':
        label = majority(span(s), (u) => u !== undefined && !u.removed && u.role === s.target.role);
        break;
      case 'mark-jump':
      case 'mark-furniture':
        label = majority(span(s), (u) => u?.removed === true);
        break;
      case 'move-block': {
        const idx = s.target.fragments.flatMap((f) => {
          const out: number[] = [];
          const n = (result.fragments[f] ?? '').length;
          for (let k = 0; k < n; k++) {
            const c = posOf[f]?.[k] ?? -1;
            if (c >= 0) out.push(c);
          }
          return out;
        });
        const units = idx.map((i) => unitAt[i]).filter((u): u is Unit => u !== undefined);
        const to = /> *(\d+)(?:@(\d+))?$/u.exec(s.id);
        const tp = to ? charAt(Number(to[1]), Number(to[2] ?? 0), true) : -1;
        const ut = unitAt[tp];
        if (!units.length || !ut) break;
        const art = units[0]?.article;
        label =
          units.every((u) => !u.removed && u.article === art && HEAD.has(u.role) && u.at < u.firstNonHead) &&
          ut.article === art;
        break;
      }
      default:
        break;
    }
    labels.set(s.id, label);
  }
  return { labels, unmatched };
}
