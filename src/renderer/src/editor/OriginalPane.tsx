// The original OCR text beside the editor (Edit tab): differences with the corrected text highlighted, and
// scrolling either side keeps the other on the same text (mapped block by block through the alignment). The
// alignment is computed off the keystroke path, after a pause in typing. Text is rendered as text nodes only.
import type { Editor } from '@tiptap/core';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  alignOriginal,
  currentTextOf,
  currentToOriginal,
  type CurrentText,
  docPosOfOffset,
  offsetOfDocPos,
  type OriginalAlignment,
  type OriginalLine,
  originalLines,
  originalToCurrent,
} from './original-diff';
import './original-pane.css';

/** How long typing must pause before the differences are computed again. */
export const ORIGINAL_DIFF_DELAY_MS = 400;
const STORAGE_KEY = 'galley.editor.originalPane';

function storedOpen(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Whether the pane is open, remembered for this user (like the interface language), and Ctrl/⌘+Alt+O to
 * toggle it while the Edit tab is shown.
 */
export function useOriginalPaneOpen(visible: boolean): [boolean, () => void] {
  const [open, setOpen] = useState(storedOpen);
  const toggle = useCallback(() => {
    setOpen((was) => {
      try {
        localStorage.setItem(STORAGE_KEY, was ? '0' : '1');
      } catch {
        // Storage refused (private mode): the pane still toggles for this session.
      }
      return !was;
    });
  }, []);
  useEffect(() => {
    if (!visible) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.code !== 'KeyO' || !(event.ctrlKey || event.metaKey) || !event.altKey || event.shiftKey) return;
      // AltGr (reported as Ctrl+Alt on some keyboards) + O types a character (ó, ø …): not ours.
      if (event.getModifierState('AltGraph')) return;
      event.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, toggle]);
  return [open, toggle];
}

export function OriginalToggle({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={`button button--small${open ? ' is-pressed' : ''}`}
      aria-pressed={open}
      onClick={onToggle}
      title={t('editor.original.toggleHint')}
      data-testid="toggle-original"
    >
      {t('editor.original.toggle')}
    </button>
  );
}

interface Aligned {
  alignment: OriginalAlignment;
  current: CurrentText;
  lines: OriginalLine[];
}

