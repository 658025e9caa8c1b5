import type { Anchor, AnchorPublicKey } from '../../shared/sync/protocol';
import type { Db } from './db';

/** An anchor as the station keeps it, with its row id (the order it arrived in). */
export interface StoredAnchor extends Anchor {
  id: number;
  receivedAt: string;
}

/** A hub key the station has pinned: from the hub on first contact, or given by file. */
export interface PinnedKey extends AnchorPublicKey {
  source: 'hub' | 'file';
  pinnedAt: string;
}

/** How far the log was last found sound: its position, the local chain there, the own sequence, the newest anchor checked. */
export interface VerifiedPoint {
  pos: number;
  chain: string;
  ownSeq: number;
  anchorId: number;
  verifiedAt: string;
}

export interface AnchorBook {
  /** Keep an anchor (already checked by the caller); the same sequence under the same key is kept once. */
  add(anchor: Anchor, receivedAt: string): boolean;
  /** Every anchor with a row id above `afterId`, oldest first. */
  since(afterId: number): IterableIterator<StoredAnchor>;
  newest(): StoredAnchor | undefined;
  count(): number;
  pinnedKey(): PinnedKey | undefined;
  pin(key: AnchorPublicKey, source: PinnedKey['source'], at: string): void;
  verifiedPoint(): VerifiedPoint | undefined;
  setVerifiedPoint(point: VerifiedPoint): void;
}

interface AnchorRow {
  id: number;
  station: string;
  station_seq: number;
  head: string;
  hub_time: string;
  alg: string;
  key_id: string;
  signature: string;
  received_at: string;
}

const fromRow = (r: AnchorRow): StoredAnchor => ({
  id: r.id,
  station: r.station,
  seq: r.station_seq,
  head: r.head,
  hubTime: r.hub_time,
  alg: r.alg as Anchor['alg'],
  keyId: r.key_id,
  signature: r.signature,
  receivedAt: r.received_at,
});

/** True when the database has the tables of migration 0190 (a store opened read-only may be older). */
export const hasAnchorTables = (db: Db): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'anchors'").get() !== undefined;

/**
 * The station's anchors, its pinned hub key and its verified point (migration 0190). Sync metadata like
 * the hub sequences: never events, so not on the command path; the events they vouch for are.
 */
export function anchorBook(db: Db): AnchorBook {
  const q = {
    insert: db.prepare(
      `INSERT INTO anchors (station, station_seq, head, hub_time, alg, key_id, signature, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (station_seq, key_id) DO NOTHING`,
    ),
    since: db.prepare('SELECT * FROM anchors WHERE id > ? ORDER BY id'),
    newest: db.prepare('SELECT * FROM anchors ORDER BY id DESC LIMIT 1'),
    count: db.prepare('SELECT count(*) FROM anchors').pluck(),
    pinned: db.prepare(
      'SELECT key_id, alg, public_key, source, pinned_at FROM hub_anchor_keys ORDER BY pinned_at LIMIT 1',
    ),
    pin: db.prepare(
      'INSERT INTO hub_anchor_keys (key_id, alg, public_key, source, pinned_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key_id) DO NOTHING',
    ),
    point: db.prepare(
      "SELECT pos, chain, own_seq, anchor_id, verified_at FROM verified_point WHERE name = 'start'",
    ),
    setPoint: db.prepare(
      `INSERT INTO verified_point (name, pos, chain, own_seq, anchor_id, verified_at) VALUES ('start', ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET pos = excluded.pos, chain = excluded.chain, own_seq = excluded.own_seq,
         anchor_id = excluded.anchor_id, verified_at = excluded.verified_at`,
    ),
  };
  return {
    add: (a, receivedAt) =>
      q.insert.run(a.station, a.seq, a.head, a.hubTime, a.alg, a.keyId, a.signature, receivedAt).changes > 0,
    since: (afterId) =>
      (function* () {
        for (const r of q.since.iterate(afterId) as IterableIterator<AnchorRow>) yield fromRow(r);
      })(),
    newest: () => {
      const r = q.newest.get() as AnchorRow | undefined;
      return r ? fromRow(r) : undefined;
    },
    count: () => q.count.get() as number,
    pinnedKey: () => {
      const r = q.pinned.get() as
        { key_id: string; alg: string; public_key: string; source: string; pinned_at: string } | undefined;
      return r
        ? {
            keyId: r.key_id,
            alg: r.alg as PinnedKey['alg'],
            key: r.public_key,
            source: r.source as PinnedKey['source'],
            pinnedAt: r.pinned_at,
          }
        : undefined;
    },
    pin: (key, source, at) => void q.pin.run(key.keyId, key.alg, key.key, source, at),
    verifiedPoint: () => {
      const r = q.point.get() as
        { pos: number; chain: string; own_seq: number; anchor_id: number; verified_at: string } | undefined;
      return r
        ? { pos: r.pos, chain: r.chain, ownSeq: r.own_seq, anchorId: r.anchor_id, verifiedAt: r.verified_at }
        : undefined;
    },
    setVerifiedPoint: (p) => void q.setPoint.run(p.pos, p.chain, p.ownSeq, p.anchorId, p.verifiedAt),
  };
}
