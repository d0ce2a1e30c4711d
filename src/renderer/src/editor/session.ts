// One open page in the editor: the TipTap editor, autosave with revision checks, the review list and the
// state the side panels read. Kept out of React: a keystroke runs ProseMirror and a few cheap checks here;
// React components subscribe to small stores that change rarely (save status, active span) or after an idle
// delay (span list).
import { Editor, type JSONContent } from '@tiptap/core';
import { redo, undo } from '@tiptap/pm/history';
import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection, type Transaction } from '@tiptap/pm/state';

import {
  ApiCallError,
  type ApiClient,
  type DocumentState,
  type LabelWithUsage,
  type SpanReviewItem,
} from '../../../shared/api';
import type { BlockRole } from '../../../shared/domain';
import {
  createIdFactory,
  type DocBlock,
  type DocumentPatch,
  type PageDocument,
  type PatchBlock,
  type SetAsideRole,
} from '../../../shared/document';
import { docToEditorJson, editorJsonToDoc, jsonToBlock } from './convert';
import { schemaExtensions } from './extensions';
import { ActiveSpan } from './extensions/active-span';
import { type AnnotationHost, AnnotationKeys, applyLabel } from './extensions/annotation-keys';
import { ArticleKeys, joinArticle, splitArticle } from './extensions/article-keys';
import { BlockKeys, setBlockRole } from './extensions/block-keys';
import {
  type FindInfo,
  type FindRange,
  FindReplace,
  findKey,
  findMatchesOf,
  replaceRanges,
  setFindQuery,
  stepMatch,
} from './extensions/find';
import { History } from './extensions/history';
import { KeepSpans } from './extensions/keep-spans';
import { type PropagateHost, type PropagateKey, PropagateKeys } from './extensions/propagate-keys';
import { SetAsideKeys } from './extensions/set-aside-keys';
import { TypedText } from './extensions/typed-text';
import { UniqueIds } from './extensions/unique-ids';
import { isElectron } from '../api/client';
import { idBlocksOf, revealRange } from '../search/reveal-position';
import type { PageReveal } from '../search/search-route';
import { applyLabelColors } from './label-styles';
import { blocksOf, findOccurrences, matchPositions } from './occurrences';
import { editSetAsideText, restoreSetAside, setAsideOf, setBlockAside, setSetAsideRole } from './set-aside';
import {
  SPAN_OP,
  type EditorSpan,
  activeSpan,
  collectSpans,
  findSpan,
  reviewAfter,
  selectSpan,
  setSpanEntity,
} from './spans';
import { createStore } from './store';

export const AUTOSAVE_DELAY_MS = 800;
export const PANEL_IDLE_MS = 300;
const MESSAGE_MS = 5000;
const RETRY_MS = 5000;

/** Keys of the short messages the status line shows (editor.messages.*). */
export type MessageKey =
  | 'empty'
  | 'selectFirst'
  | 'crossesBlocks'
  | 'overlaps'
  | 'removed'
  | 'cannotMove'
  | 'nothingSetAside'
  | 'notInBlock'
  | 'articleStart'
  | 'firstArticle';

export type SaveStatus = 'clean' | 'dirty' | 'saving' | 'saved' | 'conflict' | 'error';

export interface ActiveSpanInfo {
  id: string;
  label: string;
  text: string;
  /** The selection is exactly this span (hotkeys relabel, Delete removes). */
  selected: boolean;
  /** The entity of the register it links to, if any. */
  entityId: string | null;
}

/** The offer after a span was created: tag the other untagged occurrences of its text with its label. */
export interface PropagateOffer {
  label: string;
  text: string;
  count: number;
}

/** The running review of those occurrences: `index` (1-based) of `total` is selected. */
export interface Propagation {
  label: string;
  text: string;
  index: number;
  total: number;
  tagged: number;
}

const sameActive = (a: ActiveSpanInfo | null, b: ActiveSpanInfo | null): boolean =>
  a === b ||
  (!!a &&
    !!b &&
    a.id === b.id &&
    a.label === b.label &&
    a.text === b.text &&
    a.selected === b.selected &&
    a.entityId === b.entityId);