/** Where a text offset of the original is drawn: a collapsed range in the segment holding it. */
function originalRect(root: HTMLElement, offset: number): DOMRect | null {
  const segments = root.querySelectorAll<HTMLElement>('[data-start]');
  let lo = 0;
  let hi = segments.length - 1;
  if (hi < 0) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (Number(segments[mid]!.dataset.start) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const el = segments[lo]!;
  const node = el.firstChild;
  if (!(node instanceof Text)) return el.getBoundingClientRect();
  const range = document.createRange();
  const at = Math.max(0, Math.min(node.length, offset - Number(el.dataset.start)));
  range.setStart(node, at);
  range.setEnd(node, Math.min(node.length, at + 1));
  const rect = range.getBoundingClientRect();
  return rect.height > 0 ? rect : el.getBoundingClientRect();
}

/** The original offset of the text drawn at a point of the pane. */
function originalOffsetAt(x: number, y: number): number | null {
  const range = document.caretRangeFromPoint?.(x, y);
  if (!range) return null;
  const node = range.startContainer;
  const el = node instanceof Element ? node : node.parentElement;
  const holder = el?.closest<HTMLElement>('[data-start]');
  if (!holder) return null;
  return Number(holder.dataset.start) + (node instanceof Text ? range.startOffset : 0);
}

/**
 * The editor and, when open, the original beside it; both then scroll on their own and follow each other.
 * The editor's host element stays the same DOM node whether the pane is open or not.
 */
export function OriginalSplit({
  editor,
  original,
  open,
  lang,
  children,
}: {
  editor: Editor | null;
  original: string;
  open: boolean;
  lang: string | undefined;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const editorBox = useRef<HTMLDivElement>(null);
  const pane = useRef<HTMLDivElement>(null);
  const [aligned, setAligned] = useState<Aligned | null>(null);
  const alignedRef = useRef<Aligned | null>(null);
  useEffect(() => {
    alignedRef.current = aligned;
  }, [aligned]);

  // The alignment: once when opened, then after each pause in typing — never on the keystroke itself.
  useEffect(() => {
    if (!open || !editor) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const compute = () => {
      timer = null;
      if (editor.isDestroyed) return;
      const current = currentTextOf(editor.state.doc);
      const alignment = alignOriginal(original, current.text);
      setAligned({ alignment, current, lines: originalLines(alignment) });
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(compute, ORIGINAL_DIFF_DELAY_MS);
    };
    timer = setTimeout(compute, 0);
    editor.on('update', schedule);
    return () => {
      editor.off('update', schedule);
      if (timer) clearTimeout(timer);
    };
  }, [open, editor, original]);

  // Scroll sync. A scroll this code caused on the other side is recognised by its target and not echoed.
  useEffect(() => {
    const left = pane.current;
    const right = editorBox.current;
    if (!open || !editor || !left || !right) return;
    const expected = new Map<HTMLElement, number>();
    let frame = 0;
    const scrollTo = (box: HTMLElement, top: number) => {
      const next = Math.max(0, Math.min(Math.round(top), box.scrollHeight - box.clientHeight));
      if (Math.abs(next - box.scrollTop) < 1) return;
      expected.set(box, next);
      box.scrollTop = next;
    };
    const fromEditor = () => {
      const a = alignedRef.current;
      if (!a || editor.isDestroyed) return;
      const box = right.getBoundingClientRect();
      const textBox = editor.view.dom.getBoundingClientRect();
      const probe = editor.view.posAtCoords({ left: textBox.left + textBox.width / 2, top: box.top + 4 });
      if (!probe) return;
      const pos = Math.min(probe.pos, editor.state.doc.content.size);
      const shift = editor.view.coordsAtPos(pos).top - box.top;
      const offset = currentToOriginal(a.alignment, offsetOfDocPos(a.current, pos));
      const rect = originalRect(left, offset);
      if (!rect) return;
      scrollTo(left, left.scrollTop + (rect.top - left.getBoundingClientRect().top) - shift);
    };
    const fromPane = () => {
      const a = alignedRef.current;
      if (!a || editor.isDestroyed) return;
      const box = left.getBoundingClientRect();
      const offset = originalOffsetAt(box.left + 24, box.top + 12);
      if (offset === null) return;
      const shift = (originalRect(left, offset)?.top ?? box.top) - box.top;
      const pos = docPosOfOffset(a.current, originalToCurrent(a.alignment, offset));
      if (pos === null) return;
      const top = editor.view.coordsAtPos(Math.min(pos, editor.state.doc.content.size)).top;
      scrollTo(right, right.scrollTop + (top - right.getBoundingClientRect().top) - shift);
    };
    const onScroll = (event: Event) => {
      const box = event.currentTarget as HTMLElement;
      const want = expected.get(box);
      if (want !== undefined) {
        expected.delete(box);
        if (Math.abs(box.scrollTop - want) < 2) return;
      }
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(box === left ? fromPane : fromEditor);
    };
    left.addEventListener('scroll', onScroll, { passive: true });
    right.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      left.removeEventListener('scroll', onScroll);
      right.removeEventListener('scroll', onScroll);
    };
  }, [open, editor, aligned !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  const changes = aligned ? aligned.alignment.originalRanges.length + aligned.alignment.insertions.length : 0;

  return (
    <div className={`orig-split${open ? ' is-open' : ''}`} data-testid="original-split">
      {open && (
        <section className="orig-pane" aria-label={t('editor.original.title')} data-testid="original-pane">
          <header className="orig-pane__header">
            <span className="orig-pane__title">{t('editor.original.title')}</span>
            <span className="orig-pane__legend">
              <del className="orig-del">{t('editor.original.deleted')}</del>{' '}
              <mark className="orig-changed">{t('editor.original.changed')}</mark>{' '}
              <ins className="orig-ins">{t('editor.original.inserted')}</ins>
            </span>
            <span className="orig-pane__count" data-testid="original-changes">
              {aligned ? t('editor.original.changes', { count: changes }) : t('editor.original.aligning')}
            </span>
          </header>
          <div ref={pane} className="orig-pane__text" lang={lang} data-testid="original-text">
            {aligned?.lines.map((line) => (
              <div key={line.start} className="orig-line">
                {line.segments.length === 0 ? (
                  <span data-start={line.start}>{'\u200b'}</span>
                ) : (
                  line.segments.map((seg) => (
                    <Segment
                      key={seg.start}
                      start={seg.start}
                      text={seg.text}
                      kind={seg.kind}
                      inserted={seg.inserted}
                    />
                  ))
                )}
              </div>
            ))}
          </div>
        </section>
      )}
      <div ref={editorBox} className="orig-split__editor">
        {children}
      </div>
    </div>
  );
}

function Segment({
  start,
  text,
  kind,
  inserted,
}: {
  start: number;
  text: string;
  kind: 'same' | 'deleted' | 'changed';
  inserted: string | undefined;
}) {
  // String children only: React makes them text nodes, so markup in the OCR text stays text.
  return (
    <>
      {inserted !== undefined && (
        <ins className="orig-ins" data-testid="original-inserted">
          {inserted}
        </ins>
      )}
      {text === '' ? null : kind === 'same' ? (
        <span data-start={start}>{text}</span>
      ) : kind === 'deleted' ? (
        <del className="orig-del" data-start={start} data-testid="original-deleted">
          {text}
        </del>
      ) : (
        <mark className="orig-changed" data-start={start} data-testid="original-changed">
          {text}
        </mark>
      )}
    </>
  );
}
