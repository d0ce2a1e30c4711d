// Runs imports in the background and keeps their progress, so any transport can poll and cancel them.
import { randomUUID } from 'node:crypto';

import type { ImportFailure, ImportJob, ImportReport } from '../../shared/api';
import { createJobTable, type JobEntry } from './job-table';

export interface JobControls {
  onProgress(progress: { done: number; total: number; current: string | null }): void;
  setPhase(phase: ImportJob['phase']): void;
  isCancelled(): boolean;
}

export type ImportRunner = (controls: JobControls) => Promise<ImportReport>;

function emptyReport(): ImportReport {
  return { imported: 0, duplicates: 0, duplicateFiles: [], failed: [], cancelled: false };
}

export function createImportJobs() {
  const table = createJobTable<ImportJob>('import');

  return {
    /** Starts `run` and returns at once; walk failures found before the run are merged into its report. */
    start(run: ImportRunner, earlyFailures: ImportFailure[] = []): ImportJob {
      const job: ImportJob = {
        jobId: randomUUID(),
        state: 'running',
        phase: 'importing',
        done: 0,
        total: null,
        current: null,
        report: { ...emptyReport(), failed: [...earlyFailures] },
        error: null,
      };
      const state: JobEntry<ImportJob> = { job, cancelRequested: false, finished: Promise.resolve(job) };
      state.finished = run({
        onProgress: (p) => {
          job.done = p.done;
          job.total = p.total;
          job.current = p.current;
        },
        setPhase: (phase) => {
          job.phase = phase;
        },
        isCancelled: () => state.cancelRequested,
      }).then(
        (report) => {
          job.report = { ...report, failed: [...earlyFailures, ...report.failed] };
          job.state = report.cancelled ? 'cancelled' : 'done';
          job.current = null;
          return job;
        },
        (error: unknown) => {
          job.state = 'failed';
          job.error = error instanceof Error ? error.message : String(error);
          job.current = null;
          return job;
        },
      );
      table.add(state);
      return { ...job };
    },

    status: table.status,
    cancel: table.cancel,
    wait: table.wait,
    running: table.running,
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
