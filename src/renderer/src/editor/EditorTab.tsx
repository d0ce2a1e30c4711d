// The Edit tab: the page's document in a TipTap editor with the label palette, save status, set-aside blocks
// and the side panel (span, needs review, entities). The editor lives in an EditorSession outside React;
// components here subscribe to its small stores, so typing does not re-render this tree.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, DocumentState, LabelWithUsage } from '../../../shared/api';
import { BLOCK_ROLES, type BlockRole } from '../../../shared/domain';
import { FindBar } from './FindBar';
import { KeyMapDialog } from './KeyMapDialog';
import { LabelSetDialog } from './LabelSetDialog';
import { loadLabels } from './labels-prefetch';
import { Palette } from './Palette';
import { PropagateBar } from './PropagateBar';
import { RevisionsDialog } from './RevisionsDialog';
import { EditorSession } from './session';
import { SidePanel } from './SidePanel';
import { useStore } from './store';

interface EditorTabProps {
  api: ApiClient;
  pageId: number;
  /** The document as the page view loaded it (null while loading). */
  initial: DocumentState | null;
  loadError: string | null;
  /** How many times the document was loaded: a new load starts a new editor session. */
  generation: number;
  /** Load the document again (after a restore, or to recover from a conflict). */
  onReload(): void;
  /** Whether the tab is shown (keyboard map shortcut only then). */
  visible: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function EditorTab({ api, pageId, initial, loadError, generation, onReload, visible }: EditorTabProps) {
  const { t } = useTranslation();
  const [labels, setLabels] = useState<LabelWithUsage[] | null>(null);
  const [labelsError, setLabelsError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadLabels(api).then(
      (list) => live && setLabels(list),
      (error: unknown) => live && setLabelsError(messageOf(error)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  if (loadError !== null) {
    return (
      <p className="notice notice--error" role="alert" data-testid="editor-error">
        {t('editor.loadFailed', { message: loadError })}
      </p>
    );
  }
  if (labelsError !== null) {
    return (
      <p className="notice notice--error" role="alert" data-testid="editor-error">
        {t('editor.labelsFailed', { message: labelsError })}
      </p>
    );
  }
  if (!initial || !labels) return <p className="page-view__loading">{t('editor.loading')}</p>;
  return (
    <EditorWorkspace
      key={`${initial.pageId}:${generation}:${initial.revision}`}
      api={api}
      pageId={pageId}
      initial={initial}
      labels={labels}
      onReload={onReload}
      visible={visible}
    />
  );
}

interface WorkspaceProps {
  api: ApiClient;
  pageId: number;
  initial: DocumentState;
  labels: LabelWithUsage[];
  onReload(): void;
  visible: boolean;
}

function EditorWorkspace({ api, pageId, initial, labels, onReload, visible }: WorkspaceProps) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [session] = useState(() => new EditorSession(api, pageId, initial, labels));
  const [dialog, setDialog] = useState<'labels' | 'history' | 'keys' | null>(null);
  const status = useStore(session.status);
  const [find, setFind] = useState<{ initial: string; focusKey: number } | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    session.mount(element, (role: BlockRole) => t(`reading.roles.${role}`));
    return () => session.destroy();
    // The session and its editor live as long as this component (keyed by page and revision).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session]);

  // `?` opens the keyboard map when focus is not in the text (there it is typed).
  useEffect(() => {
    if (!visible) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('.ProseMirror, input, textarea, select, [role="dialog"]')) return;
      event.preventDefault();
      setDialog('keys');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible]);

  // Ctrl/⌘+F opens the find bar (with the selected text, if any) or takes the focus back to its field.
  useEffect(() => {
    if (!visible) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'f' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey)
        return;
      event.preventDefault();
      const state = session.editor?.state;
      const selected =
        state && !state.selection.empty ? state.doc.textBetween(state.selection.from, state.selection.to) : '';
      setFind((prev) => ({
        initial: prev ? prev.initial : selected,
        focusKey: (prev?.focusKey ?? 0) + 1,
      }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, session]);

  const setAside = initial.document.setAside;

  return (
    <div className="page-editor" data-testid="page-editor">
      <div className="page-editor__main">
        <div className="page-editor__bar">
          <Palette session={session} onEditLabels={() => setDialog('labels')} />
          <div className="page-editor__tools">
            <RoleMenu session={session} />
            <SaveStatus session={session} />
            <button
              type="button"
              className="button button--small"
              onClick={() => setDialog('history')}
              data-testid="open-history"
            >
              {t('editor.history')}
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => setDialog('keys')}
              title={t('editor.keysHint')}
              aria-label={t('editor.keys')}
              data-testid="open-keys"
            >
              ?
            </button>
          </div>
          {find && (
            <FindBar session={session} initial={find.initial} focusKey={find.focusKey} onClose={() => setFind(null)} />
          )}
        </div>
        <MessageLine session={session} />
        {status === 'conflict' && (
          <div className="notice notice--error page-editor__conflict" role="alert" data-testid="conflict-banner">
            <span>{t('editor.conflict')}</span>
            <button type="button" className="button button--small" onClick={onReload} data-testid="conflict-reload">
              {t('editor.reload')}
            </button>
          </div>
        )}
        <PropagateBar session={session} />
        <div ref={host} className="page-editor__host" />
        {setAside.length > 0 && (
          <details className="set-aside page-editor__set-aside" data-testid="editor-set-aside">
            <summary className="set-aside__summary">
              {t('reading.setAside')} <span className="set-aside__count">{setAside.length}</span>
            </summary>
            <ul className="set-aside__list">
              {setAside.map((block) => (
                <li key={block.id} className="set-aside__item" data-role={block.role}>
                  <span className="role-badge">{t(`reading.roles.${block.role}`)}</span>{' '}
                  <s className="set-aside__text" lang="zh-CN">
                    {block.text}
                  </s>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <SidePanel session={session} />
      {dialog === 'labels' && (
        <LabelSetDialog
          api={api}
          labels={session.labels.get()}
          onSaved={(next) => session.setLabels(next)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'history' && (
        <RevisionsDialog
          api={api}
          pageId={pageId}
          session={session}
          onRestored={() => {
            setDialog(null);
            onReload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'keys' && <KeyMapDialog onClose={() => setDialog(null)} />}
    </div>
  );
}

/** The role of the block at the caret, as a menu (Ctrl/⌘+Alt+1…8 do the same from the keyboard). */
function RoleMenu({ session }: { session: EditorSession }) {
  const { t } = useTranslation();
  const role = useStore(session.blockRole);
  return (
    <select
      className="select select--small"
      value={role ?? ''}
      disabled={role === null}
      onChange={(event) => session.setRole(event.target.value as BlockRole)}
      aria-label={t('editor.role')}
      title={t('editor.roleHint')}
      data-testid="block-role"
    >
      {role === null && <option value="">{t('editor.role')}</option>}
      {BLOCK_ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`reading.roles.${r}`)}
        </option>
      ))}
    </select>
  );
}

function SaveStatus({ session }: { session: EditorSession }) {
  const { t } = useTranslation();
  const status = useStore(session.status);
  const error = useStore(session.saveError);
  const text =
    status === 'clean'
      ? session.revision > 0
        ? t('editor.status.saved')
        : t('editor.status.neverSaved')
      : t(`editor.status.${status}`);
  return (
    <span
      className={`save-status save-status--${status}`}
      role="status"
      title={error ?? undefined}
      data-testid="save-status"
      data-status={status}
    >
      {text}
    </span>
  );
}

function MessageLine({ session }: { session: EditorSession }) {
  const { t } = useTranslation();
  const message = useStore(session.message);
  return (
    <p className="page-editor__message" role="status" aria-live="polite" data-testid="editor-message">
      {message ? t(`editor.messages.${message.key}`) : '\u00a0'}
    </p>
  );
}
