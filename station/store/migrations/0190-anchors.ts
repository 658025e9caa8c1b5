import type { Migration } from './types';

/**
 * Tamper evidence (decision 0015). `anchors`: the hub's signatures over this station's chain head, as
 * they came with acknowledgements (one per station sequence and key). `hub_anchor_keys`: the hub key
 * the station pinned on first contact (or was given by file); a different key is refused with an alarm.
 * `verified_point`: how far the log was last found sound, so the check at start reads only what came
 * after it.
 */
export const anchors: Migration = {
  version: 190,
  name: 'anchors',
  up(db) {
    db.exec(`
      CREATE TABLE anchors (
        id INTEGER PRIMARY KEY,
        station TEXT NOT NULL,
        station_seq INTEGER NOT NULL,
        head TEXT NOT NULL,
        hub_time TEXT NOT NULL,
        alg TEXT NOT NULL,
        key_id TEXT NOT NULL,
        signature TEXT NOT NULL,
        received_at TEXT NOT NULL,
        UNIQUE (station_seq, key_id)
      ) STRICT;
      CREATE TABLE hub_anchor_keys (
        key_id TEXT PRIMARY KEY,
        alg TEXT NOT NULL,
        public_key TEXT NOT NULL,
        source TEXT NOT NULL,
        pinned_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE verified_point (
        name TEXT PRIMARY KEY,
        pos INTEGER NOT NULL,
        chain TEXT NOT NULL,
        own_seq INTEGER NOT NULL,
        anchor_id INTEGER NOT NULL,
        verified_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
