// The `galley` command line: the same services as the app, called directly, for scripts and terminals.
import { join, resolve } from 'node:path';

import { Command, CommanderError, Option } from 'commander';

import { ApiCallError, type ApiClient, type ImportJob, type PageSummary } from '../../shared/api';
import { BLOCK_ROLES, PAGE_STATUSES, type PageStatus } from '../../shared/domain';
import { createDirectClient } from '../api/direct-client';
import { runSearchCommand, type SearchCommandOptions } from '../search';
import { runStatsCommand, type StatsCommandOptions } from '../stats';
import { STATS_GRANULARITIES } from '../../shared/stats';
import { ServiceError } from '../services/errors';
import { EXPORT_FORMATS, exportCorpus, type ExportFormat } from '../export';
import { bundledSeedsDir, defaultCorpusPath, galleyDataDir, rendererDir } from '../paths';
import { createServices, type Services } from '../services';
import { ANNOTATION_FORMATS, type AnnotationFormat, importAnnotations } from '../services/import-annotations';
import { CorpusRefusedError, openCorpus, type Corpus } from '../store/corpus';
import { isLoopbackHost, startWebServer } from '../web/server';
import { runRepairCommand } from './repair-command';

export const EXIT_OK = 0;
export const EXIT_SOME_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether to draw progress on stderr. */
  interactive: boolean;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

interface GlobalOptions {
  db?: string;
  json?: boolean;
}

class UsageError extends Error {}

interface Session {
  corpus: Corpus;
  services: Services;
  client: ApiClient;
  isDefault: boolean;
}

function openSession(options: GlobalOptions, backgroundIndexing = false): Session {
  const isDefault = options.db === undefined;
  const corpus = openCorpus(isDefault ? defaultCorpusPath() : resolve(options.db!));
  const services = createServices({ corpus, seedsDir: bundledSeedsDir(), backgroundIndexing });
  return { corpus, services, client: createDirectClient(services.methods), isDefault };
}

