// Headline stacks: which lines look like headlines, and how a stack splits into kicker (引题), main
// headline (主题) and subtitle (副题) — on separate lines, run together on one line, or marked #/##.
import type { BlockRole } from '../domain';
import { endingOf, endsDangling, innerPunctCount, visualWidth } from './text';

/** One line of a stack as the engine sees it. */
export interface StackLine {
  text: string;
  /** number of leading # in the source (0 when the line was plain) */
  mdLevel: number;
}

/** One role-bearing part of a stack: a line, or a slice of a run-together line. */
export interface StackPart {
  line: number;
  start: number;
  end: number;
  role: 'kicker' | 'headline' | 'subtitle';
  /** how the role was found (markdown, a cue, position, a run-together split); confidence.ts weighs it */
  reason: { key: string; params: Record<string, string | number> };
}

/** Ends of a kicker: the lead-in that tells who spoke ("…时强调", "…会议指出"). */
const KICKER_END =
  /(强调|強調|指出|表示|要求|提出|宣布|称|稱|说|說|时|時|之际|之際|期间|期間|致辞|致辭|寄语|寄語|批示|指示|回信|致信|贺信|賀信|讲话中|講話中|介绍|介紹|透露|获悉|獲悉|了解到|答记者问|答記者問)[:：]?$/u;
/** "许勤在石家庄检查…", "邢国辉到裕华区调研…": an event told about a person, typical of kickers. */
const KICKER_EVENT =
  /^[\u4e00-\u9fff]{2,4}(?:在|到|赴|深入|主持召开|召开|会见|會見|看望|考察|调研|調研|检查|檢查|出席|率团|率團)/u;
/** A meeting or visit told anywhere in the part ("市突发疫情紧急处置领导小组召开工作例会"). */
const EVENT_VERB =
  /(召开|召開|举行|舉行|举办|舉辦|主持|会见|會見|调研|調研|考察|检查|檢查|看望|慰问|慰問|出席|视察|視察)/u;
/** Subtitles report who attended or spoke ("王正谱参加调研", "邢国辉主持会议并讲话"). */
const SUBTITLE_END =
  /(参加|參加|出席|陪同|到会指导|到會指導|主持会议并讲话|主持會議並講話|主持并讲话|主持並講話|并讲话|並講話|讲话|講話|参加调研|參加調研|参加检查|參加檢查|参加会议|參加會議|出席会议|出席會議|出席并讲话|出席並講話|参加活动|參加活動|等参加|等出席)$/u;
const SUBTITLE_START = /^(?:——|—|--|－－|-)/u;

/** Space-separated parts of a line (ASCII or ideographic spaces), with their offsets. */
export function segmentsOf(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const re = /[^\s\u3000]+/gu;
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    out.push({ start, end: start + m[0].length, text: m[0] });
  }
  return out;
}

export function hasKickerCue(text: string): string | null {
  const m = KICKER_END.exec(text.trim());
  return m ? (m[1] ?? m[0]) : null;
}

export function hasSubtitleCue(text: string): string | null {
  const t = text.trim();
  if (SUBTITLE_START.test(t)) return t.slice(0, 2);
  // Each space-separated part of "王正谱廉毅敏出席并讲话 刘金峰到会指导" reports an attendance.
  const parts = segmentsOf(t);
  let cue: string | null = null;
  for (const p of parts) {
    const m = SUBTITLE_END.exec(p.text);
    if (!m) return null;
    cue = cue ?? m[0];
  }
  return cue;
}

/**
 * True when a plain line is shaped like a headline: short, no sentence end inside or at its end, at most
 * one comma, not starting with a mark that continues a sentence. Context (what comes before and after)
 * is the caller's business.
 */
