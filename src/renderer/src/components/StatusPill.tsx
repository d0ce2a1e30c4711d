// A page's status as a small coloured pill with its translated name.
import { useTranslation } from 'react-i18next';

import type { PageStatus } from '../../../shared/domain';

export function StatusPill({ status }: { status: PageStatus }) {
  const { t } = useTranslation();
  return <span className={`status-pill status-pill--${status}`}>{t(`status.${status}`)}</span>;
}
