// Runs the imports of one session, one after another (a web upload is several calls, each its own job),
// polls each job's progress, and adds their reports up for the summary. React reads it as an external store.
import { type ApiClient, type ImportFailure, type ImportJob, type ImportReport } from '../../../shared/api';
import { bytesToBase64 } from './base64';
import { emptyReport, mergeReports } from './import-report';
import { formatBytes, isPageFileName, MAX_UPLOAD_BASE64, planUploadBatches, type PickedFile } from './upload-plan';

/** How often a running job is asked for its progress. */
export const POLL_INTERVAL_MS = 250;

export type ImportPhase = 'idle' | 'reading' | 'uploading' | 'running' | 'done';

export interface ImportSnapshot {
  /** The progress/summary dialog is shown. */
  open: boolean;
  phase: ImportPhase;
  /** For uploads split into several calls: which one is running. */
  part: { index: number; count: number } | null;
  /** What the running job does: reading files in, then repairing the layout of the new pages. */
  jobPhase: ImportJob['phase'] | null;
  /**
   * Files handled so far and in all (null while the server is still walking folders); while the job
   * repairs, the job's own pages repaired and to repair — the count starts again for that phase.
   */
  done: number;
  total: number | null;
  current: string | null;
  /** Files in the call being uploaded. */
  uploading: number;
  cancelling: boolean;
  report: ImportReport;
  /** Why a job or a call failed as a whole (messages from the server). */
  errors: string[];
}

type Task = { kind: 'job'; jobId: string } | { kind: 'upload'; files: PickedFile[] };

