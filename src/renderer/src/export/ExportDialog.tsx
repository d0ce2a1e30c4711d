// The export dialog: format, pages, destination and the format's options; then a progress bar with Cancel;
// then what was written and where, with "Show in folder" (desktop) and "Copy path".
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, ExportDefaults, ExportJob } from '../../../shared/api';
import { PAGE_STATUSES, type PageStatus } from '../../../shared/domain';
import { chooseExportFolder, showExportFolder } from '../shell/bridge';
import {
  canSplit,
  exportRequest,
  hasPerPageOption,
  initialForm,
  offsetUnit,
  type ExportForm,
  hasScope,
  type ScopeKind,
} from './export-form';
import './export-dialog.css';

/** How often a running export is asked for its progress. */
const POLL_INTERVAL_MS = 250;

export interface ExportDialogProps {
  api: ApiClient;
  /** Desktop: native folder picker and "Show in folder". */
  electron: boolean;
  /** Pages in the corpus, for the "whole corpus" choice. */
  corpusPages: number | null;
  /** The page the dialog was opened from: "this page only" is offered and chosen. */
  page: { id: number; fileName: string } | null;
  onClose(): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function Field({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <label className={`field${className ? ` ${className}` : ''}`}>
      <span className="field__label">{label}</span>
      {children}
    </label>
  );
}

export function ExportDialog({ api, electron, corpusPages, page, onClose }: ExportDialogProps) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const dialogRef = useRef<HTMLDivElement>(null);
  const outDirRef = useRef<HTMLInputElement>(null);
  const [defaults, setDefaults] = useState<ExportDefaults | null>(null);
  const [newspapers, setNewspapers] = useState<string[]>([]);
  const [labels, setLabels] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<ExportForm | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [job, setJob] = useState<ExportJob | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [shellError, setShellError] = useState<string | null>(null);
  const running = job?.state === 'running';
  const finished = job !== null && !running;

  useEffect(() => {
    let live = true;
    Promise.all([api.call('export.defaults', {}), api.call('pages.newspapers', {}), api.call('labels.list', {})]).then(
      ([d, papers, labelList]) => {
        if (!live) return;
        setDefaults(d);
        setNewspapers(papers);
        setLabels(labelList.map((l) => l.name));
        setForm(initialForm(d.formats[0] ?? 'txt', d.outDir, page ? 'pages' : 'corpus'));
      },
      (error: unknown) => live && setLoadError(messageOf(error)),
    );
    return () => {
      live = false;
    };
  }, [api, page]);

