import type { Db } from '../db';
import { planMigrations, runMigrations, userVersion, type MigrationSet } from '../../../hub/migrations/ledger';
import type { Migration, MigrationContext } from './types';
import { eventLog } from './0010-event-log';
import { hubSequence } from './0020-hub-sequence';
import { outbox } from './0030-outbox';
import { executedCommands } from './0040-executed-commands';
import { outboxKeyedByStationSeq } from './0100-outbox-keyed-by-station-seq';
import { outboxWithoutStreamIndex } from './0110-outbox-without-stream-index';
import { outboxWithoutStream } from './0150-outbox-without-stream';
import { migrationLedger } from './0170-migration-ledger';
import { executedCommandsWithoutRowid } from './0175-executed-commands-without-rowid';
import { anchors } from './0190-anchors';
import { restorations } from './0210-restorations';
import { stationFeatures } from '../../features';

export type { Migration, MigrationContext } from './types';
export { MigrationGapError, NewerSchemaError, readLedger, type LedgerEntry } from '../../../hub/migrations/ledger';

/**
 * The core's schema changes: the log, the outbox, the ledger, anchors and restorations. Each feature's
 * own tables (derived ones too: the reports' obligations, 0070) are made by its module's `migrations`
 * (station/<feature>/migrations/, decision 0032).
 */
export const coreMigrations: readonly Migration[] = [
  eventLog,
  hubSequence,
  outbox,
  executedCommands,
  outboxKeyedByStationSeq,
  outboxWithoutStreamIndex,
  outboxWithoutStream,
  migrationLedger,
  executedCommandsWithoutRowid,
  anchors,
  restorations,
];

/** Whose list a migration came from, for the refusal of a number (or name) claimed twice. */
export interface MigrationSource {
  readonly name: string;
  readonly migrations?: readonly Migration[];
}

const pad = (version: number): string => String(version).padStart(4, '0');

/**
 * The one numbered ledger: the core's migrations and every registered feature's, sorted by number. A
 * number (or a name, which the ledger records beside it) claimed twice is refused when the store loads,
 * naming both owners: two features cannot both be 0240, whichever registers first.
 */
export function assembleMigrations(core: readonly Migration[], features: readonly MigrationSource[]): Migration[] {
  const owners = new Map<number, string>();
  const names = new Map<string, string>();
  const all: Migration[] = [];
  const lists = [
    { owner: 'the core (station/store/migrations)', list: core },
    ...features.map((f) => ({ owner: `the feature ${f.name}`, list: f.migrations ?? [] })),
  ];
  for (const { owner, list } of lists) {
    for (const m of list) {
      const byNumber = owners.get(m.version);
      if (byNumber !== undefined)
        throw new Error(
          `station migration ${pad(m.version)} is claimed twice: by ${byNumber} and by ${owner} (${m.name}); ` +
            'give the newer one the next free number',
        );
      const byName = names.get(m.name);
      if (byName !== undefined)
        throw new Error(`station migration name ${m.name} is used twice: by ${byName} and by ${owner} (${pad(m.version)})`);
      owners.set(m.version, `${owner} (${m.name})`);
      names.set(m.name, `${owner} (${pad(m.version)})`);
      all.push(m);
    }
  }
  return all.sort((a, b) => a.version - b.version);
}

/**
 * Every schema change, in order. Which ones a database has is its `schema_migrations` ledger (from
 * 0170; before it, every migration up to `PRAGMA user_version`, which is still kept at the highest).
 */
export const migrations: readonly Migration[] = assembleMigrations(coreMigrations, stationFeatures);

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
