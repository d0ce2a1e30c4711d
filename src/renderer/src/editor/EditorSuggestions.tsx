// The Edit tab's list of pending repair suggestions (beside the side panel): kind, reason, Accept / Reject,
// Accept all; a click goes to the suggestion in the text. The layer (suggestion-layer.ts) does the work.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, PageReading, SuggestionView } from '../../../shared/api';
import { REPAIR_NS } from '../i18n/resources';
import { SuggestionLayer } from './suggestion-layer';
import { useStore } from './store';
import './original-pane.css';

/** One layer per editor workspace, with its texts in the current language. */
export function useSuggestionLayer(
  api: ApiClient,
  pageId: number,
  original: string,
  onReading: (reading: PageReading) => void,
): SuggestionLayer {
  // The layer outlives a language switch: its texts ask i18next, which answers in the current language.
  const { i18n } = useTranslation();
  const [layer] = useState(() => {
    // No language fixed: each call answers in the language of the moment.
    const t = i18n.getFixedT(null, 'translation');
    const tr = i18n.getFixedT(null, REPAIR_NS);
    return new SuggestionLayer(
      api,
      pageId,
      original,
      {
        title: (s) =>
          `${t(`suggestions.kinds.${s.kind}`)}: ${tr(s.reason.key, { replace: s.reason.params, defaultValue: s.reason.key })}`,
        label: (s) =>
          s.kind === 'set-role' && s.target.role
            ? t(`reading.roles.${s.target.role}`)
            : s.kind === 'split-article'
              ? t('editor.suggestions.newArticle')
              : t('editor.suggestions.move'),
        marker: (s, role) =>
          role === 'dest' ? t('editor.suggestions.moveHere') : s.kind === 'merge' ? t('editor.suggestions.join') : '',
      },
      onReading,
    );
  });
  // A language switch redraws the markers and badges in the text (the list re-renders by itself).
  useEffect(() => {
    const redraw = (): void => layer.redraw();
    i18n.on('languageChanged', redraw);
    return () => i18n.off('languageChanged', redraw);
  }, [i18n, layer]);
  return layer;
}

export function EditorSuggestions({ layer }: { layer: SuggestionLayer }) {
  const { t } = useTranslation();
  const { t: tr } = useTranslation(REPAIR_NS);
  const items = useStore(layer.items);
  const focused = useStore(layer.focused);
  const busy = useStore(layer.busy);
  const error = useStore(layer.error);
  const reason = (s: SuggestionView) => tr(s.reason.key, { replace: s.reason.params, defaultValue: s.reason.key });
  const list = useRef<HTMLUListElement>(null);

  // The focused suggestion (Alt+] / Alt+[) is kept in view in the list too.
  useEffect(() => {
    if (focused === null) return;
    list.current?.querySelector(`[data-suggestion-id="${CSS.escape(focused)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focused]);

  return (
    <section className="editor-suggestions" aria-label={t('editor.suggestions.title')} data-testid="editor-suggestions">
      <div className="editor-suggestions__head">
        <h2 className="editor-suggestions__title">{t('editor.suggestions.title')}</h2>
        <span className="editor-suggestions__count" data-testid="editor-suggestions-count">
          {items.length}
        </span>
        <button
          type="button"
          className="button button--small editor-suggestions__all"
          disabled={busy || items.length === 0}
          onClick={() => void layer.acceptAll()}
          data-testid="editor-accept-all"
        >
          {t('editor.suggestions.acceptAll')}
        </button>
      </div>
      {error !== null && (
        <p className="notice notice--error" role="alert">
          {t('suggestions.failed', { message: error })}
        </p>
      )}
      {items.length === 0 ? (
        <p className="editor-side__empty">{t('editor.suggestions.none')}</p>
      ) : (
        <ul ref={list} className="editor-suggestions__list">
          {items.map(({ suggestion: s, located }) => (
            <li
              key={s.id}
              className={`editor-suggestion${focused === s.id ? ' is-focused' : ''}`}
              data-testid="editor-suggestion"
              data-suggestion-id={s.id}
              data-kind={s.kind}
              onClick={() => located && layer.focus(s.id)}
            >
              <span className="editor-suggestion__kind">{t(`suggestions.kinds.${s.kind}`)}</span>
              <p className="editor-suggestion__reason">{reason(s)}</p>
              {!located && <p className="editor-suggestion__missing">{t('editor.suggestions.notFound')}</p>}
              <div className="editor-suggestion__actions">
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy}
                  onClick={(event) => {
                    event.stopPropagation();
                    void layer.decide([s.id], 'accepted');
                  }}
                  data-testid="editor-suggestion-accept"
                >
                  {t('suggestions.accept')}
                </button>
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy}
                  onClick={(event) => {
                    event.stopPropagation();
                    void layer.decide([s.id], 'rejected');
                  }}
                  data-testid="editor-suggestion-reject"
                >
                  {t('suggestions.reject')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="editor-suggestions__hint">{t('editor.suggestions.keys')}</p>
    </section>
  );
}
