// Cuts a page into fragments (its non-empty lines) and pieces (fragments split around jump markers and
// trailing editor credits), remembering where every piece came from.
//
// Offsets are UTF-16 offsets into the trimmed fragment text, so a suggestion can point at "fragment 12,
// characters 40–47" and still be found when the engine runs again on the same page.
import { findTrailingCredit } from './furniture';
import { findJumpMarkers, type JumpMarker } from './jump';
import { visualWidth } from './text';

export type PieceKind = 'text' | 'jump' | 'credit';

export interface Piece {
  /** position in reading order */
  index: number;
  frag: number;
  start: number;
  end: number;
  text: string;
  kind: PieceKind;
  jump?: JumpMarker;
  /** blank-line chunk the fragment belongs to */
  chunk: number;
  /** number of leading # when the line was a markdown heading (only on the line's first piece) */
  mdLevel: number;
  /** printed width in em */
  width: number;
  /** true when only a single newline (no blank line) separates this piece's line from the previous line */
  tightAbove: boolean;
  /** leading whitespace of the source line in em (first piece of a line only); print indents paragraphs */
  indent: number;
}

export interface SplitPage {
  fragments: string[];
  pieces: Piece[];
  /** true when the page separates its fragments with blank lines (both seed styles do) */
  blankLineSeparated: boolean;
}

/** \r\n and lone \r become \n; nothing else changes, so offsets stay meaningful. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const MD_HEADING = /^(#{1,6})[ \t\u3000]+/u;
const MD_HEADING_TIGHT = /^(#{1,6})(?=[^#\s])/u;

export function splitPage(raw: string): SplitPage {
  const text = normalizeNewlines(raw);
  const lines = text.split('\n');
  const fragments: string[] = [];
  const pieces: Piece[] = [];
  // A page is markdown-ish when some line uses "# " headings; only then is "#标题" a marker too.
  const markdownish = lines.some((l) => MD_HEADING.test(l.trim()));
  let chunk = 0;
  let blankBefore = true;
  let blankBoundaries = 0;
  let tightBoundaries = 0;
  for (const rawLine of lines) {
    const line = rawLine.replace(/^[\s\uFEFF]+|[\s\uFEFF]+$/gu, '');
    const lead = /^[\s\uFEFF]*/u.exec(rawLine)?.[0] ?? '';
    const indent = visualWidth(lead.replace(/\uFEFF/gu, ''));
    if (!line) {
      if (!blankBefore) chunk++;
      blankBefore = true;
      continue;
    }
    const frag = fragments.length;
    fragments.push(line);
    if (frag > 0) {
      if (blankBefore) blankBoundaries++;
      else tightBoundaries++;
    }
    const tightAbove = frag > 0 && !blankBefore;
    blankBefore = false;

    let bodyStart = 0;
    let mdLevel = 0;
    const md = MD_HEADING.exec(line) ?? (markdownish ? MD_HEADING_TIGHT.exec(line) : null);
    if (md) {
      mdLevel = md[1]?.length ?? 0;
      bodyStart = md[0].length;
    }
    const cuts: { start: number; end: number; kind: PieceKind; jump?: JumpMarker }[] = [];
    for (const m of findJumpMarkers(line)) {
      if (m.start >= bodyStart) cuts.push({ start: m.start, end: m.end, kind: 'jump', jump: m });
    }
    const lastCut = cuts[cuts.length - 1];
    const credit = findTrailingCredit(line);
    if (credit && credit.start >= bodyStart && (!lastCut || credit.start >= lastCut.end)) {
      cuts.push({ start: credit.start, end: credit.end, kind: 'credit' });
    }
    let pos = bodyStart;
    const pushText = (s: number, e: number, first: boolean): void => {
      // Trim inside the span but keep offsets pointing into the fragment.
      let a = s;
      let b = e;
      while (a < b && /\s/u.test(line.charAt(a))) a++;
      while (b > a && /\s/u.test(line.charAt(b - 1))) b--;
      if (b <= a) return;
      const t = line.slice(a, b);
      pieces.push({
        index: pieces.length,
        frag,
        start: a,
        end: b,
        text: t,
        kind: 'text',
        chunk,
        mdLevel: first ? mdLevel : 0,
        width: visualWidth(t),
        tightAbove: first && tightAbove,
        indent: first ? indent : 0,
      });
    };
    let first = true;
    for (const c of cuts) {
      if (c.start > pos) {
        pushText(pos, c.start, first);
        first = false;
      }
      const t = line.slice(c.start, c.end);
      const piece: Piece = {
        index: pieces.length,
        frag,
        start: c.start,
        end: c.end,
        text: t,
        kind: c.kind,
        chunk,
        mdLevel: 0,
        width: visualWidth(t),
        tightAbove: first && tightAbove,
        indent: first ? indent : 0,
      };
      if (c.jump) piece.jump = c.jump;
      pieces.push(piece);
      first = false;
      pos = c.end;
    }
    if (pos < line.length) pushText(pos, line.length, first);
  }
  return {
    fragments,
    pieces,
    blankLineSeparated: blankBoundaries >= 3 && blankBoundaries >= tightBoundaries,
  };
}
