// State shared by the corpus-wide find/replace and tag panel and the bars that open it, kept outside React so
// the editor's components need no new props: one request store per editor session, and the outcome of the
// last operation per page, which survives the reload of an editor whose page the operation changed.
import type { CorpusOpResult } from '../../../shared/corpus-ops';
import type { EditorSession } from './session';
import { createStore, type Store } from './store';

/** What the panel is asked to do: review a corpus-wide replacement, or the tagging of a span's text. */
export type CorpusRequest =
  | { kind: 'replace'; text: string; replacement: string; matchCase: boolean; n: number }
  | { kind: 'tag'; text: string; label: string; n: number };

export interface CorpusOutcome {
  kind: CorpusRequest['kind'];
  text: string;
  result: CorpusOpResult;
}

const requests = new WeakMap<EditorSession, Store<CorpusRequest | null>>();
let requestNo = 0;

export function corpusRequest(session: EditorSession): Store<CorpusRequest | null> {
  let store = requests.get(session);
  if (!store) {
    store = createStore<CorpusRequest | null>(null);
    requests.set(session, store);
  }
  return store;
}

/** Opens the panel for a request (a new one each time, so asking again searches again). */
export function openCorpusPanel(
  session: EditorSession,
  request: Omit<Extract<CorpusRequest, { kind: 'replace' }>, 'n'> | Omit<Extract<CorpusRequest, { kind: 'tag' }>, 'n'>,
): void {
  corpusRequest(session).set({ ...request, n: ++requestNo } as CorpusRequest);
}

const outcomes = new Map<number, CorpusOutcome>();

/** Keeps an outcome to show once the editor of `pageId` has reloaded. */
export function keepOutcome(pageId: number, outcome: CorpusOutcome): void {
  outcomes.set(pageId, outcome);
}

/** The outcome kept for the page, once. */
export function takeOutcome(pageId: number): CorpusOutcome | null {
  const outcome = outcomes.get(pageId) ?? null;
  outcomes.delete(pageId);
  return outcome;
}
