import Database from 'better-sqlite3';
import type { Db } from './db';
import { migrate } from './migrations';
import { Projector, projectionTables } from './projections';
import { canonicalJson } from '../../shared/events/hash';

/*
 * What the tamper check (station/verify/) reads of a store, as prepared statements: the log in local
 * order with its chain column, a station's events by sequence, and the projections rebuilt from the log
 * in a scratch database to compare with those stored. Reads only; nothing here writes the store.
 */

/** One log row as the chain check reads it. */
export interface AuditRow {
  pos: number;
  id: string;
  station: string;
  station_seq: number;
  envelope: string;
  hash: string;
  chain: string;
}

export interface LogAudit {
  /** Log rows after `pos`, in local order. */
  rowsAfter(pos: number): IterableIterator<AuditRow>;
  rowAt(pos: number): AuditRow | undefined;
  lastPos(): number;
  /** The event of `station` at `seq`: its log position and hash. */
  eventAt(station: string, seq: number): { pos: number; hash: string } | undefined;
  /** The newest event of `station`. */
  tailOf(station: string): { seq: number; hash: string } | undefined;
  /** Whether the hub acknowledged the event (it has a hub sequence). */
  acknowledged(eventId: string): boolean;
  /** This station's events not yet acknowledged: how many, and the lowest sequence. */
  outbox(): { count: number; lowest: number | null };
}

export function logAudit(db: Db): LogAudit {
  const q = {
    after: db.prepare(
      'SELECT pos, id, station, station_seq, envelope, hash, chain FROM events WHERE pos > ? ORDER BY pos',
    ),
    at: db.prepare('SELECT pos, id, station, station_seq, envelope, hash, chain FROM events WHERE pos = ?'),
    lastPos: db.prepare('SELECT coalesce(max(pos), 0) FROM events').pluck(),
    eventAt: db.prepare('SELECT pos, hash FROM events WHERE station = ? AND station_seq = ?'),
    tailOf: db.prepare(
      'SELECT station_seq AS seq, hash FROM events WHERE station = ? ORDER BY station_seq DESC LIMIT 1',
    ),
    acked: db.prepare('SELECT 1 FROM hub_sequence WHERE event_id = ?').pluck(),
    outbox: db.prepare('SELECT count(*) AS count, min(station_seq) AS lowest FROM outbox'),
  };
  return {
    rowsAfter: (pos) => q.after.iterate(pos) as IterableIterator<AuditRow>,
    rowAt: (pos) => q.at.get(pos) as AuditRow | undefined,
    lastPos: () => q.lastPos.get() as number,
    eventAt: (station, seq) => q.eventAt.get(station, seq) as { pos: number; hash: string } | undefined,
    tailOf: (station) => q.tailOf.get(station) as { seq: number; hash: string } | undefined,
    acknowledged: (id) => q.acked.get(id) !== undefined,
    outbox: () => q.outbox.get() as { count: number; lowest: number | null },
  };
}

/** How one projection table differs from the fold of the log. */
export interface ProjectionDifference {
  table: string;
  /** Rows whose stored content differs from the rebuilt one. */
  changed: string[];
  /** Rows the rebuild has and the store lacks. */
  missing: string[];
  /** Rows the store has and the rebuild does not. */
  extra: string[];
}

export interface ProjectionComparison {
  tables: string[];
  rows: number;
  differences: ProjectionDifference[];
}

/**
 * A row as comparable text: JSON columns (the state) in canonical form, since a state folded live keeps
 * its payload's key order and one rebuilt from the log has the canonical envelope's — the same content.
 */
function rowText(row: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'string' && (value.startsWith('{') || value.startsWith('['))) {
      try {
        out[column] = JSON.parse(value) as unknown;
        continue;
      } catch {
        // Not JSON after all: compared as text.
      }
    }
    out[column] = value;
  }
  return canonicalJson(out);
}

/** At most this many row ids are named per table and kind of difference. */
const MAX_NAMED = 20;

/**
 * Rebuild every projection from `source`'s log in a scratch in-memory database (the same migrations,
 * the same projector), then compare the stored tables with the rebuilt ones, row by row in id order.
 * Obligations are left out: they are the deadline engine's reading of the log as of a moment, and
 * move with time alone.
 */
export function compareProjections(
  source: Db,
  context: { stationId: string; jurisdiction: string; clock?: () => number },
): ProjectionComparison {
  const scratch = new Database(':memory:');
  try {
    migrate(scratch, { stationId: context.stationId });
    const insertEvent = scratch.prepare(
      `INSERT INTO events (pos, id, type, stream, station, station_seq, occurred_at, recorded_at, envelope, hash, chain)
       VALUES (@pos, @id, @type, @stream, @station, @station_seq, @occurred_at, @recorded_at, @envelope, @hash, @chain)`,
    );
    const insertSeq = scratch.prepare(
      'INSERT INTO hub_sequence (event_id, hub_seq, stream) VALUES (@event_id, @hub_seq, @stream)',
    );
    scratch.transaction(() => {
      for (const row of source
        .prepare(
          'SELECT pos, id, type, stream, station, station_seq, occurred_at, recorded_at, envelope, hash, chain FROM events ORDER BY pos',
        )
        .iterate())
        insertEvent.run(row);
      for (const row of source.prepare('SELECT event_id, hub_seq, stream FROM hub_sequence').iterate())
        insertSeq.run(row);
      new Projector(scratch, { path: ':memory:', ...context }, context.clock ?? Date.now).rebuildAll();
    })();

    const differences: ProjectionDifference[] = [];
    let rows = 0;
    for (const table of projectionTables) {
      const sql = `SELECT * FROM ${table} ORDER BY id`;
      const stored = source.prepare(sql).iterate() as IterableIterator<Record<string, unknown>>;
      const rebuilt = scratch.prepare(sql).iterate() as IterableIterator<Record<string, unknown>>;
      const diff: ProjectionDifference = { table, changed: [], missing: [], extra: [] };
      const name = (list: string[], id: unknown) => {
        if (list.length < MAX_NAMED) list.push(String(id));
      };
      let s = stored.next();
      let r = rebuilt.next();
      let found = 0;
      while (!s.done || !r.done) {
        const sid = s.done ? undefined : String(s.value.id);
        const rid = r.done ? undefined : String(r.value.id);
        if (!s.done && !r.done && sid === rid) {
          rows += 1;
          if (rowText(s.value) !== rowText(r.value)) {
            found += 1;
            name(diff.changed, sid);
          }
          s = stored.next();
          r = rebuilt.next();
        } else if (rid === undefined || (sid !== undefined && sid < rid)) {
          found += 1;
          name(diff.extra, sid);
          s = stored.next();
        } else {
          found += 1;
          name(diff.missing, rid);
          r = rebuilt.next();
        }
      }
      if (found > 0) differences.push(diff);
    }
    return { tables: [...projectionTables], rows, differences };
  } finally {
    scratch.close();
  }
}
