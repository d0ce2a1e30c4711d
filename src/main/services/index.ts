// The services: one implementation of every API method, unaware of which transport called it.
import { statSync } from 'node:fs';

import type { ApiMethodName, ApiParsedArgs, ApiResult, CorpusInfo } from '../../shared/api';
import { PAGE_STATUSES, type PageStatus } from '../../shared/domain';
import type { Corpus } from '../store/corpus';
import { createSearchIndex, search as searchText, searchSpans } from '../search';
import { createIndexBuilder, FINISH_NOW_MAX_PAGES } from '../search/background';
import { corpusStats, termStats } from '../stats';
import { createDocumentStore } from '../store/documents';
import { createEntityStore } from '../store/entities';
import { createPageStore } from '../store/pages';
import { createReadingStore } from '../store/readings';
import { createCorpusOps } from './corpus-ops';
import { createDocumentService } from './documents';
import { createEntityService } from './entities';
import { ServiceError } from './errors';
import { galleyDataDir } from '../paths';
import { createExportJobs, defaultExportsRoot } from './export-jobs';
import { importAnnotationUpload } from './import-annotation-upload';
import { createImportJobs } from './import-jobs';
import { DEFAULT_MAX_FILE_BYTES, importPages } from './import-pages';
import { collectImportSources, uploadedSources, type WalkResult } from './import-sources';
import { createRepairService } from './repair';

