// The import progress panel (bar, current file, Cancel) that turns into the summary when the session ends.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

import type { ImportFailure } from '../../../shared/api';
import type { ImportSnapshot } from './import-controller';

/** Long lists are cut here: the summary is for reading, not for ten thousand rows. */
const LIST_LIMIT = 300;

interface ImportDialogProps {
  state: ImportSnapshot;
  onCancel(): void;
  onClose(): void;
}

function FailureItem({ failure }: { failure: ImportFailure }) {
  const { t } = useTranslation();
  return (
    <li className="import-list__item">
      <span className="import-list__file">{failure.file}</span>
      <span className="import-list__reason">{t(`import.failures.${failure.code}`)}</span>
      <span className="import-list__detail">{t('import.detail', { reason: failure.reason })}</span>
    </li>
  );
}

function Progress({ state, onCancel }: { state: ImportSnapshot; onCancel(): void }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const repairing = state.phase === 'running' && state.jobPhase === 'repairing';
  const counts = { done: number.format(state.done), total: number.format(state.total ?? 0) };
  let label: string;
  if (state.phase === 'reading') label = t('import.reading');
  else if (state.phase === 'uploading') label = t('import.uploading', { count: state.uploading });
  else if (state.total === null) label = t('import.walking');
  else label = repairing ? t('import.repairProgress', counts) : t('import.progress', counts);
  return (
    <div className="import-dialog__body" data-testid="import-progress">
      <h2 id="import-dialog-title" className="dialog__title">
        {t('import.title')}
      </h2>
      {state.part && <p className="import-dialog__part">{t('import.part', state.part)}</p>}
      {state.phase === 'running' && (
        <p className="import-dialog__phase" data-testid="import-phase" data-phase={state.jobPhase ?? 'importing'}>
          {repairing ? t('import.phaseRepairing') : t('import.phaseImporting')}
        </p>
      )}
      {state.total !== null && state.total > 0 ? (
        <progress className="import-dialog__bar" value={Math.min(state.done, state.total)} max={state.total} />
      ) : (
        <progress className="import-dialog__bar" />
      )}
      <p className="import-dialog__label" aria-live="polite">
        {label}
      </p>
      <p className="import-dialog__current" title={state.current ?? undefined}>
        {state.current ? t('import.current', { file: state.current }) : '\u00a0'}
      </p>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} disabled={state.cancelling} autoFocus>
          {state.cancelling ? t('import.cancelling') : t('import.cancel')}
        </button>
      </div>
    </div>
  );
}

function Summary({ state, onClose }: { state: ImportSnapshot; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const { report, errors } = state;
  const nothing =
    report.imported === 0 &&
    report.duplicates === 0 &&
    report.failed.length === 0 &&
    errors.length === 0 &&
    !report.cancelled;
  return (
    <div className="import-dialog__body" data-testid="import-summary">
      <h2 id="import-dialog-title" className="dialog__title">
        {report.cancelled ? t('import.cancelledTitle') : t('import.summaryTitle')}
      </h2>
      {report.cancelled && <p className="notice">{t('import.summaryCancelled')}</p>}
      {errors.map((message, i) => (
        <p key={i} className="notice notice--error" role="alert">
          {t('import.jobFailed', { message })}
        </p>
      ))}
      {nothing && <p className="notice">{t('import.nothingFound')}</p>}
      <dl className="import-counts">
        <div className="import-counts__item import-counts__item--ok">
          <dt>{t('import.imported')}</dt>
          <dd data-testid="import-imported">{number.format(report.imported)}</dd>
        </div>
        <div className="import-counts__item">
          <dt>{t('import.duplicates')}</dt>
          <dd data-testid="import-duplicates">{number.format(report.duplicates)}</dd>
        </div>
        <div className={`import-counts__item${report.failed.length > 0 ? ' import-counts__item--bad' : ''}`}>
          <dt>{t('import.failed')}</dt>
          <dd data-testid="import-failed">{number.format(report.failed.length)}</dd>
        </div>
      </dl>
      {report.duplicateFiles.length > 0 && (
        <section className="import-section">
          <h3 className="import-section__title">
            {t('import.duplicates')} <span className="import-section__hint">{t('import.duplicatesHint')}</span>
          </h3>
          <ul className="import-list">
            {report.duplicateFiles.slice(0, LIST_LIMIT).map((d, i) => (
              <li key={i} className="import-list__item">
                <span className="import-list__file">{d.file}</span>
                {d.existingPageId !== null && (
                  <span className="import-list__detail">{t('import.duplicateOf', { id: d.existingPageId })}</span>
                )}
              </li>
            ))}
            {report.duplicateFiles.length > LIST_LIMIT && (
              <li className="import-list__more">
                {t('import.andMore', { count: report.duplicateFiles.length - LIST_LIMIT })}
              </li>
            )}
          </ul>
        </section>
      )}
      {report.failed.length > 0 && (
        <section className="import-section">
          <h3 className="import-section__title">{t('import.failed')}</h3>
          <ul className="import-list" data-testid="import-failures">
            {report.failed.slice(0, LIST_LIMIT).map((failure, i) => (
              <FailureItem key={i} failure={failure} />
            ))}
            {report.failed.length > LIST_LIMIT && (
              <li className="import-list__more">{t('import.andMore', { count: report.failed.length - LIST_LIMIT })}</li>
            )}
          </ul>
        </section>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          {t('import.close')}
        </button>
      </div>
    </div>
  );
}

export function ImportDialog({ state, onCancel, onClose }: ImportDialogProps) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const finished = state.phase === 'done';

  // Keep keyboard focus inside the dialog when it opens or turns into the summary.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.contains(document.activeElement)) dialog.focus();
  }, [finished]);

  return (
    <div className="overlay">
      <div
        ref={dialogRef}
        className="dialog import-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-dialog-title"
        tabIndex={-1}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            if (finished) onClose();
          }
        }}
      >
        {finished ? <Summary state={state} onClose={onClose} /> : <Progress state={state} onCancel={onCancel} />}
      </div>
    </div>
  );
}
