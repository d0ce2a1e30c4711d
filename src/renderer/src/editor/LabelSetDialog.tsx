// Edits the label set: add, rename, recolour, set a hotkey, delete (with the number of spans it removes,
// confirmed first). Saves the whole set with labels.save; a renamed label carries `renamedFrom`.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { type ApiClient, LABEL_NAME, type LabelWithUsage } from '../../../shared/api';
import { Dialog } from './Dialog';

interface Row {
  key: number;
  name: string;
  color: string;
  hotkey: string | null;
  /** The saved name, for renames; null for a new label. */
  original: string | null;
  spans: number;
}

const DEFAULT_COLORS = [
  '#e8590c',
  '#1c7ed6',
  '#2f9e44',
  '#ae3ec9',
  '#f08c00',
  '#0c8599',
  '#c2255c',
  '#5c940d',
  '#495057',
];

export function LabelSetDialog({
  api,
  labels,
  onSaved,
  onClose,
}: {
  api: ApiClient;
  labels: LabelWithUsage[];
  onSaved(next: LabelWithUsage[]): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>(() =>
    labels.map((l, key) => ({ key, name: l.name, color: l.color, hotkey: l.hotkey, original: l.name, spans: l.spans })),
  );
  const [nextKey, setNextKey] = useState(labels.length);
  const [deleting, setDeleting] = useState<Row | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const update = (key: number, patch: Partial<Row>) =>
    setRows((rs) =>
      rs.map((r) => {
        if (r.key === key) return { ...r, ...patch };
        // One hotkey, one label: taking a key frees it elsewhere.
        if (patch.hotkey && r.hotkey === patch.hotkey) return { ...r, hotkey: null };
        return r;
      }),
    );

  function problem(): string | null {
    const names = new Set<string>();
    for (const r of rows) {
      if (!LABEL_NAME.test(r.name)) return t('editor.labels.badName', { name: r.name });
      if (names.has(r.name)) return t('editor.labels.duplicate', { name: r.name });
      names.add(r.name);
    }
    if (rows.length === 0) return t('editor.labels.atLeastOne');
    return null;
  }

  async function save(): Promise<void> {
    const issue = problem();
    if (issue) return setError(issue);
    setSaving(true);
    setError(null);
    try {
      const next = await api.call('labels.save', {
        labels: rows.map((r) => ({
          name: r.name,
          color: r.color,
          hotkey: r.hotkey,
          ...(r.original !== null && r.original !== r.name ? { renamedFrom: r.original } : {}),
        })),
      });
      onSaved(next);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog title={t('editor.labels.title')} onClose={onClose} testId="labels-dialog" wide>
      <p className="dialog__note">{t('editor.labels.note')}</p>
      <table className="label-table">
        <thead>
          <tr>
            <th>{t('editor.labels.color')}</th>
            <th>{t('editor.labels.name')}</th>
            <th>{t('editor.labels.hotkey')}</th>
            <th>{t('editor.labels.spans')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid="label-row">
              <td>
                <input
                  type="color"
                  value={r.color}
                  onChange={(e) => update(r.key, { color: e.target.value })}
                  aria-label={t('editor.labels.color')}
                />
              </td>
              <td>
                <input
                  className="input"
                  value={r.name}
                  maxLength={40}
                  onChange={(e) => update(r.key, { name: e.target.value.trim() })}
                  aria-label={t('editor.labels.name')}
                  data-testid="label-name"
                />
              </td>
              <td>
                <select
                  className="select"
                  value={r.hotkey ?? ''}
                  onChange={(e) => update(r.key, { hotkey: e.target.value || null })}
                  aria-label={t('editor.labels.hotkey')}
                >
                  <option value="">—</option>
                  {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </td>
              <td className="label-table__count">{r.original !== null ? r.spans : '—'}</td>
              <td>
                <button
                  type="button"
                  className="button button--small button--quiet"
                  onClick={() => (r.spans > 0 ? setDeleting(r) : setRows((rs) => rs.filter((x) => x.key !== r.key)))}
                  data-testid="label-delete"
                >
                  {t('editor.labels.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          setRows((rs) => [
            ...rs,
            {
              key: nextKey,
              name: '',
              color: DEFAULT_COLORS[rs.length % DEFAULT_COLORS.length]!,
              hotkey: null,
              original: null,
              spans: 0,
            },
          ]);
          setNextKey((k) => k + 1);
        }}
        data-testid="label-add"
      >
        {t('editor.labels.add')}
      </button>
      {deleting && (
        <div className="notice notice--error label-table__confirm" role="alert" data-testid="label-delete-confirm">
          <span>
            {t('editor.labels.confirmDelete', { name: deleting.original ?? deleting.name, count: deleting.spans })}
          </span>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setRows((rs) => rs.filter((x) => x.key !== deleting.key));
              setDeleting(null);
            }}
            data-testid="label-delete-yes"
          >
            {t('editor.labels.deleteYes')}
          </button>
          <button type="button" className="button button--small button--quiet" onClick={() => setDeleting(null)}>
            {t('editor.cancel')}
          </button>
        </div>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          {t('editor.cancel')}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={saving}
          onClick={() => void save()}
          data-testid="labels-save"
        >
          {t('editor.labels.save')}
        </button>
      </div>
    </Dialog>
  );
}
