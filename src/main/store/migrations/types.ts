// The shape of one schema migration: a version number and the statements that reach it.
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** The `PRAGMA user_version` after this migration has run. */
  version: number;
  /** The file it lives in, for messages and backups. */
  name: string;
  up(db: Database): void;
}
