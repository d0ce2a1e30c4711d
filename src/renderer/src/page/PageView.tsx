// One page: its metadata (editable), its status, the repair engine's reading of it with the suggestions
// panel, and its original OCR text (read-only). Text is always shown as text — never parsed as HTML.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  type ApiClient,
  type DocumentState,
  type PageDetail,
  type PageReading,
  type PageSummary,
  PageSummarySchema,
} from '../../../shared/api';
import { PAGE_STATUSES, type PageStatus } from '../../../shared/domain';
import { StatusPill } from '../components/StatusPill';
import { EditorTab } from '../editor/EditorTab';
import { prefetchLabels } from '../editor/labels-prefetch';
import { highlightedBlocks } from '../repair/reading-model';
import { ReadingView } from '../repair/ReadingView';
import { SuggestionsPanel, type Decision } from '../repair/SuggestionsPanel';
import { locateInText } from '../search/reveal-position';
import type { PageReveal } from '../search/search-route';
import { MetaEditor } from './MetaEditor';

interface PageViewProps {
  api: ApiClient;
  pageId: number;
  /** Bumped when the repair settings change: the reading is loaded again. */
  settingsVersion: number;
  onBack(): void;
  /** The page's summary changed (metadata or status): the library must reload. */
  onChanged(summary: PageSummary): void;
  /** Opens the export dialog for this page. */
  onExport?(page: { id: number; fileName: string }): void;
  /** A search hit to show: the Edit tab (or the Original tab for the original text) opens at it, highlighted. */
  reveal?: PageReveal | undefined;
  /** The page was opened from the search results: Back returns there. */
  backToSearch?: boolean;
  /** Open the Edit tab with this span selected (a mention opened from the entity register). */
  focusSpanId?: string;
}

type TextMode = 'edit' | 'reading' | 'original';

