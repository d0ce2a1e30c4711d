// How sure the engine is of each structural suggestion, from the evidence it already has. A confidence
// means what it says: among suggestions at confidence c, about c are right, so that applying everything at
// or above a threshold (the app uses 0.9) applies what is near-certain and leaves the rest to a human.
//
// Calibrated with scripts/dev/calibrate-repair.ts, which labels every suggestion right or wrong on the seed
// pages (their truth), the fixtures (their expected readings) and generated pages with known truth
// (tests/unit/repair/random-articles.ts), and prints a reliability table per kind. The generated pages are
// one generator's idea of breakage, so a rule here must also make sense for a paper the engine has never
// seen: evidence counts as certain (≥ 0.9) only when it is structural — a headline stack between text that
// ended and a dateline, a marker in brackets, a cue word — never because the generator happens not to
// produce the counter-example.
//
// Every function keeps each suggestion on the side of 0.5 the engine decided it on (a split, a role, a
// move is ≥ 0.5; a merge keeps the side of its probability), so the default reading (threshold 0.5) does not
// depend on these numbers. Within a kind, more evidence never gives less confidence.
//
// - split-article: sure when the text before the boundary ended (a sentence end, a caption, a continued-on
//   marker, or nothing above) and what follows the headline confirms a new article (a dateline 本报讯…, a
//   credit line, a continued-from marker); a stack of several lines over plain text is nearly as sure; a
//   single plain line over plain text may be a line of prose (0.85); prose cut mid-sentence above, or a
//   "credit line" right above (a kicker such as 记者手记 read as a credit), leave the boundary in doubt.
// - set-role (headline stack): a part with its own mark or cue (#, …强调, …参加, ——) is sure; otherwise the
//   stack's shape decides which line is the main headline — a multi-phrase line over a single phrase, a
//   statement under a short label, the middle of three lines (0.92); two single phrases of similar width
//   could be kicker/headline or headline/subtitle (0.65). A lone phrase over plain text may be prose, a
//   stack under prose cut mid-sentence may hold its tail: both lower the level.
// - set-role (credit line, caption), move-block, mark-jump, merge: see the functions below. Furniture cues
//   carry their own confidences (furniture.ts, classify.ts); OCR suspects are never applied by a threshold.
import type { ArticleStart } from './articles';
import { CAPTION_END, CAPTION_START } from './classify';
import type { MergeDecision } from './paragraphs';
import { parallel, segmentsOf, shortLabelAbove, type StackPart } from './headline';
import { visualWidth } from './text';

/** How the text before a boundary ended, walking back over furniture and jump markers. */
export type Before = 'sentence-end' | 'caption' | 'continued-on' | 'open' | 'credit' | 'heading' | 'none';

/** What follows a headline stack (or opens an article without one). */
export type Opens = 'dateline' | 'credit' | 'continued-from' | 'text' | 'nothing';

export interface SplitEvidence {
  start: ArticleStart;
  before: Before;
  opens: Opens;
  /** the article's headline: marked with #, several lines or parts, one plain line, or none */
  head: 'marked' | 'stack' | 'line' | 'none';
}

export interface StackEvidence {
  /** the stack's lines as printed */
  lines: string[];
  marked: boolean;
  /** index of the main headline's line */
  main: number;
  /** some part of the stack carries a cue of its own (…强调, …参加, ——, #) */
  cued: boolean;
  before: Before;
  opens: Opens;
}

/** Text before a boundary that ends so an article may end there. */
const cleanBefore = (b: Before): boolean =>
  b === 'sentence-end' || b === 'caption' || b === 'continued-on' || b === 'none';
/** A headline directly over a dateline, a credit line or a continued-from marker is a real headline. */
const confirmedBy = (o: Opens): boolean => o === 'dateline' || o === 'credit' || o === 'continued-from';

/** An article boundary: how the text before it ended and what opens the new article. */
export function splitConfidence(ev: SplitEvidence): number {
  const clean = cleanBefore(ev.before);
  switch (ev.start) {
    case 'page-start':
    case 'headline':
      // A "credit line" or heading right above: the headline may start above it (a misread kicker).
      if (ev.before === 'credit' || ev.before === 'heading') return 0.6;
      if (!clean) return confirmedBy(ev.opens) ? 0.85 : 0.75;
      if (confirmedBy(ev.opens)) return 0.97;
      return ev.head === 'line' ? 0.85 : 0.95;
    case 'byline':
      if (ev.opens === 'credit') return 0.8;
      return clean ? 0.93 : 0.85;
    case 'after-jump':
      return ev.opens === 'dateline' || ev.head !== 'none' ? 0.97 : 0.93;
    case 'continuation':
      return clean ? 0.93 : 0.8;
  }
}

/** Levels of evidence for a stack part's role, and their confidences (from the reliability tables). */
type Level = 0 | 1 | 2 | 3 | 4;
const LEVEL = [0.55, 0.65, 0.8, 0.92, 0.97] as const;

/** Roles given away by the part's own mark or cue (headline.ts reasons). */
const SURE_KEYS = new Set([
  'role.markdownKicker',
  'role.markdownHeadline',
  'role.markdownSubtitle',
  'role.kickerCue',
  'role.subtitleCue',
  'role.runTogetherKicker.cue',
  'role.runTogetherSubtitle',
]);

