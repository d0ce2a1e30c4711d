// Every migration in order; the last one's version is the schema this build of Galley writes.
import { migration0010 } from './0010-create-pages';
import { migration0020 } from './0020-create-readings';
import { migration0030 } from './0030-create-documents';
import { migration0040 } from './0040-create-search';
import { migration0050 } from './0050-create-entities';
import { migration0060 } from './0060-create-stats';
import { migration0070 } from './0070-search-original';
import { migration0080 } from './0080-create-stats-cells';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
