// The corpus-wide review under the editor's bars: the hits of a string across every page (corpus.findText), to
// confirm one by one (y / n, or the checkboxes) or all at once, then replace them (corpus.replaceText) or tag
// them (corpus.tagOccurrences), and a summary of what was done and what was skipped and why. Opened by the find
// bar's "whole corpus" scope and the tag-all offer. Saves the open page first, so the operation sees it; if the
// operation changed the open page, the editor reloads it (an edit typed meanwhile meets the conflict message).
import './corpus-panel.css';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient } from '../../../shared/api';
import {
  CORPUS_SKIP_REASONS,
  type CorpusHit,
  type CorpusHitRef,
  type CorpusOpResult,
} from '../../../shared/corpus-ops';
import { corpusRequest, keepOutcome, takeOutcome, type CorpusOutcome, type CorpusRequest } from './corpus-ui';
import type { EditorSession } from './session';
import { useStore } from './store';

/** Hits listed at most; beyond that, "all" lets the server take every hit in the corpus. */
export const CORPUS_LIST_LIMIT = 5000;
const ROW_HEIGHT = 34;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const refOf = (h: CorpusHit): CorpusHitRef => ({
  pageId: h.pageId,
  revision: h.revision,
  blockId: h.blockId,
  start: h.start,
  end: h.end,
});

export function CorpusPanel({
  api,
  session,
  pageId,
  onReload,
}: {
  api: ApiClient;
  session: EditorSession;
  pageId: number;
  onReload(): void;
}) {
  const store = corpusRequest(session);
  const request = useStore(store);
  // An operation that changed this page reloaded the editor: its summary is shown again here.
  const [outcome, setOutcome] = useState<CorpusOutcome | null>(() => takeOutcome(pageId));

  const finish = (done: CorpusOutcome) => {
    store.set(null);
    const changedHere = done.result.pages.some((p) => p.pageId === pageId && p.done > 0);
    if (!changedHere) {
      setOutcome(done);
      return;
    }
    const status = session.status.get();
    if (status === 'dirty' || status === 'saving' || status === 'conflict') {
      // Typed during the operation: the next save meets the conflict message; nothing is overwritten.
      setOutcome(done);
      void session.save();
      return;
    }
    keepOutcome(pageId, done);
    onReload();
  };

  if (request) {
    return (
      <CorpusReview
        key={request.n}
        api={api}
        session={session}
        request={request}
        onDone={finish}
        onClose={() => {
          store.set(null);
          session.editor?.view.focus();
        }}
      />
    );
  }
  if (!outcome) return null;
  return <OutcomeLine outcome={outcome} onClose={() => setOutcome(null)} />;
}

type Phase = 'listing' | 'review' | 'applying' | 'error';

