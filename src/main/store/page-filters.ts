// The page filters every corpus-wide query offers (newspaper, date range, status), as SQL conditions on the
// pages table aliased `p`: one place for search, statistics, corpus-wide find and export.

export interface PageFilterFields {
  newspaper?: string | undefined;
  /** YYYY-MM-DD, inclusive. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  /** One status, or any of several. */
  status?: string | readonly string[] | undefined;
}

/** The conditions the filters set (none for no filter), their values appended to `params` in order. */
export function pageFilterConditions(filters: PageFilterFields, params: (string | number)[]): string[] {
  const parts: string[] = [];
  if (filters.newspaper !== undefined) {
    parts.push('p.newspaper = ?');
    params.push(filters.newspaper);
  }
  if (filters.dateFrom !== undefined) {
    parts.push('p.date >= ?');
    params.push(filters.dateFrom);
  }
  if (filters.dateTo !== undefined) {
    parts.push('p.date <= ?');
    params.push(filters.dateTo);
  }
  if (typeof filters.status === 'string') {
    parts.push('p.status = ?');
    params.push(filters.status);
  } else if (filters.status !== undefined && filters.status.length > 0) {
    parts.push(`p.status IN (${filters.status.map(() => '?').join(', ')})`);
    params.push(...filters.status);
  }
  return parts;
}
