// The Electron shell: one window, the app menu, dialogs and IPC wiring. The work itself is in services.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  shell,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import { z } from 'zod';

import { IPC_EVENT_CHANNEL, type ShellAction, type ShellEvent } from '../shared/ipc';
import { shellLocale, shellStrings, type ShellLocale } from '../shared/i18n/shell-strings';
import { APP_INDEX_URL } from './electron/app-files';
import { registerAppScheme, serveAppProtocol } from './electron/app-protocol';
import { hardenSession, hardenWebContents } from './electron/security';
import { registerIpc } from './electron/ipc';
import {
  isAppUrl as isAppUrlAt,
  isTrustedSender as isTrustedSenderAt,
  type AppLocation,
} from './electron/trusted-sender';
import { loadWindowState, trackWindowState } from './electron/window-state';
import { bundledSeedsDir, CORPUS_EXTENSION, defaultCorpusPath } from './paths';
import { createServices, type Services } from './services';
import { backupCorpus, CorpusRefusedError, openCorpus, type Corpus } from './store/corpus';

const rendererDir = join(__dirname, '../renderer');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

let mainWindow: BrowserWindow | null = null;
let current: { corpus: Corpus; services: Services } | null = null;
let locale: ShellLocale = 'en';

// The built renderer is served on galley://app/ (app-protocol.ts), not from file://.
const appLocation: AppLocation = { rendererIndexUrl: APP_INDEX_URL, devServerUrl };

function isAppUrl(url: string): boolean {
  return isAppUrlAt(url, appLocation);
}

function send(event: ShellEvent): void {
  mainWindow?.webContents.send(IPC_EVENT_CHANNEL, event);
}

function openCorpusFile(path: string, isDefault: boolean): void {
  const corpus = openCorpus(path);
  const services = createServices({ corpus, seedsDir: bundledSeedsDir(), backgroundIndexing: true });
  const previous = current;
  current = { corpus, services };
  previous?.services.indexBuilder.stop();
  previous?.corpus.close();
  if (isDefault) void services.ensureSample().then(() => send({ type: 'corpus-changed', path }));
  send({ type: 'corpus-changed', path });
}

function showRefusal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox(shellStrings[locale].corpusRefused, message);
}

async function chooseImportPaths(): Promise<string[]> {
  if (!mainWindow) return [];
  const result = await dialog.showOpenDialog(mainWindow, {
    title: shellStrings[locale].importTitle,
    properties: ['openFile', 'openDirectory', 'multiSelections'],
    filters: [{ name: shellStrings[locale].pagesFilter, extensions: ['txt', 'md'] }],
  });
  return result.canceled ? [] : result.filePaths;
}

async function startImport(paths: string[]): Promise<unknown> {
  if (!current || paths.length === 0) return null;
  const job = current.services.methods['import.start']({ paths }) as { jobId: string };
  send({ type: 'import-started', jobId: job.jobId });
  return job;
}

async function newOrOpenCorpus(mode: 'new' | 'open'): Promise<string | null> {
  if (!mainWindow) return null;
  const filters = [
    { name: shellStrings[locale].corpusFilter, extensions: [CORPUS_EXTENSION.slice(1), 'sqlite', 'db'] },
  ];
  const path =
    mode === 'new'
      ? (await dialog.showSaveDialog(mainWindow, { filters, defaultPath: `corpus${CORPUS_EXTENSION}` })).filePath
      : (await dialog.showOpenDialog(mainWindow, { filters, properties: ['openFile'] })).filePaths[0];
  if (!path) return null;
  // "New" on an existing file never overwrites it: the file is opened, and refused unless it is a corpus.
  try {
    openCorpusFile(path, false);
    return path;
  } catch (error) {
    showRefusal(error);
    return null;
  }
}

async function backUpCorpus(): Promise<void> {
  if (!current || !mainWindow) return;
  const path = backupCorpus(current.corpus.db, current.corpus.path, join(app.getPath('userData'), 'backups'), 'manual');
  await dialog.showMessageBox(mainWindow, { message: shellStrings[locale].backupDone.replace('{{path}}', path) });
}

const PathsSchema = z.array(z.string().min(1)).min(1).max(10_000);