function CorpusReview({
  api,
  session,
  request,
  onDone,
  onClose,
}: {
  api: ApiClient;
  session: EditorSession;
  request: CorpusRequest;
  onDone(outcome: CorpusOutcome): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('listing');
  const [error, setError] = useState<string | null>(null);
  const [hits, setHits] = useState<CorpusHit[]>([]);
  const [found, setFound] = useState({ total: 0, pages: 0 });
  const [chosen, setChosen] = useState<boolean[]>([]);
  const [cursor, setCursor] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  const tagging = request.kind === 'tag';
  /** A hit that can be tagged: tagging skips text that is already (part of) a span. */
  const open = (h: CorpusHit | undefined) => !!h && (!tagging || h.span === null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        // The operation works on saved documents: save what the editor still holds first.
        await session.save();
        if (session.status.get() === 'conflict') throw new Error(t('editor.corpus.conflictFirst'));
        const result = await api.call('corpus.findText', {
          text: request.text,
          matchCase: request.kind === 'tag' ? true : request.matchCase,
          limit: CORPUS_LIST_LIMIT,
        });
        if (!live) return;
        setHits(result.hits);
        setFound({ total: result.total, pages: result.pages });
        setChosen(result.hits.map(() => false));
        setCursor(
          Math.max(
            0,
            result.hits.findIndex((h) => !tagging || h.span === null),
          ),
        );
        setPhase('review');
      } catch (e) {
        if (!live) return;
        setError(messageOf(e));
        setPhase('error');
      }
    })();
    return () => {
      live = false;
    };
    // One listing per request (the component is keyed by it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The list takes the keyboard once it is there, so y / n work at once.
  useEffect(() => {
    if (phase === 'review') list.current?.focus();
  }, [phase]);

  // The app does not use the React Compiler, so its memoization caveat about this hook does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: hits.length,
    getScrollElement: () => list.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  const moveTo = (index: number) => {
    const next = Math.min(Math.max(index, 0), Math.max(hits.length - 1, 0));
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  /** The next hit after `from` that can be chosen (or `from` itself past the end). */
  const nextOpen = (from: number) => {
    for (let i = from + 1; i < hits.length; i++) if (open(hits[i])) return i;
    return from;
  };
  const choose = (index: number, value: boolean) => {
    if (!open(hits[index])) return;
    setChosen((prev) => prev.map((v, i) => (i === index ? value : v)));
  };

  const selected = hits.filter((h, i) => chosen[i] && open(h));
  const openCount = hits.filter(open).length;

  async function apply(which: 'selected' | 'all'): Promise<void> {
    const refs = (which === 'all' ? hits.filter(open) : selected).map(refOf);
    if (which === 'selected' && refs.length === 0) return;
    setPhase('applying');
    try {
      let result: CorpusOpResult;
      if (request.kind === 'replace') {
        // Everything, also beyond the listed hits: the server takes every hit in the corpus as it is now.
        const everything = which === 'all' && found.total > hits.length;
        result = await api.call('corpus.replaceText', {
          text: request.text,
          replacement: request.replacement,
          matchCase: request.matchCase,
          ...(everything ? { all: true as const } : { hits: refs }),
        });
      } else {
        if (refs.length === 0) {
          onClose();
          return;
        }
        result = await api.call('corpus.tagOccurrences', { label: request.label, text: request.text, hits: refs });
      }
      onDone({ kind: request.kind, text: request.text, result });
    } catch (e) {
      setError(messageOf(e));
      setPhase('error');
    }
  }

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.nativeEvent.isComposing) return;
    if (event.target instanceof HTMLInputElement && event.key !== 'Escape') return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    if (key === 'Escape') {
      handled();
      onClose();
    } else if (phase !== 'review') {
      return;
    } else if (key === 'ArrowDown' || key === 'j') {
      handled();
      moveTo(cursor + 1);
    } else if (key === 'ArrowUp' || key === 'k') {
      handled();
      moveTo(cursor - 1);
    } else if (key === 'y' || key === 'n') {
      handled();
      choose(cursor, key === 'y');
      moveTo(nextOpen(cursor));
    } else if (key === ' ') {
      handled();
      choose(cursor, !chosen[cursor]);
    } else if (key === 'a') {
      handled();
      void apply('all');
    } else if (key === 'Enter') {
      handled();
      void apply('selected');
    }
  };

  const title =
    request.kind === 'replace'
      ? t('editor.corpus.replaceTitle', { text: request.text, replacement: request.replacement })
      : t('editor.corpus.tagTitle', { text: request.text, label: request.label });

  return (
    <section
      className="editor-strip editor-strip--review corpus-panel"
      aria-label={t('editor.corpus.panel')}
      data-testid="corpus-panel"
      data-phase={phase}
      onKeyDown={onKey}
    >
      <div className="corpus-panel__head">
        <span className="editor-strip__text" lang="zh-CN">
          {title}
        </span>
        <span className="editor-strip__count" role="status" data-testid="corpus-found">
          {phase === 'listing'
            ? t('editor.corpus.listing')
            : phase === 'review' || phase === 'applying'
              ? t('editor.corpus.found', { count: found.total, pages: found.pages }) +
                (found.total > hits.length ? ` ${t('editor.corpus.listed', { count: hits.length })}` : '') +
                (tagging && openCount < hits.length
                  ? ` ${t('editor.corpus.flagged', { count: hits.length - openCount })}`
                  : '')
              : ''}
        </span>
        <span className="editor-strip__actions">
          <button
            type="button"
            className="button button--small button--primary"
            disabled={phase !== 'review' || selected.length === 0}
            onClick={() => void apply('selected')}
            data-testid="corpus-apply-selected"
          >
            {request.kind === 'replace'
              ? t('editor.corpus.replaceSelected', { count: selected.length })
              : t('editor.corpus.tagSelected', { count: selected.length })}{' '}
            <kbd>Enter</kbd>
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={phase !== 'review' || (request.kind === 'replace' ? found.total === 0 : openCount === 0)}
            onClick={() => void apply('all')}
            data-testid="corpus-apply-all"
          >
            {request.kind === 'replace'
              ? t('editor.corpus.replaceAll', { count: found.total })
              : t('editor.corpus.tagAll', { count: openCount })}{' '}
            <kbd>a</kbd>
          </button>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={onClose}
            data-testid="corpus-close"
          >
            {t('editor.corpus.close')} <kbd>Esc</kbd>
          </button>
        </span>
      </div>
      {phase === 'error' && (
        <p className="notice notice--error corpus-panel__error" role="alert" data-testid="corpus-error">
          {error}
        </p>
      )}
      {phase !== 'listing' && phase !== 'error' && hits.length > 0 && (
        <>
          <p className="corpus-panel__hint">{t('editor.corpus.keysHint')}</p>
          <div
            ref={list}
            className="corpus-panel__list"
            tabIndex={0}
            role="listbox"
            aria-multiselectable="true"
            aria-label={t('editor.corpus.hits')}
            aria-activedescendant={`corpus-hit-${cursor}`}
            data-testid="corpus-hits"
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const hit = hits[item.index]!;
                return (
                  <HitRow
                    key={item.key}
                    index={item.index}
                    hit={hit}
                    top={item.start}
                    current={item.index === cursor}
                    checked={!!chosen[item.index]}
                    selectable={open(hit)}
                    replacement={request.kind === 'replace' ? request.replacement : null}
                    onToggle={(value) => {
                      setCursor(item.index);
                      choose(item.index, value);
                    }}
                    onPick={() => setCursor(item.index)}
                  />
                );
              })}
            </div>
          </div>
        </>
      )}
      {phase === 'review' && hits.length === 0 && <p className="corpus-panel__hint">{t('editor.corpus.none')}</p>}
    </section>
  );
}