/** Han characters near the start: then tell the browser the text is Chinese, for the right glyph forms. */
function looksChinese(text: string): boolean {
  return /[\u3400-\u9fff]/.test(text.slice(0, 4000));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function PageView({
  api,
  pageId,
  settingsVersion,
  onBack,
  onChanged,
  onExport,
  reveal,
  backToSearch = false,
  focusSpanId,
}: PageViewProps) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState<PageDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [statusSaving, setStatusSaving] = useState(false);
  // A search hit or an entity mention chooses the tab the page opens on.
  const revealMode: TextMode | null = reveal
    ? reveal.source === 'original'
      ? 'original'
      : 'edit'
    : focusSpanId
      ? 'edit'
      : null;
  const [mode, setMode] = useState<TextMode>(revealMode ?? 'reading');
  const [reading, setReading] = useState<PageReading | null>(null);
  const [readingError, setReadingError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [deciding, setDeciding] = useState(false);
  const [decideError, setDecideError] = useState<string | null>(null);
  const [docState, setDocState] = useState<DocumentState | null>(null);
  const [docError, setDocError] = useState<string | null>(null);
  const [docLoads, setDocLoads] = useState(0);
  const [docLoaded, setDocLoaded] = useState(0);
  const [editVisited, setEditVisited] = useState(revealMode === 'edit');
  // The first load decides the default tab (Edit once the page has been saved) unless a tab was chosen
  // (or a search hit chose it).
  const modeChosen = useRef(revealMode !== null);

  function chooseMode(next: TextMode): void {
    modeChosen.current = true;
    if (next === 'edit') setEditVisited(true);
    setMode(next);
  }

  useEffect(() => {
    let live = true;
    const loading = api.call('document.get', { pageId });
    // The editor needs the label set too: ask now rather than when the document has arrived.
    prefetchLabels(api);
    loading.then(
      (state) => {
        if (!live) return;
        setDocState(state);
        setDocLoaded((n) => n + 1);
        setDocError(null);
        if (!modeChosen.current && state.revision > 0) {
          setMode('edit');
          setEditVisited(true);
        }
      },
      (error: unknown) => live && setDocError(messageOf(error)),
    );
    return () => {
      live = false;
    };
  }, [api, pageId, docLoads]);

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

  // The reading, again whenever the repair settings change (the threshold decides what is applied).
  useEffect(() => {
    let live = true;
    api.call('repair.reading', { pageId }).then(
      (next) => {
        if (!live) return;
        setReading(next);
        setReadingError(null);
      },
      (error: unknown) => live && setReadingError(messageOf(error)),
    );
    return () => {
      live = false;
    };
  }, [api, pageId, settingsVersion]);

  const selected = reading?.suggestions.find((s) => s.id === selectedId) ?? null;
  const highlighted = useMemo(
    () => (reading ? highlightedBlocks(reading, selected) : new Set<string>()),
    [reading, selected],
  );

  async function decide(ids: string[], decision: Decision): Promise<PageReading | null> {
    setDeciding(true);
    setDecideError(null);
    try {
      const next = await api.call('repair.decide', { pageId, suggestionIds: ids, decision });
      setReading(next);
      return next;
    } catch (error) {
      setDecideError(messageOf(error));
      return null;
    } finally {
      setDeciding(false);
    }
  }

  useEffect(() => {
    document.title = page ? t('app.titleWithPage', { file: page.fileName }) : t('app.title');
    return () => {
      document.title = t('app.title');
    };
  }, [page, t]);

  // Ctrl/⌘+F on the Reading or Original tab: finding is the editor's (its find bar), so the Edit tab opens with it.
  const [findRequest, setFindRequest] = useState(0);
  useEffect(() => {
    if (mode === 'edit') return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'f' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey)
        return;
      if (event.defaultPrevented) return;
      event.preventDefault();
      modeChosen.current = true;
      setEditVisited(true);
      setMode('edit');
      setFindRequest((n) => n + 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode]);

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
  const lang = page && looksChinese(page.originalText) ? 'zh-CN' : undefined;
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
          title={backToSearch ? t('page.backToSearchHint') : t('page.backHint')}
          data-testid="back-to-library"
        >
          <span aria-hidden="true">←</span> {backToSearch ? t('page.backToSearch') : t('page.back')}
        </button>
        <h1 className="page-view__title" title={page?.fileName}>
          {page?.fileName ?? '\u00a0'}
        </h1>
        {page && <StatusPill status={page.status} />}
        {page && onExport && (
          <button
            type="button"
            className="button button--small page-view__export"
            onClick={() => onExport({ id: page.id, fileName: page.fileName })}
            data-testid="export-page"
          >
            {t('page.exportPage')}
          </button>
        )}
      </div>

      {loadError !== null && (
        <p className="notice notice--error page-view__notice" role="alert">
          {loadError}
        </p>
      )}
      {page === null && loadError === null && <p className="page-view__loading">{t('page.loading')}</p>}

      {page && (
        <div className={`page-view__body${mode === 'edit' ? ' page-view__body--edit' : ''}`}>
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

          <article className="page-text-panel">
            <header className="page-text-panel__header">
              <div className="view-tabs" role="tablist" aria-label={t('page.viewLabel')}>
                <button
                  type="button"
                  role="tab"
                  id="tab-edit"
                  aria-controls="panel-edit"
                  aria-selected={mode === 'edit'}
                  className={`view-tabs__tab${mode === 'edit' ? ' is-active' : ''}`}
                  onClick={() => chooseMode('edit')}
                  data-testid="tab-edit"
                >
                  {t('editor.tab')}
                </button>
                <button
                  type="button"
                  role="tab"
                  id="tab-reading"
                  aria-controls="panel-reading"
                  aria-selected={mode === 'reading'}
                  className={`view-tabs__tab${mode === 'reading' ? ' is-active' : ''}`}
                  onClick={() => chooseMode('reading')}
                  data-testid="tab-reading"
                >
                  {t('reading.tab')}
                </button>
                <button
                  type="button"
                  role="tab"
                  id="tab-original"
                  aria-controls="panel-original"
                  aria-selected={mode === 'original'}
                  className={`view-tabs__tab${mode === 'original' ? ' is-active' : ''}`}
                  onClick={() => chooseMode('original')}
                  data-testid="tab-original"
                >
                  {t('page.originalText')}
                </button>
              </div>
              <span className="page-text-panel__note">
                {mode === 'edit' ? t('editor.note') : mode === 'reading' ? t('reading.note') : t('page.readOnlyNote')}
              </span>
            </header>

            {/* Kept mounted once opened (hidden on other tabs), so undo history and unsaved edits survive. */}
            {editVisited && (
              <div role="tabpanel" id="panel-edit" aria-labelledby="tab-edit" hidden={mode !== 'edit'}>
                <EditorTab
                  api={api}
                  pageId={pageId}
                  initial={docState}
                  loadError={docError}
                  generation={docLoaded}
                  onReload={() => setDocLoads((n) => n + 1)}
                  visible={mode === 'edit'}
                  reveal={reveal?.source === 'corrected' ? reveal : null}
                  findRequest={findRequest}
                  focusSpanId={focusSpanId}
                  originalText={page.originalText}
                  lang={lang}
                  reading={reading}
                  onReading={setReading}
                  onStatus={(status) => {
                    if (page.status !== status) applySummary(PageSummarySchema.parse({ ...page, status }));
                  }}
                />
              </div>
            )}

            <div role="tabpanel" id="panel-reading" aria-labelledby="tab-reading" hidden={mode !== 'reading'}>
              {readingError !== null && (
                <p className="notice notice--error" role="alert" data-testid="reading-error">
                  {t('reading.failed', { message: readingError })}
                </p>
              )}
              {reading === null && readingError === null && (
                <p className="page-view__loading">{t('reading.loading')}</p>
              )}
              {/* Only while shown: a hidden reading of a long page is React and DOM work when the editor opens. */}
              {reading && mode === 'reading' && <ReadingView reading={reading} highlighted={highlighted} lang={lang} />}
            </div>

            {/* Stays in the document (hidden) while the reading is shown: the original is always one click away. */}
            <div role="tabpanel" id="panel-original" aria-labelledby="tab-original" hidden={mode !== 'original'}>
              {/* String children: React inserts them as text nodes, so markup in the OCR text stays text. */}
              <OriginalText
                text={page.originalText}
                lang={lang}
                reveal={reveal?.source === 'original' ? reveal : null}
              />
            </div>
          </article>

          {mode === 'edit' ? null : reading ? (
            <SuggestionsPanel
              reading={reading}
              selectedId={selectedId}
              onSelect={setSelectedId}
              onDecide={decide}
              busy={deciding}
              error={decideError}
            />
          ) : (
            <aside className="suggestions" aria-label={t('suggestions.title')} />
          )}
        </div>
      )}
    </section>
  );
}

/** The original OCR text, with a search hit in it marked and scrolled to (text nodes around a <mark>). */
function OriginalText({ text, lang, reveal }: { text: string; lang: string | undefined; reveal: PageReveal | null }) {
  const mark = useRef<HTMLElement>(null);
  const range = useMemo(
    () => (reveal ? locateInText(text, reveal.start, reveal.end, reveal.text) : null),
    [text, reveal],
  );
  useEffect(() => {
    mark.current?.scrollIntoView({ block: 'center' });
  }, [range]);
  return (
    <pre className="page-text" data-testid="page-text" lang={lang}>
      {range ? (
        <>
          {text.slice(0, range.start)}
          <mark ref={mark} className="search-hit" data-testid="original-hit">
            {text.slice(range.start, range.end)}
          </mark>
          {text.slice(range.end)}
        </>
      ) : (
        text
      )}
    </pre>
  );
}
