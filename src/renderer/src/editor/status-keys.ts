// Page status from the editor: Ctrl/⌘+Shift+1…4 set new, repaired, annotated, reviewed (Ctrl/⌘+Alt+digits set
// block roles, plain digits labels), and the status a save moved the page to (page-status.ts on the server)
// reported to the page view, so its status select and the library follow.
import type { ApiClient } from '../../../shared/api';
import { PAGE_STATUSES, type PageStatus } from '../../../shared/domain';

/** The status a key press sets, or null. Reads `code`, since Shift turns the digits into !, @, # … */
export function statusForKey(event: {
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}): PageStatus | null {
  if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.altKey) return null;
  const match = /^(?:Digit|Numpad)([1-4])$/.exec(event.code);
  return match ? PAGE_STATUSES[Number(match[1]) - 1]! : null;
}

/** A save's status report; `n` counts saves, so the same status reported again is a new value. */
export interface SavedStatus {
  status: PageStatus;
  n: number;
}

/** The last save's status report, observable (the shape of store.ts's Store, which this file cannot import:
 * it pulls in React, whose DOM stubs would leak into the Node-side type check of this file's unit test). */
export interface SavedStatusStore {
  get(): SavedStatus | null;
  subscribe(listener: () => void): () => void;
}

/** The client, and a store that every document.save result's status goes to (the session never needs it). */
export function watchSaves(api: ApiClient): { api: ApiClient; saved: SavedStatusStore } {
  let value: SavedStatus | null = null;
  const listeners = new Set<() => void>();
  let n = 0;
  return {
    saved: {
      get: () => value,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    api: {
      async call(method, args) {
        const result = await api.call(method, args);
        if (method === 'document.save') {
          const status = (result as { status?: PageStatus }).status;
          if (status) {
            value = { status, n: ++n };
            for (const listener of [...listeners]) listener();
          }
        }
        return result;
      },
    },
  };
}