  // Follow the running job until it ends.
  const jobId = job?.jobId ?? null;
  useEffect(() => {
    if (jobId === null || !running) return;
    let live = true;
    const timer = setTimeout(() => {
      api.call('export.status', { jobId }).then(
        (next) => live && setJob(next),
        (error: unknown) => {
          if (!live) return;
          setJob((current) => current && { ...current, state: 'failed', error: messageOf(error) });
        },
      );
    }, POLL_INTERVAL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, jobId, running, job]);

  // Keep keyboard focus inside the dialog as it turns from form to progress to summary.
  const formLoaded = form !== null;
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.contains(document.activeElement)) dialog.focus();
  }, [running, finished, formLoaded]);

  const update = (patch: Partial<ExportForm>) => setForm((current) => current && { ...current, ...patch });

  async function start(): Promise<void> {
    if (!form || starting || running) return;
    setStarting(true);
    setStartError(null);
    try {
      setCopy('idle');
      setShellError(null);
      setCancelling(false);
      setJob(await api.call('export.start', exportRequest(form, page?.id ?? null)));
    } catch (error) {
      setStartError(messageOf(error));
      // Most refusals are about the folder: put the cursor there to correct it.
      outDirRef.current?.focus();
    } finally {
      setStarting(false);
    }
  }

  function cancel(): void {
    if (!job || cancelling) return;
    setCancelling(true);
    api.call('export.cancel', { jobId: job.jobId }).catch(() => undefined);
  }

  async function choose(): Promise<void> {
    if (!form) return;
    try {
      const chosen = await chooseExportFolder(form.outDir);
      if (chosen !== null) update({ outDir: chosen });
    } catch (error) {
      setStartError(messageOf(error));
    }
  }

  async function copyPath(path: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(path);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    void start();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (!running) onClose();
      return;
    }
    // Enter starts the export from any field of the form (a select or a checkbox does not submit by itself).
    const target = event.target as HTMLElement;
    if (
      event.key === 'Enter' &&
      !finished &&
      !running &&
      target.tagName !== 'BUTTON' &&
      target.tagName !== 'TEXTAREA' &&
      !event.nativeEvent.isComposing
    ) {
      event.preventDefault();
      void start();
    }
  }

  const formatName = (format: string) =>
    t(`export.formats.${format}.name`, { defaultValue: t('export.otherFormat', { format }) });

  function renderForm(f: ExportForm) {
    const unit = offsetUnit(f.format);
    const scopes: ScopeKind[] = page ? ['pages', 'corpus', 'filter'] : ['corpus', 'filter'];
    const scopeLabel = (kind: ScopeKind) =>
      kind === 'pages'
        ? t('export.scopePage', { file: page?.fileName ?? '' })
        : kind === 'corpus'
          ? corpusPages === null
            ? t('export.scopeCorpus', { count: 2, n: '…' })
            : t('export.scopeCorpus', { count: corpusPages, n: number.format(corpusPages) })
          : t('export.scopeFilter');
    const toggleStatus = (status: PageStatus, on: boolean) =>
      update({ status: on ? [...f.status, status] : f.status.filter((s) => s !== status) });
    return (
      <form className="export-form" onSubmit={onSubmit} data-testid="export-form" noValidate>
        <section className="export-form__section">
          <Field label={t('export.format')}>
            <select
              className="select"
              value={f.format}
              onChange={(event) => update({ format: event.target.value })}
              autoFocus
              data-testid="export-format"
            >
              {defaults?.formats.map((format) => (
                <option key={format} value={format}>
                  {formatName(format)}
                </option>
              ))}
            </select>
          </Field>
          <p className="export-form__description" data-testid="export-format-description">
            {t(`export.formats.${f.format}.description`, { defaultValue: '' })}
          </p>
          {unit && (
            <p className="export-form__unit" data-testid="export-offset-unit" data-unit={unit}>
              {t(`export.units.${unit}`)}
            </p>
          )}
        </section>

        {!hasScope(f.format) && (
          <p className="notice export-form__section" data-testid="export-archive-note">
            {t('export.archiveWholeCorpus')}
          </p>
        )}
        {hasScope(f.format) && (
          <fieldset className="export-form__section export-form__fieldset">
            <legend className="field__label">{t('export.scope')}</legend>
            {scopes.map((kind) => (
              <label key={kind} className="export-form__choice">
                <input
                  type="radio"
                  name="export-scope"
                  value={kind}
                  checked={f.scope === kind}
                  onChange={() => update({ scope: kind })}
                  data-testid={`export-scope-${kind}`}
                />
                <span className="export-form__choice-text">{scopeLabel(kind)}</span>
              </label>
            ))}
            {f.scope === 'filter' && (
              <div className="export-form__filters" data-testid="export-filters">
                <div className="export-form__statuses" role="group" aria-label={t('export.status')}>
                  <span className="field__label">{t('export.status')}</span>
                  {PAGE_STATUSES.map((status) => (
                    <label key={status} className="export-form__check">
                      <input
                        type="checkbox"
                        checked={f.status.includes(status)}
                        onChange={(event) => toggleStatus(status, event.target.checked)}
                        data-testid={`export-status-${status}`}
                      />
                      {t(`status.${status}`)}
                    </label>
                  ))}
                </div>
                <div className="export-form__row">
                  <Field label={t('export.newspaper')} className="export-form__grow">
                    <select
                      className="select"
                      value={f.newspaper}
                      onChange={(event) => update({ newspaper: event.target.value })}
                      data-testid="export-newspaper"
                    >
                      <option value="">{t('export.anyNewspaper')}</option>
                      {newspapers.map((name) => (
                        <option key={name} value={name}>
                          {name}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field label={t('export.label')} className="export-form__grow">
                    <select
                      className="select"
                      value={f.label}
                      onChange={(event) => update({ label: event.target.value })}
                      data-testid="export-label"
                    >
                      <option value="">{t('export.anyLabel')}</option>
                      {labels.map((name) => (
                        <option key={name} value={name}>
                          {name}
                        </option>
                      ))}
                    </select>
                  </Field>
                </div>
                <div className="export-form__row">
                  <Field label={t('export.dateFrom')}>
                    <input
                      className="input"
                      type="date"
                      value={f.dateFrom}
                      onChange={(event) => update({ dateFrom: event.target.value })}
                      data-testid="export-date-from"
                    />
                  </Field>
                  <Field label={t('export.dateTo')}>
                    <input
                      className="input"
                      type="date"
                      value={f.dateTo}
                      onChange={(event) => update({ dateTo: event.target.value })}
                      data-testid="export-date-to"
                    />
                  </Field>
                </div>
              </div>
            )}
          </fieldset>
        )}

        {(hasPerPageOption(f.format) ||
          f.format === 'doccano' ||
          f.format === 'conll' ||
          f.format === 'csv' ||
          f.format === 'archive' ||
          canSplit(f.format)) && (
          <fieldset className="export-form__section export-form__fieldset" data-testid="export-options">
            <legend className="field__label">{t('export.options')}</legend>
            {hasPerPageOption(f.format) && (
              <div className="export-form__row" role="radiogroup">
                {[true, false].map((perPage) => (
                  <label key={String(perPage)} className="export-form__choice">
                    <input
                      type="radio"
                      name="export-per-page"
                      checked={f.perPage === perPage}
                      onChange={() => update({ perPage })}
                      data-testid={perPage ? 'export-per-page' : 'export-one-file'}
                    />
                    {perPage ? t('export.perPage') : t('export.oneFile')}
                  </label>
                ))}
              </div>
            )}
            {f.format === 'doccano' && (
              <div className="export-form__row" role="radiogroup" aria-label={t('export.doccanoUnit')}>
                <span className="export-form__inline-label">{t('export.doccanoUnit')}</span>
                {(['article', 'page'] as const).map((unitChoice) => (
                  <label key={unitChoice} className="export-form__choice">
                    <input
                      type="radio"
                      name="export-doccano-unit"
                      checked={f.doccanoUnit === unitChoice}
                      onChange={() => update({ doccanoUnit: unitChoice })}
                      data-testid={`export-doccano-${unitChoice}`}
                    />
                    {unitChoice === 'article' ? t('export.unitArticle') : t('export.unitPage')}
                  </label>
                ))}
              </div>
            )}
            {f.format === 'conll' && (
              <div className="export-form__row">
                <Field label={t('export.scheme')}>
                  <select
                    className="select"
                    value={f.scheme}
                    onChange={(event) => update({ scheme: event.target.value as ExportForm['scheme'] })}
                    data-testid="export-scheme"
                  >
                    <option value="BIO">BIO</option>
                    <option value="BIOES">BIOES</option>
                  </select>
                </Field>
                <Field label={t('export.columns')}>
                  <select
                    className="select"
                    value={f.columns}
                    onChange={(event) => update({ columns: event.target.value === '4' ? 4 : 2 })}
                    data-testid="export-columns"
                  >
                    <option value="2">{t('export.columns2')}</option>
                    <option value="4">{t('export.columns4')}</option>
                  </select>
                </Field>
              </div>
            )}
            {f.format === 'archive' && (
              <label className="export-form__check">
                <input
                  type="checkbox"
                  checked={f.archiveCompress}
                  onChange={(event) => update({ archiveCompress: event.target.checked })}
                  data-testid="export-archive-compress"
                />
                {t('export.archiveCompress')}
              </label>
            )}
            {f.format === 'csv' && (
              <label className="export-form__check">
                <input
                  type="checkbox"
                  checked={f.csvFormulaGuard}
                  onChange={(event) => update({ csvFormulaGuard: event.target.checked })}
                  data-testid="export-csv-guard"
                />
                {t('export.csvFormulaGuard')}
              </label>
            )}
            {canSplit(f.format) && (
              <>
                <label className="export-form__check">
                  <input
                    type="checkbox"
                    checked={f.split}
                    onChange={(event) => update({ split: event.target.checked })}
                    data-testid="export-split"
                  />
                  {t('export.split')}
                </label>
                {f.split && (
                  <div className="export-form__row" data-testid="export-split-fields">
                    {(['train', 'dev', 'test', 'seed'] as const).map((key) => (
                      <Field key={key} label={t(`export.${key}`)}>
                        <input
                          className="input export-form__number"
                          type="number"
                          min={0}
                          step={1}
                          value={f[key]}
                          onChange={(event) => update({ [key]: Math.max(0, Math.trunc(Number(event.target.value))) })}
                          data-testid={`export-split-${key}`}
                        />
                      </Field>
                    ))}
                  </div>
                )}
              </>
            )}
          </fieldset>
        )}

        <section className="export-form__section">
          <Field label={t('export.destination')}>
            <span className="export-form__destination">
              <input
                ref={outDirRef}
                className="input export-form__path"
                type="text"
                value={f.outDir}
                onChange={(event) => update({ outDir: event.target.value })}
                spellCheck={false}
                autoComplete="off"
                data-testid="export-out-dir"
              />
              {electron && (
                <button type="button" className="button" onClick={() => void choose()} data-testid="export-choose">
                  {t('export.choose')}
                </button>
              )}
            </span>
          </Field>
          <p className="export-form__hint">{t('export.destinationHint')}</p>
        </section>

        {startError !== null && (
          <p className="notice notice--error" role="alert" data-testid="export-error">
            {startError}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('export.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            // Not disabled while starting (a disabled button drops the focus out of the dialog); start() ignores repeats.
            disabled={f.outDir.trim() === ''}
            aria-busy={starting}
            data-testid="export-start"
          >
            {t('export.start')}
          </button>
        </div>
      </form>
    );
  }

  function renderProgress(current: ExportJob) {
    const counted = current.total !== null && current.total > 0;
    return (
      <div className="export-dialog__body" data-testid="export-progress">
        <p className="import-dialog__phase">{formatName(current.format)}</p>
        {counted ? (
          <progress
            className="import-dialog__bar"
            value={Math.min(current.done, current.total!)}
            max={current.total!}
          />
        ) : (
          <progress className="import-dialog__bar" />
        )}
        <p className="import-dialog__label" aria-live="polite">
          {current.total === null
            ? t('export.preparing')
            : current.unit === 'bytes'
              ? t('export.progressBytes', {
                  done: number.format(Math.round(current.done / 1048576)),
                  total: number.format(Math.round(current.total / 1048576)),
                })
              : t('export.progress', { done: number.format(current.done), total: number.format(current.total) })}
        </p>
        <p className="import-dialog__current" title={current.summary.outDir}>
          {t('export.into', { folder: current.summary.outDir })}
        </p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={cancel} disabled={cancelling} autoFocus>
            {cancelling ? t('export.cancelling') : t('export.cancel')}
          </button>
        </div>
      </div>
    );
  }

  function renderSummary(current: ExportJob) {
    const { summary } = current;
    return (
      <div className="export-dialog__body" data-testid="export-summary" data-state={current.state}>
        {current.state === 'cancelled' && <p className="notice">{t('export.summaryCancelled')}</p>}
        {current.state === 'failed' && (
          <p className="notice notice--error" role="alert" data-testid="export-failure">
            {current.error}
          </p>
        )}
        {current.state === 'done' && summary.pages === 0 && <p className="notice">{t('export.nothingMatched')}</p>}
        <dl className="import-counts">
          <div className="import-counts__item import-counts__item--ok">
            <dt>{t('export.files')}</dt>
            <dd data-testid="export-files">{number.format(summary.files)}</dd>
          </div>
          <div className="import-counts__item">
            <dt>{t('export.pages')}</dt>
            <dd data-testid="export-pages">{number.format(summary.pages)}</dd>
          </div>
          <div className="import-counts__item">
            <dt>{t('export.spans')}</dt>
            <dd data-testid="export-spans">{number.format(summary.spans)}</dd>
          </div>
        </dl>
        <Field label={t('export.folder')}>
          <span className="export-form__destination">
            <input
              className="input export-form__path"
              type="text"
              readOnly
              value={summary.outDir}
              onFocus={(event) => event.target.select()}
              data-testid="export-summary-folder"
            />
            <button
              type="button"
              className="button"
              onClick={() => void copyPath(summary.outDir)}
              data-testid="export-copy-path"
            >
              {copy === 'copied' ? t('export.copied') : t('export.copyPath')}
            </button>
          </span>
        </Field>
        {copy === 'failed' && <p className="export-form__hint">{t('export.copyFailed')}</p>}
        {shellError !== null && (
          <p className="notice notice--error" role="alert">
            {shellError}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => setJob(null)} data-testid="export-again">
            {t('export.again')}
          </button>
          {electron && (
            <button
              type="button"
              className="button"
              onClick={() => showExportFolder(current.jobId).catch((error: unknown) => setShellError(messageOf(error)))}
              data-testid="export-show-folder"
            >
              {t('export.showInFolder')}
            </button>
          )}
          <button type="button" className="button button--primary" onClick={onClose} autoFocus>
            {t('export.close')}
          </button>
        </div>
      </div>
    );
  }

  const title =
    job === null || running
      ? t('export.title')
      : job.state === 'cancelled'
        ? t('export.cancelledTitle')
        : job.state === 'failed'
          ? t('export.failedTitle')
          : t('export.summaryTitle');

  return (
    <div className="overlay">
      <div
        ref={dialogRef}
        className="dialog export-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-dialog-title"
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid="export-dialog"
      >
        <h2 id="export-dialog-title" className="dialog__title">
          {title}
        </h2>
        {loadError !== null ? (
          <>
            <p className="notice notice--error" role="alert">
              {t('export.loadFailed', { message: loadError })}
            </p>
            <div className="dialog__actions">
              <button type="button" className="button button--primary" onClick={onClose} autoFocus>
                {t('export.close')}
              </button>
            </div>
          </>
        ) : job !== null ? (
          running ? (
            renderProgress(job)
          ) : (
            renderSummary(job)
          )
        ) : form !== null ? (
          renderForm(form)
        ) : (
          <p className="export-form__hint">{t('page.loading')}</p>
        )}
      </div>
    </div>
  );
}
