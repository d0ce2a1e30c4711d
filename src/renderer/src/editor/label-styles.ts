// Per-label colours as CSS variables: one rule per label in a constructed style sheet (CSSOM, which the
// strict CSP allows; inline style attributes and <style> elements it does not).
import type { Label } from '../../../shared/api';

let sheet: CSSStyleSheet | null = null;

/** Sets `--entity-color` for `.entity[data-label=…]` and `.label-chip[data-label=…]` from the label set. */
export function applyLabelColors(labels: readonly Pick<Label, 'name' | 'color'>[]): void {
  if (typeof document === 'undefined' || typeof CSSStyleSheet === 'undefined') return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  const rules = labels
    .filter((l) => /^#[0-9a-fA-F]{6}$/.test(l.color))
    .map((l) => `[data-label="${CSS.escape(l.name)}"] { --entity-color: ${l.color}; }`)
    .join('\n');
  sheet.replaceSync(rules);
}
