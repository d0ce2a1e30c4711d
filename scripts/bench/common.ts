// Shared by the bench sections: the printed table and JSON results, percentiles and the time format.
export type Row = [string, string, string];
export type Results = Record<string, number | string>;

/** What every section is given: the seeded generator, the sentences pages are made of, and where to report. */
export interface SectionArgs {
  random: () => number;
  sentences: readonly string[];
  rows: Row[];
  results: Results;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

export const round2 = (v: number): number => +v.toFixed(2);
