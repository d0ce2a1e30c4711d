// Runs imports in the background and keeps their progress, so any transport can poll and cancel them.
import { randomUUID } from 'node:crypto';

import type { ImportFailure, ImportJob, ImportReport } from '../../shared/api';
import { ServiceError } from './errors';

/** Finished jobs kept for polling; older ones are forgotten. */
const FINISHED_KEPT = 50;

interface JobState {
  job: ImportJob;
  cancelRequested: boolean;
  finished: Promise<ImportJob>;
}

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
  const jobs = new Map<string, JobState>();

  function forgetOld(): void {
    const finished = [...jobs.values()].filter((s) => s.job.state !== 'running');
    for (const state of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) jobs.delete(state.job.jobId);
  }

  function get(jobId: string): JobState {
    const state = jobs.get(jobId);
    if (!state) throw new ServiceError('NOT_FOUND', `No import job ${jobId}.`);
    return state;
  }

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
      const state: JobState = { job, cancelRequested: false, finished: Promise.resolve(job) };
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
      jobs.set(job.jobId, state);
      forgetOld();
      return { ...job };
    },

    status(jobId: string): ImportJob {
      return structuredClone(get(jobId).job);
    },

    cancel(jobId: string): ImportJob {
      const state = get(jobId);
      if (state.job.state === 'running') state.cancelRequested = true;
      return structuredClone(state.job);
    },

    /** Resolves when the job has ended (for the CLI and tests). */
    async wait(jobId: string): Promise<ImportJob> {
      return structuredClone(await get(jobId).finished);
    },

    running(): number {
      return [...jobs.values()].filter((s) => s.job.state === 'running').length;
    },
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
