// `galley stats`: the statistics view's data from the terminal, as tables or --json.
import type { ApiClient } from '../../shared/api';
import type { PageStatus } from '../../shared/domain';
import type { StatsGranularityArg, StatsResult, TermStatsResult } from '../../shared/stats';
import type { CliIo } from '../cli';

/** The command's options as commander hands them over. */
export interface StatsCommandOptions {
  newspaper?: string;
  from?: string;
  to?: string;
  status?: PageStatus;
  label?: string;
  top?: number;
  persons?: number;
  granularity?: StatsGranularityArg;
  /** Occurrences of this query over time instead of the corpus statistics. */
  term?: string;
}

/** East Asian wide characters take two terminal columns. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

function width(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** Rows as aligned columns; numbers (all but the first column) right-aligned. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map(String));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, width(c))));
  return cells
    .map((r) =>
      r
        .map((c, i) => {
          const fill = ' '.repeat((widths[i] ?? 0) - width(c));
          return i === 0 ? c + fill : fill + c;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function section(title: string, body: string): string {
  return `${title}\n${body === '' ? '  —' : body.replace(/^/gm, '  ')}\n\n`;
}

export function formatStats(s: StatsResult): string {
  const t = s.totals;
  let out = section(
    'Corpus',
    table([
      ['pages', t.pages],
      ['characters', t.chars],
      ['newspapers', t.newspapers],
      ['dates', t.firstDate === null ? '—' : `${t.firstDate} – ${t.lastDate}`],
      ['undated pages', t.undatedPages],
      ['spans', t.spans],
      ['entities', t.entities],
      ['pages with spans', t.pagesWithSpans],
    ]),
  );
  out += section(
    'Progress by status',
    table([['status', 'pages', 'chars'], ...s.progress.map((p) => [p.status, p.pages, p.chars])]),
  );
  out += section(
    'Spans per label',
    s.labels.length === 0
      ? ''
      : table([['label', 'spans', 'pages'], ...s.labels.map((l) => [l.label, l.spans, l.pages])]),
  );
  for (const group of s.topEntities) {
    out += section(
      `Top ${group.label}`,
      table([['entity', 'mentions', 'pages'], ...group.entities.map((e) => [e.text, e.count, e.pages])]),
    );
  }
  const periods = s.timeline.periods;
  out += section(
    `Mentions by ${s.timeline.granularity}`,
    periods.length === 0 || s.timeline.series.length === 0
      ? ''
      : table([
          [s.timeline.granularity, ...s.timeline.series.map((x) => x.label)],
          ...periods.map((p, i) => [p, ...s.timeline.series.map((x) => x.counts[i] ?? 0)]),
        ]),
  );
  const co = s.cooccurrence;
  out += section(
    `Co-occurrence of the top ${co.label} in articles`,
    co.entities.length === 0
      ? ''
      : table([['', ...co.entities.map((e) => e.text)], ...co.entities.map((e, i) => [e.text, ...co.matrix[i]!])]),
  );
  return out.trimEnd() + '\n';
}

export function formatTermStats(s: TermStatsResult): string {
  const rows = s.periods
    .map((p, i) => [p, s.occurrences[i] ?? 0, s.blocks[i] ?? 0, s.pages[i] ?? 0] as const)
    .filter((r) => r[1] + r[2] > 0);
  return (
    section(
      `“${s.query}” by ${s.granularity} (${s.index === 'trigram' ? 'trigram index' : 'scan of the text'})`,
      rows.length === 0 ? '' : table([[s.granularity, 'occurrences', 'blocks', 'pages'], ...rows]),
    ) + `total: ${s.total.occurrences} occurrences in ${s.total.blocks} blocks on ${s.total.pages} pages\n`
  );
}

/** Runs `galley stats` against a client and prints the result. */
export async function runStatsCommand(
  client: ApiClient,
  options: StatsCommandOptions,
  io: Pick<CliIo, 'stdout'>,
  json: boolean,
): Promise<void> {
  const filters = {
    newspaper: options.newspaper,
    dateFrom: options.from,
    dateTo: options.to,
    status: options.status,
  };
  const granularity = options.granularity ?? 'auto';
  if (options.term !== undefined) {
    const result = await client.call('stats.term', { query: options.term, filters, granularity });
    io.stdout(json ? JSON.stringify(result) + '\n' : formatTermStats(result));
    return;
  }
  const result = await client.call('stats.get', {
    filters: { ...filters, label: options.label },
    granularity,
    ...(options.top === undefined ? {} : { top: options.top }),
    ...(options.persons === undefined ? {} : { persons: options.persons }),
  });
  io.stdout(json ? JSON.stringify(result) + '\n' : formatStats(result));
}
