// The Edit tab: the page's document in a TipTap editor with the label palette, save status, set-aside blocks
// (SetAsideList.tsx) and the side panel (span, needs review, entities). The editor lives in an EditorSession outside React;
// components here subscribe to its small stores, so typing does not re-render this tree.
import type { Editor } from '@tiptap/core';
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, DocumentState, LabelWithUsage, PageReading } from '../../../shared/api';
import { BLOCK_ROLES, type BlockRole, type PageStatus } from '../../../shared/domain';
import type { PageReveal } from '../search/search-route';
import { ActionMenu } from './ActionMenu';
import { BlockDrag } from './BlockDrag';
import { CorpusPanel } from './CorpusPanel';
import { EditorSuggestions, useSuggestionLayer } from './EditorSuggestions';
import { FindBar } from './FindBar';
import { KeyMapDialog } from './KeyMapDialog';
import { LabelSetDialog } from './LabelSetDialog';
import { loadLabels } from './labels-prefetch';
import { OriginalSplit, OriginalToggle, useOriginalPaneOpen } from './OriginalPane';
import { Palette } from './Palette';
import { PropagateBar } from './PropagateBar';
import { RevisionsDialog } from './RevisionsDialog';
import { EditorSession } from './session';
import { SetAsideList, SetAsideMenu } from './SetAsideList';
import { SidePanel } from './SidePanel';
import { statusForKey, watchSaves } from './status-keys';
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
  /** A search hit to highlight (with the find bar, on the hit's text) and scroll to when the editor opens. */
  reveal?: PageReveal | null;
  /** Bumped when Ctrl/⌘+F was pressed on another tab of the page: the find bar opens here. */
  findRequest?: number;
  /** A span to select once the editor is up. */
  focusSpanId?: string;
  /** The page's original OCR text (the original pane, and where suggestions apply). */
  originalText: string;
  lang: string | undefined;
  /** The repair reading: its pending suggestions are shown in the text (null while loading). */
  reading: PageReading | null;
  /** A decision made in the editor changed the reading. */
  onReading(reading: PageReading): void;
  /** The page's status changed from the editor: a shortcut, or a save that moved it forward. */
  onStatus?(status: PageStatus): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function EditorTab({ api, pageId, initial, loadError, generation, onReload, visible, ...rest }: EditorTabProps) {
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
      {...rest}
    />
  );
}

interface WorkspaceProps extends Pick<EditorTabProps, 'originalText' | 'lang' | 'reading' | 'onReading'> {
  api: ApiClient;
  pageId: number;
  initial: DocumentState;
  labels: LabelWithUsage[];
  onReload(): void;
  visible: boolean;
  reveal?: PageReveal | null;
  findRequest?: number;
  focusSpanId?: string;
  onStatus?: ((status: PageStatus) => void) | undefined;
}

