// The page status shortcuts (Ctrl/⌘+Shift+1…4) and the save watcher that reports the status a save left.
import { describe, expect, it } from 'vitest';

import type { ApiClient } from '../../../src/shared/api';
import { statusForKey, watchSaves } from '../../../src/renderer/src/editor/status-keys';

const key = (code: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>>) => ({
  code,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('statusForKey', () => {
  it('maps Ctrl/⌘+Shift+1…4 to the four statuses, by key code', () => {
    expect(statusForKey(key('Digit1', { ctrlKey: true, shiftKey: true }))).toBe('new');
    expect(statusForKey(key('Digit2', { metaKey: true, shiftKey: true }))).toBe('repaired');
    expect(statusForKey(key('Numpad3', { ctrlKey: true, shiftKey: true }))).toBe('annotated');
    expect(statusForKey(key('Digit4', { ctrlKey: true, shiftKey: true }))).toBe('reviewed');
  });

  it('leaves the other shortcuts alone: labels, block roles, redo', () => {
    expect(statusForKey(key('Digit1', {}))).toBeNull();
    expect(statusForKey(key('Digit1', { shiftKey: true }))).toBeNull();
    expect(statusForKey(key('Digit1', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(statusForKey(key('Digit1', { ctrlKey: true, altKey: true, shiftKey: true }))).toBeNull();
    expect(statusForKey(key('Digit5', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(statusForKey(key('KeyZ', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
});

describe('watchSaves', () => {
  it('reports the status of every save, also the same status twice, and passes results through', async () => {
    const answers: Record<string, unknown> = {
      'document.save': { revision: 2, savedAt: 'now', status: 'repaired' },
      'labels.list': [],
    };
    const api = { call: (method: string) => Promise.resolve(answers[method]) } as unknown as ApiClient;
    const watched = watchSaves(api);
    const seen: string[] = [];
    watched.saved.subscribe(() => seen.push(watched.saved.get()!.status));
    const args = { pageId: 1, baseRevision: 1, document: { version: 1, articles: [], setAside: [] }, review: [] };
    expect(await watched.api.call('document.save', args as never)).toEqual(answers['document.save']);
    await watched.api.call('document.save', args as never);
    await watched.api.call('labels.list', {});
    expect(seen).toEqual(['repaired', 'repaired']);
  });
});
