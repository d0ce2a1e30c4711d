// `import.annotations`: annotated files the renderer read from the user's pick (web mode and Electron alike) go
// into a fresh temp folder with their relative names (brat's .txt/.ann pairs and annotation.conf stay together),
// importAnnotations reads them from there, and the folder is removed afterwards whatever happened.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, sep } from 'node:path';

import type Database from 'better-sqlite3';

import { isSafeRelativeName } from '../../shared/api';
import {
  type AnnotationFailure,
  type AnnotationFormat,
  type AnnotationImportReport,
  importAnnotations,
} from './import-annotations';

export interface AnnotationUpload {
  name: string;
  text: string;
}

/** The extensions a picked file may have to be read for a format; label-set files are recognised by name. */
const READ_EXTENSIONS: Record<AnnotationFormat, readonly string[]> = {
  doccano: ['.jsonl', '.json'],
  brat: ['.ann', '.txt', '.conf'],
  labelstudio: ['.json', '.xml'],
};

const FORMAT_FILES: Record<AnnotationFormat, string> = {
  doccano: '.jsonl or .json',
  brat: '.txt, .ann or annotation.conf',
  labelstudio: '.json or config.xml',
};

/** brat's other configuration files (visual.conf, tools.conf, …) come along with a folder; they are not records. */
const isIgnored = (format: AnnotationFormat, name: string): boolean => {
  const base = name.split('/').pop() ?? name;
  if (base.startsWith('.')) return true;
  if (format === 'brat') return extname(base).toLowerCase() === '.conf' && base.toLowerCase() !== 'annotation.conf';
  if (format === 'labelstudio') return extname(base).toLowerCase() === '.xml' && base.toLowerCase() !== 'config.xml';
  return false;
};

export async function importAnnotationUpload(args: {
  db: Database.Database;
  format: AnnotationFormat;
  files: readonly AnnotationUpload[];
  onPagesWritten?: (pages: { created: number[]; attached: number[] }) => void;
}): Promise<AnnotationImportReport> {
  const { format } = args;
  const skipped: AnnotationFailure[] = [];
  const root = await mkdtemp(join(tmpdir(), 'galley-annotations-'));
  try {
    const paths: string[] = [];
    for (const file of args.files) {
      const name = file.name.replace(/\\/g, '/');
      // The contract refuses such names already; a direct caller gets the same answer per file.
      if (!isSafeRelativeName(name)) {
        skipped.push({ file: name, line: 0, reason: 'not a relative file name' });
        continue;
      }
      if (isIgnored(format, name)) continue;
      if (!READ_EXTENSIONS[format].includes(extname(name).toLowerCase())) {
        skipped.push({ file: name, line: 0, reason: `not a ${FORMAT_FILES[format]} file` });
        continue;
      }
      const path = join(root, ...name.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.text, 'utf8');
      paths.push(path);
    }
    const shown = (file: string): string =>
      file.startsWith(root + sep) ? relative(root, file).split(sep).join('/') : file;
    const report =
      paths.length > 0
        ? await importAnnotations({
            db: args.db,
            format,
            paths,
            onPagesWritten: args.onPagesWritten,
            // The temp folder is gone afterwards: an uploaded page has no source path, as with import.upload.
            sourcePath: () => null,
          })
        : { imported: 0, attached: 0, duplicates: 0, labelsAdded: [], failed: [] };
    const failed = [...skipped, ...report.failed].map((f) => ({
      file: shown(f.file),
      line: f.line,
      reason: f.reason.split(root + sep).join(''),
    }));
    return { ...report, failed };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