export function isHeadlineShaped(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  const width = visualWidth(t);
  if (width < 2 || width > 80) return false;
  const end = endingOf(t);
  if (end.kind === 'soft' || end.kind === 'open') return false;
  if (end.kind === 'final' && !/[！？!?]$/u.test(end.mark)) return false;
  const { commas, stops } = innerPunctCount(t);
  if (stops > 0) return false;
  // "石家庄市第二轮全员核酸检测已": a line ending in a function word is a sentence cut by a column.
  if (endsDangling(t)) return false;
  // "高速公路检查站是防输入、防": an enumeration cut one or two characters after its last 、.
  const lastEnum = t.lastIndexOf('、');
  if (lastEnum >= 0 && t.length - lastEnum - 1 <= 2) return false;
  // Long lines are headlines only as several space-separated parts ("口号一 口号二").
  if (width > 40) return commas === 0 && segmentsOf(t).length >= 2;
  if (commas > 1) return false;
  if (/^[，,。、；;：:）)”」』】》]/u.test(t)) return false;
  // A line made only of digits, dates or Latin is not a headline.
  return /[\u4e00-\u9fff]{2}/u.test(t);
}

/** Two or more parts of nearly the same width: the parallel phrases of a main headline (对仗). */
export function parallel(widths: number[]): boolean {
  if (widths.length < 2) return false;
  const max = Math.max(...widths);
  const min = Math.min(...widths);
  return max - min <= 1;
}

/**
 * Where a run-together line splits into kicker | headline, or null. The first part is a kicker when it
 * ends like a lead-in (…强调), tells an event about a person (许勤在石家庄检查…), or stands apart from
 * parallel headline phrases that follow it.
 */
export function kickerSplit(text: string): { at: number; reason: string; cue: string } | null {
  const segs = segmentsOf(text);
  const first = segs[0];
  const second = segs[1];
  if (!first || !second || segs.length < 2) return null;
  const rest = segs.slice(1);
  const cue = hasKickerCue(first.text);
  if (cue) return { at: second.start, reason: 'cue', cue };
  const widths = rest.map((s) => visualWidth(s.text));
  const w0 = visualWidth(first.text);
  if (rest.length >= 2 && parallel(widths) && Math.abs(w0 - (widths[0] ?? 0)) >= 2) {
    return { at: second.start, reason: 'parallel', cue: first.text };
  }
  const ev = KICKER_EVENT.exec(first.text);
  if (ev && !parallel([w0, ...widths])) return { at: second.start, reason: 'event', cue: ev[0] };
  // An event part in front of two or more slogan parts ("…召开工作例会 责任必须压紧 任务必须完成 …").
  const ev2 = EVENT_VERB.exec(first.text);
  if (ev2 && rest.length >= 2 && w0 >= 8 && Math.abs(w0 - (widths[0] ?? 0)) >= 2) {
    return { at: second.start, reason: 'event', cue: ev2[0] };
  }
  // A short label over a longer statement ("科技赋能农业生产 无人机飞防作业覆盖百万亩农田").
  const w1 = widths[0] ?? 0;
  if (rest.length === 1 && w0 <= 10 && w1 >= 1.5 * w0 && !hasSubtitleCue(second.text)) {
    return { at: second.start, reason: 'label', cue: first.text };
  }
  return null;
}

/** Where trailing subtitle parts start in a run-together line ("…口号 ——副题", "… 王某参加"), or null. */
export function subtitleSplit(text: string): number | null {
  const segs = segmentsOf(text);
  if (segs.length < 2) return null;
  for (let i = 1; i < segs.length; i++) {
    const s = segs[i];
    if (s && SUBTITLE_START.test(s.text)) return s.start;
  }
  // Trailing parts that each report an attendance.
  let k = segs.length;
  while (k > 1) {
    const s = segs[k - 1];
    if (!s || !SUBTITLE_END.test(s.text)) break;
    k--;
  }
  const first = segs[k];
  if (k < segs.length && k >= 1 && first) return first.start;
  return null;
}

/** How strongly a plain line reads as the stack's main headline. */
function mainScore(line: StackLine, index: number, count: number): number {
  const t = line.text.trim();
  let score = visualWidth(t) / 40;
  if (segmentsOf(t).length >= 2) score += 2;
  if (hasKickerCue(t)) score -= 3;
  if (hasSubtitleCue(t)) score -= 3;
  // Position: three lines read kicker / headline / subtitle; two lines default to headline / subtitle.
  if (count >= 3 && index === 1) score += 1.5;
  if (count === 2 && index === 0) score += 0.5;
  return score;
}

/**
 * Two plain lines where the first is a short label and the second a much longer statement ("科技赋能农业生产"
 * over "无人机飞防作业覆盖百万亩农田") read kicker / headline; a main headline is rarely the shorter line.
 */
