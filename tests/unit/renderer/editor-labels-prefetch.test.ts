import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ApiClient, LabelWithUsage } from '../../../src/shared/api';
import { loadLabels, PREFETCH_FRESH_MS, prefetchLabels } from '../../../src/renderer/src/editor/labels-prefetch';

/** A client answering labels.list with a numbered label set, counting the calls. */
function client(): { api: ApiClient; calls: () => number } {
  let n = 0;
  const api = {
    call: (method: string) => {
      if (method !== 'labels.list') throw new Error(`unexpected ${method}`);
      n++;
      return Promise.resolve([{ name: `L${n}`, color: '#000000', hotkey: null, spans: 0 }] as LabelWithUsage[]);
    },
  } as unknown as ApiClient;
  return { api, calls: () => n };
}

describe('the label set asked for with the document', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is used once by the editor that opens next; a later editor asks again', async () => {
    const { api, calls } = client();
    prefetchLabels(api);
    expect(calls()).toBe(1);
    expect((await loadLabels(api))[0]!.name).toBe('L1');
    expect(calls()).toBe(1);
    expect((await loadLabels(api))[0]!.name).toBe('L2');
    expect(calls()).toBe(2);
  });

  it('is not used when older than the freshness limit', async () => {
    const { api, calls } = client();
    const now = vi.spyOn(performance, 'now').mockReturnValue(1000);
    prefetchLabels(api);
    now.mockReturnValue(1000 + PREFETCH_FRESH_MS + 1);
    expect((await loadLabels(api))[0]!.name).toBe('L2');
    expect(calls()).toBe(2);
  });

  it('hands a failed prefetch to the editor, which reports it', async () => {
    const api = { call: () => Promise.reject(new Error('offline')) } as unknown as ApiClient;
    prefetchLabels(api);
    await expect(loadLabels(api)).rejects.toThrow('offline');
  });
});
