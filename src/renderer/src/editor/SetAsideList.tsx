// The page's set-aside blocks (jump markers, furniture) under the text: collapsible, struck through, and
// repairable from the keyboard — restore one into the text, correct its text, switch jump ↔ furniture — plus
// the toolbar menu that sets the block at the caret aside. Every change is an editor transaction (session.ts):
// undone with Ctrl/⌘+Z, saved by the autosave.
import { type KeyboardEvent as ReactKeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { type DocBlock, SET_ASIDE_ROLES, type SetAsideRole } from '../../../shared/document';
import { ActionMenu } from './ActionMenu';
import type { EditorSession } from './session';
import { useStore } from './store';

/**
 * Ctrl/⌘+Alt+S. With ⌘ by key position, as Option changes the character on macOS; with Ctrl the character
 * must be s, since Ctrl+Alt is AltGr on Windows and AltGr+S types a letter on some layouts (ś in Polish).
 */
function isListKey(event: KeyboardEvent): boolean {
  if (!event.altKey || event.shiftKey || event.code !== 'KeyS') return false;
  return event.metaKey || (event.ctrlKey && event.key.toLowerCase() === 's');
}

/** The block's text with its spans marked (label colours from label-styles.ts); never HTML. */
function BlockText({ block }: { block: DocBlock }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const span of [...block.spans].sort((a, b) => a.start - b.start)) {
    if (span.start > at) parts.push(block.text.slice(at, span.start));
    parts.push(
      <span key={span.id} className="entity" data-label={span.label}>
        {block.text.slice(span.start, span.end)}
      </span>,
    );
    at = span.end;
  }
  if (at < block.text.length) parts.push(block.text.slice(at));
  return (
    <s className="set-aside__text" lang="zh-CN" data-testid="set-aside-text">
      {parts}
    </s>
  );
}

