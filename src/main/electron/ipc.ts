// Registers every IPC handler through one wrapper: it checks that the sender is our own window showing our
// own page before anything runs, then hands the call to the same dispatcher the other transports use.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';

import type { ApiResponse } from '../../shared/api';
import { IPC_API_CHANNEL, IPC_SHELL_CHANNEL, SHELL_ACTIONS, type ShellAction } from '../../shared/ipc';
import { dispatch, toApiError } from '../api/dispatch';
import type { ServiceMethods } from '../services';

export interface IpcContext {
  /** The services of the corpus open right now (it can change with File > Open Corpus). */
  methods(): ServiceMethods;
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  shell(action: ShellAction, payload: unknown, event: IpcMainInvokeEvent): Promise<unknown>;
}

const forbidden: ApiResponse<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This window may not call Galley.' },
};

export function registerIpc(context: IpcContext): void {
  ipcMain.handle(IPC_API_CHANNEL, async (event, method: unknown, args: unknown) => {
    if (!context.isTrustedSender(event)) return forbidden;
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'BAD_REQUEST', message: 'The method name must be a string.' } };
    }
    try {
      return await dispatch(context.methods(), method, args);
    } catch (error) {
      return { ok: false, error: toApiError(error) };
    }
  });

  ipcMain.handle(IPC_SHELL_CHANNEL, async (event, action: unknown, payload: unknown) => {
    if (!context.isTrustedSender(event)) return forbidden;
    if (typeof action !== 'string' || !(SHELL_ACTIONS as readonly string[]).includes(action)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown shell action.` } };
    }
    try {
      return { ok: true, value: await context.shell(action as ShellAction, payload, event) };
    } catch (error) {
      return { ok: false, error: toApiError(error) };
    }
  });
}
