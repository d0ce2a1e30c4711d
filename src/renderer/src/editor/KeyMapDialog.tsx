// The keyboard map (`?` outside the text, or the toolbar's ? button).
import { useTranslation } from 'react-i18next';

import { Dialog } from './Dialog';

const KEYS = [
  ['1 … 9', 'label'],
  ['Esc', 'selectSpan'],
  ['Delete / Backspace', 'removeSpan'],
  ['Alt + ← / →', 'moveEnd'],
  ['Alt + Shift + ← / →', 'moveStart'],
  ['Ctrl/⌘ + Z', 'undo'],
  ['Ctrl/⌘ + Shift + Z', 'redo'],
  ['Enter', 'split'],
  ['Backspace', 'merge'],
  ['Alt + ↑ / ↓', 'moveBlock'],
  ['Ctrl/⌘ + Alt + 1 … 8', 'role'],
  ['Ctrl/⌘ + Shift + Enter', 'splitArticle'],
  ['Ctrl/⌘ + Shift + Backspace', 'joinArticle'],
  ['Ctrl/⌘ + Alt + J / F', 'setAside'],
  ['Ctrl/⌘ + Alt + S', 'setAsideList'],
  ['Ctrl/⌘ + F', 'find'],
  ['Ctrl/⌘ + Shift + F', 'corpusSearch'],
  ['/', 'slashSearch'],
  ['Ctrl/⌘ + Shift + 1 … 4', 'status'],
  ['y / n / a', 'propagate'],
  ['y / n / Enter / a', 'corpusReview'],
  ['Ctrl/⌘ + Alt + O', 'original'],
  ['Alt + ] / [', 'nextSuggestion'],
  ['Alt + Enter', 'acceptSuggestion'],
  ['Alt + Shift + Enter', 'rejectSuggestion'],
  ['Ctrl/⌘ + Alt + Enter', 'acceptAllSuggestions'],
  ['Ctrl/⌘ + Alt + E', 'editLabels'],
  ['Ctrl/⌘ + Alt + R', 'history'],
  ['?', 'help'],
] as const;

export function KeyMapDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('editor.keys')} onClose={onClose} testId="keymap-dialog">
      <dl className="keymap">
        {KEYS.map(([keys, what]) => (
          <div key={what} className="keymap__row">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{t(`editor.keymap.${what}`)}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          {t('editor.close')}
        </button>
      </div>
    </Dialog>
  );
}
