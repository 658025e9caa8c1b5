import type { Db } from '../db';
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

export type { Migration, MigrationContext } from './types';

/** Every schema change, in order. The schema version is `PRAGMA user_version`. */
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
];

export const latestSchemaVersion = Math.max(...migrations.map((m) => m.version));

export const schemaVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number;

export class NewerSchemaError extends Error {
  constructor(path: string, found: number) {
    super(
      `the station database ${path} has schema version ${found}, newer than this program's ${latestSchemaVersion}; ` +
        'install the newer Duty Room release instead of opening it with this one',
    );
    this.name = 'NewerSchemaError';
  }
}

/**
 * Run every pending migration (up to `target`) in ONE transaction, so a crash leaves the old schema
 * or the new one, never a mix. `thenWithinTransaction` runs in the same transaction (projection
 * rebuilds). Returns the migrations applied.
 */
export function migrate(
  db: Db,
  ctx: MigrationContext,
  options: { target?: number; thenWithinTransaction?: (applied: readonly Migration[]) => void } = {},
): Migration[] {
  const from = schemaVersion(db);
  const target = options.target ?? latestSchemaVersion;
  const pending = migrations.filter((m) => m.version > from && m.version <= target);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) m.up(db, ctx);
    db.pragma(`user_version = ${Math.max(...pending.map((m) => m.version))}`);
    options.thenWithinTransaction?.(pending);
  })();
  return pending;
}
