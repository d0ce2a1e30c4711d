// Strings the Electron shell shows itself (menus, dialogs), in English and Simplified Chinese.
export type ShellLocale = 'en' | 'zh-CN';

export const shellStrings = {
  en: {
    file: 'File',
    import: 'Import Pages…',
    export: 'Export…',
    exportFolderTitle: 'Choose the folder to export into',
    newCorpus: 'New Corpus…',
    openCorpus: 'Open Corpus…',
    backup: 'Back Up Corpus…',
    quit: 'Quit',
    edit: 'Edit',
    view: 'View',
    search: 'Search Corpus…',
    language: 'Switch to Chinese',
    help: 'Help',
    about: 'About Galley',
    pagesFilter: 'Newspaper pages',
    corpusFilter: 'Galley corpus',
    importTitle: 'Import pages (files or folders)',
    corpusRefused: 'Galley cannot open this corpus',
    backupDone: 'Backup written to {{path}}',
  },
  'zh-CN': {
    file: '文件',
    import: '导入版面…',
    export: '导出…',
    exportFolderTitle: '选择导出到的文件夹',
    newCorpus: '新建语料库…',
    openCorpus: '打开语料库…',
    backup: '备份语料库…',
    quit: '退出',
    edit: '编辑',
    view: '视图',
    search: '搜索语料库…',
    language: 'Switch to English',
    help: '帮助',
    about: '关于 Galley',
    pagesFilter: '报纸版面',
    corpusFilter: 'Galley 语料库',
    importTitle: '导入版面（文件或文件夹）',
    corpusRefused: 'Galley 无法打开此语料库',
    backupDone: '备份已写入 {{path}}',
  },
} as const satisfies Record<ShellLocale, Record<string, string>>;

export function shellLocale(systemLocale: string): ShellLocale {
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
