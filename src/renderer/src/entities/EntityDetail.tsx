// One entity of the register (#/entities/<id>): its names, label and note (editable), merge into another
// entity, delete, and every mention with its page, date and context; a mention opens the editor at the span.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, LabelWithUsage } from '../../../shared/api';
import type { EntityDetail, EntitySummary, Mention } from '../../../shared/entities/types';
import { Dialog } from '../editor/Dialog';
import { messageOf } from './messages';

const MENTIONS_PAGE = 200;

interface EntityDetailProps {
  api: ApiClient;
  entityId: string;
  labels: LabelWithUsage[];
  onBack(): void;
  onOpenEntity(id: string | null): void;
  onOpenMention(pageId: number, spanId: string): void;
}

export function EntityDetailView({ api, entityId, labels, onBack, onOpenEntity, onOpenMention }: EntityDetailProps) {
  const { t, i18n } = useTranslation();
  const [entity, setEntity] = useState<EntitySummary | null>(null);
  const [mentions, setMentions] = useState<Mention[]>([]);
  const [mentionTotal, setMentionTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);
  const [dialog, setDialog] = useState<'merge' | 'delete' | null>(null);

  useEffect(() => {
    let live = true;
    api.call('entities.get', { id: entityId, limit: MENTIONS_PAGE }).then(
      (detail: EntityDetail) => {
        if (!live) return;
        setEntity(detail.entity);
        setMentions(detail.mentions.rows);
        setMentionTotal(detail.mentions.total);
        setError(null);
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, entityId, loads]);

  async function more(): Promise<void> {
    try {
      const detail = await api.call('entities.get', { id: entityId, offset: mentions.length, limit: MENTIONS_PAGE });
      setMentions((m) => [...m, ...detail.mentions.rows]);
      setMentionTotal(detail.mentions.total);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  // Escape goes back to the list unless a dialog or a field took it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('[role="dialog"], input, textarea, select')) return;
      onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  const number = new Intl.NumberFormat(i18n.language);

  return (
    <section className="entity-detail" data-testid="entity-detail" data-entity-id={entityId}>
      <div className="toolbar">
        <button
          type="button"
          className="button button--quiet"
          onClick={onBack}
          title={t('entities.backHint')}
          data-testid="entity-back"
        >
          <span aria-hidden="true">←</span> {t('entities.back')}
        </button>
        {entity && (
          <>
            <h1 className="entity-detail__title" lang="zh-CN" data-testid="entity-title">
              {entity.canonical}
            </h1>
            <span className="label-tag" data-label={entity.label}>
              {entity.label}
            </span>
            <span className="entity-detail__summary" data-testid="entity-summary">
              {t('entities.detail.summary', {
                mentions: number.format(entity.mentions),
                pages: number.format(entity.pages),
                first: entity.firstDate ?? t('entities.noDate'),
                last: entity.lastDate ?? t('entities.noDate'),
              })}
            </span>
          </>
        )}
      </div>
      {error && (
        <p className="notice notice--error" role="alert" data-testid="entity-error">
          {t('entities.detail.failed', { message: error })}
        </p>
      )}
      {!entity && !error && <p className="page-view__loading">{t('entities.detail.loading')}</p>}
      {entity && (
        <div className="entity-detail__body">
          <EntityForm
            key={entity.updatedAt}
            api={api}
            entity={entity}
            labels={labels}
            onSaved={() => setLoads((n) => n + 1)}
            onMerge={() => setDialog('merge')}
            onDelete={() => setDialog('delete')}
          />
          <section className="entity-mentions" aria-labelledby="entity-mentions-title">
            <h2 id="entity-mentions-title" className="editor-side__heading">
              {t('entities.detail.mentions')}{' '}
              <span className="entity-detail__summary">
                {t('entities.detail.mentionsCount', {
                  n: number.format(mentionTotal),
                  pages: number.format(entity.pages),
                })}
              </span>
            </h2>
            {mentionTotal === 0 && <p className="editor-side__empty">{t('entities.detail.mentionsNone')}</p>}
            <ol className="entity-mentions__list" data-testid="mention-list">
              {mentions.map((m) => (
                <li key={`${m.pageId}:${m.spanId}`}>
                  <button
                    type="button"
                    className="mention"
                    onClick={() => onOpenMention(m.pageId, m.spanId)}
                    title={t('entities.detail.openMention')}
                    data-testid="mention"
                    data-page-id={m.pageId}
                    data-span-id={m.spanId}
                  >
                    <span className="mention__where">
                      <span className="mention__date">{m.date ?? t('entities.noDate')}</span>
                      <span className="mention__page">
                        {[m.newspaper, m.pageNo].filter(Boolean).join(' · ') || m.fileName}
                      </span>
                      <span className="mention__file">{m.fileName}</span>
                    </span>
                    <span className="mention__context" lang="zh-CN">
                      {m.before}
                      <mark className="entity mention__text" data-label={m.label}>
                        {m.text}
                      </mark>
                      {m.after}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
            {mentions.length < mentionTotal && (
              <button type="button" className="button button--small" onClick={() => void more()}>
                {t('entities.detail.more')}
              </button>
            )}
          </section>
        </div>
      )}
      {entity && dialog === 'merge' && (
        <MergeDialog
          api={api}
          entity={entity}
          onClose={() => setDialog(null)}
          onMerged={(targetId) => {
            setDialog(null);
            onOpenEntity(targetId);
          }}
        />
      )}
      {entity && dialog === 'delete' && (
        <DeleteDialog
          api={api}
          entity={entity}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            onBack();
          }}
        />
      )}
    </section>
  );
}

function EntityForm({
  api,
  entity,
  labels,
  onSaved,
  onMerge,
  onDelete,
}: {
  api: ApiClient;
  entity: EntitySummary;
  labels: LabelWithUsage[];
  onSaved(): void;
  onMerge(): void;
  onDelete(): void;
}) {
  const { t } = useTranslation();
  const [canonical, setCanonical] = useState(entity.canonical);
  const [label, setLabel] = useState(entity.label);
  const [variants, setVariants] = useState(entity.variants.join('\n'));
  const [note, setNote] = useState(entity.note);
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({
    kind: 'idle',
  });

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setState({ kind: 'saving' });
    try {
      await api.call('entities.update', {
        id: entity.id,
        canonical,
        label,
        variants: variants
          .split('\n')
          .map((v) => v.trim())
          .filter((v) => v !== ''),
        note,
      });
      setState({ kind: 'saved' });
      onSaved();
    } catch (e) {
      setState({ kind: 'error', message: messageOf(e) });
    }
  }

  return (
    <form className="entity-form" onSubmit={(event) => void save(event)} data-testid="entity-form">
      <label className="field">
        <span className="field__label">{t('entities.detail.canonical')}</span>
        <input
          className="input"
          value={canonical}
          lang="zh-CN"
          required
          maxLength={200}
          onChange={(event) => setCanonical(event.target.value)}
          data-testid="entity-canonical"
        />
      </label>
      <label className="field">
        <span className="field__label">{t('entities.detail.label')}</span>
        <select
          className="select"
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          data-testid="entity-label"
        >
          {!labels.some((l) => l.name === label) && <option value={label}>{label}</option>}
          {labels.map((l) => (
            <option key={l.name} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('entities.detail.variants')}</span>
        <textarea
          className="input entity-form__variants"
          value={variants}
          lang="zh-CN"
          rows={4}
          onChange={(event) => setVariants(event.target.value)}
          data-testid="entity-variants"
        />
        <span className="field__hint">{t('entities.detail.variantsHint')}</span>
      </label>
      <label className="field">
        <span className="field__label">{t('entities.detail.note')}</span>
        <textarea
          className="input"
          value={note}
          rows={3}
          maxLength={10_000}
          onChange={(event) => setNote(event.target.value)}
          data-testid="entity-note"
        />
      </label>
      <div className="entity-form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={state.kind === 'saving'}
          data-testid="entity-save"
        >
          {t('entities.detail.save')}
        </button>
        <button type="button" className="button" onClick={onMerge} data-testid="entity-merge">
          {t('entities.detail.merge')}
        </button>
        <button type="button" className="button button--quiet" onClick={onDelete} data-testid="entity-delete">
          {t('entities.detail.delete')}
        </button>
      </div>
      {state.kind === 'saved' && (
        <p className="notice" role="status">
          {t('entities.detail.saved')}
        </p>
      )}
      {state.kind === 'error' && (
        <p className="notice notice--error" role="alert" data-testid="entity-save-error">
          {t('entities.detail.saveFailed', { message: state.message })}
        </p>
      )}
    </form>
  );
}

function MergeDialog({
  api,
  entity,
  onClose,
  onMerged,
}: {
  api: ApiClient;
  entity: EntitySummary;
  onClose(): void;
  onMerged(targetId: string): void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<EntitySummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api
        .call('entities.list', { label: entity.label, limit: 20, ...(query.trim() ? { text: query.trim() } : {}) })
        .then(
          (result) => live && setRows(result.rows.filter((r) => r.id !== entity.id)),
          (e: unknown) => live && setError(messageOf(e)),
        );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, entity, query]);

  async function merge(target: EntitySummary): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await api.call('entities.merge', { targetId: target.id, sourceId: entity.id });
      onMerged(target.id);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('entities.detail.mergeTitle', { name: entity.canonical })} onClose={onClose} testId="merge-dialog">
      <p>{t('entities.detail.mergeHint', { name: entity.canonical })}</p>
      <input
        className="input"
        type="search"
        value={query}
        autoFocus
        aria-label={t('entities.detail.mergeSearch')}
        placeholder={t('entities.detail.mergeSearch')}
        onChange={(event) => setQuery(event.target.value)}
        data-testid="merge-search"
      />
      {rows.length === 0 && (
        <p className="editor-side__empty">{t('entities.detail.mergeNone', { label: entity.label })}</p>
      )}
      <ul className="entity-picker">
        {rows.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className="entity-picker__item"
              disabled={busy}
              onClick={() => void merge(r)}
              data-testid="merge-target"
            >
              <span lang="zh-CN">{t('entities.detail.mergeInto', { name: r.canonical })}</span>
              <span className="entity-picker__meta" lang="zh-CN">
                {r.variants.join('、')}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          {t('entities.detail.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

function DeleteDialog({
  api,
  entity,
  onClose,
  onDeleted,
}: {
  api: ApiClient;
  entity: EntitySummary;
  onClose(): void;
  onDeleted(): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove(): Promise<void> {
    setBusy(true);
    try {
      await api.call('entities.delete', { id: entity.id });
      onDeleted();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('entities.detail.delete')} onClose={onClose} testId="delete-dialog">
      <p lang="zh-CN">{t('entities.detail.deleteConfirm', { name: entity.canonical, n: entity.mentions })}</p>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('entities.detail.cancel')}
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={busy}
          onClick={() => void remove()}
          data-testid="delete-confirm"
        >
          {t('entities.detail.deleteYes')}
        </button>
      </div>
    </Dialog>
  );
}
