import { openDatabase, type Db } from './db';

/** One rebuild of this store from the hub (migration 0210): what came back and what could not. */
export interface Restoration {
  id: number;
  restoredAt: string;
  /** The hub it came from (its address). */
  source: string;
  /** The hub's head when the copy was taken: everything visible to this station up to it is held. */
  hubHead: number;
  /** Events brought back (this station's own and those its jurisdiction may see). */
  events: number;
  /** This station's own chain as the hub held it: its last sequence (0: none) and hash. */
  ownSeq: number;
  ownHash: string | null;
  /** When the last own event the hub had acknowledged was recorded; anything recorded after it was lost. */
  lastAckedRecordedAt: string | null;
  /** The hub key whose anchor vouched for the own chain's head. */
  keyId: string | null;
}

export interface RestorationBook {
  add(r: Omit<Restoration, 'id'>): number;
  /** Every restoration of this store, oldest first. */
  list(): Restoration[];
}

interface Row {
  id: number;
  restored_at: string;
  source: string;
  hub_head: number;
  events: number;
  own_seq: number;
  own_hash: string | null;
  last_acked_recorded_at: string | null;
  key_id: string | null;
}

/** True when the database has migration 0210's table (a store opened read-only may be older). */
export const hasRestorationTable = (db: Db): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'restorations'").get() !== undefined;

export function restorationBook(db: Db): RestorationBook {
  const q = hasRestorationTable(db)
    ? {
        insert: db.prepare(
          `INSERT INTO restorations (restored_at, source, hub_head, events, own_seq, own_hash, last_acked_recorded_at, key_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ),
        list: db.prepare('SELECT * FROM restorations ORDER BY id'),
      }
    : null;
  return {
    add(r) {
      if (!q) throw new Error('this store has no restorations table (older than migration 0210)');
      return Number(
        q.insert.run(
          r.restoredAt,
          r.source,
          r.hubHead,
          r.events,
          r.ownSeq,
          r.ownHash,
          r.lastAckedRecordedAt,
          r.keyId,
        ).lastInsertRowid,
      );
    },
    list: () =>
      q
        ? (q.list.all() as Row[]).map((r) => ({
            id: r.id,
            restoredAt: r.restored_at,
            source: r.source,
            hubHead: r.hub_head,
            events: r.events,
            ownSeq: r.own_seq,
            ownHash: r.own_hash,
            lastAckedRecordedAt: r.last_acked_recorded_at,
            keyId: r.key_id,
          }))
        : [],
  };
}

/** How many events a store file holds, read-only (0 for a file that has no log yet). */
export function storeEventCount(path: string): number {
  const db = openDatabase(path, { readonly: true });
  try {
    const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    return hasLog ? (db.prepare('SELECT count(*) FROM events').pluck().get() as number) : 0;
  } finally {
    db.close();
  }
}
