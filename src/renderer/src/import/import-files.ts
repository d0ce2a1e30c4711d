// Collects the files a web-mode user picked or dropped, with the relative folder path the server uses for
// metadata; dropped folders are walked with the (non-standard but universal) webkitGetAsEntry API.
import type { PickedFile } from './upload-plan';

export type { PickedFile } from './upload-plan';

/** Files from an <input type="file">, with or without webkitdirectory. */
export function pickedFromInput(files: FileList | null): PickedFile[] {
  return Array.from(files ?? [], (file) => ({
    file,
    name: file.webkitRelativePath || file.name,
    explicit: file.webkitRelativePath === '',
  }));
}

/**
 * The dropped items as entries. Must run inside the drop event: the DataTransfer is emptied afterwards.
 * Returns null when the browser has no entry API (then use `dataTransfer.files`).
 */
export function droppedEntries(data: DataTransfer): FileSystemEntry[] | null {
  const items = Array.from(data.items).filter((item) => item.kind === 'file');
  if (items.length === 0 || typeof items[0]!.webkitGetAsEntry !== 'function') return null;
  const entries = items.map((item) => item.webkitGetAsEntry());
  // Script-made drops (and some platforms) have files without entries: then the plain file list will do.
  if (entries.some((entry) => entry === null)) return null;
  return entries as FileSystemEntry[];
}

function isFileEntry(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectoryEntry(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** All entries of a folder: readEntries answers in batches (about 100 in Chromium) until an empty one. */
async function readAll(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** Walks dropped entries depth-first, sorted by name within a folder like the desktop importer. */
export async function pickedFromEntries(entries: readonly FileSystemEntry[]): Promise<PickedFile[]> {
  const picked: PickedFile[] = [];
  async function visit(entry: FileSystemEntry, explicit: boolean): Promise<void> {
    if (isFileEntry(entry)) {
      try {
        const file = await fileOf(entry);
        picked.push({ file, name: explicit ? file.name : entry.fullPath.replace(/^\/+/, ''), explicit });
      } catch {
        // Unreadable entries (permissions, vanished files) are skipped like unreadable folder items.
      }
    } else if (isDirectoryEntry(entry)) {
      let children: FileSystemEntry[];
      try {
        children = await readAll(entry);
      } catch {
        return;
      }
      children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const child of children) await visit(child, false);
    }
  }
  for (const entry of entries) await visit(entry, true);
  return picked;
}
