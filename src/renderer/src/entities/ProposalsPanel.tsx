// Galley's proposals for the register: create an entity for a name tagged on several pages, link unlinked
// mentions to the entity that has their name, merge entities that share a name. Accept or dismiss each, or all.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient } from '../../../shared/api';
import type { Proposal } from '../../../shared/entities/types';
import { messageOf } from './messages';

interface ProposalsPanelProps {
  api: ApiClient;
  hidden: boolean;
  /** Bumped when the register changed elsewhere: proposals are loaded again. */
  version: number;
  onCount(n: number): void;
  /** A proposal was accepted or dismissed: the entity list reloads. */
  onChanged(): void;
  onOpenEntity(id: string): void;
}

const LIMIT = 500;

export function ProposalsPanel({ api, hidden, version, onCount, onChanged, onOpenEntity }: ProposalsPanelProps) {
  const { t, i18n } = useTranslation();
  const [rows, setRows] = useState<Proposal[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const [done, setDone] = useState<{ id: string; text: string } | null>(null);
  const [loads, setLoads] = useState(0);

  useEffect(() => {
    let live = true;
    api.call('entities.proposals', { limit: LIMIT }).then(
      (result) => {
        if (!live) return;
        setRows(result.rows);
        setTotal(result.total);
        onCount(result.total);
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, version, loads, onCount]);

  async function run(list: readonly Proposal[], action: 'accept' | 'dismiss'): Promise<void> {
    setBusy({ done: 0, total: list.length });
    setError(null);
    setDone(null);
    try {
      let n = 0;
      for (const p of list) {
        if (action === 'accept') {
          const result = await api.call('entities.acceptProposal', { key: p.key });
          if (list.length === 1) {
            setDone({
              id: result.entity.id,
              text: t('entities.proposals.accepted', {
                linked: result.linked,
                pages: result.pages,
                name: result.entity.canonical,
              }),
            });
          }
        } else {
          await api.call('entities.dismissProposal', { key: p.key });
        }
        setBusy({ done: ++n, total: list.length });
      }
    } catch (e) {
      setError(t('entities.proposals.failed', { message: messageOf(e) }));
    } finally {
      setBusy(null);
      setLoads((v) => v + 1);
      onChanged();
    }
  }

  const number = new Intl.NumberFormat(i18n.language);

  return (
    <aside
      id="entity-proposals"
      className="entity-proposals"
      aria-label={t('entities.proposals.title')}
      hidden={hidden}
      data-testid="entity-proposals"
    >
      <h2 className="entity-proposals__heading">
        {t('entities.proposals.title')} <span className="set-aside__count">{number.format(total)}</span>
      </h2>
      <p className="entity-proposals__hint">{t('entities.proposals.hint')}</p>
      {rows !== null && rows.length > 0 && (
        <div className="entity-proposals__all">
          <button
            type="button"
            className="button button--small button--primary"
            disabled={busy !== null}
            onClick={() => void run(rows, 'accept')}
            data-testid="proposals-accept-all"
          >
            {t('entities.proposals.acceptAll')}
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={busy !== null}
            onClick={() => void run(rows, 'dismiss')}
            data-testid="proposals-dismiss-all"
          >
            {t('entities.proposals.dismissAll')}
          </button>
        </div>
      )}
      {busy && (
        <p className="entity-proposals__status" role="status">
          {t('entities.proposals.working', { done: busy.done, total: busy.total })}
        </p>
      )}
      {done && (
        <p className="notice entity-proposals__status" role="status" data-testid="proposal-done">
          {done.text}{' '}
          <button type="button" className="button button--link" onClick={() => onOpenEntity(done.id)}>
            {t('entities.link.open')}
          </button>
        </p>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {rows === null && error === null && <p className="editor-side__empty">{t('entities.loading')}</p>}
      {rows !== null && rows.length === 0 && <p className="editor-side__empty">{t('entities.proposals.empty')}</p>}
      <ul className="entity-proposals__list">
        {(rows ?? []).map((p) => (
          <li key={p.key} className="proposal" data-testid="proposal" data-kind={p.kind}>
            <div className="proposal__text">
              <span className="label-tag" data-label={p.label}>
                {p.label}
              </span>{' '}
              <span lang="zh-CN">{title(p)}</span>
              <span className="proposal__detail">{detail(p)}</span>
            </div>
            <div className="proposal__actions">
              <button
                type="button"
                className="button button--small button--primary"
                disabled={busy !== null}
                onClick={() => void run([p], 'accept')}
                data-testid="proposal-accept"
              >
                {t('entities.proposals.accept')}
              </button>
              <button
                type="button"
                className="button button--small button--quiet"
                disabled={busy !== null}
                onClick={() => void run([p], 'dismiss')}
                data-testid="proposal-dismiss"
              >
                {t('entities.proposals.dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </aside>
  );

  function title(p: Proposal): string {
    switch (p.kind) {
      case 'create':
        return t('entities.proposals.create', { label: p.label, text: p.text });
      case 'link':
        return t('entities.proposals.link', { text: p.text, canonical: p.canonical });
      case 'merge':
        return t('entities.proposals.merge', { source: p.sourceCanonical, target: p.targetCanonical });
    }
  }

  function detail(p: Proposal): string {
    switch (p.kind) {
      case 'create':
        return t('entities.proposals.createDetail', { mentions: p.mentions, pages: p.pages });
      case 'link':
        return t('entities.proposals.linkDetail', { mentions: p.mentions, pages: p.pages });
      case 'merge':
        return t('entities.proposals.mergeDetail', {
          label: p.label,
          text: p.text,
          sourceMentions: p.sourceMentions,
          targetMentions: p.targetMentions,
        });
    }
  }
}
