// The app shell: header (corpus, import, language), the library or one page, the import panel, and the
// wiring to the Electron shell's events and to drag and drop.
import { lazy, Suspense, useCallback, useEffect, useEffectEvent, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiCallError, type ApiClient, type ApiErrorCode, type CorpusInfo, type PageSummary } from '../../shared/api';
import { isElectron } from './api/client';
import { currentLocale, otherLocale, setLocale } from './i18n';
import { ExportDialog } from './export/ExportDialog';
import { EntitiesView } from './entities/EntitiesView';
import { ImportController } from './import/import-controller';
import { droppedEntries, pickedFromEntries, pickedFromInput } from './import/import-files';
import { AnnotationImportDialog } from './import/AnnotationImportDialog';
import { ImportDialog } from './import/ImportDialog';
import { INITIAL_LIBRARY_STATE, type LibraryState } from './library/library-query';
import { LibraryView } from './library/LibraryView';
import { PageView } from './page/PageView';
import { SettingsMenu } from './repair/SettingsMenu';
import { formatRoute, parseRoute, type Route } from './routing/route';
import { SearchMemory } from './search/search-results';
import { EMPTY_SEARCH, type PageReveal, type SearchParams } from './search/search-route';
import { SearchView } from './search/SearchView';
import { importPaths, importWithDialog, onShellEvent, pathsOfFiles } from './shell/bridge';

// The statistics view brings echarts: its own chunk, loaded when the view is first opened.
const StatsView = lazy(() => import('./stats/StatsView').then((m) => ({ default: m.StatsView })));

interface Banner {
  code: ApiErrorCode | null;
  message: string;
}

function bannerOf(error: unknown): Banner {
  if (error instanceof ApiCallError) return { code: error.code, message: error.message };
  return { code: null, message: error instanceof Error ? error.message : String(error) };
}

/** The last part of a path, for the header; the whole path is in the tooltip. */
function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

