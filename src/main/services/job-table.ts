// The running and recently finished background jobs of one kind (imports, exports), by id, so any transport
// can poll and cancel them.
import { ServiceError } from './errors';

/** Finished jobs kept for polling; older ones are forgotten. */
const FINISHED_KEPT = 50;

export interface JobEntry<J> {
  job: J;
  cancelRequested: boolean;
  finished: Promise<J>;
}

export function createJobTable<J extends { jobId: string; state: string }>(kind: string) {
  const jobs = new Map<string, JobEntry<J>>();

  function get(jobId: string): JobEntry<J> {
    const entry = jobs.get(jobId);
    if (!entry) throw new ServiceError('NOT_FOUND', `No ${kind} job ${jobId}.`);
    return entry;
  }

  return {
    get,

    /** Registers a started job and forgets the oldest finished ones beyond the limit. */
    add(entry: JobEntry<J>): void {
      jobs.set(entry.job.jobId, entry);
      const finished = [...jobs.values()].filter((s) => s.job.state !== 'running');
      for (const old of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) jobs.delete(old.job.jobId);
    },

    entries(): JobEntry<J>[] {
      return [...jobs.values()];
    },

    status(jobId: string): J {
      return structuredClone(get(jobId).job);
    },

    cancel(jobId: string): J {
      const entry = get(jobId);
      if (entry.job.state === 'running') entry.cancelRequested = true;
      return structuredClone(entry.job);
    },

    /** Resolves when the job has ended (for the CLI and tests). */
    async wait(jobId: string): Promise<J> {
      return structuredClone(await get(jobId).finished);
    },

    running(): number {
      return [...jobs.values()].filter((s) => s.job.state === 'running').length;
    },
  };
}
