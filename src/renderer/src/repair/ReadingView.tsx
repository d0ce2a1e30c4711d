// The engine's repaired reading of a page: its articles one after another (headline stacks, bylines,
// captions, body paragraphs, each with its role in the margin), the jump links, and what was set aside.
// Every text is a React string child: OCR text is never parsed as HTML.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

import type { JumpLink, PageReading } from '../../../shared/api';
import type { BlockRole } from '../../../shared/domain';
import { formatRoute } from '../routing/route';
import { articleBlockKey, removedBlockKey, segmentBlocks } from './reading-model';

interface ReadingViewProps {
  reading: PageReading;
  /** Keys of the blocks the selected suggestion points at (see reading-model's highlightedBlocks). */
  highlighted: ReadonlySet<string>;
  /** 'zh-CN' when the page is Chinese, for the right glyph forms. */
  lang: string | undefined;
}

export function RoleBadge({ role }: { role: BlockRole }) {
  const { t } = useTranslation();
  return <span className={`role-badge role-badge--${role}`}>{t(`reading.roles.${role}`)}</span>;
}

function Block({
  role,
  text,
  highlighted,
  lang,
}: {
  role: BlockRole;
  text: string;
  highlighted: boolean;
  lang: string | undefined;
}) {
  const className = `reading-block reading-block--${role}${highlighted ? ' is-highlighted' : ''}`;
  return (
    <div className={className} data-testid="reading-block" data-role={role}>
      <RoleBadge role={role} />
      {role === 'headline' ? (
        <h3 className="reading-block__text" lang={lang}>
          {text}
        </h3>
      ) : (
        <p className="reading-block__text" lang={lang}>
          {text}
        </p>
      )}
    </div>
  );
}

function JumpItem({ link }: { link: JumpLink }) {
  const { t } = useTranslation();
  const label =
    link.direction === 'continued-on'
      ? t('reading.continuedOn', { page: link.page })
      : t('reading.continuedFrom', { page: link.page });
  return (
    <li className="reading-jumps__item" data-testid="jump-link">
      <span className="reading-jumps__arrow" aria-hidden="true">
        {link.direction === 'continued-on' ? '→' : '←'}
      </span>
      <span>{label}</span>
      {link.targetPageId !== null ? (
        <a className="reading-jumps__open" href={formatRoute({ view: 'page', pageId: link.targetPageId })}>
          {t('reading.openPage')}
        </a>
      ) : (
        <span className="reading-jumps__missing">{t('reading.notInCorpus')}</span>
      )}
    </li>
  );
}

export function ReadingView({ reading, highlighted, lang }: ReadingViewProps) {
  const { t } = useTranslation();
  const root = useRef<HTMLDivElement>(null);

  // Bring the selected suggestion's first block into view (a set-aside block only when its section is open).
  useEffect(() => {
    const first = root.current?.querySelector('.is-highlighted');
    if (first instanceof HTMLElement && first.offsetParent !== null) first.scrollIntoView({ block: 'nearest' });
  }, [highlighted]);

  return (
    <div className="reading" ref={root} data-testid="reading">
      {reading.articles.length === 0 && <p className="reading__empty">{t('reading.noArticles')}</p>}
      {reading.articles.map((article, a) => (
        <section
          key={a}
          className="reading-article"
          data-testid="reading-article"
          aria-label={t('reading.article', { n: a + 1 })}
        >
          <div className="reading-article__label">{t('reading.article', { n: a + 1 })}</div>
          {segmentBlocks(article.blocks).map((segment) =>
            segment.kind === 'stack' ? (
              <div key={segment.items[0]!.index} className="headline-stack" data-testid="headline-stack">
                {segment.items.map(({ block, index }) => (
                  <Block
                    key={index}
                    role={block.role}
                    text={block.text}
                    highlighted={highlighted.has(articleBlockKey(a, index))}
                    lang={lang}
                  />
                ))}
              </div>
            ) : (
              <Block
                key={segment.index}
                role={segment.block.role}
                text={segment.block.text}
                highlighted={highlighted.has(articleBlockKey(a, segment.index))}
                lang={lang}
              />
            ),
          )}
        </section>
      ))}

      {reading.jumpLinks.length > 0 && (
        <section className="reading-jumps" aria-label={t('reading.jumps')} data-testid="jump-links">
          <h3 className="reading-section-title">{t('reading.jumps')}</h3>
          <ul className="reading-jumps__list">
            {reading.jumpLinks.map((link) => (
              <JumpItem key={link.suggestionId} link={link} />
            ))}
          </ul>
        </section>
      )}

      {reading.removed.length > 0 && (
        <details className="set-aside" data-testid="set-aside">
          <summary className="set-aside__summary">
            {t('reading.setAside')} <span className="set-aside__count">{reading.removed.length}</span>
          </summary>
          <ul className="set-aside__list">
            {reading.removed.map((block, i) => (
              <li
                key={i}
                className={`set-aside__item${highlighted.has(removedBlockKey(i)) ? ' is-highlighted' : ''}`}
                data-role={block.role}
              >
                <RoleBadge role={block.role} />
                <s className="set-aside__text" lang={lang}>
                  {block.text}
                </s>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