export function App({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation();
  const electron = isElectron();
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [dataVersion, setDataVersion] = useState(0);
  const [settingsVersion, setSettingsVersion] = useState(0);
  const [corpus, setCorpus] = useState<CorpusInfo | null>(null);
  const [banner, setBanner] = useState<Banner | null>(null);
  const [libraryState, setLibraryState] = useState<LibraryState>(INITIAL_LIBRARY_STATE);
  const [aboutOpen, setAboutOpen] = useState(false);
  /** The export dialog, opened for the corpus (page null) or from one page. */
  const [exporting, setExporting] = useState<{ page: { id: number; fileName: string } | null } | null>(null);
  const [importingAnnotations, setImportingAnnotations] = useState(false);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const reload = useCallback(() => setDataVersion((v) => v + 1), []);
  const [importer] = useState(() => new ImportController(api, reload));
  const importState = useSyncExternalStore(importer.subscribe, importer.getSnapshot);

  const showError = useCallback((error: unknown) => setBanner(bannerOf(error)), []);

  // --- Routing: the open page lives in the fragment (#/page/12); the web token was taken out before this.
  // `replace`: the same view with new state (a new search query), not a step Back should undo.
  const navigate = useCallback((next: Route, replace = false) => {
    const hash = formatRoute(next);
    if (window.location.hash !== hash) {
      if (replace) window.history.replaceState(null, '', hash);
      else window.history.pushState(null, '', hash);
    }
    setRoute(next);
  }, []);

  useEffect(() => {
    const sync = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('popstate', sync);
    window.addEventListener('hashchange', sync);
    return () => {
      window.removeEventListener('popstate', sync);
      window.removeEventListener('hashchange', sync);
    };
  }, []);

  // --- Corpus info, reloaded whenever anything changed.
  useEffect(() => {
    let live = true;
    api.call('corpus.info', {}).then(
      (info) => live && setCorpus(info),
      (error: unknown) => live && showError(error),
    );
    return () => {
      live = false;
    };
  }, [api, dataVersion, showError]);

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  // --- Import.
  async function importViaShell(): Promise<void> {
    try {
      const job = await importWithDialog();
      if (job) importer.followJob(job.jobId);
    } catch (error) {
      showError(error);
    }
  }

  function importFiles(): void {
    if (electron) void importViaShell();
    else fileInput.current?.click();
  }

  function importSample(): void {
    api.call('import.sample', {}).then((job) => importer.followJob(job.jobId), showError);
  }

  useEffect(() => {
    // React has no prop for it; the DOM property lets the picker choose a folder.
    if (folderInput.current) folderInput.current.webkitdirectory = true;
  }, [electron]);

  function toggleLanguage(): void {
    void setLocale(otherLocale(currentLocale()));
  }

  const onDrop = useEffectEvent((data: DataTransfer) => {
    if (electron) {
      importPaths(pathsOfFiles(Array.from(data.files))).then((job) => job && importer.followJob(job.jobId), showError);
      return;
    }
    const entries = droppedEntries(data);
    if (entries === null) importer.upload(pickedFromInput(data.files));
    else pickedFromEntries(entries).then((files) => importer.upload(files), showError);
  });

  useEffect(() => {
    let depth = 0;
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault(); // Without this the drop would navigate to the file.
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDropEvent = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      if (event.dataTransfer) onDrop(event.dataTransfer);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDropEvent);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDropEvent);
    };
  }, []);

  // --- Search: Ctrl/⌘+Shift+F (the menu's accelerator in Electron), `/` outside text fields, the header button.
  const [searchMemory] = useState(() => new SearchMemory());
  const [searchFocus, setSearchFocus] = useState(0);
  /** The search shown last, so the header button and the shortcut come back to it. */
  const lastSearch = useRef<SearchParams>(EMPTY_SEARCH);
  useEffect(() => {
    if (route.view === 'search') lastSearch.current = route.search;
  }, [route]);
  /** Set when a hit opened the page: its Back returns to the results (a step back in history). */
  const [pageFromSearch, setPageFromSearch] = useState(false);
  if (pageFromSearch && route.view === 'library') setPageFromSearch(false);

  const openSearch = useCallback(() => {
    searchMemory.requestBoxFocus();
    setSearchFocus((n) => n + 1);
    if (window.location.hash.startsWith('#/search')) return;
    navigate({ view: 'search', search: lastSearch.current });
  }, [navigate, searchMemory]);
  const changeSearch = useCallback((search: SearchParams) => navigate({ view: 'search', search }, true), [navigate]);
  const openHit = useCallback(
    (pageId: number, reveal: PageReveal) => {
      setPageFromSearch(true);
      navigate({ view: 'page', pageId, reveal });
    },
    [navigate],
  );
  const backFromPage = useCallback(() => {
    if (pageFromSearch) window.history.back();
    else navigate({ view: 'library' });
  }, [navigate, pageFromSearch]);

  // --- Events from the Electron shell (menu, imports it started, another corpus opened).
  const onShell = useEffectEvent((event: Parameters<Parameters<typeof onShellEvent>[0]>[0]) => {
    switch (event.type) {
      case 'corpus-changed':
        setLibraryState(INITIAL_LIBRARY_STATE);
        navigate({ view: 'library' });
        reload();
        break;
      case 'import-started':
        importer.followJob(event.jobId);
        break;
      case 'menu':
        if (event.command === 'search') openSearch();
        else if (event.command === 'toggle-language') toggleLanguage();
        else if (event.command === 'import') void importViaShell();
        else if (event.command === 'export') setExporting({ page: null });
        else setAboutOpen(true);
        break;
      case 'error':
        setBanner({ code: null, message: event.message });
        break;
    }
  });
  useEffect(() => onShellEvent((event) => onShell(event)), []);

  // --- Views.
  const openPage = useCallback(
    (id: number, position: { scrollTop: number; total: number | null }) => {
      setLibraryState((s) => ({ ...s, scrollTop: position.scrollTop, totalHint: position.total }));
      navigate({ view: 'page', pageId: id });
    },
    [navigate],
  );
  const backToLibrary = useCallback(() => navigate({ view: 'library' }), [navigate]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        openSearch();
        return;
      }
      if (event.key !== '/' || mod || event.altKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('.ProseMirror, input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      event.preventDefault();
      openSearch();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openSearch]);
  const openEntity = useCallback((entityId: string | null) => navigate({ view: 'entities', entityId }), [navigate]);
  const openMention = useCallback(
    (pageId: number, spanId: string) => navigate({ view: 'page', pageId, spanId }),
    [navigate],
  );
  const pageChanged = useCallback((_summary: PageSummary) => reload(), [reload]);

  const number = new Intl.NumberFormat(i18n.language);

  function importButtons(prefix: string) {
    return (
      <>
        <button
          type="button"
          className="button button--primary"
          onClick={importFiles}
          title={t('header.importHint')}
          data-testid={`${prefix}import-button`}
        >
          {electron ? t('header.import') : t('header.importFiles')}
        </button>
        {!electron && (
          <button
            type="button"
            className="button"
            onClick={() => folderInput.current?.click()}
            title={t('header.importFolderHint')}
            data-testid={`${prefix}import-folder-button`}
          >
            {t('header.importFolder')}
          </button>
        )}
        <button
          type="button"
          className="button"
          onClick={() => setImportingAnnotations(true)}
          title={t('header.importAnnotationsHint')}
          aria-label={t('header.importAnnotations')}
          data-testid={`${prefix}import-annotations-button`}
        >
          {/* A narrow window gets the short label, so the header's buttons still fit. */}
          <span className="app-header__label-long">{t('header.importAnnotations')}</span>
          <span className="app-header__label-short">{t('header.importAnnotationsShort')}</span>
        </button>
      </>
    );
  }

  return (
    <div className="app">
      <header className="app-header">
        <span className="app-header__name">{t('app.name')}</span>
        <span className="app-header__corpus" data-testid="corpus-info" title={corpus?.path}>
          {corpus === null ? (
            t('header.corpusLoading')
          ) : (
            <>
              <span className="app-header__corpus-path">{baseName(corpus.path)}</span>
              <span className="app-header__corpus-count">
                {t('header.corpusPages', { count: corpus.pages, n: number.format(corpus.pages) })}
              </span>
            </>
          )}
        </span>
        <span className="app-header__spacer" />
        <div className="app-header__actions">
          <button
            type="button"
            className={`button${route.view === 'search' ? ' is-active' : ''}`}
            onClick={openSearch}
            title={t('header.searchHint')}
            aria-keyshortcuts="Control+Shift+F /"
            data-testid="search-button"
          >
            {t('header.search')}
          </button>
          <button
            type="button"
            className={`button${route.view === 'entities' ? ' is-active' : ''}`}
            aria-current={route.view === 'entities' ? 'page' : undefined}
            onClick={() => openEntity(null)}
            data-testid="open-entities"
          >
            {t('header.entities')}
          </button>
          {importButtons('')}
          <button
            type="button"
            className="button"
            onClick={() => setExporting({ page: null })}
            title={t('header.exportHint')}
            data-testid="export-button"
          >
            {t('header.export')}
          </button>
          <button
            type="button"
            className={route.view === 'stats' ? 'button is-active' : 'button'}
            onClick={() => navigate(route.view === 'stats' ? { view: 'library' } : { view: 'stats' })}
            title={t('header.statisticsHint')}
            aria-pressed={route.view === 'stats'}
            data-testid="stats-button"
          >
            {t('header.statistics')}
          </button>
          <SettingsMenu api={api} onSaved={() => setSettingsVersion((v) => v + 1)} />
          <button
            type="button"
            className="button button--quiet"
            onClick={toggleLanguage}
            title={t('header.switchLanguage')}
            aria-label={t('header.switchLanguage')}
            lang={otherLocale(currentLocale())}
            data-testid="language-toggle"
          >
            {t('header.otherLanguage')}
          </button>
        </div>
        {!electron && (
          <>
            <input
              ref={fileInput}
              type="file"
              multiple
              accept=".txt,.md,text/plain,text/markdown"
              hidden
              onChange={(event) => {
                importer.upload(pickedFromInput(event.target.files));
                event.target.value = '';
              }}
              data-testid="import-file-input"
            />
            <input
              ref={folderInput}
              type="file"
              multiple
              hidden
              onChange={(event) => {
                importer.upload(pickedFromInput(event.target.files));
                event.target.value = '';
              }}
              data-testid="import-folder-input"
            />
          </>
        )}
      </header>

      {banner && (
        <div className="banner" role="alert" data-testid="error-banner">
          <span className="banner__text">
            <strong>{banner.code ? t(`errors.codes.${banner.code}`) : t('errors.codes.INTERNAL')}</strong>{' '}
            {banner.code === 'UNAUTHORIZED' && !electron ? t('errors.unauthorized') : banner.message}
          </span>
          <button type="button" className="button button--small button--quiet" onClick={() => setBanner(null)}>
            {t('errors.dismiss')}
          </button>
        </div>
      )}

      <main className="app-main">
        {route.view === 'stats' ? (
          <Suspense fallback={<p className="stats__loading">{t('stats.loading')}</p>}>
            <StatsView api={api} dataVersion={dataVersion} onError={showError} />
          </Suspense>
        ) : route.view === 'page' ? (
          <PageView
            key={`${route.pageId}:${route.spanId ?? ''}`}
            api={api}
            pageId={route.pageId}
            settingsVersion={settingsVersion}
            onBack={backFromPage}
            backToSearch={pageFromSearch}
            onChanged={pageChanged}
            onExport={(page) => setExporting({ page })}
            reveal={route.reveal}
            focusSpanId={route.spanId}
          />
        ) : route.view === 'search' ? (
          <SearchView
            api={api}
            params={route.search}
            onParamsChange={changeSearch}
            onOpenHit={openHit}
            onBack={backToLibrary}
            memory={searchMemory}
            dataVersion={dataVersion}
            focusKey={searchFocus}
          />
        ) : route.view === 'entities' ? (
          <EntitiesView api={api} entityId={route.entityId} onOpenEntity={openEntity} onOpenMention={openMention} />
        ) : (
          <LibraryView
            api={api}
            state={libraryState}
            onStateChange={setLibraryState}
            dataVersion={dataVersion}
            onOpenPage={openPage}
            importActions={importButtons('empty-')}
            onImportSample={importSample}
          />
        )}
      </main>

      {importState.open && (
        <ImportDialog state={importState} onCancel={() => importer.cancel()} onClose={() => importer.dismiss()} />
      )}

      {importingAnnotations && (
        <AnnotationImportDialog api={api} onClose={() => setImportingAnnotations(false)} onImported={reload} />
      )}

      {exporting && (
        <ExportDialog
          api={api}
          electron={electron}
          corpusPages={corpus?.pages ?? null}
          page={exporting.page}
          onClose={() => setExporting(null)}
        />
      )}

      {aboutOpen && (
        <div className="overlay">
          <div
            className="dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="about-title"
            onKeyDown={(event) => event.key === 'Escape' && setAboutOpen(false)}
          >
            <h2 id="about-title" className="dialog__title">
              {t('about.title')}
            </h2>
            <p>{t('app.tagline')}</p>
            <div className="dialog__actions">
              <button type="button" className="button button--primary" onClick={() => setAboutOpen(false)} autoFocus>
                {t('about.close')}
              </button>
            </div>
          </div>
        </div>
      )}

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p className="drop-overlay__text">{t('import.dropHere')}</p>
        </div>
      )}
    </div>
  );
}
