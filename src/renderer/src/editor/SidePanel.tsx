// The editor's side panel: spans that edits cut, deleted or extended ("needs review", saved with the page),
// and the page's spans grouped by label. Both read stores the session updates after edits settle.
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient } from '../../../shared/api';
import { SpanEntityLink } from '../entities/SpanEntityLink';

import { groupByLabel, type LabelGroup } from './review';
import type { EditorSession } from './session';
import { useStore } from './store';

export function SidePanel({ api, session }: { api: ApiClient; session: EditorSession }) {
  const { t } = useTranslation();
  const review = useStore(session.review);
  const spans = useStore(session.spans);
  const labels = useStore(session.labels);
  const groups = useMemo(
    () =>
      groupByLabel(
        spans,
        labels.map((l) => l.name),
      ),
    [spans, labels],
  );
  const total = groups.reduce((n, g) => n + g.spans.length, 0);

  return (
    <aside className="editor-side" aria-label={t('editor.side')}>
      <SpanEntityLink api={api} session={session} />
      <section className="editor-side__section" data-testid="review-list">
        <h2 className="editor-side__heading">
          {t('editor.review.title')} <span className="set-aside__count">{review.length}</span>
        </h2>
        {review.length === 0 ? (
          <p className="editor-side__empty">{t('editor.review.empty')}</p>
        ) : (
          <ul className="review-list">
            {review.map((item) => (
              <li key={item.spanId} className="review-item" data-testid="review-item" data-reason={item.reason}>
                <button
                  type="button"
                  className="review-item__main"
                  disabled={item.blockId === null}
                  onClick={() => session.selectSpanById(item.spanId)}
                >
                  <span className="label-tag" data-label={item.label}>
                    {item.label}
                  </span>
                  <span className="review-item__reason">{t(`editor.review.${item.reason}`)}</span>
                  <span className="review-item__old" lang="zh-CN">
                    {t('editor.review.was', { text: item.oldText })}
                  </span>
                </button>
                <button
                  type="button"
                  className="button button--small button--quiet"
                  onClick={() => session.dismissReview(item.spanId)}
                  data-testid="review-dismiss"
                >
                  {t('editor.review.dismiss')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="editor-side__section editor-side__entities" data-testid="entity-panel">
        <h2 className="editor-side__heading">
          {t('editor.entities.title')} <span className="set-aside__count">{total}</span>
        </h2>
        {groups.length === 0 && <p className="editor-side__empty">{t('editor.entities.empty')}</p>}
        {groups.map((group) => (
          <EntityGroup key={group.label} group={group} session={session} />
        ))}
      </section>
    </aside>
  );
}

/** Items per list chunk; each chunk is skipped by layout and paint while scrolled out of view. */
const CHUNK = 50;

function chunksOf<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * One label's spans. The span list is refreshed after every pause in typing, usually unchanged: a group whose
 * spans (ids and texts) are the same does not render its items again (a page can hold a thousand). The items
 * come in chunks of 50 with `content-visibility: auto` (styles.css): with a thousand spans listed, repainting
 * the whole list on every keystroke's frame cost more than the editor's own work.
 */
const EntityGroup = memo(
  function EntityGroup({ group, session }: { group: LabelGroup; session: EditorSession }) {
    return (
      <details className="entity-group" open data-testid="entity-group" data-label={group.label}>
        <summary className="entity-group__summary">
          <span className="label-tag" data-label={group.label}>
            {group.label}
          </span>
          <span className="set-aside__count">{group.spans.length}</span>
        </summary>
        <div className="entity-group__list">
          {chunksOf(group.spans).map((chunk, i) => (
            // The height it takes while skipped: its items at ~24 px (remembered once it was shown).
            <ul key={i} className="entity-group__chunk" style={{ containIntrinsicSize: `auto ${chunk.length * 24}px` }}>
              {chunk.map((span) => (
                <li key={span.id}>
                  <button
                    type="button"
                    className="entity-group__item"
                    lang="zh-CN"
                    onClick={() => session.selectSpanById(span.id)}
                    data-testid="entity-item"
                  >
                    {span.text}
                  </button>
                </li>
              ))}
            </ul>
          ))}
        </div>
      </details>
    );
  },
  (a, b) =>
    a.session === b.session &&
    a.group.label === b.group.label &&
    a.group.spans.length === b.group.spans.length &&
    a.group.spans.every((s, i) => s.id === b.group.spans[i]!.id && s.text === b.group.spans[i]!.text),
);