export interface ServiceOptions {
  corpus: Corpus;
  /** The bundled sample pages (the app's seeds/ folder). */
  seedsDir: string;
  maxFileBytes?: number;
  /**
   * Build the search index in the background, between requests, whenever it is incomplete (the app and web
   * mode). Off for one-shot CLI commands and tests, where a search builds what is missing itself.
   */
  backgroundIndexing?: boolean;
  /** Where default export folders go; Documents/Galley or the data folder when not given. */
  exportsRoot?: string;
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
  const indexBuilder = createIndexBuilder(db, search);
  const background = options.backgroundIndexing === true;
  const repair = createRepairService({
    db,
    pages,
    readings,
    // A page never edited is searched in its repaired reading: keep its index rows in step.
    onReadingChanged: (pageId) => {
      if (search.isMaintained() && documentStore.revision(pageId) === 0) search.reindexPage(pageId);
    },
  });
  const entityStore = createEntityStore(db);
  const documents = createDocumentService({
    db,
    pages,
    documents: documentStore,
    repair,
    search,
    onLabelsRenamed: (renames) => entityStore.renameLabels(renames),
  });
  const entities = createEntityService({ db, documents: documentStore, entities: entityStore });
  const corpusOps = createCorpusOps({ db, pages, documents: documentStore, documentService: documents, search });
  const jobs = createImportJobs();
  const exports = createExportJobs({
    db,
    corpusPath: corpus.path,
    exportsRoot: options.exportsRoot ?? defaultExportsRoot(galleyDataDir()),
  });
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
    search.addOriginals(ids);
    // While a build runs, new pages come after its cursor: the build indexes them when it gets there.
    if (ids.length === 0 || !search.isBuilt()) {
      if (background) indexBuilder.kick();
      return;
    }
    if (search.isBulk(ids.length)) {
      search.markStale();
      if (background) indexBuilder.kick();
    } else search.indexPages(ids);
  }

  /** Before a search: finish a small remainder now, leave a large one to the background build. */
  function searchIndexProgress() {
    const progress = search.progress();
    if (progress.state === 'built') return undefined;
    if (progress.total - progress.done <= FINISH_NOW_MAX_PAGES) {
      indexBuilder.finishNow();
      return undefined;
    }
    // Without background work (CLI, tests) a search builds everything it needs at once, in bulk.
    if (!background) {
      search.rebuildAll();
      return undefined;
    }
    indexBuilder.kick();
    return { done: progress.done, total: progress.total };
  }

  /**
   * Whether the original text's index can answer a search now. It is built the first time somebody searches the
   * original text: at once without background work (CLI, tests), else slice by slice while scans answer.
   */
  function originalIndexReady(): boolean {
    const state = search.originalState();
    if (state === 'built') return true;
    if (!background) {
      search.rebuildOriginal();
      return true;
    }
    if (state === 'stale') search.requestOriginal();
    indexBuilder.kick();
    return false;
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
    'import.annotations': ({ format, files }) =>
      importAnnotationUpload({
        db,
        format,
        files,
        onPagesWritten: ({ created, attached }) => {
          indexImported(created);
          // A page that got a new revision is reindexed when the index keeps up row by row; else the build will.
          if (attached.length > 0 && search.isMaintained()) search.indexPages(attached);
        },
      }),
    'import.sample': () => startImport(() => collectImportSources([options.seedsDir]), markSampleLoaded),
    'import.status': ({ jobId }) => jobs.status(jobId),
    'import.cancel': ({ jobId }) => jobs.cancel(jobId),
    'repair.reading': ({ pageId }) => {
      requirePage(pageId);
      return repair.view(pageId);
    },
    'repair.decide': ({ pageId, suggestionIds, decision }) => repair.decide(pageId, suggestionIds, decision),
    'document.get': ({ pageId }) => documents.state(pageId),
    'document.save': ({ pageId, baseRevision, document, changes, review }) =>
      changes
        ? documents.saveChanges(pageId, baseRevision, changes, review)
        : documents.save(pageId, baseRevision, document!, review),
    'document.revisions': ({ pageId }) => documents.revisions(pageId),
    'document.revision': ({ pageId, revision }) => documents.revision(pageId, revision),
    'document.restore': ({ pageId, revision, baseRevision }) => documents.restore(pageId, revision, baseRevision),
    'labels.list': () => documents.labels(),
    'labels.save': ({ labels }) => documents.saveLabels(labels),
    'search.query': (args) => {
      if (args.filters.source === 'original') return searchText(db, args, { originalIndexed: originalIndexReady() });
      const indexing = searchIndexProgress();
      const result = searchText(db, args);
      return indexing ? { ...result, indexing } : result;
    },
    'search.status': () => search.progress(),
    'search.spans': (args) => searchSpans(db, args),
    'export.defaults': () => exports.defaults(),
    'export.start': (args) => exports.start(args),
    'export.status': ({ jobId }) => exports.status(jobId),
    'export.cancel': ({ jobId }) => exports.cancel(jobId),
    'stats.get': (args) => corpusStats(db, args),
    'stats.term': (args) => {
      const indexing = searchIndexProgress();
      const result = termStats(db, args);
      return indexing ? { ...result, indexing } : result;
    },
    'corpus.findText': (args) => corpusOps.findText(args),
    'corpus.replaceText': (args) => corpusOps.replaceText(args),
    'corpus.tagOccurrences': (args) => corpusOps.tagOccurrences(args),
    'settings.get': () => ({ repairThreshold: repair.threshold() }),
    'settings.set': ({ repairThreshold }) => {
      if (repairThreshold !== undefined) repair.setThreshold(repairThreshold);
      return { repairThreshold: repair.threshold() };
    },
    'entities.list': (args) => entities.list(args),
    'entities.get': ({ id, offset, limit }) => entities.get(id, offset, limit),
    'entities.create': (args) => entities.create(args),
    'entities.update': ({ id, ...patch }) => entities.update(id, patch),
    'entities.delete': ({ id }) => entities.delete(id),
    'entities.link': ({ id, spans, unlinked }) => entities.link(id, { spans, unlinked }),
    'entities.merge': ({ targetId, sourceId }) => entities.merge(targetId, sourceId),
    'entities.proposals': ({ offset, limit }) => entities.proposals(offset, limit),
    'entities.acceptProposal': ({ key }) => entities.acceptProposal(key),
    'entities.dismissProposal': ({ key }) => entities.dismissProposal(key),
  };

  if (background) indexBuilder.kick();

  return {
    methods,
    pages,
    readings,
    repair,
    documents,
    entities,
    search,
    indexBuilder,
    jobs,
    exports,
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
