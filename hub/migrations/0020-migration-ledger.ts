import type { HubMigration } from './index';

/**
 * The migration ledger (hub/migrations/ledger.ts), the same table as the station's 0170: one row per
 * migration applied, in the same transaction. `backfilled` marks a migration the hub database had
 * before this one (0010 on a hub made before numbered migrations).
 */
export const migrationLedger: HubMigration = {
  version: 20,
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
