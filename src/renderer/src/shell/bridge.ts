// Desktop-only requests to the Electron shell (dialogs, dropped paths, menu language), unwrapped like API calls.
import { ApiCallError, ImportJobSchema, type ImportJob } from '../../../shared/api';
import type { ShellAction, ShellEvent } from '../../../shared/ipc';
import i18next from '../i18n';

async function callShell(action: ShellAction, payload?: unknown): Promise<unknown> {
  const bridge = window.galley;
  if (!bridge) throw new ApiCallError('INTERNAL', i18next.t('errors.cannotReachServer'));
  const response = await bridge.shell(action, payload);
  if (!response.ok) throw new ApiCallError(response.error.code, response.error.message);
  return response.value;
}

const MaybeJobSchema = ImportJobSchema.nullable();

function parseJob(value: unknown): ImportJob | null {
  const parsed = MaybeJobSchema.safeParse(value);
  if (!parsed.success) throw new ApiCallError('INTERNAL', i18next.t('errors.badResponse'));
  return parsed.data;
}

/** Shows the native "import files or folders" dialog; the started job, or null if the user cancelled. */
export async function importWithDialog(): Promise<ImportJob | null> {
  return parseJob(await callShell('import-dialog'));
}

/** Starts importing dropped files and folders by their paths on disk. */
export async function importPaths(paths: string[]): Promise<ImportJob | null> {
  if (paths.length === 0) return null;
  return parseJob(await callShell('import-paths', paths));
}

/** The native folder picker for an export's destination (Electron only); null if the user cancelled. */
export async function chooseExportFolder(suggested: string): Promise<string | null> {
  const value = await callShell('export-choose-folder', suggested);
  if (value !== null && typeof value !== 'string') throw new ApiCallError('INTERNAL', i18next.t('errors.badResponse'));
  return value;
}

/** Opens the folder an export job wrote into, in the system's file manager (Electron only). */
export async function showExportFolder(jobId: string): Promise<void> {
  await callShell('export-show-folder', jobId);
}

/** Absolute paths of dropped files (Electron only; empty strings are files without a path). */
export function pathsOfFiles(files: readonly File[]): string[] {
  const bridge = window.galley;
  if (!bridge) return [];
  return files.map((file) => bridge.pathForFile(file)).filter((path) => path !== '');
}

/** Listens to the shell's events; a no-op outside Electron. Returns the unsubscribe function. */
export function onShellEvent(listener: (event: ShellEvent) => void): () => void {
  return window.galley?.onEvent(listener) ?? (() => undefined);
}
