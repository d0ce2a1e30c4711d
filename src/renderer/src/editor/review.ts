// Small pure helpers over the page's spans for the side panels.
import type { EditorSpan } from './spans';

export interface LabelGroup {
  label: string;
  spans: { id: string; text: string }[];
}

/** Spans grouped by label (palette order first, then unknown labels by name), in document order within. */
export function groupByLabel(
  spans: readonly Pick<EditorSpan, 'id' | 'label' | 'text'>[],
  order: readonly string[],
): LabelGroup[] {
  const groups = new Map<string, LabelGroup>();
  const seen = new Set<string>();
  for (const s of spans) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    let g = groups.get(s.label);
    if (!g) groups.set(s.label, (g = { label: s.label, spans: [] }));
    g.spans.push({ id: s.id, text: s.text });
  }
  const rank = (l: string) => {
    const i = order.indexOf(l);
    return i < 0 ? order.length : i;
  };
  return [...groups.values()].sort((a, b) => rank(a.label) - rank(b.label) || a.label.localeCompare(b.label));
}
