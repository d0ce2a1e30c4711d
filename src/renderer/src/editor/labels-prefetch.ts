// The label set for an editor about to open, asked for together with the page's document instead of after it
// arrives (a round trip less before the text shows). A prefetch is used once, and only while fresh: an editor
// opened later asks again, so it never starts from a label set edited meanwhile in another window.
import type { ApiClient, LabelWithUsage } from '../../../shared/api';

/** How long a prefetched label set may wait for the editor that uses it. */
export const PREFETCH_FRESH_MS = 5000;

const prefetched = new WeakMap<ApiClient, { at: number; labels: Promise<LabelWithUsage[]> }>();

/** Starts loading the label set (call when the page's document is requested). */
export function prefetchLabels(api: ApiClient): void {
  const labels = api.call('labels.list', {});
  // A failure is reported by loadLabels, to the editor that uses it; unused, it is dropped quietly.
  labels.catch(() => undefined);
  prefetched.set(api, { at: performance.now(), labels });
}

/** The prefetched label set if there is a fresh one (taking it), else a new request. */
export function loadLabels(api: ApiClient): Promise<LabelWithUsage[]> {
  const entry = prefetched.get(api);
  prefetched.delete(api);
  if (entry && performance.now() - entry.at < PREFETCH_FRESH_MS) return entry.labels;
  return api.call('labels.list', {});
}
