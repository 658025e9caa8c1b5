import type { Db } from '../db';
import { planMigrations, runMigrations, userVersion, type MigrationSet } from '../../../hub/migrations/ledger';
import type { Migration, MigrationContext } from './types';
import { eventLog } from './0010-event-log';
import { hubSequence } from './0020-hub-sequence';
import { outbox } from './0030-outbox';
import { executedCommands } from './0040-executed-commands';
import { projectionIncidents } from './0050-projection-incidents';
import { projectionReports } from './0060-projection-reports';
import { projectionObligations } from './0070-projection-obligations';
import { projectionResources } from './0080-projection-resources';
import { projectionDispatchOrders } from './0090-projection-dispatch-orders';
import { outboxKeyedByStationSeq } from './0100-outbox-keyed-by-station-seq';
import { outboxWithoutStreamIndex } from './0110-outbox-without-stream-index';
import { projectionDutyLog } from './0125-projection-duty-log';
import { projectionRoster } from './0120-projection-roster';
import { projectionHeadquarters } from './0130-projection-headquarters';
import { projectionWarnings } from './0140-projection-warnings';
import { outboxWithoutStream } from './0150-outbox-without-stream';
import { reportsAwaitingReceipt } from './0160-reports-awaiting-receipt';
import { migrationLedger } from './0170-migration-ledger';
import { executedCommandsWithoutRowid } from './0175-executed-commands-without-rowid';
import { credentials } from './0180-credentials';
import { anchors } from './0190-anchors';
import { restorations } from './0210-restorations';
import { projectionDrills } from './0220-projection-drills';
import { teamTerminals } from './0230-team-terminals';

export type { Migration, MigrationContext } from './types';
export { MigrationGapError, NewerSchemaError, readLedger, type LedgerEntry } from '../../../hub/migrations/ledger';

/**
 * Every schema change, in order. Which ones a database has is its `schema_migrations` ledger (from
 * 0170; before it, every migration up to `PRAGMA user_version`, which is still kept at the highest).
 */
export const migrations: readonly Migration[] = [
  eventLog,
  hubSequence,
  outbox,
  executedCommands,
  projectionIncidents,
  projectionReports,
  projectionObligations,
  projectionResources,
  projectionDispatchOrders,
  outboxKeyedByStationSeq,
  outboxWithoutStreamIndex,
  projectionRoster,
  projectionDutyLog,
  projectionHeadquarters,
  projectionWarnings,
  outboxWithoutStream,
  reportsAwaitingReceipt,
  migrationLedger,
  executedCommandsWithoutRowid,
  credentials,
  anchors,
  restorations,
  projectionDrills,
  teamTerminals,
];

export const latestSchemaVersion = Math.max(...migrations.map((m) => m.version));

export const schemaVersion = (db: Db): number => userVersion(db);

const stationMigrations: MigrationSet<Migration> = {
  what: 'station database',
  migrations,
  ledgerVersion: migrationLedger.version,
  versionBeforeLedger: schemaVersion,
};

/**
 * Refuse, writing nothing, a database this program must not migrate: NewerSchemaError when it holds
 * a version this program does not know, MigrationGapError when its ledger lacks a known migration
 * numbered below one it has. Returns the migrations still to apply.
 */
export function checkMigratable(db: Db): readonly Migration[] {
  return planMigrations(db, stationMigrations, db.name).pending;
}

/**
 * Run every pending migration (up to `target`) in ONE transaction, with its ledger rows, so a crash
 * leaves the old schema or the new one, never a mix. `thenWithinTransaction` runs in the same
 * transaction (projection rebuilds). Returns the migrations applied. Throws as `checkMigratable`.
 */
export function migrate(
  db: Db,
  ctx: MigrationContext,
  options: { target?: number; thenWithinTransaction?: (applied: readonly Migration[]) => void } = {},
): Migration[] {
  return runMigrations(db, stationMigrations, db.name, ctx, options);
}
