// The header's settings button and its small panel: the confidence at or above which the repair engine's
// suggestions are applied without asking (50–100%).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, Settings } from '../../../shared/api';
import { percentToThreshold, THRESHOLD_MAX_PERCENT, THRESHOLD_MIN_PERCENT, thresholdToPercent } from './reading-model';

interface SettingsMenuProps {
  api: ApiClient;
  /** The settings were saved: whatever depends on them (the open page's reading) reloads. */
  onSaved(settings: Settings): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function SettingsMenu({ api, onSaved }: SettingsMenuProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  /** The stored value (null until loaded) and the one being edited. */
  const [stored, setStored] = useState<number | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const numberInput = useRef<HTMLInputElement>(null);

  function show(): void {
    setOpen(true);
    setError(null);
    setStored(null);
    setPercent(null);
    api.call('settings.get', {}).then(
      (settings) => {
        const value = thresholdToPercent(settings.repairThreshold);
        setStored(value);
        setPercent(value);
      },
      (caught: unknown) => setError(messageOf(caught)),
    );
  }

  function close(): void {
    setOpen(false);
    button.current?.focus();
  }

  async function save(): Promise<void> {
    if (percent === null) return;
    setSaving(true);
    setError(null);
    try {
      const settings = await api.call('settings.set', { repairThreshold: percentToThreshold(percent) });
      onSaved(settings);
      close();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setSaving(false);
    }
  }

  // The field takes the keyboard once the stored value is in.
  useEffect(() => {
    if (open && stored !== null) numberInput.current?.focus();
  }, [open, stored]);

  // A click outside closes the panel without saving.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !wrapper.current?.contains(event.target)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointer);
    return () => window.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const changed = percent !== null && stored !== null && percentToThreshold(percent) !== percentToThreshold(stored);

  return (
    <div className="settings-menu" ref={wrapper}>
      <button
        ref={button}
        type="button"
        className={`button button--quiet${open ? ' is-active' : ''}`}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={t('header.settings')}
        onClick={() => (open ? close() : show())}
        data-testid="settings-button"
      >
        <span aria-hidden="true">⚙</span> {t('header.settings')}
      </button>
      {open && (
        <div
          className="popover"
          role="dialog"
          aria-labelledby="settings-title"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              event.preventDefault();
              close();
            }
          }}
          data-testid="settings-panel"
        >
          <h2 id="settings-title" className="popover__title">
            {t('settings.title')}
          </h2>
          <form
            className="settings-form"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <label className="field__label" htmlFor="settings-threshold">
              {t('settings.threshold')}
            </label>
            <div className="threshold-row">
              <input
                type="range"
                className="threshold-row__range"
                min={THRESHOLD_MIN_PERCENT}
                max={THRESHOLD_MAX_PERCENT}
                step={1}
                value={percent ?? stored ?? THRESHOLD_MIN_PERCENT}
                disabled={stored === null}
                aria-label={t('settings.threshold')}
                onChange={(event) => setPercent(Number(event.target.value))}
              />
              <input
                id="settings-threshold"
                type="number"
                className="input threshold-row__number"
                min={THRESHOLD_MIN_PERCENT}
                max={THRESHOLD_MAX_PERCENT}
                step={1}
                value={percent ?? ''}
                disabled={stored === null}
                onChange={(event) => setPercent(event.target.value === '' ? null : Number(event.target.value))}
                ref={numberInput}
                data-testid="settings-threshold"
              />
              <span className="threshold-row__unit">%</span>
            </div>
            <p className="popover__hint">{t('settings.hint')}</p>
            {error !== null && (
              <p className="notice notice--error" role="alert">
                {t('settings.failed', { message: error })}
              </p>
            )}
            <div className="popover__actions">
              <button type="button" className="button button--small" onClick={close} disabled={saving}>
                {t('settings.cancel')}
              </button>
              <button
                type="submit"
                className="button button--small button--primary"
                disabled={saving || !changed}
                data-testid="settings-save"
              >
                {saving ? t('settings.saving') : t('settings.save')}
              </button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}