export function SetAsideList({ session, visible }: { session: EditorSession; visible: boolean }) {
  const { t } = useTranslation();
  const blocks = useStore(session.setAside);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const items = useRef<(HTMLLIElement | null)[]>([]);
  /** The item to focus once React has rendered it (after opening the list, or when an edit ends). */
  const focusWanted = useRef<number | null>(null);
  const [, setFocusRequest] = useState(0);
  const focusItem = (index: number) => {
    focusWanted.current = Math.max(0, index);
    setFocusRequest((n) => n + 1);
  };

  useEffect(() => {
    if (!visible) return;
    const onKey = (event: KeyboardEvent) => {
      if (!isListKey(event) || event.defaultPrevented) return;
      event.preventDefault();
      if (blocks.length === 0) {
        session.notify('nothingSetAside');
        return;
      }
      setOpen(true);
      focusItem(Math.min(active, blocks.length - 1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, session, blocks.length, active]);

  // After every render: focus the item asked for, once the list is open and holds it.
  useEffect(() => {
    const wanted = focusWanted.current;
    if (wanted === null || !open) return;
    const item = items.current[Math.min(wanted, blocks.length - 1)];
    if (!item) return;
    focusWanted.current = null;
    item.focus();
  });

  if (blocks.length === 0) return null;

  const backToText = () => session.editor?.view.focus();

  const onItemKey = (event: ReactKeyboardEvent<HTMLLIElement>, block: DocBlock, index: number) => {
    if (event.target !== event.currentTarget || event.nativeEvent.isComposing) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      if (event.shiftKey) session.redo();
      else session.undo();
      return;
    }
    if (mod && !event.altKey && event.key.toLowerCase() === 'y') {
      event.preventDefault();
      session.redo();
      return;
    }
    if (mod || event.altKey) return;
    const key = event.key;
    if (key === 'ArrowDown' || key === 'ArrowUp') focusItem(index + (key === 'ArrowDown' ? 1 : -1));
    else if (key === 'Home') focusItem(0);
    else if (key === 'End') focusItem(blocks.length - 1);
    else if (key === 'Enter' || key === 'r') session.restoreSetAside(block.id);
    else if (key === 'e' || key === 'F2') setEditing(block.id);
    else if (key === 'j' || key === 'f') session.setSetAsideRole(block.id, key === 'j' ? 'jump' : 'furniture');
    else if (key === 'Escape') backToText();
    else return;
    event.preventDefault();
  };

  return (
    <details
      className="set-aside page-editor__set-aside"
      data-testid="editor-set-aside"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary className="set-aside__summary" title={t('editor.setAside.listHint')}>
        {t('reading.setAside')} <span className="set-aside__count">{blocks.length}</span>
      </summary>
      <p className="set-aside__hint">{t('editor.setAside.keysHint')}</p>
      <ul className="set-aside__list" aria-label={t('reading.setAside')}>
        {blocks.map((block, index) => (
          <li
            key={block.id}
            ref={(el) => {
              items.current[index] = el;
            }}
            className="set-aside__item"
            data-role={block.role}
            data-block-id={block.id}
            data-testid="set-aside-item"
            tabIndex={index === Math.min(active, blocks.length - 1) ? 0 : -1}
            onFocus={(event) => event.target === event.currentTarget && setActive(index)}
            onKeyDown={(event) => onItemKey(event, block, index)}
          >
            <select
              className="select select--small set-aside__role"
              value={block.role}
              onChange={(event) => session.setSetAsideRole(block.id, event.target.value as SetAsideRole)}
              aria-label={t('editor.setAside.role')}
              data-testid="set-aside-role"
            >
              {SET_ASIDE_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`reading.roles.${role}`)}
                </option>
              ))}
            </select>
            {editing === block.id ? (
              <SetAsideTextEditor
                block={block}
                onDone={(text) => {
                  setEditing(null);
                  if (text !== null) session.editSetAside(block.id, text);
                  focusItem(index);
                }}
              />
            ) : (
              <BlockText block={block} />
            )}
            <span className="set-aside__actions">
              <button
                type="button"
                className="button button--small"
                onClick={() => setEditing(block.id)}
                disabled={editing === block.id}
                title={t('editor.setAside.editHint')}
                data-testid="set-aside-edit"
              >
                {t('editor.setAside.edit')}
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => session.restoreSetAside(block.id)}
                title={t('editor.setAside.restoreHint')}
                data-testid="set-aside-restore"
              >
                {t('editor.setAside.restore')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The inline correction of a set-aside block's text: Enter keeps it, Esc drops it, Shift+Enter a new line. */
function SetAsideTextEditor({ block, onDone }: { block: DocBlock; onDone(text: string | null): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(block.text);
  const done = useRef(false);
  const finish = (value: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(value);
  };
  return (
    <textarea
      className="set-aside__input"
      lang="zh-CN"
      value={text}
      rows={Math.max(1, text.split('\n').length)}
      autoFocus
      aria-label={t('editor.setAside.textLabel')}
      data-testid="set-aside-input"
      onChange={(event) => setText(event.target.value)}
      onBlur={() => finish(text)}
      onKeyDown={(event) => {
        if (event.nativeEvent.isComposing) return;
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          finish(text);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          finish(null);
        }
      }}
    />
  );
}

/** The toolbar's "Set aside" menu: the block at the caret goes to the set-aside list as a jump or furniture. */
export function SetAsideMenu({ session }: { session: EditorSession }) {
  const { t } = useTranslation();
  const role = useStore(session.blockRole);
  return (
    <ActionMenu<SetAsideRole>
      label={t('editor.setAside.menu')}
      hint={t('editor.setAside.menuHint')}
      disabled={role === null}
      options={SET_ASIDE_ROLES.map((r) => [r, t(`editor.setAside.as.${r}`)] as const)}
      onChoose={(chosen) => session.setBlockAside(chosen)}
      testId="set-aside-menu"
    />
  );
}
