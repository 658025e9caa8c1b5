import type { Migration } from './types';

/**
 * The migration ledger: one row per migration applied, written in the same transaction as the
 * migration (hub/migrations/ledger.ts runs it). `user_version` alone could not tell that 0120–0130
 * were skipped when 0140 had landed first; the ledger can, and the store refuses such a file.
 * `backfilled` marks the migrations a database had before this one, recorded when it ran.
 */
export const migrationLedger: Migration = {
  version: 170,
  name: 'migration-ledger',
  up(db) {
    db.exec(`
      CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        backfilled INTEGER NOT NULL CHECK (backfilled IN (0, 1))
      ) STRICT;
    `);
  },
};
