// The bar above the text after a span was created: the offer to tag the other untagged occurrences of its
// text, then the review stepping through them (y tags, n skips, a tags all remaining, Esc stops; the keys
// work in the text, the buttons do the same). Reads the session's offer and propagation stores only. "Whole
// corpus" hands the span's text and label to the corpus-wide review (CorpusPanel).
import { useTranslation } from 'react-i18next';

import { openCorpusPanel } from './corpus-ui';
import type { EditorSession } from './session';
import { useStore } from './store';

/** Buttons keep the editor's focus and selection: a mousedown would blur the text first. */
const keepFocus = (event: { preventDefault(): void }) => event.preventDefault();

export function PropagateBar({ session }: { session: EditorSession }) {
  const { t } = useTranslation();
  const offer = useStore(session.offer);
  const propagation = useStore(session.propagation);
  if (propagation) {
    return (
      <div
        className="editor-strip editor-strip--review"
        role="region"
        aria-label={t('editor.propagate.bar')}
        data-testid="propagate-review"
      >
        <span className="editor-strip__text" lang="zh-CN" data-testid="propagate-progress">
          {t('editor.propagate.progress', {
            index: propagation.index,
            total: propagation.total,
            text: propagation.text,
            label: propagation.label,
          })}
        </span>
        {propagation.tagged > 0 && (
          <span className="editor-strip__count">{t('editor.propagate.tagged', { count: propagation.tagged })}</span>
        )}
        <span className="editor-strip__actions">
          <button
            type="button"
            className="button button--small button--primary"
            onMouseDown={keepFocus}
            onClick={() => session.propagationKey('y')}
            data-testid="propagate-yes"
          >
            {t('editor.propagate.yes')} <kbd>y</kbd>
          </button>
          <button
            type="button"
            className="button button--small"
            onMouseDown={keepFocus}
            onClick={() => session.propagationKey('n')}
            data-testid="propagate-no"
          >
            {t('editor.propagate.no')} <kbd>n</kbd>
          </button>
          <button
            type="button"
            className="button button--small"
            onMouseDown={keepFocus}
            onClick={() => session.propagationKey('a')}
            data-testid="propagate-all"
          >
            {t('editor.propagate.all')} <kbd>a</kbd>
          </button>
          <button
            type="button"
            className="button button--small button--quiet"
            onMouseDown={keepFocus}
            onClick={() => session.endPropagation()}
            data-testid="propagate-stop"
          >
            {t('editor.propagate.stop')} <kbd>Esc</kbd>
          </button>
        </span>
      </div>
    );
  }
  if (!offer) return null;
  return (
    <div className="editor-strip" role="region" aria-label={t('editor.propagate.bar')} data-testid="propagate-offer">
      {offer.count > 0 && (
        <button
          type="button"
          className="button button--small button--primary"
          onMouseDown={keepFocus}
          onClick={() => session.startPropagation()}
          lang="zh-CN"
          data-testid="propagate-start"
        >
          {t('editor.propagate.offer', { count: offer.count, text: offer.text, label: offer.label })}
        </button>
      )}
      <button
        type="button"
        className={`button button--small${offer.count > 0 ? '' : ' button--primary'}`}
        onMouseDown={keepFocus}
        onClick={() => {
          session.dismissOffer();
          openCorpusPanel(session, { kind: 'tag', text: offer.text, label: offer.label });
        }}
        lang="zh-CN"
        title={t('editor.propagate.corpusHint')}
        data-testid="propagate-corpus"
      >
        {offer.count > 0
          ? t('editor.propagate.corpus')
          : t('editor.propagate.corpusOnly', { text: offer.text, label: offer.label })}
      </button>
      <button
        type="button"
        className="button button--small button--quiet"
        onMouseDown={keepFocus}
        onClick={() => session.dismissOffer()}
        data-testid="propagate-dismiss"
      >
        {t('editor.propagate.dismiss')}
      </button>
    </div>
  );
}