export class EditorSession implements AnnotationHost, PropagateHost {
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
  readonly offer = createStore<PropagateOffer | null>(null);
  readonly propagation = createStore<Propagation | null>(null);
  /** Matches of the find bar's query (count 0 while it is closed). */
  readonly findInfo = createStore<FindInfo>(
    { count: 0, index: 0 },
    (a, b) => a.count === b.count && a.index === b.index,
  );
  /** The page's set-aside blocks (jumps, furniture) as the editor holds them now. */
  readonly setAside: ReturnType<typeof createStore<readonly DocBlock[]>>;
  /** A newer revision saved elsewhere (another window or tab, a corpus-wide change), seen when this tab came back. */
  readonly changedElsewhere = createStore<number | null>(null);
  revision: number;
  savedAt: string | null;

  editor: Editor | null = null;
  private readonly newId: () => string;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private panelTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private pending = false;
  private messageNo = 0;
  private messageTimer: ReturnType<typeof setTimeout> | null = null;
  /** The occurrences the propagation review steps through, mapped through every edit. */
  private queue: FindRange[] = [];
  private queueAt = 0;
  /**
   * The block nodes of the revision the server holds (this.revision), by id; null before the page was ever
   * saved. ProseMirror shares unchanged nodes between states, so a block node still identical to its saved one
   * is unchanged and a save names it by id instead of sending it (document/patch.ts).
   */
  private savedBlocks: Map<string, PMNode> | null = null;
  /** The set-aside blocks of that revision: an edit there makes a new block object, so identity tells. */
  private savedSetAside: ReadonlySet<DocBlock> | null = null;

  constructor(
    private readonly api: ApiClient,
    readonly pageId: number,
    readonly initial: DocumentState,
    labels: LabelWithUsage[],
  ) {
    this.revision = initial.revision;
    this.savedAt = initial.savedAt;
    this.setAside = createStore<readonly DocBlock[]>(initial.document.setAside);
    this.review.set(initial.review);
    this.newId = createIdFactory(initial.document, `e${Date.now().toString(36)}-`);
    this.setLabels(labels);
  }

  setLabels(labels: LabelWithUsage[]): void {
    this.labels.set(labels);
    applyLabelColors(labels);
  }

  /**
   * Closing the tab or window, or hiding it, saves what the autosave delay still holds: the researcher's
   * last keystrokes are not lost to the debounce.
   */
  private readonly flushOnHide = (event: Event): void => {
    if (event.type === 'visibilitychange' && document.visibilityState !== 'hidden') return;
    if (!this.pending || this.status.get() === 'conflict') return;
    void this.saveNow();
  };

  /**
   * Leaving while edits are not saved yet (closing the tab or window, reloading): the save starts now and the
   * browser asks the researcher to stay until it is done. The page-hide flush cannot carry a page over the 64 KB a
   * closing request may hold, so without this a large page's last edits could be lost. In Electron the window
   * closes by itself once the save went through; a failed save keeps it open with its message.
   */
  private readonly holdUnsaved = (event: BeforeUnloadEvent): void => {
    if (this.status.get() === 'conflict' || (!this.pending && this.inFlight === null)) return;
    event.preventDefault();
    // Chromium before 119 (and Electron on it) asks only when returnValue is set.
    event.returnValue = '';
    void this.saveNow().then(() => {
      if (isElectron() && !this.pending && this.status.get() === 'saved') window.close();
    });
  };

  /**
   * Coming back to this tab or window: has the page been saved elsewhere meanwhile? Then say so at once, before
   * an edit here runs into the conflict (nothing is reloaded or overwritten by itself).
   */
  private readonly checkElsewhere = (event: Event): void => {
    if (event.type === 'visibilitychange' && document.visibilityState !== 'visible') return;
    if (this.inFlight || this.status.get() === 'conflict') return;
    const known = this.revision;
    this.api.call('document.get', { pageId: this.pageId }).then(
      (state) => {
        // A save of ours that finished meanwhile moved this.revision: only a revision we never wrote counts.
        if (state.revision > this.revision && this.revision === known) this.changedElsewhere.set(state.revision);
      },
      () => undefined, // Offline for a moment: the next save says what is wrong.
    );
  };

