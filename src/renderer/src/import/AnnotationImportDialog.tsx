// "Import annotations…": a format, the files (or for brat a folder), Import; then what the import did — pages
// created, spans attached to existing pages, duplicates, labels added — and each failure as file:line — reason.
// The renderer reads the picked files' text and sends it with `import.annotations` (web mode and desktop alike).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  ANNOTATION_FILE_MAX_CHARS,
  ANNOTATION_FILES_MAX_CHARS,
  ANNOTATION_IMPORT_FORMATS,
  type AnnotationImportReport,
  type ApiClient,
} from '../../../shared/api';
import { Dialog } from '../editor/Dialog';
import './annotation-import.css';

type Format = (typeof ANNOTATION_IMPORT_FORMATS)[number];

/** The web server's body limit is 96 MB; stay under it with room for the JSON around the text. */
const MAX_TOTAL_BYTES = 90 * 1024 * 1024;
/** Long failure lists are cut here: the summary is for reading. */
const LIST_LIMIT = 300;

const ACCEPT: Record<Format, string> = {
  doccano: '.jsonl,.json',
  brat: '.txt,.ann,.conf',
  labelstudio: '.json,.xml',
};

export interface AnnotationImportDialogProps {
  api: ApiClient;
  onClose(): void;
  /** After an import that wrote something: the library and corpus info reload. */
  onImported(): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The picked file's path relative to what was picked: a folder keeps its layout. */
const nameOf = (file: File): string => file.webkitRelativePath || file.name;

export function AnnotationImportDialog({ api, onClose, onImported }: AnnotationImportDialogProps) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const [format, setFormat] = useState<Format>('doccano');
  const [files, setFiles] = useState<File[]>([]);
  const [phase, setPhase] = useState<'form' | 'reading' | 'importing' | 'done'>('form');
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<AnnotationImportReport | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const busy = phase === 'reading' || phase === 'importing';

  useEffect(() => {
    // React has no prop for it; the DOM property lets the picker choose a folder.
    if (folderInput.current) folderInput.current.webkitdirectory = true;
  }, [phase]);

  function picked(list: FileList | null): void {
    setFiles(Array.from(list ?? []));
    setError(null);
  }

  async function run(): Promise<void> {
    if (files.length === 0 || busy) return;
    const bytes = files.reduce((n, f) => n + f.size, 0);
    if (bytes > MAX_TOTAL_BYTES) {
      setError(t('annotationImport.tooLarge', { size: number.format(Math.ceil(bytes / 1024 / 1024)) }));
      return;
    }
    setError(null);
    setPhase('reading');
    try {
      const uploads = await Promise.all(files.map(async (file) => ({ name: nameOf(file), text: await file.text() })));
      const chars = uploads.reduce((n, f) => n + f.text.length, 0);
      if (chars > ANNOTATION_FILES_MAX_CHARS || uploads.some((f) => f.text.length > ANNOTATION_FILE_MAX_CHARS)) {
        setError(t('annotationImport.tooLarge', { size: number.format(Math.ceil(bytes / 1024 / 1024)) }));
        setPhase('form');
        return;
      }
      setPhase('importing');
      const result = await api.call('import.annotations', { format, files: uploads });
      setReport(result);
      setPhase('done');
      if (result.imported + result.attached > 0 || result.labelsAdded.length > 0) onImported();
    } catch (err) {
      setError(t('annotationImport.failedToRun', { message: messageOf(err) }));
      setPhase('form');
    }
  }

  function again(): void {
    setReport(null);
    setFiles([]);
    setPhase('form');
  }

  const close = () => {
    if (!busy) onClose();
  };

