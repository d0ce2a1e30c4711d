// The preload: exposes one typed object, `window.galley`, and nothing else (no raw ipcRenderer).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

import type { ApiMethodName } from '../shared/api';
import {
  IPC_API_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_SHELL_CHANNEL,
  type GalleyBridge,
  type ShellAction,
  type ShellEvent,
} from '../shared/ipc';

const bridge: GalleyBridge = {
  transport: 'electron',
  call: (method: ApiMethodName, args: unknown) => ipcRenderer.invoke(IPC_API_CHANNEL, method, args),
  shell: (action: ShellAction, payload?: unknown) => ipcRenderer.invoke(IPC_SHELL_CHANNEL, action, payload),
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, payload: ShellEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  locale: navigator.language,
};

contextBridge.exposeInMainWorld('galley', bridge);
