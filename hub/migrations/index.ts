import type Database from 'better-sqlite3';
import {
  planMigrations,
  runMigrations,
  userVersion,
  type MigrationSet,
  type NumberedMigration,
} from './ledger';
import { hubLog } from './0010-hub-log';
import { migrationLedger } from './0020-migration-ledger';
import { stationJurisdictions } from './0030-station-jurisdictions';
import { eventsByStream } from './0040-events-by-stream';
import { eventCeiling } from './0050-event-ceiling';

export { MigrationGapError, NewerSchemaError, readLedger, type LedgerEntry } from './ledger';

/** One hub schema change. Never edited once landed; a fix is a new file numbered in between. */
export type HubMigration = NumberedMigration<void>;

/** Every hub schema change, in order; which ones a database has is its `schema_migrations` ledger. */
export const hubMigrations: readonly HubMigration[] = [
  hubLog,
  migrationLedger,
  stationJurisdictions,
  eventsByStream,
  eventCeiling,
];

export const latestHubSchemaVersion = Math.max(...hubMigrations.map((m) => m.version));

/** The tables 0010 creates: a hub from before numbered migrations made all of them at its first open. */
const firstTables = ['events', 'station_heads', 'report_senders', 'revoked_tokens', 'revoked_stations'];

/**
 * What a hub database without a ledger has: `user_version` when set; else 0010 when it holds the
 * tables the hub made with CREATE TABLE IF NOT EXISTS before numbered migrations (adopted, not
 * re-created); 0 when it is empty.
 */
function versionBeforeLedger(db: Database.Database): number {
  const found = userVersion(db);
  if (found > 0) return found;
  const present = firstTables.filter(
    (t) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined,
  );
  if (present.length === 0) return 0;
  if (present.length === firstTables.length) return hubLog.version;
  throw new Error(
    `the hub database ${db.name} holds ${present.join(', ')} but not ${firstTables.filter((t) => !present.includes(t)).join(', ')}: ` +
      'it is neither a hub database nor empty; open the right file or restore a backup',
  );
}

const hubSet: MigrationSet<HubMigration> = {
  what: 'hub database',
  migrations: hubMigrations,
  ledgerVersion: migrationLedger.version,
  versionBeforeLedger,
};

/** Refuse, writing nothing, a hub database this program must not open (as `migrateHub` would). */
export function checkHubMigratable(db: Database.Database): readonly HubMigration[] {
  return planMigrations(db, hubSet, db.name).pending;
}

/**
 * Bring a hub database to this program's schema: every migration not in its ledger, in one
 * transaction with the ledger rows. Throws NewerSchemaError or MigrationGapError, writing nothing.
 */
export function migrateHub(db: Database.Database, options: { target?: number } = {}): HubMigration[] {
  return runMigrations(db, hubSet, db.name, undefined, options);
}