  if (phase === 'done' && report) {
    return (
      <Dialog title={t('annotationImport.summaryTitle')} onClose={close} testId="annotation-import-dialog" wide>
        <div className="annotation-import" data-testid="annotation-import-summary">
          <dl className="import-counts annotation-import__counts">
            <div className="import-counts__item import-counts__item--ok">
              <dt>{t('annotationImport.imported')}</dt>
              <dd data-testid="annotation-import-imported">{number.format(report.imported)}</dd>
            </div>
            <div className="import-counts__item import-counts__item--ok">
              <dt>{t('annotationImport.attached')}</dt>
              <dd data-testid="annotation-import-attached">{number.format(report.attached)}</dd>
            </div>
            <div className="import-counts__item">
              <dt>{t('annotationImport.duplicates')}</dt>
              <dd data-testid="annotation-import-duplicates">{number.format(report.duplicates)}</dd>
            </div>
            <div className={`import-counts__item${report.failed.length > 0 ? ' import-counts__item--bad' : ''}`}>
              <dt>{t('annotationImport.failures')}</dt>
              <dd data-testid="annotation-import-failed">{number.format(report.failed.length)}</dd>
            </div>
          </dl>
          <p className="annotation-import__labels" data-testid="annotation-import-labels">
            {t('annotationImport.labelsAdded', {
              labels:
                report.labelsAdded.length > 0 ? report.labelsAdded.join(', ') : t('annotationImport.noLabelsAdded'),
            })}
          </p>
          {report.failed.length > 0 && (
            <section className="import-section">
              <h3 className="import-section__title">{t('annotationImport.failures')}</h3>
              <ul className="import-list" data-testid="annotation-import-failures">
                {report.failed.slice(0, LIST_LIMIT).map((f, i) => (
                  <li key={i} className="import-list__item annotation-import__failure">
                    {f.line > 0
                      ? t('annotationImport.failure', { file: f.file, line: f.line, reason: f.reason })
                      : t('annotationImport.failureWholeFile', { file: f.file, reason: f.reason })}
                  </li>
                ))}
                {report.failed.length > LIST_LIMIT && (
                  <li className="import-list__more">
                    {t('annotationImport.andMore', { count: report.failed.length - LIST_LIMIT })}
                  </li>
                )}
              </ul>
            </section>
          )}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={again} data-testid="annotation-import-again">
              {t('annotationImport.again')}
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={onClose}
              autoFocus
              data-testid="annotation-import-close"
            >
              {t('annotationImport.close')}
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  const shownNames = files
    .slice(0, 3)
    .map(nameOf)
    .join(', ')
    .concat(files.length > 3 ? ', …' : '');
  return (
    <Dialog title={t('annotationImport.title')} onClose={close} testId="annotation-import-dialog" wide>
      <form
        className="annotation-import"
        data-testid="annotation-import-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <label className="field">
          <span className="field__label">{t('annotationImport.format')}</span>
          <select
            className="select"
            value={format}
            disabled={busy}
            autoFocus
            onChange={(event) => {
              setFormat(event.target.value as Format);
              setFiles([]);
            }}
            data-testid="annotation-import-format"
          >
            {ANNOTATION_IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`annotationImport.formats.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <p className="annotation-import__expects" data-testid="annotation-import-expects">
          {t(`annotationImport.expects.${format}`)}
        </p>
        <div className="field">
          <span className="field__label">{t('annotationImport.files')}</span>
          <div className="annotation-import__pick">
            <button type="button" className="button" disabled={busy} onClick={() => fileInput.current?.click()}>
              {t('annotationImport.chooseFiles')}
            </button>
            {format === 'brat' && (
              <button type="button" className="button" disabled={busy} onClick={() => folderInput.current?.click()}>
                {t('annotationImport.chooseFolder')}
              </button>
            )}
          </div>
          <p className="annotation-import__chosen" data-testid="annotation-import-chosen" title={shownNames}>
            {files.length === 0
              ? t('annotationImport.noFiles')
              : t('annotationImport.chosen', { count: files.length, names: shownNames })}
          </p>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            accept={ACCEPT[format]}
            onChange={(event) => {
              picked(event.target.files);
              event.target.value = '';
            }}
            data-testid="annotation-import-files"
          />
          <input
            ref={folderInput}
            type="file"
            hidden
            onChange={(event) => {
              picked(event.target.files);
              event.target.value = '';
            }}
            data-testid="annotation-import-folder"
          />
        </div>
        {error && (
          <p className="notice notice--error" role="alert" data-testid="annotation-import-error">
            {error}
          </p>
        )}
        {busy && (
          <p className="annotation-import__busy" aria-live="polite" data-testid="annotation-import-busy">
            {phase === 'reading' ? t('annotationImport.reading') : t('annotationImport.importing')}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            {t('annotationImport.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || files.length === 0}
            data-testid="annotation-import-run"
          >
            {t('annotationImport.import')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
