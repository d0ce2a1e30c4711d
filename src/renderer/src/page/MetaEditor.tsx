// The form that edits a page's newspaper, date and page number; the server validates and its message is shown.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, PageDetail, PageSummary } from '../../../shared/api';

interface MetaEditorProps {
  api: ApiClient;
  page: PageDetail;
  onSaved(summary: PageSummary): void;
  onCancel(): void;
}

/** An emptied field clears the value. */
function valueOrNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

export function MetaEditor({ api, page, onSaved, onCancel }: MetaEditorProps) {
  const { t } = useTranslation();
  const [newspaper, setNewspaper] = useState(page.newspaper ?? '');
  const [date, setDate] = useState(page.date ?? '');
  const [pageNo, setPageNo] = useState(page.pageNo ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      onSaved(
        await api.call('pages.updateMeta', {
          id: page.id,
          newspaper: valueOrNull(newspaper),
          date: valueOrNull(date),
          pageNo: valueOrNull(pageNo),
        }),
      );
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setSaving(false);
    }
  }

  return (
    <form
      className="meta-form"
      onSubmit={(event) => void save(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          // Escape leaves the form, not the page.
          event.stopPropagation();
          event.preventDefault();
          onCancel();
        }
      }}
      data-testid="meta-form"
    >
      <label className="field">
        <span className="field__label">{t('page.newspaper')}</span>
        <input
          className="input"
          value={newspaper}
          maxLength={200}
          onChange={(event) => setNewspaper(event.target.value)}
          autoFocus
          data-testid="meta-input-newspaper"
        />
      </label>
      <label className="field">
        <span className="field__label">{t('page.date')}</span>
        <input
          className="input"
          value={date}
          placeholder={t('page.datePlaceholder')}
          onChange={(event) => setDate(event.target.value)}
          data-testid="meta-input-date"
        />
      </label>
      <label className="field">
        <span className="field__label">{t('page.pageNo')}</span>
        <input
          className="input"
          value={pageNo}
          placeholder={t('page.pageNoPlaceholder')}
          onChange={(event) => setPageNo(event.target.value)}
          data-testid="meta-input-page"
        />
      </label>
      {error !== null && (
        <p className="notice notice--error" role="alert" data-testid="meta-error">
          {t('page.saveFailed', { message: error })}
        </p>
      )}
      <div className="meta-form__actions">
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={saving}
          data-testid="meta-save"
        >
          {saving ? t('page.saving') : t('page.save')}
        </button>
        <button type="button" className="button button--small" onClick={onCancel} disabled={saving}>
          {t('page.cancel')}
        </button>
      </div>
    </form>
  );
}