  mount(element: HTMLElement): Editor {
    window.addEventListener('pagehide', this.flushOnHide);
    document.addEventListener('visibilitychange', this.flushOnHide);
    window.addEventListener('beforeunload', this.holdUnsaved);
    window.addEventListener('focus', this.checkElsewhere);
    document.addEventListener('visibilitychange', this.checkElsewhere);
    const editor = new Editor({
      element,
      injectCSS: false,
      // TipTap's core 'delete' extension diffs every transaction's steps to emit 'delete' events; nothing here
      // listens to them, and the diff is work on every keystroke.
      enableCoreExtensions: { delete: false },
      extensions: [
        ...schemaExtensions(),
        History,
        KeepSpans,
        UniqueIds.configure({ newId: this.newId }),
        ActiveSpan,
        AnnotationKeys.configure({ host: this }),
        BlockKeys,
        ArticleKeys.configure({ refused: (why) => this.notify(why) }),
        PropagateKeys.configure({ host: this }),
        SetAsideKeys.configure({ host: this }),
        FindReplace.configure({ onChange: (info) => this.findInfo.set(info) }),
        TypedText,
      ],
      content: docToEditorJson(this.initial.document),
      editorProps: {
        attributes: { class: 'page-editor__text', 'data-testid': 'editor-text', lang: 'zh-CN', spellcheck: 'false' },
      },
    });
    // The document as loaded is the stored revision: its nodes are what the server has.
    if (this.revision > 0) {
      this.savedBlocks = blockNodes(editor.state.doc);
      this.savedSetAside = new Set(setAsideOf(editor.state.doc));
    }
    editor.on('transaction', ({ transaction, appendedTransactions }) => {
      this.mapQueue([transaction, ...appendedTransactions]);
      this.onTransaction(transaction, appendedTransactions.length > 0);
    });
    this.editor = editor;
    this.refreshPanels();
    if (typeof location !== 'undefined' && location.search.includes('e2e=1')) {
      (window as unknown as { __galleyEditor?: Editor }).__galleyEditor = editor;
    }
    return editor;
  }