const CLOSED: ImportSnapshot = {
  open: false,
  phase: 'idle',
  part: null,
  jobPhase: null,
  done: 0,
  total: null,
  current: null,
  uploading: 0,
  cancelling: false,
  report: emptyReport(),
  errors: [],
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ImportController {
  private snapshot: ImportSnapshot = CLOSED;
  private readonly listeners = new Set<() => void>();
  private readonly tasks: Task[] = [];
  private readonly seenJobs = new Set<string>();
  private running = false;
  private cancelRequested = false;
  private currentJobId: string | null = null;

  constructor(
    private readonly api: ApiClient,
    /** Called after each job ends, so the library and corpus info can reload. */
    private readonly onJobEnded: () => void,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ImportSnapshot => this.snapshot;

  /** Follows a job started elsewhere (the native dialog, the menu, a drop, the sample). Repeats are ignored. */
  followJob(jobId: string): void {
    if (this.seenJobs.has(jobId)) return;
    this.seenJobs.add(jobId);
    this.enqueue({ kind: 'job', jobId });
  }

  /** Uploads picked or dropped files (web mode). */
  upload(files: PickedFile[]): void {
    // Even an empty list runs: the summary then says that nothing importable was found.
    this.enqueue({ kind: 'upload', files });
  }

  /** Stops the running job (what it already read is kept) and skips the queued ones. */
  cancel(): void {
    if (!this.running || this.cancelRequested) return;
    this.cancelRequested = true;
    this.set({ cancelling: true });
    const jobId = this.currentJobId;
    if (jobId !== null) this.api.call('import.cancel', { jobId }).catch(() => undefined);
  }

  /** Closes the summary. */
  dismiss(): void {
    if (this.running) return;
    this.snapshot = CLOSED;
    this.emit();
  }

  private enqueue(task: Task): void {
    if (!this.running) {
      // A new session: forget the previous summary.
      this.cancelRequested = false;
      this.snapshot = { ...CLOSED, open: true, phase: 'running', report: emptyReport(), errors: [] };
      this.emit();
    }
    this.tasks.push(task);
    if (!this.running) void this.runTasks();
  }

  private async runTasks(): Promise<void> {
    this.running = true;
    try {
      for (let task = this.tasks.shift(); task !== undefined; task = this.tasks.shift()) {
        if (this.cancelRequested) {
          this.addReport({ ...emptyReport(), cancelled: true });
          continue;
        }
        if (task.kind === 'job') await this.runJob(task.jobId, 0, null);
        else await this.runUpload(task.files);
      }
    } finally {
      this.running = false;
      this.currentJobId = null;
      this.set({ phase: 'done', jobPhase: null, current: null, cancelling: false, part: null });
    }
  }

  /** Polls one job until it ends; `before` files of the session precede it, `overallTotal` is the session's. */
  private async runJob(jobId: string, before: number, overallTotal: number | null): Promise<void> {
    this.currentJobId = jobId;
    this.set({ phase: 'running', jobPhase: null, current: null });
    if (this.cancelRequested) this.api.call('import.cancel', { jobId }).catch(() => undefined);
    try {
      for (;;) {
        let job: ImportJob;
        try {
          job = await this.api.call('import.status', { jobId });
        } catch (error) {
          this.addError(messageOf(error));
          return;
        }
        if (job.phase === 'repairing') {
          this.set({ jobPhase: job.phase, done: job.done, total: job.total, current: job.current });
        } else {
          this.set({
            jobPhase: job.phase,
            done: before + job.done,
            total: overallTotal ?? (job.total === null ? null : before + job.total),
            current: job.current,
          });
        }
        if (job.state !== 'running') {
          this.addReport(job.report);
          if (job.state === 'failed') this.addError(job.error ?? job.state);
          this.onJobEnded();
          return;
        }
        await sleep(POLL_INTERVAL_MS);
      }
    } finally {
      this.currentJobId = null;
    }
  }

  private async runUpload(files: PickedFile[]): Promise<void> {
    const failures: ImportFailure[] = [];
    const pages: PickedFile[] = [];
    for (const picked of files) {
      if (isPageFileName(picked.name)) pages.push(picked);
      // Like the desktop importer: other files inside folders are ignored, chosen ones are reported.
      else if (picked.explicit)
        failures.push({ file: picked.name, code: 'NOT_A_PAGE_FILE', reason: 'not a .txt or .md file' });
    }
    const plan = planUploadBatches(pages.map((p) => ({ name: p.name, size: p.file.size })));
    for (const index of plan.tooLarge) {
      const picked = pages[index]!;
      failures.push({
        file: picked.name,
        code: 'TOO_LARGE',
        reason: `${formatBytes(picked.file.size)} is over the ${formatBytes((MAX_UPLOAD_BASE64 / 4) * 3)} limit for one upload`,
      });
    }
    if (failures.length > 0) this.addReport({ ...emptyReport(), failed: failures });

    const total = pages.length - plan.tooLarge.length;
    let before = 0;
    for (const [i, batch] of plan.batches.entries()) {
      if (this.cancelRequested) {
        this.addReport({ ...emptyReport(), cancelled: true });
        return;
      }
      const part = plan.batches.length > 1 ? { index: i + 1, count: plan.batches.length } : null;
      this.set({ phase: 'reading', jobPhase: null, part, done: before, total, current: null });
      const encoded: { name: string; dataBase64: string }[] = [];
      const unreadable: ImportFailure[] = [];
      let shownAt = 0;
      for (const index of batch) {
        if (this.cancelRequested) break;
        const picked = pages[index]!;
        if (Date.now() - shownAt > 100) {
          // Name the file being read, but not thousands of times a second for folders of small pages.
          shownAt = Date.now();
          this.set({ current: picked.name });
        }
        try {
          encoded.push({
            name: picked.name,
            dataBase64: bytesToBase64(new Uint8Array(await picked.file.arrayBuffer())),
          });
        } catch (error) {
          unreadable.push({ file: picked.name, code: 'UNREADABLE', reason: messageOf(error) });
        }
      }
      if (unreadable.length > 0) this.addReport({ ...emptyReport(), failed: unreadable });
      if (this.cancelRequested) {
        // Cancelled while reading: this part is not sent at all.
        this.addReport({ ...emptyReport(), cancelled: true });
        return;
      }
      if (encoded.length > 0) {
        this.set({ phase: 'uploading', uploading: encoded.length, current: null });
        let job: ImportJob | null = null;
        try {
          job = await this.api.call('import.upload', { files: encoded });
        } catch (error) {
          this.addError(messageOf(error));
        }
        if (job) {
          this.seenJobs.add(job.jobId);
          await this.runJob(job.jobId, before, total);
        }
      }
      before += batch.length;
    }
  }

  private addReport(report: ImportReport): void {
    this.set({ report: mergeReports(this.snapshot.report, report) });
  }

  private addError(message: string): void {
    this.set({ errors: [...this.snapshot.errors, message] });
  }

  private set(patch: Partial<ImportSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