/** What the stack's lines alone say about a part whose role no cue of its own gave away. */
function shapeLevel(ev: StackEvidence, part: StackPart, lineText: string): Level {
  const n = ev.lines.length;
  if (ev.marked) return 4;
  if (n === 1) {
    // One line: a single phrase, or short parallel phrases (对仗), is a headline; other run-together
    // parts may hide a kicker or subtitle that no cue gave away.
    const segs = segmentsOf(lineText.slice(part.start, part.end)).map((s) => visualWidth(s.text));
    if (segs.length <= 1) return 4;
    // A kicker or subtitle split off by its cue leaves the headline's phrases.
    if (ev.cued) return 3;
    return parallel(segs.slice(0, 2)) && Math.max(...segs.slice(0, 2)) <= 16 ? 3 : 0;
  }
  if (ev.cued) return 4;
  if (n === 2) {
    // Which of two plain lines is the main headline: the one of several phrases over a single phrase, or
    // the statement under a short label; two single phrases of similar width could be either.
    const other = ev.lines[1 - ev.main] ?? '';
    const mainSegs = segmentsOf(ev.lines[ev.main] ?? '').length;
    if (mainSegs >= 2 && segmentsOf(other).length === 1) return 3;
    if (ev.main === 1 && shortLabelAbove(ev.lines.map((text) => ({ text, mdLevel: 0 })))) return 3;
    return 1;
  }
  // Three lines read kicker / headline / subtitle when the widest is in the middle.
  if (n === 3 && ev.main === 1) return 3;
  return 0;
}

/** A kicker / headline / subtitle role for one part of a headline stack. */
export function stackRoleConfidence(part: StackPart, ev: StackEvidence): number {
  const key = part.reason.key;
  const line = ev.lines[part.line] ?? '';
  let level: number;
  if (SURE_KEYS.has(key)) level = 4;
  // A run-together kicker found by shape: in front of parallel phrases (许勤在石家庄检查疫情防控工作 科学有序…
  // 精准高效…), as a short label, or as an event told about a person (the weakest: headlines tell events too).
  else if (key === 'role.runTogetherKicker.parallel') level = 3;
  else if (key === 'role.runTogetherKicker.label') level = 2;
  else if (key === 'role.runTogetherKicker.event') level = 1;
  else level = shapeLevel(ev, part, line);
  // A lone phrase over plain text (no dateline, credit or continued-from marker under it) may be a line of
  // prose; a stack under prose cut mid-sentence may hold that prose's tail.
  const lonePhrase = ev.lines.length === 1 && !ev.marked && segmentsOf(line).length <= 1;
  if (lonePhrase && !confirmedBy(ev.opens)) level -= 2;
  if (!cleanBefore(ev.before)) level -= 1;
  return LEVEL[Math.max(0, Math.min(4, level)) as Level];
}

/**
 * A jump marker. In brackets it is unambiguous; a bare one ("下转第3版") on a line of its own nearly so; a
 * bare one closing or opening a paragraph could be the text's own words.
 */
export function jumpConfidence(bracketed: boolean, ownLine: boolean): number {
  return bracketed ? 0.97 : ownLine ? 0.93 : 0.85;
}

/**
 * A column break: the paragraph model's probability (paragraphs.ts), except when piece a is a
 * headline-shaped line the model took for a column's tail on the strength of its mid-sentence ending
 * alone — a long headline over text without a dateline ends the same way.
 */
export function mergeConfidence(d: MergeDecision, aWasHeadline: boolean): number {
  const p = d.probability;
  return aWasHeadline && d.reason.key === 'merge.midSentence' && p >= 0.5 ? 0.5 + (p - 0.5) * 0.25 : p;
}

/** A reporter credit line (byline) or a photo caption printed as a paragraph of its own. */
export function paragraphRoleConfidence(role: 'byline' | 'caption', text: string): number {
  const t = text.trim();
  if (role === 'caption') {
    const start = CAPTION_START.test(t);
    const end = CAPTION_END.test(t);
    return start && end ? 0.95 : start ? 0.9 : 0.75;
  }
  // "本报记者 王君平": the credit's key and the name are apart, or the key is a long one; "记者手记" is a
  // column's name that merely starts like a credit.
  const separated = /^[□■●◆◇▲△○\s]*[\u4e00-\u9fff／/]{2,7}?[\s:：／/]+[\u4e00-\u9fff·]{2,5}/u.test(t);
  const longKey = /^[□■●◆◇▲△○\s]*(?:本报|本報|新华社|新華社|特约|特約|首席|通讯员|通訊員|实习生|實習生)/u.test(t);
  return separated || longKey ? 0.93 : 0.55;
}

/** A headline found after its article's first paragraphs, moved to the article's start. */
export function moveConfidence(m: { overlap: number; bylineOpened: boolean }): number {
  // An article opened by a dateline must have a headline somewhere; one that repeats most of its phrases
  // is that headline.
  if (m.bylineOpened && m.overlap >= 0.7) return 0.95;
  if (m.bylineOpened && m.overlap >= 0.5) return 0.9;
  return Math.min(0.95, 0.5 + m.overlap / 2);
}