  /** Saves what is unsaved right away (leaving the page) and stops. */
  destroy(): void {
    window.removeEventListener('pagehide', this.flushOnHide);
    document.removeEventListener('visibilitychange', this.flushOnHide);
    window.removeEventListener('beforeunload', this.holdUnsaved);
    window.removeEventListener('focus', this.checkElsewhere);
    document.removeEventListener('visibilitychange', this.checkElsewhere);
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

  /** The article menu: a new article from the caret's block on, or its article joined to the one before. */
  changeArticles(how: 'split' | 'join'): void {
    const editor = this.editor;
    if (!editor) return;
    const done = (how === 'split' ? splitArticle : joinArticle)(editor.state, editor.view.dispatch);
    if (done !== true) this.notify(done);
    editor.view.focus();
  }

  // Set-aside blocks: each operation is one transaction (one undo step, saved like typing).

  /** Sets the block holding the caret aside as a jump marker or furniture. False outside a block. */
  setBlockAside(role: SetAsideRole): boolean {
    const editor = this.editor;
    if (!editor) return false;
    const tr = setBlockAside(editor.state, role);
    if (!tr) {
      this.notify('notInBlock');
      return false;
    }
    editor.view.dispatch(tr);
    editor.view.focus();
    return true;
  }

  /** Restores a set-aside block into the text as body, after the block holding the caret; the caret goes to it. */
  restoreSetAside(blockId: string): void {
    const editor = this.editor;
    if (!editor) return;
    const known = new Set(this.labels.get().map((l) => l.name));
    const tr = restoreSetAside(editor.state, blockId, this.newId, { knownLabel: (label) => known.has(label) });
    if (!tr) return;
    editor.view.dispatch(tr);
    editor.view.focus();
    this.scrollTo(editor.state.selection.from);
  }

  /** Corrects the text of a set-aside block (its spans follow the text). */
  editSetAside(blockId: string, text: string): void {
    const editor = this.editor;
    if (!editor) return;
    const tr = editSetAsideText(editor.state, blockId, text);
    if (tr) editor.view.dispatch(tr);
  }

  /** Makes a set-aside block a jump marker or furniture. */
  setSetAsideRole(blockId: string, role: SetAsideRole): void {
    const editor = this.editor;
    if (!editor) return;
    const tr = setSetAsideRole(editor.state, blockId, role);
    if (tr) editor.view.dispatch(tr);
  }

  /** Undo and redo from outside the text (the set-aside list): the editor's own history. */
  undo(): void {
    if (this.editor) undo(this.editor.state, this.editor.view.dispatch);
  }
  redo(): void {
    if (this.editor) redo(this.editor.state, this.editor.view.dispatch);
  }

  selectSpanById(id: string): void {
    const editor = this.editor;
    if (!editor) return;
    const span = findSpan(editor.state.doc, id);
    if (!span) return;
    selectSpan(editor.state, span, editor.view.dispatch);
    editor.view.focus();
    this.scrollTo(span.from);
  }

  /** Links a span to an entity of the register, or unlinks it (null); saved with the page like any edit. */
  setSpanEntity(spanId: string, entityId: string | null): void {
    const editor = this.editor;
    if (!editor) return;
    const span = findSpan(editor.state.doc, spanId);
    if (!span) return;
    setSpanEntity(editor.state, span, entityId, editor.view.dispatch);
  }

  dismissReview(spanId: string): void {
    this.review.set(this.review.get().filter((r) => r.spanId !== spanId));
    this.markDirty();
  }

  currentDocument(): PageDocument {
    return editorJsonToDoc(this.editor!.getJSON());
  }

  /**
   * What a save sends: the whole document when nothing is stored yet, else the changes since the saved
   * revision (the structure, blocks changed since in full, the others by id); and the block nodes it saves.
   */
  private saveContent(): {
    content: { document: PageDocument } | { changes: DocumentPatch };
    nodes: Map<string, PMNode>;
    setAside: ReadonlySet<DocBlock>;
  } {
    const doc = this.editor!.state.doc;
    const nodes = blockNodes(doc);
    const setAside = setAsideOf(doc);
    const saved = this.savedBlocks;
    const savedSetAside = this.savedSetAside;
    if (!saved || !savedSetAside) {
      return { content: { document: this.currentDocument() }, nodes, setAside: new Set(setAside) };
    }
    const articles: DocumentPatch['articles'] = [];
    doc.forEach((article) => {
      if (article.type.name !== 'article') return;
      const blocks: PatchBlock[] = [];
      article.forEach((block) => {
        if (block.type.name !== 'block') return;
        const id = String(block.attrs.id);
        blocks.push(saved.get(id) === block ? id : jsonToBlock(block.toJSON() as JSONContent));
      });
      articles.push({ id: String(article.attrs.id), blocks });
    });
    // A set-aside block still the object saved goes by id; one set aside, restored into or edited since in full.
    const aside = setAside.map((b) => (savedSetAside.has(b) ? b.id : b));
    return { content: { changes: { version: 1, articles, setAside: aside } }, nodes, setAside: new Set(setAside) };
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
            entityId: (span.mark.attrs.entityId as string | null | undefined) ?? null,
          }
        : null,
    );
    const { $from } = editor.state.selection;
    this.blockRole.set($from.parent.type.name === 'block' ? ($from.parent.attrs.role as BlockRole) : null);
    this.setAside.set(setAsideOf(editor.state.doc));
    if (!tr.docChanged) return;
    const op = tr.getMeta(SPAN_OP) as string | undefined;
    if (op === 'create') this.offerFor(span);
    else if (!op && this.offer.get()) this.offer.set(null);
    const review = this.review.get();
    const next = reviewAfterSafe(tr, review, appended ? editor.state.doc : tr.doc);
    if (next.length !== review.length || next.some((r, i) => r !== review[i])) this.review.set(next);
    this.markDirty();
    this.refreshPanels();
  }

  // Tagging all occurrences

  private offerFor(span: EditorSpan | null): void {
    if (!span || !this.editor || this.propagation.get()) return this.offer.set(null);
    const count = findOccurrences(blocksOf(this.editor.state.doc), span.text).length;
    // Offered with no other occurrence on the page too: the corpus may hold some (PropagateBar).
    this.offer.set({ label: span.label, text: span.text, count });
  }

  dismissOffer(): void {
    this.offer.set(null);
  }

  /** Starts the review of the offer's occurrences, selecting the first. */
  startPropagation(): void {
    const offer = this.offer.get();
    const editor = this.editor;
    if (!offer || !editor) return;
    this.offer.set(null);
    const blocks = blocksOf(editor.state.doc);
    this.queue = findOccurrences(blocks, offer.text).map((m) => matchPositions(blocks, m));
    this.queueAt = 0;
    this.propagation.set({ label: offer.label, text: offer.text, index: 0, total: this.queue.length, tagged: 0 });
    this.showOccurrence();
  }

  propagating(): boolean {
    return this.propagation.get() !== null;
  }

  propagationKey(key: PropagateKey): void {
    const p = this.propagation.get();
    const editor = this.editor;
    if (!p || !editor) return;
    if (key === 'Escape') return this.endPropagation();
    if (key === 'a') {
      const tagged = this.tagOccurrences(this.queue.slice(this.queueAt), p.label, p.text);
      this.propagation.set({ ...p, tagged: p.tagged + tagged });
      return this.endPropagation();
    }
    const current = this.queue[this.queueAt];
    const tagged = key === 'y' && current ? this.tagOccurrences([current], p.label, p.text) : 0;
    this.queueAt++;
    this.propagation.set({ ...p, tagged: p.tagged + tagged });
    this.showOccurrence();
  }

  endPropagation(): void {
    this.queue = [];
    this.queueAt = 0;
    this.propagation.set(null);
    this.editor?.view.focus();
  }

  /** Whether an occurrence can still be tagged: the same text, no span on it. */
  private stillOpen(r: FindRange, text: string): boolean {
    const doc = this.editor!.state.doc;
    if (r.to > doc.content.size || r.to <= r.from) return false;
    const $from = doc.resolve(r.from);
    if ($from.parent.type.name !== 'block' || !$from.sameParent(doc.resolve(r.to))) return false;
    return doc.textBetween(r.from, r.to) === text && !doc.rangeHasMark(r.from, r.to, doc.type.schema.marks.entity!);
  }

  /** Tags the occurrences still open, in one transaction (one undo step); returns how many. */
  private tagOccurrences(ranges: readonly FindRange[], label: string, text: string): number {
    const editor = this.editor!;
    const open = ranges.filter((r) => this.stillOpen(r, text));
    if (open.length === 0) return 0;
    const type = editor.state.schema.marks.entity!;
    const tr = editor.state.tr;
    for (const r of open) tr.addMark(r.from, r.to, type.create({ id: this.newId(), label, origin: 'propagated' }));
    editor.view.dispatch(tr.setMeta(SPAN_OP, 'propagate'));
    return open.length;
  }

  /** Selects the next open occurrence and scrolls it into view; ends the review after the last. */
  private showOccurrence(): void {
    const p = this.propagation.get();
    const editor = this.editor;
    if (!p || !editor) return;
    while (this.queueAt < this.queue.length && !this.stillOpen(this.queue[this.queueAt]!, p.text)) this.queueAt++;
    const r = this.queue[this.queueAt];
    if (!r) return this.endPropagation();
    this.propagation.set({ ...p, index: this.queueAt + 1 });
    editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, r.from, r.to)));
    editor.view.focus();
    this.scrollTo(r.from);
  }

  private mapQueue(trs: readonly Transaction[]): void {
    if (this.queue.length === 0) return;
    for (const tr of trs) {
      if (!tr.docChanged) continue;
      this.queue = this.queue.map((r) => ({ from: tr.mapping.map(r.from, 1), to: tr.mapping.map(r.to, -1) }));
    }
  }

  private scrollTo(pos: number): void {
    const editor = this.editor;
    if (!editor) return;
    const dom = editor.view.domAtPos(pos).node;
    (dom instanceof Element ? dom : dom.parentElement)?.scrollIntoView({ block: 'center' });
  }

  // Find and replace

  /**
   * Puts the caret at the start of a search hit, so that the find bar, opened on the hit's text, makes that
   * occurrence its current match (highlighted and scrolled to). False when the page no longer holds the text.
   */
  caretAtHit(reveal: PageReveal): boolean {
    const editor = this.editor;
    if (!editor) return false;
    const range = revealRange(idBlocksOf(editor.state.doc), reveal);
    if (!range) return false;
    const selection = TextSelection.create(editor.state.doc, range.from);
    editor.view.dispatch(editor.state.tr.setSelection(selection).setMeta('addToHistory', false));
    return true;
  }

  /** Sets the find query (empty: no matches shown); the current match is the first after the caret. */
  find(query: string): void {
    const editor = this.editor;
    if (!editor) return;
    editor.view.dispatch(setFindQuery(editor.state, query, editor.state.selection.from));
    const current = findKey.getState(editor.state)?.current;
    if (current) this.scrollTo(current.from);
  }

  /** Makes the next or previous match current and scrolls it into view. */
  findStep(dir: 1 | -1): void {
    const editor = this.editor;
    if (!editor) return;
    const step = stepMatch(editor.state, dir);
    if (!step) return;
    editor.view.dispatch(step.tr);
    this.scrollTo(step.match.from);
  }

  /** Replaces the current match and moves on to the next one. */
  replaceCurrent(text: string): void {
    const editor = this.editor;
    if (!editor) return;
    const current = findKey.getState(editor.state)?.current;
    if (!current) return this.findStep(1);
    const tr = replaceRanges(editor.state, [current], text);
    if (!tr) return;
    const after = current.from + text.length;
    editor.view.dispatch(tr.setSelection(TextSelection.create(tr.doc, after)));
    this.findStep(1);
  }

  /** Replaces every match in one transaction (one undo step). Returns how many. */
  replaceAll(text: string): number {
    const editor = this.editor;
    if (!editor) return 0;
    const matches = findMatchesOf(editor.state);
    const tr = replaceRanges(editor.state, matches, text);
    if (tr) editor.view.dispatch(tr);
    return matches.length;
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

  /** Saves at once instead of after the autosave delay. */
  private saveNow(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    return this.save();
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
    const { content, nodes, setAside } = this.saveContent();
    const review = this.review.get();
    this.status.set('saving');
    this.inFlight = (async () => {
      try {
        const result = await this.api.call('document.save', {
          pageId: this.pageId,
          baseRevision: this.revision,
          ...content,
          review,
        });
        this.revision = result.revision;
        this.savedAt = result.savedAt;
        this.savedBlocks = nodes;
        this.savedSetAside = setAside;
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

/** The block nodes of a document by id, as editorJsonToDoc reads them (blocks of articles). */
function blockNodes(doc: PMNode): Map<string, PMNode> {
  const nodes = new Map<string, PMNode>();
  doc.forEach((article) => {
    if (article.type.name === 'article')
      article.forEach((block) => {
        if (block.type.name === 'block') nodes.set(String(block.attrs.id), block);
      });
  });
  return nodes;
}

/** The review list after an edit; an unexpected failure keeps the list rather than break typing. */
function reviewAfterSafe(tr: Transaction, review: SpanReviewItem[], after: PMNode): SpanReviewItem[] {
  try {
    return reviewAfter(tr.before, tr, review, after);
  } catch {
    return review;
  }
}
