// The services: one implementation of every API method, unaware of which transport called it.
import { statSync } from 'node:fs';

import type { ApiMethodName, ApiParsedArgs, ApiResult, CorpusInfo } from '../../shared/api';
import { PAGE_STATUSES, type PageStatus } from '../../shared/domain';
import type { Corpus } from '../store/corpus';
import { createSearchIndex, search as searchText, searchSpans } from '../search';
import { createDocumentStore } from '../store/documents';
import { createPageStore } from '../store/pages';
import { createReadingStore } from '../store/readings';
import { createCorpusOps } from './corpus-ops';
import { createDocumentService } from './documents';
import { ServiceError } from './errors';
import { createImportJobs } from './import-jobs';
import { DEFAULT_MAX_FILE_BYTES, importPages } from './import-pages';
import { collectImportSources, uploadedSources, type WalkResult } from './import-sources';
import { createRepairService } from './repair';

export interface ServiceOptions {
  corpus: Corpus;
  /** The bundled sample pages (the app's seeds/ folder). */
  seedsDir: string;
  maxFileBytes?: number;
}

export type ServiceMethods = {
  [M in ApiMethodName]: (args: ApiParsedArgs<M>) => Promise<ApiResult<M>> | ApiResult<M>;
};

const SAMPLE_LOADED_KEY = 'sample_loaded_at';

