// A block dragged by its handle to another place on the page, in its article or another: the pointer's way of
// doing what Alt+↑/↓ do from the keyboard. One handle for the whole page follows the pointer from block to block
// in the margin (no node views, nothing on the typing path); while it is dragged a line shows where the block
// will land, and the window scrolls near its edges; Escape cancels. The move is one transaction (moveBlockTo):
// undoable, autosaved, the block's spans with it.
import type { Editor } from '@tiptap/core';
import { type PointerEvent as ReactPointerEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { moveBlockTo } from './extensions/block-keys';

/** How near the top or bottom of the window a drag scrolls the text, in px. */
const EDGE = 48;

interface Target {
  /** The document position the block would go to (between two blocks). */
  pos: number;
  /** Where the line is drawn, from the top of the wrapper. */
  top: number;
}

/** The block element under a point of the editor's text, or null. */
function blockAt(editor: Editor, x: number, y: number): HTMLElement | null {
  const element = document.elementFromPoint(x, y)?.closest<HTMLElement>('.ed-block') ?? null;
  return element && editor.view.dom.contains(element) ? element : null;
}

/** The position before a block element's node, or null when it is not a block of the document. */
function positionOf(editor: Editor, element: HTMLElement): number | null {
  try {
    const $pos = editor.state.doc.resolve(editor.view.posAtDOM(element, 0));
    return $pos.parent.type.name === 'block' ? $pos.before() : null;
  } catch {
    return null;
  }
}

/** The nearest ancestor that scrolls vertically (the window's document when none). */
function scrollerOf(element: Element): Element {
  for (let el = element.parentElement; el; el = el.parentElement) {
    const overflow = getComputedStyle(el).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && el.scrollHeight > el.clientHeight) return el;
  }
  return document.scrollingElement ?? document.documentElement;
}

export function BlockDrag({ editor, wrap }: { editor: Editor | null; wrap: RefObject<HTMLDivElement | null> }) {
  const { t } = useTranslation();
  const [hovered, setHovered] = useState<{ element: HTMLElement; top: number } | null>(null);
  const [target, setTarget] = useState<Target | null>(null);
  const drag = useRef<{
    from: number;
    size: number;
    pointerId: number;
    /** The pointer's last position. */
    x: number;
    y: number;
    /** Scrolling towards the top (-1) or the bottom (1) of the window, and the frame that does it. */
    scroll: -1 | 0 | 1;
    frame: number | null;
  } | null>(null);
  const [dragging, setDragging] = useState(false);

  // The handle follows the pointer from block to block.
  useEffect(() => {
    const box = wrap.current;
    if (!editor || !box) return;
    const onMove = (event: MouseEvent) => {
      if (drag.current) return;
      const block = event.target instanceof Element ? event.target.closest<HTMLElement>('.ed-block') : null;
      if (!block || !editor.view.dom.contains(block)) return;
      setHovered((prev) =>
        prev?.element === block
          ? prev
          : { element: block, top: block.getBoundingClientRect().top - box.getBoundingClientRect().top },
      );
    };
    const onLeave = () => {
      if (!drag.current) setHovered(null);
    };
    box.addEventListener('mousemove', onMove, { passive: true });
    box.addEventListener('mouseleave', onLeave);
    return () => {
      box.removeEventListener('mousemove', onMove);
      box.removeEventListener('mouseleave', onLeave);
    };
  }, [editor, wrap]);

  // Typing or any other change redraws blocks: the handle waits for the pointer to move again.
  useEffect(() => {
    if (!editor) return;
    const onUpdate = () => {
      if (!drag.current) setHovered(null);
    };
    editor.on('update', onUpdate);
    return () => {
      editor.off('update', onUpdate);
    };
  }, [editor]);

  const end = () => {
    if (drag.current?.frame != null) cancelAnimationFrame(drag.current.frame);
    drag.current = null;
    setDragging(false);
    setTarget(null);
    setHovered(null);
  };

  // Escape cancels a drag.
  useEffect(() => {
    if (!dragging) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      end();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [dragging]);

  if (!editor || !hovered) return null;

  const onPointerDown = (event: ReactPointerEvent<HTMLButtonElement>) => {
    if (event.button !== 0) return;
    const from = positionOf(editor, hovered.element);
    const node = from === null ? null : editor.state.doc.nodeAt(from);
    if (from === null || !node) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = {
      from,
      size: node.nodeSize,
      pointerId: event.pointerId,
      x: event.clientX,
      y: event.clientY,
      scroll: 0,
      frame: null,
    };
    setDragging(true);
  };

  /** Where the block would land with the pointer at (x, y): the line drawn there, or none. */
  const track = (x: number, y: number) => {
    const current = drag.current;
    const box = wrap.current;
    if (!current || !box) return;
    const block = blockAt(editor, Math.max(x, editor.view.dom.getBoundingClientRect().left + 80), y);
    if (!block) return;
    const at = positionOf(editor, block);
    const node = at === null ? null : editor.state.doc.nodeAt(at);
    if (at === null || !node) return;
    const rect = block.getBoundingClientRect();
    const before = y < rect.top + rect.height / 2;
    const pos = before ? at : at + node.nodeSize;
    // Before or after itself: nowhere to go.
    if (pos === current.from || pos === current.from + current.size) {
      setTarget(null);
      return;
    }
    const top = (before ? rect.top - 3 : rect.bottom + 2) - box.getBoundingClientRect().top;
    setTarget((prev) => (prev?.pos === pos && prev.top === top ? prev : { pos, top }));
  };

  /** While the pointer stays near an edge it moved towards, the text scrolls a little every frame. */
  const scrollFrame = () => {
    const current = drag.current;
    const box = wrap.current;
    if (!current || !box || current.scroll === 0) {
      if (current) current.frame = null;
      return;
    }
    const depth = current.scroll < 0 ? EDGE - current.y : current.y - (window.innerHeight - EDGE);
    scrollerOf(box).scrollBy(0, current.scroll * Math.min(24, 4 + Math.max(0, depth) / 2));
    track(current.x, current.y);
    current.frame = requestAnimationFrame(scrollFrame);
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLButtonElement>) => {
    const current = drag.current;
    if (!current || event.pointerId !== current.pointerId) return;
    const dy = event.clientY - current.y;
    current.x = event.clientX;
    current.y = event.clientY;
    // Near the top or bottom of the window, moving towards it (not a drag that merely starts there) scrolls.
    const top = event.clientY < EDGE && (dy < 0 || current.scroll < 0);
    const bottom = event.clientY > window.innerHeight - EDGE && (dy > 0 || current.scroll > 0);
    current.scroll = top ? -1 : bottom ? 1 : 0;
    if (current.scroll !== 0 && current.frame === null) current.frame = requestAnimationFrame(scrollFrame);
    track(event.clientX, event.clientY);
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLButtonElement>) => {
    const current = drag.current;
    if (!current || event.pointerId !== current.pointerId) return;
    if (target) {
      moveBlockTo(editor.state, current.from, target.pos, editor.view.dispatch);
      editor.view.focus();
    }
    end();
  };

  return (
    <>
      <button
        type="button"
        className={`block-handle${dragging ? ' is-dragging' : ''}`}
        style={{ top: hovered.top }}
        title={t('editor.dragBlock')}
        aria-label={t('editor.dragBlock')}
        // The keyboard has Alt+↑/↓ for the same: the handle is for the pointer only.
        tabIndex={-1}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={end}
        data-testid="block-handle"
      >
        ⠿
      </button>
      {target && <div className="block-drop-line" style={{ top: target.top }} data-testid="block-drop-line" />}
    </>
  );
}
