// The label palette: one chip per label (colour, name, hotkey). A click labels the selection or relabels the
// active span; the span the caret is on is shown beside it.
import { useTranslation } from 'react-i18next';

import type { EditorSession } from './session';
import { useStore } from './store';

export function Palette({ session, onEditLabels }: { session: EditorSession; onEditLabels(): void }) {
  const { t } = useTranslation();
  const labels = useStore(session.labels);
  const active = useStore(session.active);
  return (
    <div className="palette" role="toolbar" aria-label={t('editor.palette')} data-testid="palette">
      {labels.map((label) => (
        <button
          key={label.name}
          type="button"
          className={`label-chip${active?.label === label.name ? ' is-current' : ''}`}
          data-label={label.name}
          data-testid="label-chip"
          // Keep the editor's selection: a mousedown on a button would blur it first.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => session.applyLabel(label.name)}
          title={label.hotkey ? t('editor.chipHint', { key: label.hotkey }) : undefined}
        >
          <span className="label-chip__swatch" aria-hidden="true" />
          <span className="label-chip__name">{label.name}</span>
          {label.hotkey && <kbd className="label-chip__key">{label.hotkey}</kbd>}
        </button>
      ))}
      <button
        type="button"
        className="button button--small button--quiet"
        onClick={onEditLabels}
        data-testid="edit-labels"
      >
        {t('editor.editLabels')}
      </button>
      <span className="palette__active" data-testid="active-span" data-span-id={active?.id ?? ''}>
        {active ? (
          <>
            <span className="label-chip__swatch" data-label={active.label} aria-hidden="true" />
            {t(active.selected ? 'editor.spanSelected' : 'editor.spanAtCaret', {
              label: active.label,
              text: active.text,
            })}
          </>
        ) : null}
      </span>
    </div>
  );
}