export function createServices(options: ServiceOptions) {
  const { corpus } = options;
  const db = corpus.db;
  const pages = createPageStore(db);
  const readings = createReadingStore(db);
  const documentStore = createDocumentStore(db);
  const search = createSearchIndex(db);
  const repair = createRepairService({
    db,
    pages,
    readings,
    // A page never edited is searched in its repaired reading: keep its index rows in step.
    onReadingChanged: (pageId) => {
      if (search.isBuilt() && documentStore.revision(pageId) === 0) search.reindexPage(pageId, ['corrected']);
    },
  });
  const documents = createDocumentService({ db, pages, documents: documentStore, repair, search });
  const corpusOps = createCorpusOps({ db, pages, documents: documentStore, documentService: documents, search });
  const jobs = createImportJobs();
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const getMeta = db.prepare('SELECT value FROM corpus_meta WHERE key = ?').pluck();
  const setMeta = db.prepare('INSERT OR REPLACE INTO corpus_meta (key, value) VALUES (?, ?)');

  function startImport(walk: () => Promise<WalkResult>, onDone?: () => void) {
    return jobs.start(async (controls) => {
      const { sources, failed } = await walk();
      const added: number[] = [];
      const report = await importPages(pages, sources, {
        maxFileBytes,
        onProgress: controls.onProgress,
        isCancelled: controls.isCancelled,
        afterInsert: (rows) => added.push(...rows.map((r) => r.id)),
      });
      // Repair runs after the pages are in: an interrupted repair only leaves pages to repair when opened.
      controls.setPhase('repairing');
      controls.onProgress({ done: 0, total: added.length, current: null });
      await repair.repairPages(
        added,
        (done) => controls.onProgress({ done, total: added.length, current: null }),
        controls.isCancelled,
      );
      indexImported(added);
      onDone?.();
      return { ...report, failed: [...failed, ...report.failed] };
    });
  }

  function requirePage(id: number) {
    const summary = pages.summary(id);
    if (!summary) throw new ServiceError('NOT_FOUND', `There is no page ${id} in this corpus.`);
    return summary;
  }

  /**
   * New pages join the search index page by page when they are few; a large import (or a corpus whose index
   * was never built) leaves one bulk rebuild to the next search, which is several times faster than rows.
   */
  function indexImported(ids: readonly number[]): void {
    if (ids.length === 0 || !search.isBuilt()) return;
    if (ids.length >= 2000 || ids.length >= pages.count() * 0.2) search.markStale();
    else search.indexPages(ids);
  }

  const markSampleLoaded = () => setMeta.run(SAMPLE_LOADED_KEY, new Date().toISOString());

  const methods: ServiceMethods = {
    'corpus.info': (): CorpusInfo => {
      const byStatus = Object.fromEntries(PAGE_STATUSES.map((s) => [s, 0])) as Record<PageStatus, number>;
      for (const row of pages.statusCounts()) byStatus[row.status] = row.n;
      let sizeBytes = 0;
      for (const suffix of ['', '-wal']) {
        try {
          sizeBytes += statSync(corpus.path + suffix).size;
        } catch {
          // A missing -wal file is normal after a checkpoint.
        }
      }
      return {
        path: corpus.path,
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        pages: pages.count(),
        newspapers: pages.newspapers(),
        byStatus,
        sizeBytes,
        createdAt: (getMeta.get('created_at') as string | undefined) ?? null,
      };
    },
    'pages.list': (args) => pages.list(args),
    'pages.get': ({ id }) => {
      const page = pages.get(id);
      if (!page) throw new ServiceError('NOT_FOUND', `There is no page ${id} in this corpus.`);
      return page;
    },
    'pages.updateMeta': ({ id, ...patch }) => {
      const current = requirePage(id);
      const clean = (value: string | null | undefined, fallback: string | null) =>
        value === undefined ? fallback : value === null || value.trim() === '' ? null : value.trim();
      db.transaction(() => {
        pages.updateMeta(id, {
          newspaper: clean(patch.newspaper, current.newspaper),
          date: clean(patch.date, current.date),
          pageNo: clean(patch.pageNo, current.pageNo),
        });
        // Jump links name the page's newspaper and date.
        repair.refreshIfRepaired(id);
      })();
      return requirePage(id);
    },
    'pages.setStatus': ({ id, status }) => {
      requirePage(id);
      pages.setStatus(id, status);
      return requirePage(id);
    },
    'pages.newspapers': () => pages.newspapers().map((n) => n.name),
    'import.start': ({ paths }) => startImport(() => collectImportSources(paths)),
    'import.upload': ({ files }) => startImport(() => Promise.resolve(uploadedSources(files))),
    'import.sample': () => startImport(() => collectImportSources([options.seedsDir]), markSampleLoaded),
    'import.status': ({ jobId }) => jobs.status(jobId),
    'import.cancel': ({ jobId }) => jobs.cancel(jobId),
    'repair.reading': ({ pageId }) => {
      requirePage(pageId);
      return repair.view(pageId);
    },
    'repair.decide': ({ pageId, suggestionIds, decision }) => repair.decide(pageId, suggestionIds, decision),
    'document.get': ({ pageId }) => documents.state(pageId),
    'document.save': ({ pageId, baseRevision, document, review }) =>
      documents.save(pageId, baseRevision, document, review),
    'document.revisions': ({ pageId }) => documents.revisions(pageId),
    'document.revision': ({ pageId, revision }) => documents.revision(pageId, revision),
    'document.restore': ({ pageId, revision, baseRevision }) => documents.restore(pageId, revision, baseRevision),
    'labels.list': () => documents.labels(),
    'labels.save': ({ labels }) => documents.saveLabels(labels),
    'search.query': (args) => {
      search.ensureBuilt();
      return searchText(db, args);
    },
    'search.spans': (args) => searchSpans(db, args),
    'corpus.findText': (args) => corpusOps.findText(args),
    'corpus.replaceText': (args) => corpusOps.replaceText(args),
    'corpus.tagOccurrences': (args) => corpusOps.tagOccurrences(args),
    'settings.get': () => ({ repairThreshold: repair.threshold() }),
    'settings.set': ({ repairThreshold }) => {
      if (repairThreshold !== undefined) repair.setThreshold(repairThreshold);
      return { repairThreshold: repair.threshold() };
    },
  };

  return {
    methods,
    pages,
    readings,
    repair,
    documents,
    search,
    jobs,
    /**
     * Fills a brand-new corpus with the sample pages, once: a corpus whose pages were all deleted later
     * is not refilled.
     */
    async ensureSample(): Promise<void> {
      if (getMeta.get(SAMPLE_LOADED_KEY) !== undefined || pages.count() > 0) return;
      const job = methods['import.sample']({}) as ReturnType<typeof jobs.start>;
      await jobs.wait(job.jobId);
    },
  };
}

export type Services = ReturnType<typeof createServices>;