function HitRow({
  index,
  hit,
  top,
  current,
  checked,
  selectable,
  replacement,
  onToggle,
  onPick,
}: {
  index: number;
  hit: CorpusHit;
  top: number;
  current: boolean;
  checked: boolean;
  selectable: boolean;
  replacement: string | null;
  onToggle(value: boolean): void;
  onPick(): void;
}) {
  const { t } = useTranslation();
  const where = [hit.fileName, hit.date].filter(Boolean).join(' · ');
  return (
    <div
      id={`corpus-hit-${index}`}
      role="option"
      aria-selected={checked}
      className={`corpus-hit${current ? ' is-current' : ''}${selectable ? '' : ' is-flagged'}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={onPick}
      data-testid="corpus-hit"
      data-page-id={hit.pageId}
      data-checked={checked}
    >
      <input
        type="checkbox"
        checked={checked}
        disabled={!selectable}
        tabIndex={-1}
        onChange={(event) => onToggle(event.target.checked)}
        aria-label={t('editor.corpus.choose', { where })}
      />
      <span className="corpus-hit__where" title={where}>
        {where}
      </span>
      {/* Text as text: the snippet is plain strings, never HTML. */}
      <span className="corpus-hit__context" lang="zh-CN">
        <span>{hit.snippet.before}</span>
        {replacement === null ? (
          <mark className="corpus-hit__match">{hit.snippet.match}</mark>
        ) : (
          <>
            <del className="corpus-hit__old">{hit.snippet.match}</del>
            <ins className="corpus-hit__new">{replacement}</ins>
          </>
        )}
        <span>{hit.snippet.after}</span>
      </span>
      {hit.span && (
        <span className="corpus-hit__flag" data-testid="corpus-hit-flag">
          {hit.span.exact
            ? t('editor.corpus.alreadyTagged', { label: hit.span.label })
            : t('editor.corpus.overlaps', { label: hit.span.label })}
        </span>
      )}
    </div>
  );
}

/** "Replaced 5 on 2 pages; 1 skipped: the page changed since it was listed (1)." */
function OutcomeLine({ outcome, onClose }: { outcome: CorpusOutcome; onClose(): void }) {
  const { t } = useTranslation();
  const { result } = outcome;
  const reasons = CORPUS_SKIP_REASONS.map((reason) => ({
    reason,
    count: result.pages.reduce((n, p) => n + p.skipped.filter((s) => s.reason === reason).length, 0),
  })).filter((r) => r.count > 0);
  const needsReview = result.pages.reduce((n, p) => n + p.needsReview, 0);
  const done =
    outcome.kind === 'replace'
      ? t('editor.corpus.replaced', { count: result.done, pages: result.pagesChanged, text: outcome.text })
      : t('editor.corpus.tagged', { count: result.done, pages: result.pagesChanged, text: outcome.text });
  return (
    <div className="editor-strip corpus-outcome" role="status" data-testid="corpus-outcome">
      <span lang="zh-CN" data-testid="corpus-outcome-text">
        {done}
        {result.skipped > 0 &&
          ` ${t('editor.corpus.skipped', {
            count: result.skipped,
            reasons: reasons.map((r) => `${t(`editor.corpus.reasons.${r.reason}`)} (${r.count})`).join(', '),
          })}`}
        {needsReview > 0 && ` ${t('editor.corpus.needsReview', { count: needsReview })}`}
      </span>
      <span className="editor-strip__actions">
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={onClose}
          data-testid="corpus-outcome-close"
        >
          {t('editor.corpus.close')}
        </button>
      </span>
    </div>
  );
}
