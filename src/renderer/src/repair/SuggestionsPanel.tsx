// The side panel listing every suggestion of the engine for a page: kind, confidence, the reason in the
// researcher's language, its state, and Accept / Reject / Undo. Keys: j/k (↓/↑ while focused) move,
// a accepts, r rejects, u undoes the selected suggestion's decision.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { PageReading, SuggestionView } from '../../../shared/api';
import { REPAIR_NS } from '../i18n/resources';
import {
  confidencePercent,
  countSuggestions,
  filterSuggestions,
  keyAction,
  moveSelection,
  pendingIds,
  selectionAfterUpdate,
  SUGGESTION_FILTERS,
  suggestionState,
  type KeyAction,
  type SuggestionFilter,
} from './reading-model';

export type Decision = 'accepted' | 'rejected' | null;

interface SuggestionsPanelProps {
  reading: PageReading;
  selectedId: string | null;
  onSelect(id: string | null): void;
  /** Stores a decision; resolves to the new reading, or null when the call failed (the page shows why). */
  onDecide(ids: string[], decision: Decision): Promise<PageReading | null>;
  busy: boolean;
  error: string | null;
}

/** Keys typed into a field, a select or a dialog are not commands. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return target.closest('input, textarea, select, [role="dialog"]') !== null;
}

function SuggestionItem({
  suggestion,
  selected,
  busy,
  onSelect,
  onDecide,
}: {
  suggestion: SuggestionView;
  selected: boolean;
  busy: boolean;
  onSelect(): void;
  onDecide(decision: Decision): void;
}) {
  const { t, i18n } = useTranslation();
  const { t: tr } = useTranslation(REPAIR_NS);
  const state = suggestionState(suggestion);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const decide = (decision: Decision) => (event: { stopPropagation(): void }) => {
    event.stopPropagation();
    onSelect();
    onDecide(decision);
  };
  return (
    <li
      className={`suggestion suggestion--${state}${selected ? ' is-selected' : ''}`}
      data-testid="suggestion"
      data-suggestion-id={suggestion.id}
      data-kind={suggestion.kind}
      data-state={state}
      aria-current={selected ? 'true' : undefined}
      onClick={onSelect}
    >
      <div className="suggestion__head">
        <span className="suggestion__kind">{t(`suggestions.kinds.${suggestion.kind}`)}</span>
        <span className="suggestion__confidence" title={t('suggestions.confidence')}>
          {percent.format(confidencePercent(suggestion.confidence) / 100)}
        </span>
        <span className={`suggestion-state suggestion-state--${state}`} data-testid="suggestion-state">
          {t(`suggestions.states.${state}`)}
        </span>
      </div>
      <p className="suggestion__reason" data-testid="suggestion-reason">
        {tr(suggestion.reason.key, { replace: suggestion.reason.params, defaultValue: suggestion.reason.key })}
      </p>
      <div className="suggestion__actions">
        <button
          type="button"
          className="button button--small suggestion__accept"
          aria-pressed={suggestion.decision === 'accepted'}
          disabled={busy || suggestion.decision === 'accepted'}
          onClick={decide('accepted')}
          data-testid="suggestion-accept"
        >
          {t('suggestions.accept')}
        </button>
        <button
          type="button"
          className="button button--small suggestion__reject"
          aria-pressed={suggestion.decision === 'rejected'}
          disabled={busy || suggestion.decision === 'rejected'}
          onClick={decide('rejected')}
          data-testid="suggestion-reject"
        >
          {t('suggestions.reject')}
        </button>
        {suggestion.decision !== null && (
          <button
            type="button"
            className="button button--small button--quiet"
            disabled={busy}
            onClick={decide(null)}
            data-testid="suggestion-undo"
          >
            {t('suggestions.undo')}
          </button>
        )}
      </div>
    </li>
  );
}

export function SuggestionsPanel({ reading, selectedId, onSelect, onDecide, busy, error }: SuggestionsPanelProps) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<SuggestionFilter>('all');
  const panel = useRef<HTMLElement>(null);
  const list = useRef<HTMLOListElement>(null);

  const visible = filterSuggestions(reading.suggestions, filter);
  const counts = countSuggestions(reading.suggestions);
  const pending = pendingIds(reading.suggestions);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });

  /** `follow` is the suggestion selected when the decision was asked for; the selection moves on from it. */
  async function decide(ids: string[], decision: Decision, follow: string | null): Promise<void> {
    const before = visible;
    const next = await onDecide(ids, decision);
    if (next && follow !== null) {
      onSelect(selectionAfterUpdate(before, filterSuggestions(next.suggestions, filter), follow));
    }
  }

  function chooseFilter(next: SuggestionFilter): void {
    setFilter(next);
    if (selectedId !== null && !filterSuggestions(reading.suggestions, next).some((s) => s.id === selectedId)) {
      onSelect(null);
    }
  }

  function run(action: KeyAction): void {
    if (action === 'next' || action === 'previous') {
      onSelect(moveSelection(visible, selectedId, action === 'next' ? 1 : -1));
      return;
    }
    const selected = reading.suggestions.find((s) => s.id === selectedId);
    if (!selected || busy) return;
    const decision: Decision = action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : null;
    if (selected.decision === decision) return;
    void decide([selected.id], decision, selected.id);
  }

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || isTypingTarget(event.target)) return;
    const focused = panel.current?.contains(document.activeElement) ?? false;
    const action = keyAction(event, focused);
    if (action === null) return;
    event.preventDefault();
    run(action);
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  // Keep the selected suggestion in view as the keys move through the list.
  useEffect(() => {
    if (selectedId === null) return;
    const item = list.current?.querySelector(`[data-suggestion-id="${CSS.escape(selectedId)}"]`);
    if (item instanceof HTMLElement) item.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  let emptyText: string | null = null;
  if (reading.suggestions.length === 0) emptyText = t('suggestions.none');
  else if (visible.length === 0)
    emptyText = filter === 'pending' ? t('suggestions.nonePending') : t('suggestions.noneDecided');

  return (
    <aside className="suggestions" ref={panel} aria-label={t('suggestions.title')} data-testid="suggestions-panel">
      <header className="suggestions__header">
        <div className="suggestions__title-row">
          <h2 className="suggestions__title">{t('suggestions.title')}</h2>
          <span className="suggestions__threshold" data-testid="suggestions-threshold">
            {t('suggestions.threshold', { percent: percent.format(reading.threshold) })}
          </span>
        </div>
        <div className="suggestions__controls">
          <div className="segmented" role="group" aria-label={t('suggestions.filterLabel')}>
            {SUGGESTION_FILTERS.map((f) => (
              <button
                key={f}
                type="button"
                className={`segmented__button${filter === f ? ' is-active' : ''}`}
                aria-pressed={filter === f}
                onClick={() => chooseFilter(f)}
                data-testid={`suggestion-filter-${f}`}
              >
                {t(`suggestions.filters.${f}`)} <span className="segmented__count">{counts[f]}</span>
              </button>
            ))}
          </div>
          <button
            type="button"
            className="button button--small button--primary"
            disabled={busy || pending.length === 0}
            onClick={() => void decide(pending, 'accepted', selectedId)}
            data-testid="accept-all-pending"
          >
            {t('suggestions.acceptAllPending')}
          </button>
        </div>
        {error !== null && (
          <p className="notice notice--error suggestions__error" role="alert" data-testid="suggestions-error">
            {t('suggestions.failed', { message: error })}
          </p>
        )}
      </header>

      <ol
        ref={list}
        className="suggestions__list"
        tabIndex={0}
        aria-label={t('suggestions.listLabel')}
        aria-busy={busy}
        data-testid="suggestion-list"
      >
        {visible.map((s) => (
          <SuggestionItem
            key={s.id}
            suggestion={s}
            selected={s.id === selectedId}
            busy={busy}
            onSelect={() => onSelect(s.id)}
            onDecide={(decision) => void decide([s.id], decision, s.id)}
          />
        ))}
      </ol>
      {emptyText !== null && <p className="suggestions__empty">{emptyText}</p>}

      <footer className="suggestions__footer" data-testid="keyboard-hints">
        <span className="key-hint">
          <kbd>j</kbd>
          <kbd>k</kbd>
          <kbd>↓</kbd>
          <kbd>↑</kbd> {t('suggestions.keys.move')}
        </span>
        <span className="key-hint">
          <kbd>a</kbd> {t('suggestions.keys.accept')}
        </span>
        <span className="key-hint">
          <kbd>r</kbd> {t('suggestions.keys.reject')}
        </span>
        <span className="key-hint">
          <kbd>u</kbd> {t('suggestions.keys.undo')}
        </span>
      </footer>
    </aside>
  );
}
