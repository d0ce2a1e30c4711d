// Shared by the bench sections: the printed table and JSON results, percentiles and the time format.
export type Row = [string, string, string];
export type Results = Record<string, number | string>;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

export const round2 = (v: number): number => +v.toFixed(2);
