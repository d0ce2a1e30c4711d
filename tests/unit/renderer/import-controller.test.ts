import { describe, expect, it } from 'vitest';

import type { ApiArgs, ApiClient, ApiMethodName, ApiResult, ImportJob } from '../../../src/shared/api';
import { ImportController, type ImportSnapshot } from '../../../src/renderer/src/import/import-controller';
import type { PickedFile } from '../../../src/renderer/src/import/upload-plan';

/** A fake server: each upload becomes a job that is done at its first status poll. */
function fakeApi(options: { runningPolls?: number } = {}) {
  const calls: { method: ApiMethodName; args: unknown }[] = [];
  const jobs = new Map<string, { files: number; polls: number; cancelled: boolean }>();
  let nextJob = 1;
  const jobOf = (jobId: string): ImportJob => {
    const job = jobs.get(jobId)!;
    const running = job.polls <= (options.runningPolls ?? 0) && !job.cancelled;
    return {
      jobId,
      state: running ? 'running' : job.cancelled ? 'cancelled' : 'done',
      phase: 'importing',
      done: running ? 0 : job.files,
      total: job.files,
      current: null,
      report: {
        imported: running ? 0 : job.files,
        duplicates: 0,
        duplicateFiles: [],
        failed: [],
        cancelled: job.cancelled,
      },
      error: null,
    };
  };
  const api: ApiClient = {
    async call<M extends ApiMethodName>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
      calls.push({ method, args });
      if (method === 'import.upload') {
        const jobId = `job-${nextJob++}`;
        jobs.set(jobId, { files: (args as ApiArgs<'import.upload'>).files.length, polls: 0, cancelled: false });
        return jobOf(jobId) as ApiResult<M>;
      }
      if (method === 'import.status') {
        const { jobId } = args as ApiArgs<'import.status'>;
        if (!jobs.has(jobId)) jobs.set(jobId, { files: 7, polls: 0, cancelled: false });
        jobs.get(jobId)!.polls++;
        return jobOf(jobId) as ApiResult<M>;
      }
      if (method === 'import.cancel') {
        const { jobId } = args as ApiArgs<'import.cancel'>;
        jobs.get(jobId)!.cancelled = true;
        return jobOf(jobId) as ApiResult<M>;
      }
      throw new Error(`unexpected ${method}`);
    },
  };
  return { api, calls };
}

function picked(name: string, text: string, explicit = true): PickedFile {
  return { file: new File([text], name.split('/').pop()!), name, explicit };
}

function finished(controller: ImportController): Promise<ImportSnapshot> {
  return new Promise((resolve) => {
    const check = () => {
      const snapshot = controller.getSnapshot();
      if (snapshot.phase === 'done') {
        unsubscribe();
        resolve(snapshot);
      }
    };
    const unsubscribe = controller.subscribe(check);
    check();
  });
}

describe('ImportController', () => {
  it('uploads page files as base64 with their folder paths and sums up the report', async () => {
    const { api, calls } = fakeApi();
    let ended = 0;
    const controller = new ImportController(api, () => ended++);
    controller.upload([
      picked('pages/人民日报_2020-01-01_01.txt', '本报讯', false),
      picked('pages/notes.docx', 'x', false), // skipped silently, like the desktop walk
      picked('scan.pdf', 'x'), // chosen by itself: reported
    ]);
    const summary = await finished(controller);
    const upload = calls.find((c) => c.method === 'import.upload')!.args as ApiArgs<'import.upload'>;
    expect(upload.files).toEqual([
      { name: 'pages/人民日报_2020-01-01_01.txt', dataBase64: Buffer.from('本报讯').toString('base64') },
    ]);
    expect(summary.report.imported).toBe(1);
    expect(summary.report.failed).toEqual([
      { file: 'scan.pdf', code: 'NOT_A_PAGE_FILE', reason: 'not a .txt or .md file' },
    ]);
    expect(summary.open).toBe(true);
    expect(ended).toBe(1);
  });

  it('follows a job started elsewhere once, even when told twice', async () => {
    const { api, calls } = fakeApi();
    const controller = new ImportController(api, () => undefined);
    controller.followJob('menu-job');
    controller.followJob('menu-job');
    const summary = await finished(controller);
    expect(summary.report.imported).toBe(7);
    expect(calls.filter((c) => c.method === 'import.status')).toHaveLength(1);
  });

  it('says nothing was found for an empty drop', async () => {
    const { api } = fakeApi();
    const controller = new ImportController(api, () => undefined);
    controller.upload([]);
    const summary = await finished(controller);
    expect(summary.report).toMatchObject({ imported: 0, duplicates: 0, failed: [], cancelled: false });
    expect(summary.errors).toEqual([]);
  });

  it('cancels the running job and reports the session as cancelled', async () => {
    const { api, calls } = fakeApi({ runningPolls: 1000 });
    const controller = new ImportController(api, () => undefined);
    controller.followJob('long-job');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(controller.getSnapshot().phase).toBe('running');
    controller.cancel();
    const summary = await finished(controller);
    expect(calls.some((c) => c.method === 'import.cancel')).toBe(true);
    expect(summary.report.cancelled).toBe(true);
  });

  it('forgets the previous summary when a new session starts and closes on dismiss', async () => {
    const { api } = fakeApi();
    const controller = new ImportController(api, () => undefined);
    controller.upload([picked('a.txt', 'a')]);
    await finished(controller);
    controller.dismiss();
    expect(controller.getSnapshot().open).toBe(false);
    controller.upload([picked('b.md', 'b')]);
    const summary = await finished(controller);
    expect(summary.report.imported).toBe(1);
  });

  it('shows the repair phase with its own count, which starts again after the files', async () => {
    const polls: Pick<ImportJob, 'state' | 'phase' | 'done' | 'total'>[] = [
      { state: 'running', phase: 'importing', done: 3, total: 10 },
      { state: 'running', phase: 'repairing', done: 0, total: 8 },
      { state: 'running', phase: 'repairing', done: 5, total: 8 },
      { state: 'done', phase: 'repairing', done: 8, total: 8 },
    ];
    const api: ApiClient = {
      async call<M extends ApiMethodName>(method: M): Promise<ApiResult<M>> {
        if (method !== 'import.status') throw new Error(`unexpected ${method}`);
        const poll = polls.shift()!;
        const report = { imported: 8, duplicates: 2, duplicateFiles: [], failed: [], cancelled: false };
        return { jobId: 'j', current: null, report, error: null, ...poll } as ApiResult<M>;
      },
    };
    const controller = new ImportController(api, () => undefined);
    const seen: string[] = [];
    controller.subscribe(() => {
      const s = controller.getSnapshot();
      if (s.phase === 'running' && s.jobPhase !== null) seen.push(`${s.jobPhase} ${s.done}/${s.total}`);
    });
    controller.followJob('j');
    const summary = await finished(controller);
    expect([...new Set(seen)]).toEqual(['importing 3/10', 'repairing 0/8', 'repairing 5/8', 'repairing 8/8']);
    expect(summary.jobPhase).toBeNull();
    expect(summary.report.imported).toBe(8);
  });
});
