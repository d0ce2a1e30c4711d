// The editor side panel's link between the selected span and the entity register: shows the entity the span
// links to (open it, unlink), or finds entities of the span's label by name to link it, or creates one from
// the span. The link is written into the span in the editor and saved with the page like any other edit.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient } from '../../../shared/api';
import type { EntitySummary } from '../../../shared/entities/types';
import type { EditorSession } from '../editor/session';
import { useStore } from '../editor/store';
import { messageOf } from './messages';
import './entities.css';

export function SpanEntityLink({ api, session }: { api: ApiClient; session: EditorSession }) {
  const { t } = useTranslation();
  const active = useStore(session.active);
  return (
    <section className="editor-side__section" data-testid="span-entity">
      <h2 className="editor-side__heading">{t('entities.link.title')}</h2>
      {active ? (
        <SpanLink
          key={`${active.id}:${active.label}:${active.entityId ?? ''}`}
          api={api}
          session={session}
          span={active}
        />
      ) : (
        <p className="editor-side__empty">{t('entities.link.none')}</p>
      )}
    </section>
  );
}

interface SpanInfo {
  id: string;
  label: string;
  text: string;
  entityId: string | null;
}

function SpanLink({ api, session, span }: { api: ApiClient; session: EditorSession; span: SpanInfo }) {
  const { t } = useTranslation();
  const searchId = useId();
  const [linked, setLinked] = useState<EntitySummary | null>(null);
  const [missing, setMissing] = useState(false);
  const [query, setQuery] = useState(span.text);
  const [rows, setRows] = useState<EntitySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The entity the span links to.
  useEffect(() => {
    if (!span.entityId) return;
    let live = true;
    api.call('entities.get', { id: span.entityId, limit: 1 }).then(
      (detail) => live && setLinked(detail.entity),
      () => live && setMissing(true),
    );
    return () => {
      live = false;
    };
  }, [api, span.entityId]);

  // Entities of the span's label whose name or variant contains the query.
  useEffect(() => {
    if (span.entityId && !missing) return;
    let live = true;
    const timer = setTimeout(() => {
      api.call('entities.list', { label: span.label, limit: 8, ...(query.trim() ? { text: query.trim() } : {}) }).then(
        (result) => live && setRows(result.rows),
        (e: unknown) => live && setError(messageOf(e)),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, span.label, span.entityId, missing, query]);

  async function create(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const entity = await api.call('entities.create', { label: span.label, canonical: span.text });
      session.setSpanEntity(span.id, entity.id);
    } catch (e) {
      setError(t('entities.link.failed', { message: messageOf(e) }));
    } finally {
      setBusy(false);
    }
  }

  if (span.entityId && !missing) {
    return (
      <div className="span-entity">
        <div className="span-entity__current" data-testid="span-entity-current">
          <span className="field__label">{t('entities.link.linkedTo')}</span>
          <span className="label-tag" data-label={span.label}>
            {span.label}
          </span>
          <span className="span-entity__name" lang="zh-CN">
            {linked?.canonical ?? '…'}
          </span>
        </div>
        <div className="span-entity__current">
          <a className="button button--small" href={`#/entities/${span.entityId}`} data-testid="span-entity-open">
            {t('entities.link.open')}
          </a>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => session.setSpanEntity(span.id, null)}
            data-testid="span-entity-unlink"
          >
            {t('entities.link.unlink')}
          </button>
        </div>
      </div>
    );
  }

  const exact = rows?.some((r) => r.canonical === span.text) ?? false;
  return (
    <div className="span-entity">
      {missing && span.entityId && (
        <p className="editor-side__empty">{t('entities.link.unknown', { id: span.entityId })}</p>
      )}
      <label className="field" htmlFor={searchId}>
        <span className="field__label">{t('entities.link.searchLabel', { label: span.label })}</span>
      </label>
      <input
        id={searchId}
        className="input input--small"
        type="search"
        value={query}
        lang="zh-CN"
        onChange={(event) => setQuery(event.target.value)}
        data-testid="span-entity-search"
      />
      {rows !== null && rows.length === 0 && (
        <p className="editor-side__empty">{t('entities.link.noResults', { label: span.label })}</p>
      )}
      <ul className="entity-picker" aria-label={t('entities.link.results')}>
        {(rows ?? []).map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className="entity-picker__item"
              disabled={busy}
              onClick={() => session.setSpanEntity(span.id, r.id)}
              data-testid="span-entity-result"
            >
              <span lang="zh-CN">
                {t('entities.link.linkTo')} → <strong>{r.canonical}</strong>
              </span>
              {r.variants.length > 0 && (
                <span className="entity-picker__meta" lang="zh-CN">
                  {r.variants.join('、')}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {!exact && (
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() => void create()}
          data-testid="span-entity-create"
        >
          <span lang="zh-CN">{t('entities.link.create', { text: span.text })}</span>
        </button>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