/** East Asian wide characters take two terminal columns. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

function pad(text: string, width: number): string {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return text + ' '.repeat(Math.max(0, width - w));
}

function formatPageRow(p: PageSummary): string {
  return [
    pad(String(p.id), 7),
    pad(p.newspaper ?? '—', 14),
    pad(p.date ?? '—', 11),
    pad(p.pageNo ?? '—', 5),
    pad(p.status, 10),
    pad(String(p.chars), 8),
    p.fileName,
  ].join(' ');
}

async function waitForJob(services: Services, job: ImportJob, io: CliIo, json: boolean) {
  let timer: NodeJS.Timeout | undefined;
  if (io.interactive && !json) {
    timer = setInterval(() => {
      const s = services.jobs.status(job.jobId);
      const total = s.total ?? '?';
      io.stderr(`\r\x1b[2Kimporting ${s.done}/${total} ${s.current ?? ''}`.slice(0, 160));
    }, 200);
  }
  try {
    return await services.jobs.wait(job.jobId);
  } finally {
    if (timer) {
      clearInterval(timer);
      io.stderr('\r\x1b[2K');
    }
  }
}

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('galley')
    .description('Galley: import, repair and annotate OCR’d newspaper pages from the command line.')
    .option('--db <file>', 'corpus file (default: the app’s default corpus in the user-data folder)')
    .option('--json', 'print machine-readable JSON')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('import')
    .description('import .txt/.md pages, or annotated datasets with --format, from files and folders (recursively)')
    .argument('[paths...]', 'files or folders to import')
    .option('--sample', 'import the bundled sample pages')
    .addOption(
      new Option('--format <format>', 'read annotated records (pages with their spans) instead of page files').choices([
        ...ANNOTATION_FORMATS,
      ]),
    )
    .action(async (paths: string[], options: { sample?: boolean; format?: AnnotationFormat }) => {
      if (options.format !== undefined) {
        if (options.sample) throw new UsageError('--sample imports page files; it cannot be combined with --format.');
        if (paths.length === 0) throw new UsageError(`Give files or folders of ${options.format} records to import.`);
        const { corpus } = openSession(globals());
        try {
          const json = !!globals().json;
          const report = await importAnnotations({
            db: corpus.db,
            format: options.format,
            paths: paths.map((p) => resolve(p)),
            onProgress:
              io.interactive && !json ? (p) => io.stderr(`\r\x1b[2Kimporting ${p.done}/${p.total}`) : undefined,
          });
          if (io.interactive && !json) io.stderr('\r\x1b[2K');
          if (json) {
            io.stdout(JSON.stringify(report) + '\n');
          } else {
            io.stdout(
              `Imported ${report.imported} page(s), attached spans to ${report.attached}; ` +
                `${report.duplicates} duplicate(s) skipped.\n`,
            );
            if (report.labelsAdded.length > 0) io.stdout(`  labels added: ${report.labelsAdded.join(', ')}\n`);
            for (const f of report.failed)
              io.stdout(`  failed: ${f.file}${f.line > 0 ? `:${f.line}` : ''}: ${f.reason}\n`);
          }
          setExit(report.failed.length > 0 ? EXIT_SOME_FAILED : EXIT_OK);
        } finally {
          corpus.close();
        }
        return;
      }
      if (paths.length === 0 && !options.sample) throw new UsageError('Give files or folders to import, or --sample.');
      const { corpus, services, client } = openSession(globals());
      try {
        const reports = [];
        if (options.sample)
          reports.push(await waitForJob(services, await client.call('import.sample', {}), io, !!globals().json));
        if (paths.length > 0) {
          const job = await client.call('import.start', { paths: paths.map((p) => resolve(p)) });
          reports.push(await waitForJob(services, job, io, !!globals().json));
        }
        const failedJob = reports.find((j) => j.state === 'failed');
        if (failedJob) throw new Error(failedJob.error ?? 'import failed');
        const summary = {
          imported: reports.reduce((n, j) => n + j.report.imported, 0),
          duplicates: reports.reduce((n, j) => n + j.report.duplicates, 0),
          failed: reports.flatMap((j) =>
            j.report.failed.map((f) => ({ file: f.file, reason: f.reason, code: f.code })),
          ),
        };
        if (globals().json) {
          io.stdout(JSON.stringify(summary) + '\n');
        } else {
          io.stdout(`Imported ${summary.imported} page(s); ${summary.duplicates} duplicate(s) skipped.\n`);
          for (const d of reports.flatMap((j) => j.report.duplicateFiles)) {
            io.stdout(`  duplicate: ${d.file}${d.existingPageId ? ` (same text as page ${d.existingPageId})` : ''}\n`);
          }
          for (const f of summary.failed) io.stdout(`  failed: ${f.file}: ${f.reason}\n`);
        }
        setExit(summary.failed.length > 0 ? EXIT_SOME_FAILED : EXIT_OK);
      } finally {
        corpus.close();
      }
    });

  program
    .command('list')
    .description('list the pages of the corpus')
    .option('--limit <n>', 'rows to print', (v) => parsePositiveInt(v, '--limit'), 100)
    .option('--offset <n>', 'rows to skip', (v) => parsePositiveInt(v, '--offset', true), 0)
    .addOption(
      new Option('--sort <key>', 'sort by')
        .choices(['fileName', 'newspaper', 'date', 'pageNo', 'status', 'chars'])
        .default('fileName'),
    )
    .option('--desc', 'sort descending')
    .addOption(new Option('--status <status>', 'only pages with this status').choices([...PAGE_STATUSES]))
    .option('--newspaper <name>', 'only pages of this newspaper')
    .option('--filter <text>', 'file name or newspaper contains')
    .action(
      async (options: {
        limit: number;
        offset: number;
        sort: 'fileName';
        desc?: boolean;
        status?: 'new';
        newspaper?: string;
        filter?: string;
      }) => {
        const { corpus, client } = openSession(globals());
        try {
          const result = await client.call('pages.list', {
            limit: Math.min(options.limit, 1000),
            offset: options.offset,
            sort: options.sort,
            direction: options.desc ? 'desc' : 'asc',
            status: options.status,
            newspaper: options.newspaper,
            text: options.filter,
          });
          if (globals().json) {
            io.stdout(JSON.stringify(result) + '\n');
          } else {
            io.stdout(
              [
                pad('id', 7),
                pad('newspaper', 14),
                pad('date', 11),
                pad('page', 5),
                pad('status', 10),
                pad('chars', 8),
                'file',
              ].join(' ') + '\n',
            );
            for (const row of result.rows) io.stdout(formatPageRow(row) + '\n');
            io.stdout(`${result.rows.length} of ${result.total} page(s)\n`);
          }
        } finally {
          corpus.close();
        }
      },
    );

  program
    .command('show')
    .description('print one page (by id or file name) with its metadata and original text')
    .argument('<page>', 'page id or file name')
    .action(async (pageRef: string) => {
      const { corpus, client, services } = openSession(globals());
      try {
        let id = /^\d+$/.test(pageRef) ? Number(pageRef) : undefined;
        if (id === undefined) {
          const match = services.pages.findByFileName(pageRef);
          if (match === undefined) throw new ApiCallError('NOT_FOUND', `No page named ${pageRef}.`);
          id = match;
        }
        const page = await client.call('pages.get', { id });
        if (globals().json) {
          io.stdout(JSON.stringify(page) + '\n');
        } else {
          io.stdout(
            `# ${page.fileName}\nnewspaper: ${page.newspaper ?? '—'}\ndate: ${page.date ?? '—'}\npage: ${page.pageNo ?? '—'}\n` +
              `status: ${page.status}\nencoding: ${page.encoding}\nsha256: ${page.sha256}\nchars: ${page.chars}\n\n${page.originalText}\n`,
          );
        }
      } finally {
        corpus.close();
      }
    });

  program
    .command('info')
    .description('summarize the corpus')
    .action(async () => {
      const { corpus, client } = openSession(globals());
      try {
        const info = await client.call('corpus.info', {});
        if (globals().json) {
          io.stdout(JSON.stringify(info) + '\n');
        } else {
          io.stdout(
            `corpus: ${info.path}\nschema version: ${info.schemaVersion}\npages: ${info.pages}\n` +
              `size: ${(info.sizeBytes / 1024 / 1024).toFixed(1)} MB\n` +
              `status: ${Object.entries(info.byStatus)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}\n` +
              `newspapers: ${info.newspapers.map((n) => `${n.name} (${n.pages})`).join(', ') || '—'}\n`,
          );
        }
      } finally {
        corpus.close();
      }
    });

  program
    .command('repair')
    .description('repair the layout of page files and write one JSON reading per page')
    .argument('<files...>', 'page files (.txt/.md)')
    .requiredOption('--out <dir>', 'folder for <page>.json')
    .option('--normalize-punctuation', 'also apply half-width to full-width punctuation')
    .action(async (files: string[], options: { out: string; normalizePunctuation?: boolean }) => {
      const failed = await runRepairCommand(
        files,
        options.out,
        { normalizePunctuation: !!options.normalizePunctuation },
        io,
        !!globals().json,
      );
      setExit(failed > 0 ? EXIT_SOME_FAILED : EXIT_OK);
    });

  program
    .command('search')
    .description('search the corrected text (or the original OCR text, or entity spans) of the corpus')
    .argument('[query]', 'words, "phrases", AND / OR / NOT (-word); 1–2 character words work too', '')
    .option('--newspaper <name>', 'only pages of this newspaper')
    .option('--from <date>', 'only pages dated on or after YYYY-MM-DD')
    .option('--to <date>', 'only pages dated on or before YYYY-MM-DD')
    .addOption(new Option('--status <status>', 'only pages with this status').choices([...PAGE_STATUSES]))
    .addOption(new Option('--role <role>', 'only blocks with this role').choices([...BLOCK_ROLES]))
    .option('--has-label <label>', 'only pages with a span of this label')
    .option('--original', 'search the original OCR text instead of the corrected text')
    .option('--spans', 'search entity spans: the query is the span text')
    .option('--label <label>', 'with --spans: only spans of this label')
    .option('--contains', 'with --spans: the span text contains the query')
    .option('--limit <n>', 'hits to print', (v) => parsePositiveInt(v, '--limit'), 50)
    .option('--offset <n>', 'hits to skip', (v) => parsePositiveInt(v, '--offset', true), 0)
    .action((query: string, options: SearchCommandOptions) => {
      if (query === '' && !options.spans) throw new UsageError('Give a query (or --spans with --label).');
      const { corpus } = openSession(globals());
      try {
        runSearchCommand(corpus.db, query, options, io, !!globals().json);
      } catch (error) {
        if (error instanceof ServiceError && error.code === 'BAD_REQUEST') throw new UsageError(error.message);
        throw error;
      } finally {
        corpus.close();
      }
    });

  program
    .command('stats')
    .description('corpus statistics: spans per label, top entities, mentions over time, co-occurrence, progress')
    .option('--newspaper <name>', 'only pages of this newspaper')
    .option('--from <date>', 'only pages dated on or after YYYY-MM-DD')
    .option('--to <date>', 'only pages dated on or before YYYY-MM-DD')
    .addOption(new Option('--status <status>', 'only pages with this status').choices([...PAGE_STATUSES]))
    .option('--label <label>', 'only spans of this label')
    .option('--top <n>', 'entities per label', (v) => parsePositiveInt(v, '--top'))
    .option('--persons <n>', 'entities in the co-occurrence matrix', (v) => parsePositiveInt(v, '--persons'))
    .addOption(
      new Option('--granularity <unit>', 'period of the timeline').choices([...STATS_GRANULARITIES]).default('auto'),
    )
    .option('--term <query>', 'occurrences of a search query over time instead (1–2 character words work too)')
    .action(async (options: StatsCommandOptions) => {
      const { corpus, client } = openSession(globals());
      try {
        await runStatsCommand(client, options, io, !!globals().json);
      } catch (error) {
        if (error instanceof ApiCallError && error.code === 'BAD_REQUEST') throw new UsageError(error.message);
        throw error;
      } finally {
        corpus.close();
      }
    });

  program
    .command('entities')
    .description('list the entities of the register with their mention and page counts')
    .option('--label <label>', 'only entities of this label')
    .option('--text <text>', 'only entities whose name or a variant contains this')
    .addOption(new Option('--sort <sort>', 'order').choices(['mentions', 'name', 'recent']).default('mentions'))
    .option('--limit <n>', 'entities to print', (v) => parsePositiveInt(v, '--limit'), 50)
    .option('--offset <n>', 'entities to skip', (v) => parsePositiveInt(v, '--offset', true), 0)
    .action(
      async (options: {
        label?: string;
        text?: string;
        sort: 'mentions' | 'name' | 'recent';
        limit: number;
        offset: number;
      }) => {
        const { corpus, client } = openSession(globals());
        try {
          const result = await client.call('entities.list', {
            sort: options.sort,
            limit: Math.min(options.limit, 1000),
            offset: options.offset,
            ...(options.label ? { label: options.label } : {}),
            ...(options.text ? { text: options.text } : {}),
          });
          if (globals().json) {
            io.stdout(JSON.stringify(result) + '\n');
            return;
          }
          for (const e of result.rows) {
            const dates = `${e.firstDate ?? '—'}…${e.lastDate ?? '—'}`;
            const variants = e.variants.length > 0 ? `\t${e.variants.join('、')}` : '';
            io.stdout(
              `${e.id}\t${e.label}\t${e.canonical}\t${e.mentions} mentions\t${e.pages} pages\t${dates}${variants}\n`,
            );
          }
          io.stdout(`${result.total} entities\n`);
        } catch (error) {
          if (error instanceof ApiCallError && error.code === 'BAD_REQUEST') throw new UsageError(error.message);
          throw error;
        } finally {
          corpus.close();
        }
      },
    );

  program
    .command('export')
    .description('export corrected text or annotated datasets (jump and furniture blocks are left out)')
    .addOption(
      new Option(
        '--format <format>',
        'what to write (archive: a .zip of the whole corpus database and a manifest, for backup and sharing; ' +
          'filters do not apply to it)',
      )
        .choices([...EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <dir>', 'folder to write into (nothing is written outside it)')
    .option('--status <list>', 'only pages with these statuses, comma-separated')
    .option('--newspaper <name>', 'only pages of this newspaper')
    .option('--from <date>', 'only pages dated on or after YYYY-MM-DD')
    .option('--to <date>', 'only pages dated on or before YYYY-MM-DD')
    .option('--label <label>', 'only pages with at least one span of this label')
    .option('--one-file', 'txt/md: one file for the whole corpus instead of one per page')
    .addOption(
      new Option('--doccano-unit <unit>', 'doccano: one record per article or per page').choices(['article', 'page']),
    )
    .addOption(new Option('--scheme <scheme>', 'conll: tag scheme').choices(['BIO', 'BIOES']))
    .addOption(new Option('--columns <n>', 'conll: 2 columns, or 4 (CoNLL-2003 style)').choices(['2', '4']))
    .option('--csv-raw', "csv: write cells as they are, without the ' that stops Excel running =, +, -, @ as formulas")
    .option('--compress', 'archive: deflate the corpus file in the zip (smaller, about four times slower to write)')
    .option('--split <train/dev/test>', 'split articles into train/dev/test, e.g. 80/10/10')
    .option('--seed <n>', 'seed of the split', (v) => parsePositiveInt(v, '--seed', true), 1)
    .action(
      async (options: {
        format: ExportFormat;
        out: string;
        status?: string;
        newspaper?: string;
        from?: string;
        to?: string;
        label?: string;
        oneFile?: boolean;
        doccanoUnit?: 'article' | 'page';
        scheme?: 'BIO' | 'BIOES';
        columns?: '2' | '4';
        split?: string;
        seed: number;
        csvRaw?: boolean;
        compress?: boolean;
      }) => {
        const statuses = options.status?.split(',').map((s) => s.trim());
        const badStatus = statuses?.find((s) => !(PAGE_STATUSES as readonly string[]).includes(s));
        if (badStatus) throw new UsageError(`--status: unknown status "${badStatus}" (${PAGE_STATUSES.join(', ')}).`);
        for (const [flag, value] of [
          ['--from', options.from],
          ['--to', options.to],
        ] as const) {
          if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value))
            throw new UsageError(`${flag} expects YYYY-MM-DD.`);
        }
        let split: { seed: number; train: number; dev: number; test: number } | undefined;
        if (options.split) {
          const parts = options.split.split('/').map(Number);
          if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0) || parts.every((n) => n === 0)) {
            throw new UsageError('--split expects three numbers like 80/10/10.');
          }
          split = { seed: options.seed, train: parts[0]!, dev: parts[1]!, test: parts[2]! };
        }
        const filtered = [options.status, options.newspaper, options.from, options.to, options.label];
        if (options.format === 'archive' && filtered.some((v) => v !== undefined)) {
          io.stderr('Note: filters do not apply to --format archive; the whole corpus is archived.\n');
        }
        const { corpus } = openSession(globals());
        try {
          const summary = await exportCorpus({
            db: corpus.db,
            format: options.format,
            outDir: resolve(options.out),
            options: {
              perPage: !options.oneFile,
              doccanoUnit: options.doccanoUnit,
              scheme: options.scheme,
              columns: options.columns === '4' ? 4 : 2,
              split,
              csvFormulaGuard: !options.csvRaw,
              archiveCompress: options.compress === true,
            },
            filter: {
              status: statuses as PageStatus[] | undefined,
              newspaper: options.newspaper,
              dateFrom: options.from,
              dateTo: options.to,
              label: options.label,
            },
          });
          if (globals().json) io.stdout(JSON.stringify(summary) + '\n');
          else if (summary.archive !== undefined) {
            io.stdout(
              `Archived ${summary.pages} page(s) and ${summary.spans} span(s) to ` +
                `${join(resolve(options.out), summary.archive)}.\n`,
            );
          } else {
            io.stdout(
              `Exported ${summary.pages} page(s), ${summary.articles} article(s), ${summary.spans} span(s) ` +
                `to ${summary.files} file(s) in ${resolve(options.out)}.\n`,
            );
          }
        } finally {
          corpus.close();
        }
      },
    );

  program
    .command('serve')
    .description('web mode: serve the app and its API on loopback for a browser')
    .option('--port <n>', 'port (0 picks a free one)', (v) => parsePositiveInt(v, '--port', true), 5858)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--allow-remote', 'allow a non-loopback --host (anyone who can reach it and has the token can edit)')
    .action(async (options: { port: number; host: string; allowRemote?: boolean }) => {
      if (!isLoopbackHost(options.host) && !options.allowRemote) {
        throw new UsageError(
          `Refusing to listen on ${options.host}: pass --allow-remote to serve beyond this machine.`,
        );
      }
      if (!isLoopbackHost(options.host)) {
        io.stderr(
          `WARNING: serving on ${options.host}: anyone on the network with the token can read and edit this corpus.\n`,
        );
      }
      // Serving is the app: the search index is built in the background while it answers.
      const session = openSession(globals(), true);
      if (session.isDefault) await session.services.ensureSample();
      const web = await startWebServer({
        methods: session.services.methods,
        rendererDir: rendererDir(),
        host: options.host,
        port: options.port,
        token: process.env.GALLEY_TOKEN || undefined,
      });
      if (globals().json) {
        io.stdout(
          JSON.stringify({ url: web.url, openUrl: web.openUrl, token: web.token, corpus: session.corpus.path }) + '\n',
        );
      } else {
        io.stdout(`Galley web mode — corpus ${session.corpus.path}\nOpen ${web.openUrl}\nPress Ctrl+C to stop.\n`);
      }
      await new Promise<void>((resolveStop) => {
        const stop = () => resolveStop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await web.close();
      session.services.indexBuilder.stop();
      session.corpus.close();
    });

  program
    .command('where')
    .description('print the user-data folder and the default corpus path')
    .action(() => {
      const info = { dataDir: galleyDataDir(), defaultCorpus: defaultCorpusPath() };
      io.stdout(
        globals().json
          ? JSON.stringify(info) + '\n'
          : `data folder: ${info.dataDir}\ndefault corpus: ${info.defaultCorpus}\n`,
      );
    });

  return program;
}

function parsePositiveInt(value: string, flag: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new UsageError(`${flag} expects a whole number, got "${value}".`);
  return n;
}

/** Runs the CLI and returns its exit code: 0 all good, 1 some inputs failed, 2 usage error. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr(`galley: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CorpusRefusedError || error instanceof ApiCallError) {
      io.stderr(`galley: ${error.message}\n`);
      return EXIT_SOME_FAILED;
    }
    io.stderr(`galley: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_SOME_FAILED;
  }
}

// The built bundle (out/main/cli.js) doubles as a small library for Node scripts and the crash tests, which
// drive the same services as the commands without going through the command line.
export { createDirectClient, createServices, openCorpus };
