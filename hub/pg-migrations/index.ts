import { MigrationGapError, NewerSchemaError } from '../migrations/ledger';
import type { SyncPg } from '../pg-sync';
import { pgHubLog } from './0010-hub-log';
import { pgTokensAndJurisdictions } from './0020-tokens-and-jurisdictions';
import { pgSharedTokenLimits } from './0030-shared-token-limits';
import { pgEventCeiling } from './0040-event-ceiling';

/** One schema change of the hub's PostgreSQL database. Never edited once landed; a fix is a new number. */
export interface PgHubMigration {
  version: number;
  name: string;
  up: (db: SyncPg) => void;
}

/** Every PostgreSQL hub schema change, in order; which ones a database has is its `schema_migrations` ledger. */
export const pgHubMigrations: readonly PgHubMigration[] = [
  pgHubLog,
  pgTokensAndJurisdictions,
  pgSharedTokenLimits,
  pgEventCeiling,
];

export const latestPgHubSchemaVersion = Math.max(...pgHubMigrations.map((m) => m.version));

/** Taken by every node that migrates, so that nodes started together migrate the database once. */
const MIGRATION_LOCK = 7_310_019;

/**
 * Bring the hub's PostgreSQL schema to this program's: every migration not in the ledger, with its
 * ledger row, in one transaction (PostgreSQL's DDL is transactional: a failure leaves the old schema).
 * As on SQLite (hub/migrations/ledger.ts), a ledger naming a version this program does not know is
 * refused (NewerSchemaError), and so is one lacking a known migration below its highest
 * (MigrationGapError): nothing is run out of order, and a refusal writes nothing.
 */
export function migratePgHub(
  db: SyncPg,
  where: string,
  migrations: readonly PgHubMigration[] = pgHubMigrations,
): PgHubMigration[] {
  const latest = Math.max(...migrations.map((m) => m.version));
  return db.transaction(() => {
    db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    const have = new Set(applied.map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...have].filter((v) => !known.has(v));
    if (unknown.length > 0) throw new NewerSchemaError(where, unknown, latest, 'hub database');
    const highest = Math.max(0, ...have);
    const missing = migrations.filter((m) => m.version < highest && !have.has(m.version));
    if (missing.length > 0) throw new MigrationGapError(where, missing, highest, 'hub database');
    const pending = migrations.filter((m) => !have.has(m.version));
    for (const m of pending) {
      m.up(db);
      db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    return pending;
  });
}
