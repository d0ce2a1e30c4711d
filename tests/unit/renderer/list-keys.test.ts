// The keys of the virtualized lists (library, search results, entity register): src/renderer/src/library/list-keys.ts.
import { describe, expect, it } from 'vitest';

import { listKeyAction } from '../../../src/renderer/src/library/list-keys';

describe('listKeyAction', () => {
  const at = { selected: 5, firstIndex: 3, total: 40, pageRows: 10 };

  it('moves the selection by one, by a screen and to either end', () => {
    expect(listKeyAction('ArrowDown', at)).toEqual({ kind: 'select', index: 6 });
    expect(listKeyAction('ArrowUp', at)).toEqual({ kind: 'select', index: 4 });
    expect(listKeyAction('PageDown', at)).toEqual({ kind: 'select', index: 15 });
    expect(listKeyAction('PageUp', at)).toEqual({ kind: 'select', index: -5 });
    expect(listKeyAction('Home', at)).toEqual({ kind: 'select', index: 0 });
    expect(listKeyAction('End', at)).toEqual({ kind: 'select', index: 39 });
    expect(listKeyAction('End', { ...at, total: null })).toEqual({ kind: 'select', index: 0 });
  });

  it('starts from the first row in view when nothing is selected', () => {
    const none = { ...at, selected: -1 };
    expect(listKeyAction('ArrowDown', none)).toEqual({ kind: 'select', index: 3 });
    expect(listKeyAction('ArrowUp', none)).toEqual({ kind: 'select', index: 3 });
    expect(listKeyAction('PageDown', none)).toEqual({ kind: 'select', index: 13 });
    expect(listKeyAction('ArrowDown', { ...none, firstIndex: -1 })).toEqual({ kind: 'select', index: 0 });
  });

  it('opens the selected row on Enter, keeps Enter without a selection, and leaves other keys alone', () => {
    expect(listKeyAction('Enter', at)).toEqual({ kind: 'open', index: 5 });
    expect(listKeyAction('Enter', { ...at, selected: -1 })).toEqual({ kind: 'none' });
    expect(listKeyAction('a', at)).toBeNull();
    expect(listKeyAction('Tab', at)).toBeNull();
  });
});
