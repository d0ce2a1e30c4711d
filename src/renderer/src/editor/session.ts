// One open page in the editor: the TipTap editor, autosave with revision checks, the review list and the
// state the side panels read. Kept out of React: a keystroke runs ProseMirror and a few cheap checks here;
// React components subscribe to small stores that change rarely (save status, active span) or after an idle
// delay (span list).
import { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';

import {
  ApiCallError,
  type ApiClient,
  type DocumentState,
  type LabelWithUsage,
  type SpanReviewItem,
} from '../../../shared/api';
import type { BlockRole } from '../../../shared/domain';
import { createIdFactory, type DocBlock, type PageDocument } from '../../../shared/document';
import { docToEditorJson, editorJsonToDoc } from './convert';
import { schemaExtensions } from './extensions';
import { ActiveSpan } from './extensions/active-span';
import { type AnnotationHost, AnnotationKeys, applyLabel } from './extensions/annotation-keys';
import { BlockKeys, setBlockRole } from './extensions/block-keys';
import { History } from './extensions/history';
import { KeepSpans } from './extensions/keep-spans';
import { UniqueIds } from './extensions/unique-ids';
import { applyLabelColors } from './label-styles';
import { type EditorSpan, activeSpan, collectSpans, findSpan, reviewAfter, selectSpan } from './spans';
import { createStore } from './store';

export const AUTOSAVE_DELAY_MS = 800;
export const PANEL_IDLE_MS = 300;
const MESSAGE_MS = 5000;
const RETRY_MS = 5000;

/** Keys of the short messages the status line shows (editor.messages.*). */
export type MessageKey = 'empty' | 'selectFirst' | 'crossesBlocks' | 'overlaps' | 'removed' | 'cannotMove';

export type SaveStatus = 'clean' | 'dirty' | 'saving' | 'saved' | 'conflict' | 'error';

export interface ActiveSpanInfo {
  id: string;
  label: string;
  text: string;
  /** The selection is exactly this span (hotkeys relabel, Delete removes). */
  selected: boolean;
}

const sameActive = (a: ActiveSpanInfo | null, b: ActiveSpanInfo | null): boolean =>
  a === b || (!!a && !!b && a.id === b.id && a.label === b.label && a.text === b.text && a.selected === b.selected);

export class EditorSession implements AnnotationHost {
  readonly status = createStore<SaveStatus>('clean');
  readonly saveError = createStore<string | null>(null);
  readonly message = createStore<{ key: MessageKey; n: number } | null>(null);
  readonly active = createStore<ActiveSpanInfo | null>(null, sameActive);
  readonly review = createStore<SpanReviewItem[]>([]);
  /** The page's spans, refreshed after an idle delay. */
  readonly spans = createStore<EditorSpan[]>([]);
  readonly labels = createStore<LabelWithUsage[]>([]);
  /** The role of the block holding the caret (null outside a block). */
  readonly blockRole = createStore<BlockRole | null>(null);
  revision: number;
  savedAt: string | null;

  editor: Editor | null = null;
  private readonly setAside: DocBlock[];
  private readonly newId: () => string;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private panelTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private pending = false;
  private messageNo = 0;
  private messageTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: ApiClient,
    readonly pageId: number,
    readonly initial: DocumentState,
    labels: LabelWithUsage[],
  ) {
    this.revision = initial.revision;
    this.savedAt = initial.savedAt;
    this.setAside = initial.document.setAside;
    this.review.set(initial.review);
    this.newId = createIdFactory(initial.document, `e${Date.now().toString(36)}-`);
    this.setLabels(labels);
  }

  setLabels(labels: LabelWithUsage[]): void {
    this.labels.set(labels);
    applyLabelColors(labels);
  }

  /** Creates the editor inside `element`. */
  mount(element: HTMLElement, roleLabel: (role: BlockRole) => string): Editor {
    const editor = new Editor({
      element,
      injectCSS: false,
      extensions: [
        ...schemaExtensions(roleLabel),
        History,
        KeepSpans,
        UniqueIds.configure({ newId: this.newId }),
        ActiveSpan,
        AnnotationKeys.configure({ host: this }),
        BlockKeys,
      ],
      content: docToEditorJson(this.initial.document),
      editorProps: {
        attributes: { class: 'page-editor__text', 'data-testid': 'editor-text', lang: 'zh-CN', spellcheck: 'false' },
      },
    });
    editor.on('transaction', ({ transaction, appendedTransactions }) =>
      this.onTransaction(transaction, appendedTransactions.length > 0),
    );
    this.editor = editor;
    this.refreshPanels();
    if (typeof location !== 'undefined' && location.search.includes('e2e=1')) {
      (window as unknown as { __galleyEditor?: Editor }).__galleyEditor = editor;
    }
    return editor;
  }

  /** Saves what is unsaved right away (leaving the page) and stops. */
  destroy(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    // save() reads the editor before its first await, so destroying the editor right after is safe.
    if (this.pending && this.status.get() !== 'conflict') void this.save();
    if (this.panelTimer) clearTimeout(this.panelTimer);
    if (this.messageTimer) clearTimeout(this.messageTimer);
    this.editor?.destroy();
    this.editor = null;
  }

  // AnnotationHost
  labelForHotkey(key: string): string | null {
    return this.labels.get().find((l) => l.hotkey === key)?.name ?? null;
  }
  newSpanId(): string {
    return this.newId();
  }
  /** Shows a message in the status line for a few seconds. */
  notify(key: string): void {
    const n = ++this.messageNo;
    this.message.set({ key: key as MessageKey, n });
    if (this.messageTimer) clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => {
      if (this.message.get()?.n === n) this.message.set(null);
    }, MESSAGE_MS);
  }

  /** A palette click: label the selection or relabel the active span. */
  applyLabel(label: string): void {
    if (!this.editor) return;
    applyLabel(this.editor, this, label);
    this.editor.view.focus();
  }

  /** The role menu: sets the role of the block holding the caret. */
  setRole(role: BlockRole): void {
    if (!this.editor) return;
    setBlockRole(this.editor.state, role, this.editor.view.dispatch);
    this.editor.view.focus();
  }

  selectSpanById(id: string): void {
    const editor = this.editor;
    if (!editor) return;
    const span = findSpan(editor.state.doc, id);
    if (!span) return;
    selectSpan(editor.state, span, editor.view.dispatch);
    editor.view.focus();
    const dom = editor.view.domAtPos(span.from).node;
    (dom instanceof Element ? dom : dom.parentElement)?.scrollIntoView({ block: 'center' });
  }

  dismissReview(spanId: string): void {
    this.review.set(this.review.get().filter((r) => r.spanId !== spanId));
    this.markDirty();
  }

  currentDocument(): PageDocument {
    return editorJsonToDoc(this.editor!.getJSON(), this.setAside);
  }

  private onTransaction(tr: Transaction, appended: boolean): void {
    const editor = this.editor;
    if (!editor) return;
    const span = activeSpan(editor.state);
    this.active.set(
      span
        ? {
            id: span.id,
            label: span.label,
            text: span.text,
            selected: editor.state.selection.from === span.from && editor.state.selection.to === span.to,
          }
        : null,
    );
    const { $from } = editor.state.selection;
    this.blockRole.set($from.parent.type.name === 'block' ? ($from.parent.attrs.role as BlockRole) : null);
    if (!tr.docChanged) return;
    const review = this.review.get();
    const next = reviewAfterSafe(tr, review, appended ? editor.state.doc : tr.doc);
    if (next.length !== review.length || next.some((r, i) => r !== review[i])) this.review.set(next);
    this.markDirty();
    this.refreshPanels();
  }

  private refreshPanels(): void {
    if (this.panelTimer) clearTimeout(this.panelTimer);
    this.panelTimer = setTimeout(() => {
      this.panelTimer = null;
      if (this.editor) this.spans.set(collectSpans(this.editor.state.doc));
    }, PANEL_IDLE_MS);
  }

  private markDirty(): void {
    const status = this.status.get();
    if (status === 'conflict') return;
    if (status !== 'saving') this.status.set('dirty');
    this.pending = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.save();
    }, AUTOSAVE_DELAY_MS);
  }

  /** Saves now (waits for a save in flight first). Never overwrites a newer revision: CONFLICT stops autosave. */
  async save(): Promise<void> {
    if (this.inFlight) {
      await this.inFlight;
      if (this.pending && this.status.get() !== 'conflict') return this.save();
      return;
    }
    if (!this.editor || !this.pending || this.status.get() === 'conflict') return;
    this.pending = false;
    const document = this.currentDocument();
    const review = this.review.get();
    this.status.set('saving');
    this.inFlight = (async () => {
      try {
        const result = await this.api.call('document.save', {
          pageId: this.pageId,
          baseRevision: this.revision,
          document,
          review,
        });
        this.revision = result.revision;
        this.savedAt = result.savedAt;
        this.saveError.set(null);
        this.status.set(this.pending ? 'dirty' : 'saved');
      } catch (error) {
        if (error instanceof ApiCallError && error.code === 'CONFLICT') {
          this.status.set('conflict');
          if (this.saveTimer) clearTimeout(this.saveTimer);
        } else {
          this.saveError.set(error instanceof Error ? error.message : String(error));
          this.status.set('error');
          this.pending = true;
          // Try again later (the server may be restarting); an edit meanwhile saves sooner.
          if (this.saveTimer) clearTimeout(this.saveTimer);
          this.saveTimer = setTimeout(() => {
            this.saveTimer = null;
            void this.save();
          }, RETRY_MS);
        }
      } finally {
        this.inFlight = null;
      }
    })();
    await this.inFlight;
    if (this.pending && this.status.get() === 'dirty' && !this.saveTimer) this.markDirty();
  }
}

/** The review list after an edit; an unexpected failure keeps the list rather than break typing. */
function reviewAfterSafe(tr: Transaction, review: SpanReviewItem[], after: PMNode): SpanReviewItem[] {
  try {
    return reviewAfter(tr.before, tr, review, after);
  } catch {
    return review;
  }
}
