// Runs exports in the background and keeps their progress, so any transport can poll and cancel them.
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';

import type Database from 'better-sqlite3';

import type { ExportDefaults, ExportJob, ExportOptions, ExportScope } from '../../shared/api';
import { EXPORT_FORMATS, exportCorpus, type ExportFilter, type ExportFormat } from '../export';
import { ServiceError } from './errors';
import { createJobTable, type JobEntry } from './job-table';

export interface ExportJobsOptions {
  db: Database.Database;
  /** The corpus file, whose name starts the default folder name. */
  corpusPath: string;
  /** Where default export folders go (in an `exports` folder inside it); see defaultExportsRoot. */
  exportsRoot: string;
}

export interface ExportStartArgs {
  format: string;
  options: ExportOptions;
  scope: ExportScope;
  outDir: string;
}

/**
 * The folder that holds default export folders: the Galley data folder when GALLEY_HOME is set (tests,
 * portable installs), else Documents/Galley when there is a Documents folder, else the data folder.
 */
export function defaultExportsRoot(dataDir: string): string {
  if (process.env.GALLEY_HOME) return dataDir;
  const documents = join(homedir(), 'Documents');
  return existsSync(documents) ? join(documents, 'Galley') : dataDir;
}

function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A name safe as one folder name on every platform. */
function folderSafe(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 80);
  return cleaned === '' ? 'corpus' : cleaned;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes sure `outDir` is an absolute folder Galley can write into, creating it if missing; the error names
 * the folder and says what is wrong. Returns the resolved path.
 */
export function prepareOutDir(outDir: string): string {
  if (!isAbsolute(outDir)) {
    throw new ServiceError('BAD_REQUEST', `The export folder must be an absolute path, not "${outDir}".`);
  }
  const dir = resolve(outDir);
  let isFile = false;
  try {
    isFile = !statSync(dir).isDirectory();
  } catch {
    // Missing: created below.
  }
  if (isFile) throw new ServiceError('BAD_REQUEST', `${dir} is a file, not a folder: choose a folder to export into.`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'part of the path is a file' : messageOf(error);
    throw new ServiceError('BAD_REQUEST', `Cannot create the export folder ${dir}: ${why}.`);
  }
  // Write permission is only known by writing (access() says yes to root, and ACLs and read-only mounts exist).
  const probe = join(dir, `.galley-write-test-${randomUUID()}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (error) {
    throw new ServiceError(
      'BAD_REQUEST',
      `Cannot write into the export folder ${dir} (${(error as NodeJS.ErrnoException).code ?? messageOf(error)}).`,
    );
  }
  return dir;
}

function filterOf(scope: ExportScope): ExportFilter {
  switch (scope.kind) {
    case 'corpus':
      return {};
    case 'pages':
      return { pageIds: scope.pageIds };
    case 'filter':
      return {
        status: scope.status && scope.status.length > 0 ? scope.status : undefined,
        newspaper: scope.newspaper,
        dateFrom: scope.dateFrom,
        dateTo: scope.dateTo,
        label: scope.label,
      };
  }
}

function isExportFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

export function createExportJobs(options: ExportJobsOptions) {
  const { db } = options;
  const table = createJobTable<ExportJob>('export');

  const corpusName = (): string => folderSafe(basename(options.corpusPath, extname(options.corpusPath)));

  return {
    defaults(now = new Date()): ExportDefaults {
      const root = join(options.exportsRoot, 'exports');
      const stem = `${corpusName()}-${localDate(now)}`;
      let outDir = join(root, stem);
      // A folder already there (an earlier export today) is not offered again: exports never mix.
      for (let n = 2; existsSync(outDir); n++) outDir = join(root, `${stem}-${n}`);
      return { formats: [...EXPORT_FORMATS], outDir, corpusName: corpusName() };
    },

    /** Validates the request and the folder, then starts the export and returns at once. */
    start(args: ExportStartArgs): ExportJob {
      const { format } = args;
      if (!isExportFormat(format)) {
        throw new ServiceError(
          'BAD_REQUEST',
          `Unknown export format "${format}" (one of ${EXPORT_FORMATS.join(', ')}).`,
        );
      }
      const outDir = prepareOutDir(args.outDir);
      const clash = table.entries().find((s) => s.job.state === 'running' && s.job.summary.outDir === outDir);
      if (clash) throw new ServiceError('CONFLICT', `An export into ${outDir} is already running.`);

      const job: ExportJob = {
        jobId: randomUUID(),
        state: 'running',
        phase: 'preparing',
        format,
        done: 0,
        total: null,
        unit: 'pages',
        summary: { files: 0, pages: 0, articles: 0, spans: 0, outDir },
        error: null,
      };
      const state: JobEntry<ExportJob> = { job, cancelRequested: false, finished: Promise.resolve(job) };
      const run = async (): Promise<ExportJob> => {
        // Start on a later turn: the caller gets its answer (and can poll) before any page is written.
        await new Promise<void>((done) => setImmediate(done));
        try {
          const summary = await exportCorpus({
            db,
            format,
            outDir,
            options: args.options,
            filter: filterOf(args.scope),
            onProgress: (p) => {
              job.phase = 'exporting';
              job.done = p.done;
              job.total = p.total;
              job.unit = p.unit ?? 'pages';
            },
            isCancelled: () => state.cancelRequested,
          });
          job.summary = {
            files: summary.files,
            pages: summary.pages,
            articles: summary.articles,
            spans: summary.spans,
            outDir,
          };
          job.done = summary.pages;
          job.total ??= summary.pages;
          job.state = summary.cancelled ? 'cancelled' : 'done';
        } catch (error) {
          job.state = 'failed';
          job.error = messageOf(error);
        }
        return job;
      };
      state.finished = run();
      table.add(state);
      return structuredClone(job);
    },

    status: table.status,
    cancel: table.cancel,
    wait: table.wait,

    /** The folder a job of this session wrote into: the shell opens only these. */
    outDirOf(jobId: string): string {
      return table.get(jobId).job.summary.outDir;
    },
  };
}

export type ExportJobs = ReturnType<typeof createExportJobs>;