function EditorWorkspace({
  api,
  pageId,
  initial,
  labels,
  onReload,
  visible,
  reveal = null,
  findRequest = 0,
  focusSpanId,
  onStatus,
  ...page
}: WorkspaceProps) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const textWrap = useRef<HTMLDivElement>(null);
  // The role badges' text, a CSS variable per role (styles.css), in the interface language.
  const roleBadges = useMemo(
    () =>
      Object.fromEntries(
        BLOCK_ROLES.map((role) => [`--role-${role}`, JSON.stringify(t(`reading.roles.${role}`))]),
      ) as CSSProperties,
    [t],
  );
  const [watched] = useState(() => watchSaves(api));
  const [session] = useState(() => new EditorSession(watched.api, pageId, initial, labels));
  const [dialog, setDialog] = useState<'labels' | 'history' | 'keys' | null>(null);
  // A search hit opens the find bar on its text: the same decorations as Ctrl/⌘+F highlight it.
  const [find, setFind] = useState<{ initial: string; focusKey: number } | null>(
    reveal ? { initial: reveal.text, focusKey: 1 } : findRequest > 0 ? { initial: '', focusKey: 1 } : null,
  );
  const [seenFindRequest, setSeenFindRequest] = useState(findRequest);
  if (seenFindRequest !== findRequest) {
    setSeenFindRequest(findRequest);
    setFind((prev) => ({ initial: prev ? prev.initial : '', focusKey: (prev?.focusKey ?? 0) + 1 }));
  }
  const [editor, setEditor] = useState<Editor | null>(null);
  const suggestions = useSuggestionLayer(api, pageId, page.originalText, page.onReading);
  const [originalOpen, toggleOriginal] = useOriginalPaneOpen(visible);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const mounted = session.mount(element);
    suggestions.attach(mounted);
    setEditor(mounted);
    // The find bar (opened on the hit's text) ran before the editor existed: find from the hit now, so the
    // hit is the current match, scrolled into view.
    if (reveal && session.caretAtHit(reveal)) session.find(reveal.text);
    if (focusSpanId) session.selectSpanById(focusSpanId);
    return () => {
      suggestions.detach();
      session.destroy();
    };
    // The session and its editor live as long as this component (keyed by page and revision).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session]);

  // Pending suggestions follow the reading (a decision here or in the Reading tab).
  useEffect(() => {
    if (page.reading) suggestions.setReading(page.reading);
  }, [page.reading, suggestions]);

  // The dialogs from the keyboard: `?` opens the keyboard map when focus is not in the text (there it is
  // typed); Ctrl/⌘+Alt+E the label set and Ctrl/⌘+Alt+R the page's revision history (not AltGr, which some
  // keyboards report as Ctrl+Alt: it types its character).
  useEffect(() => {
    if (!visible) return;
    const dialogFor = (event: KeyboardEvent): 'keys' | 'labels' | 'history' | null => {
      if (event.key === '?') {
        const target = event.target instanceof Element ? event.target : null;
        return target?.closest('.ProseMirror, input, textarea, select, [role="dialog"]') ? null : 'keys';
      }
      if (!(event.ctrlKey || event.metaKey) || !event.altKey || event.shiftKey) return null;
      if (event.getModifierState('AltGraph')) return null;
      return event.code === 'KeyE' ? 'labels' : event.code === 'KeyR' ? 'history' : null;
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const which = dialogFor(event);
      if (!which) return;
      event.preventDefault();
      setDialog(which);
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

  // Each save reports the page's status (a first edit or span moves it forward): the page view follows.
  useEffect(
    () =>
      watched.saved.subscribe(() => {
        const saved = watched.saved.get();
        if (saved) onStatus?.(saved.status);
      }),
    [watched, onStatus],
  );

  // Ctrl/⌘+Shift+1…4 set the page status (status-keys.ts).
  useEffect(() => {
    if (!visible) return;
    const onKey = (event: KeyboardEvent) => {
      const status = statusForKey(event);
      if (!status || event.defaultPrevented) return;
      event.preventDefault();
      api.call('pages.setStatus', { id: pageId, status }).then(
        (summary) => onStatus?.(summary.status),
        () => undefined,
      );
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, api, pageId, onStatus]);

  return (
    <div className="page-editor" data-testid="page-editor">
      <div className="page-editor__main">
        <div className="page-editor__bar">
          <Palette session={session} onEditLabels={() => setDialog('labels')} />
          <div className="page-editor__tools">
            <RoleMenu session={session} />
            <ArticleMenu session={session} />
            <SetAsideMenu session={session} />
            <OriginalToggle open={originalOpen} onToggle={toggleOriginal} />
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
        <SaveBanners session={session} onReload={onReload} />
        <PropagateBar session={session} />
        <CorpusPanel api={api} session={session} pageId={pageId} onReload={onReload} />
        <OriginalSplit editor={editor} original={page.originalText} open={originalOpen} lang={page.lang}>
          <div ref={textWrap} className="page-editor__text-wrap">
            <div ref={host} className="page-editor__host" style={roleBadges} />
            <BlockDrag editor={editor} wrap={textWrap} />
          </div>
        </OriginalSplit>
        <SetAsideList session={session} visible={visible} />
      </div>
      <div className="page-editor__side">
        <EditorSuggestions layer={suggestions} />
        <SidePanel api={api} session={session} />
      </div>
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

/** Splitting and joining articles, as a menu (Ctrl/⌘+Shift+Enter and Ctrl/⌘+Shift+Backspace from the keyboard). */
function ArticleMenu({ session }: { session: EditorSession }) {
  const { t } = useTranslation();
  const role = useStore(session.blockRole);
  return (
    <ActionMenu
      label={t('editor.articles.menu')}
      hint={t('editor.articles.menuHint')}
      disabled={role === null}
      options={[
        ['split', t('editor.articles.split')],
        ['join', t('editor.articles.join')],
      ]}
      onChoose={(how) => session.changeArticles(how)}
      testId="article-menu"
    />
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

/**
 * The conflict banner, or the notice that the page was saved elsewhere. Its own component: the save status
 * changes with the first keystroke after every save, and only what shows it should render again then, not
 * the whole workspace (the suggestion list, the palette…).
 */
function SaveBanners({ session, onReload }: { session: EditorSession; onReload(): void }) {
  const { t } = useTranslation();
  const status = useStore(session.status);
  const changedElsewhere = useStore(session.changedElsewhere);
  return (
    <>
      {status !== 'conflict' && changedElsewhere !== null && (
        <div className="notice page-editor__conflict" role="alert" data-testid="changed-elsewhere-banner">
          <span>{t('editor.changedElsewhere')}</span>
          <button
            type="button"
            className="button button--small"
            onClick={onReload}
            data-testid="changed-elsewhere-reload"
          >
            {t('editor.reload')}
          </button>
        </div>
      )}
      {status === 'conflict' && (
        <div className="notice notice--error page-editor__conflict" role="alert" data-testid="conflict-banner">
          <span>{t('editor.conflict')}</span>
          <button type="button" className="button button--small" onClick={onReload} data-testid="conflict-reload">
            {t('editor.reload')}
          </button>
        </div>
      )}
    </>
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