/** The native folder picker for an export, starting at the suggested folder (or its nearest existing parent). */
async function chooseExportFolder(payload: unknown): Promise<string | null> {
  if (!mainWindow) return null;
  const suggested = z.string().max(4096).optional().parse(payload);
  const result = await dialog.showOpenDialog(mainWindow, {
    title: shellStrings[locale].exportFolderTitle,
    defaultPath: suggested,
    properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Opens the folder an export of this session wrote into; the page names the job, never a path. */
async function showExportFolder(payload: unknown): Promise<true> {
  if (!current) throw new Error('No corpus is open.');
  const dir = current.services.exports.outDirOf(z.string().max(64).parse(payload));
  const error = await shell.openPath(dir);
  if (error !== '') throw new Error(error);
  return true;
}

async function runShellAction(action: ShellAction, payload: unknown, _event: IpcMainInvokeEvent): Promise<unknown> {
  switch (action) {
    case 'import-dialog':
      return startImport(await chooseImportPaths());
    case 'import-paths':
      return startImport(PathsSchema.parse(payload));
    case 'new-corpus':
      return newOrOpenCorpus('new');
    case 'open-corpus':
      return newOrOpenCorpus('open');
    case 'export-choose-folder':
      return chooseExportFolder(payload);
    case 'export-show-folder':
      return showExportFolder(payload);
    case 'set-locale':
      locale = z.enum(['en', 'zh-CN']).parse(payload);
      buildMenu();
      return locale;
  }
}

function buildMenu(): void {
  const s = shellStrings[locale];
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: s.file,
      submenu: [
        { label: s.import, accelerator: 'CmdOrCtrl+I', click: () => void chooseImportPaths().then(startImport) },
        { label: s.export, accelerator: 'CmdOrCtrl+E', click: () => send({ type: 'menu', command: 'export' }) },
        { type: 'separator' },
        { label: s.newCorpus, accelerator: 'CmdOrCtrl+Shift+N', click: () => void newOrOpenCorpus('new') },
        { label: s.openCorpus, accelerator: 'CmdOrCtrl+O', click: () => void newOrOpenCorpus('open') },
        { label: s.backup, click: () => void backUpCorpus().catch(showRefusal) },
        { type: 'separator' },
        { label: s.quit, role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    { label: s.edit, role: 'editMenu' },
    {
      label: s.view,
      submenu: [
        { label: s.language, click: () => send({ type: 'menu', command: 'toggle-language' }) },
        { type: 'separator' },
        { label: s.search, accelerator: 'CmdOrCtrl+Shift+F', click: () => send({ type: 'menu', command: 'search' }) },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: s.help,
      role: 'help',
      submenu: [{ label: s.about, click: () => send({ type: 'menu', command: 'about' }) }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  const dataDir = app.getPath('userData');
  const state = loadWindowState(dataDir);
  mainWindow = new BrowserWindow({
    ...state,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Galley',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      // Middle-click must not open links in new windows (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) mainWindow.maximize();
  trackWindowState(mainWindow, dataDir);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  if (devServerUrl) void mainWindow.loadURL(devServerUrl);
  else void mainWindow.loadURL(APP_INDEX_URL);
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  let frame: { url: string; isMainFrame: boolean } | null = null;
  try {
    const sender = event.senderFrame;
    if (sender) frame = { url: sender.url, isMainFrame: sender.parent === null };
  } catch {
    // A frame disposed while its message was in flight cannot be trusted.
  }
  return isTrustedSenderAt(
    { senderId: event.sender.id, mainWindowId: mainWindow?.webContents.id ?? null, frame },
    appLocation,
  );
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.enableSandbox();
  registerAppScheme();
  hardenWebContents(isAppUrl);

  void app.whenReady().then(() => {
    locale = shellLocale(app.getLocale());
    if (process.env.GALLEY_HOME) app.setPath('userData', process.env.GALLEY_HOME);
    mkdirSync(app.getPath('userData'), { recursive: true });
    hardenSession();
    serveAppProtocol(rendererDir);
    registerIpc({
      methods: () => {
        if (!current) throw new CorpusRefusedError('NOT_FOUND', '', 'No corpus is open.');
        return current.services.methods;
      },
      isTrustedSender,
      shell: runShellAction,
    });
    buildMenu();
    const requested = process.env.GALLEY_DB;
    try {
      openCorpusFile(requested ?? defaultCorpusPath(app.getPath('userData')), requested === undefined);
    } catch (error) {
      showRefusal(error);
    }
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    current?.services.indexBuilder.stop();
    current?.corpus.close();
  });
}
