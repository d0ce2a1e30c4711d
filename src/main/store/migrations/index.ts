// Every migration in order; the last one's version is the schema this build of Galley writes.
import { migration0010 } from './0010-create-pages';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration0010];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
