// One page, read-only for now: its metadata (editable), its status, and its original OCR text shown as
// plain text — never parsed as HTML.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, PageDetail, PageSummary } from '../../../shared/api';
import { PAGE_STATUSES, type PageStatus } from '../../../shared/domain';
import { StatusPill } from '../components/StatusPill';
import { MetaEditor } from './MetaEditor';

interface PageViewProps {
  api: ApiClient;
  pageId: number;
  onBack(): void;
  /** The page's summary changed (metadata or status): the library must reload. */
  onChanged(summary: PageSummary): void;
}

/** Han characters near the start: then tell the browser the text is Chinese, for the right glyph forms. */
function looksChinese(text: string): boolean {
  return /[\u3400-\u9fff]/.test(text.slice(0, 4000));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function PageView({ api, pageId, onBack, onChanged }: PageViewProps) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState<PageDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [statusSaving, setStatusSaving] = useState(false);

  useEffect(() => {
    let live = true;
    api.call('pages.get', { id: pageId }).then(
      (detail) => live && setPage(detail),
      (error: unknown) => live && setLoadError(messageOf(error)),
    );
    return () => {
      live = false;
    };
  }, [api, pageId]);

  useEffect(() => {
    document.title = page ? t('app.titleWithPage', { file: page.fileName }) : t('app.title');
    return () => {
      document.title = t('app.title');
    };
  }, [page, t]);

  // Escape goes back, unless something inside (a dialog, the edit form) took the key first.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('[role="dialog"]')) return;
      onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  function applySummary(summary: PageSummary): void {
    setPage((current) => (current ? { ...current, ...summary } : current));
    onChanged(summary);
  }

  async function changeStatus(status: PageStatus): Promise<void> {
    setStatusSaving(true);
    setStatusError(null);
    try {
      applySummary(await api.call('pages.setStatus', { id: pageId, status }));
    } catch (error) {
      setStatusError(messageOf(error));
    } finally {
      setStatusSaving(false);
    }
  }

  const unknown = t('page.unknown');
  const number = new Intl.NumberFormat(i18n.language);
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  function formatImportedAt(value: string): string {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
  }

  return (
    <section className="page-view" data-testid="page-view" data-page-id={pageId}>
      <div className="toolbar page-view__toolbar">
        <button
          type="button"
          className="button button--quiet"
          onClick={onBack}
          title={t('page.backHint')}
          data-testid="back-to-library"
        >
          <span aria-hidden="true">←</span> {t('page.back')}
        </button>
        <h1 className="page-view__title" title={page?.fileName}>
          {page?.fileName ?? '\u00a0'}
        </h1>
        {page && <StatusPill status={page.status} />}
      </div>

      {loadError !== null && (
        <p className="notice notice--error page-view__notice" role="alert">
          {loadError}
        </p>
      )}
      {page === null && loadError === null && <p className="page-view__loading">{t('page.loading')}</p>}

      {page && (
        <div className="page-view__body">
          <aside className="page-meta" aria-label={t('page.metadata')}>
            <h2 className="page-meta__heading">{t('page.metadata')}</h2>
            {editing ? (
              <MetaEditor
                api={api}
                page={page}
                onSaved={(summary) => {
                  applySummary(summary);
                  setEditing(false);
                }}
                onCancel={() => setEditing(false)}
              />
            ) : (
              <>
                <dl className="meta-list" data-testid="page-meta">
                  <dt>{t('page.newspaper')}</dt>
                  <dd data-testid="meta-newspaper">{page.newspaper ?? unknown}</dd>
                  <dt>{t('page.date')}</dt>
                  <dd data-testid="meta-date">{page.date ?? unknown}</dd>
                  <dt>{t('page.pageNo')}</dt>
                  <dd data-testid="meta-page">{page.pageNo ?? unknown}</dd>
                </dl>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => setEditing(true)}
                  data-testid="edit-meta"
                >
                  {t('page.edit')}
                </button>
              </>
            )}

            <label className="field page-meta__status">
              <span className="field__label">{t('page.status')}</span>
              <select
                className="select"
                value={page.status}
                disabled={statusSaving}
                onChange={(event) => void changeStatus(event.target.value as PageStatus)}
                data-testid="page-status"
              >
                {PAGE_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {t(`status.${status}`)}
                  </option>
                ))}
              </select>
            </label>
            {statusError !== null && (
              <p className="notice notice--error" role="alert">
                {t('page.statusFailed', { message: statusError })}
              </p>
            )}

            <dl className="meta-list meta-list--quiet">
              <dt>{t('page.encoding')}</dt>
              <dd>{t(`encoding.${page.encoding}`)}</dd>
              <dt>{t('page.size')}</dt>
              <dd>{t('page.chars', { count: page.chars, n: number.format(page.chars) })}</dd>
              <dt>{t('page.sha256')}</dt>
              <dd className="mono" title={page.sha256}>
                {page.sha256.slice(0, 12)}
              </dd>
              <dt>{t('page.importedAt')}</dt>
              <dd>{formatImportedAt(page.importedAt)}</dd>
              <dt>{t('page.source')}</dt>
              <dd className="meta-list__path" title={page.sourcePath ?? undefined}>
                {page.sourcePath ?? t('page.uploaded')}
              </dd>
            </dl>
          </aside>

          <article className="page-text-panel" aria-label={t('page.originalText')}>
            <header className="page-text-panel__header">
              <h2 className="page-text-panel__heading">{t('page.originalText')}</h2>
              <span className="page-text-panel__note">{t('page.readOnlyNote')}</span>
            </header>
            {/* A string child: React inserts it as a text node, so markup in the OCR text stays text. */}
            <pre
              className="page-text"
              data-testid="page-text"
              lang={looksChinese(page.originalText) ? 'zh-CN' : undefined}
            >
              {page.originalText}
            </pre>
          </article>
        </div>
      )}
    </section>
  );
}
