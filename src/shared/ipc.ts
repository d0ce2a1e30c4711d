// Names of the IPC channels between main and preload, and the shape of what the preload exposes.
import type { ApiMethodName, ApiResponse } from './api';

export const IPC_API_CHANNEL = 'galley:api';
export const IPC_SHELL_CHANNEL = 'galley:shell';
export const IPC_EVENT_CHANNEL = 'galley:event';

/** Desktop-only actions the renderer may ask of the shell (dialogs, opening folders). */
export const SHELL_ACTIONS = [
  'import-dialog',
  'import-paths',
  'new-corpus',
  'open-corpus',
  'set-locale',
  /** The native folder picker for an export's destination; the chosen path or null. */
  'export-choose-folder',
  /** Opens the folder an export job of this session wrote into (by job id, never by a path from the page). */
  'export-show-folder',
] as const;
export type ShellAction = (typeof SHELL_ACTIONS)[number];

/** Events the shell sends to the renderer. */
export type ShellEvent =
  | { type: 'corpus-changed'; path: string }
  | { type: 'import-started'; jobId: string }
  | { type: 'menu'; command: 'import' | 'export' | 'toggle-language' | 'about' | 'search' }
  | { type: 'error'; message: string };

/** The one object the preload puts on `window.galley`. */
export interface GalleyBridge {
  readonly transport: 'electron';
  call(method: ApiMethodName, args: unknown): Promise<ApiResponse<unknown>>;
  shell(action: ShellAction, payload?: unknown): Promise<ApiResponse<unknown>>;
  onEvent(listener: (event: ShellEvent) => void): () => void;
  /** Absolute path of a dropped file (Electron hides it from the sandboxed renderer otherwise). */
  pathForFile(file: File): string;
  readonly locale: string;
}
