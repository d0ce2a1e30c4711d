// The find bar (Ctrl/⌘+F): a query and a replacement, the match count, previous/next (Shift+Enter/Enter in
// the find field), Replace, Replace all; Escape closes it and goes back to the text. The matches themselves
// are decorations of the FindReplace plugin; this component only reads the session's findInfo store. The
// "whole corpus" scope lists the hits across every page instead, to replace there (CorpusPanel).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { openCorpusPanel } from './corpus-ui';
import type { EditorSession } from './session';
import { useStore } from './store';

export function FindBar({
  session,
  initial,
  focusKey,
  onClose,
}: {
  session: EditorSession;
  /** The query to start with (the selected text when the bar opened). */
  initial: string;
  /** Changes each time Ctrl/⌘+F is pressed: the find field takes the focus again. */
  focusKey: number;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const info = useStore(session.findInfo);
  const [query, setQuery] = useState(initial);
  const [replacement, setReplacement] = useState('');
  const [scope, setScope] = useState<'page' | 'corpus'>('page');
  const [matchCase, setMatchCase] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const corpus = scope === 'corpus';
  const findInCorpus = () => {
    if (query !== '' && query !== replacement)
      openCorpusPanel(session, { kind: 'replace', text: query, replacement, matchCase });
  };

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [focusKey]);

  useEffect(() => {
    session.find(query);
  }, [session, query]);

  useEffect(() => () => session.find(''), [session]);

  const close = () => {
    onClose();
    session.editor?.view.focus();
  };

  return (
    <div
      className="editor-strip find-bar"
      role="search"
      aria-label={t('editor.find.bar')}
      data-testid="find-bar"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        close();
      }}
    >
      <input
        ref={field}
        className="input input--small find-bar__field"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
          event.preventDefault();
          if (corpus) findInCorpus();
          else session.findStep(event.shiftKey ? -1 : 1);
        }}
        placeholder={t('editor.find.find')}
        aria-label={t('editor.find.find')}
        lang="zh-CN"
        spellCheck={false}
        data-testid="find-input"
      />
      <select
        className="select select--small find-bar__scope"
        value={scope}
        onChange={(event) => setScope(event.target.value as 'page' | 'corpus')}
        aria-label={t('editor.find.scope')}
        data-testid="find-scope"
      >
        <option value="page">{t('editor.find.scopePage')}</option>
        <option value="corpus">{t('editor.find.scopeCorpus')}</option>
      </select>
      {corpus && (
        <label className="find-bar__case">
          <input
            type="checkbox"
            checked={matchCase}
            onChange={(event) => setMatchCase(event.target.checked)}
            data-testid="find-match-case"
          />
          {t('editor.find.matchCase')}
        </label>
      )}
      <span className="find-bar__count" role="status" data-testid="find-count" data-count={info.count}>
        {query === ''
          ? ''
          : info.count === 0
            ? t('editor.find.none')
            : t('editor.find.count', { count: info.count, index: info.index })}
      </span>
      {!corpus && (
        <>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => session.findStep(-1)}
            disabled={info.count === 0}
            title={t('editor.find.previous')}
            aria-label={t('editor.find.previous')}
            data-testid="find-previous"
          >
            ↑
          </button>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => session.findStep(1)}
            disabled={info.count === 0}
            title={t('editor.find.next')}
            aria-label={t('editor.find.next')}
            data-testid="find-next"
          >
            ↓
          </button>
        </>
      )}
      <input
        className="input input--small find-bar__field"
        value={replacement}
        onChange={(event) => setReplacement(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
          event.preventDefault();
          if (corpus) findInCorpus();
          else session.replaceCurrent(replacement);
        }}
        placeholder={t('editor.find.replace')}
        aria-label={t('editor.find.replace')}
        lang="zh-CN"
        spellCheck={false}
        data-testid="replace-input"
      />
      {corpus ? (
        <button
          type="button"
          className="button button--small button--primary"
          onClick={findInCorpus}
          disabled={query === '' || query === replacement}
          title={t('editor.find.inCorpusHint')}
          data-testid="find-in-corpus"
        >
          {t('editor.find.inCorpus')}
        </button>
      ) : (
        <>
          <button
            type="button"
            className="button button--small"
            onClick={() => session.replaceCurrent(replacement)}
            disabled={info.index === 0}
            data-testid="replace-one"
          >
            {t('editor.find.replaceOne')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => session.replaceAll(replacement)}
            disabled={info.count === 0}
            data-testid="replace-all"
          >
            {t('editor.find.replaceAll')}
          </button>
        </>
      )}
      <button
        type="button"
        className="button button--small button--quiet"
        onClick={close}
        title={t('editor.find.close')}
        aria-label={t('editor.find.close')}
        data-testid="find-close"
      >
        ×
      </button>
    </div>
  );
}
