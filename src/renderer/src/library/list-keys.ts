// What a key does in a virtualized list of rows (the library, search results, the entity register): move the
// selection by one, by a screen or to either end, or open the selected row. Pure, so the three lists share it.

export type ListKeyAction =
  | { kind: 'select'; index: number }
  | { kind: 'open'; index: number }
  /** A key of the list that has nothing to act on (Enter with no selection): still the list's, not the page's. */
  | { kind: 'none' };

export interface ListPosition {
  /** The selected row, or -1. */
  selected: number;
  /** The first row in view, where a first arrow key starts when nothing is selected. */
  firstIndex: number;
  /** Rows in the list, null while unknown. */
  total: number | null;
  /** Rows a PageUp / PageDown moves. */
  pageRows: number;
}

/** The action of `key`, or null for a key the list does not handle. The index is not clamped: select() does. */
export function listKeyAction(key: string, at: ListPosition): ListKeyAction | null {
  const from = at.selected < 0 ? Math.max(0, at.firstIndex) : at.selected;
  const select = (index: number): ListKeyAction => ({ kind: 'select', index });
  switch (key) {
    case 'ArrowDown':
      return select(at.selected < 0 ? from : from + 1);
    case 'ArrowUp':
      return select(at.selected < 0 ? from : from - 1);
    case 'PageDown':
      return select(from + at.pageRows);
    case 'PageUp':
      return select(from - at.pageRows);
    case 'Home':
      return select(0);
    case 'End':
      return select((at.total ?? 1) - 1);
    case 'Enter':
      return at.selected >= 0 ? { kind: 'open', index: at.selected } : { kind: 'none' };
    default:
      return null;
  }
}