export function shortLabelAbove(lines: StackLine[]): boolean {
  const [a, b] = lines;
  if (!a || !b || lines.length !== 2) return false;
  const wa = visualWidth(a.text.trim());
  const wb = visualWidth(b.text.trim());
  return wa <= 10 && wb >= 1.5 * wa && !hasSubtitleCue(b.text);
}

/** Assigns kicker / headline / subtitle to the lines of one stack, splitting run-together lines. */
export function assignStackRoles(lines: StackLine[]): StackPart[] {
  if (lines.length === 0) return [];
  const minMd = Math.min(...lines.map((l) => (l.mdLevel > 0 ? l.mdLevel : 99)));
  let main = 0;
  let byMarkdown = false;
  if (minMd < 99 && lines.some((l) => l.mdLevel > 0 && l.mdLevel === minMd) && lines.some((l) => l.mdLevel !== minMd)) {
    // "## kicker / # headline / ## subtitle": the top-level # is the main headline.
    main = lines.findIndex((l) => l.mdLevel === minMd);
    byMarkdown = true;
  } else {
    let best = -Infinity;
    const labelAbove = shortLabelAbove(lines);
    lines.forEach((l, i) => {
      const s = mainScore(l, i, lines.length) - (labelAbove && i === 0 ? 2 : 0);
      if (s > best) {
        best = s;
        main = i;
      }
    });
    byMarkdown = minMd < 99 && lines.length === 1;
  }
  const parts: StackPart[] = [];
  const mainLine = lines[main];
  if (!mainLine) return parts;
  const marker = (l: StackLine): string => '#'.repeat(l.mdLevel);

  lines.forEach((l, i) => {
    const len = l.text.length;
    if (i < main) {
      const cue = hasKickerCue(l.text);
      parts.push({
        line: i,
        start: 0,
        end: len,
        role: 'kicker',
        reason: byMarkdown
          ? { key: 'role.markdownKicker', params: { marker: marker(l) } }
          : cue
            ? { key: 'role.kickerCue', params: { cue } }
            : { key: 'role.kickerPosition', params: { width: Math.round(visualWidth(l.text)) } },
      });
      return;
    }
    if (i > main) {
      const cue = hasSubtitleCue(l.text);
      parts.push({
        line: i,
        start: 0,
        end: len,
        role: 'subtitle',
        reason: byMarkdown
          ? { key: 'role.markdownSubtitle', params: { marker: marker(l) } }
          : cue
            ? { key: 'role.subtitleCue', params: { cue } }
            : { key: 'role.subtitlePosition', params: { width: Math.round(visualWidth(l.text)) } },
      });
      return;
    }
    // The main line: split off a run-together kicker (when no kicker line sits above) and subtitle.
    let start = 0;
    let end = len;
    if (main === 0) {
      const k = kickerSplit(l.text);
      if (k) {
        parts.push({
          line: i,
          start: 0,
          end: k.at,
          role: 'kicker',
          reason: {
            key: `role.runTogetherKicker.${k.reason}`,
            params: { text: l.text.slice(0, k.at).trim(), cue: k.cue },
          },
        });
        start = k.at;
      }
    }
    let subAt: number | null = null;
    if (main === lines.length - 1) {
      const s = subtitleSplit(l.text.slice(start));
      if (s !== null && s > 0) subAt = start + s;
    }
    if (subAt !== null) end = subAt;
    const segs = segmentsOf(l.text.slice(start, end)).length;
    parts.push({
      line: i,
      start,
      end,
      role: 'headline',
      reason: byMarkdown
        ? { key: 'role.markdownHeadline', params: { marker: marker(l) } }
        : {
            key: 'role.headlineMain',
            params: { parts: segs, width: Math.round(visualWidth(l.text.slice(start, end))) },
          },
    });
    if (subAt !== null) {
      parts.push({
        line: i,
        start: subAt,
        end: len,
        role: 'subtitle',
        reason: { key: 'role.runTogetherSubtitle', params: { text: l.text.slice(subAt).trim() } },
      });
    }
  });
  return parts;
}

export type HeadRole = Extract<BlockRole, 'kicker' | 'headline' | 'subtitle'>;
