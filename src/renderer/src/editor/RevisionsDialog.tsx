// Revision history: the page's saved revisions (time, spans, characters), a preview of one, and restore
// (document.restore against the revision the editor has, then the editor reloads).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, RevisionSummary } from '../../../shared/api';
import { documentText } from '../../../shared/document';
import { Dialog } from './Dialog';
import type { EditorSession } from './session';

export function RevisionsDialog({
  api,
  pageId,
  session,
  onRestored,
  onClose,
}: {
  api: ApiClient;
  pageId: number;
  session: EditorSession;
  onRestored(): void;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<RevisionSummary[] | null>(null);
  const [preview, setPreview] = useState<{ revision: number; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });

  useEffect(() => {
    let live = true;
    // Save pending edits first, so the list ends with what is on screen.
    void session
      .save()
      .then(() => api.call('document.revisions', { pageId }))
      .then(
        (revs) => live && setList([...revs].sort((a, b) => b.revision - a.revision)),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      live = false;
    };
  }, [api, pageId, session]);

  async function show(revision: number): Promise<void> {
    setError(null);
    try {
      const rev = await api.call('document.revision', { pageId, revision });
      setPreview({ revision, text: documentText(rev.document).text });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function restore(revision: number): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await api.call('document.restore', { pageId, revision, baseRevision: session.revision });
      onRestored();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const format = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : time.format(d);
  };

  return (
    <Dialog title={t('editor.revisions.title')} onClose={onClose} testId="revisions-dialog" wide>
      {list === null && error === null && <p>{t('editor.loading')}</p>}
      {list && list.length === 0 && <p>{t('editor.revisions.none')}</p>}
      {list && list.length > 0 && (
        <ul className="revision-list">
          {list.map((r) => (
            <li
              key={r.revision}
              className={`revision-list__item${preview?.revision === r.revision ? ' is-current' : ''}`}
              data-testid="revision"
            >
              <button type="button" className="revision-list__main" onClick={() => void show(r.revision)}>
                <strong>#{r.revision}</strong> {format(r.savedAt)}{' '}
                <span className="revision-list__meta">
                  {t('editor.revisions.meta', { count: r.spans, chars: r.chars })}
                </span>
                {r.revision === session.revision && (
                  <span className="revision-list__meta"> · {t('editor.revisions.current')}</span>
                )}
              </button>
              <button
                type="button"
                className="button button--small"
                disabled={busy || r.revision === session.revision}
                onClick={() => void restore(r.revision)}
                data-testid="revision-restore"
              >
                {t('editor.revisions.restore')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {preview && (
        <pre className="revision-preview" lang="zh-CN" data-testid="revision-preview">
          {preview.text}
        </pre>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('editor.close')}
        </button>
      </div>
    </Dialog>
  );
}
