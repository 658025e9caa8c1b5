import type { Migration } from './types';

/**
 * A duty room that lost its machine (issue 21). `restorations`: each time this store was rebuilt from
 * the hub (`npm start -- --restore-from-hub`) — when, from which hub and up to which hub sequence, how far
 * the station's own chain came back, and when its last event the hub had acknowledged was recorded.
 * What the station had not delivered before its disk was lost is gone; the console says so from this
 * row (a `restored_from_hub` alarm on record) until someone acknowledges it. Station-local like the
 * anchors: never an event, never synced.
 */
export const restorations: Migration = {
  version: 210,
  name: 'restorations',
  up(db) {
    db.exec(`
      CREATE TABLE restorations (
        id INTEGER PRIMARY KEY,
        restored_at TEXT NOT NULL,
        source TEXT NOT NULL,
        hub_head INTEGER NOT NULL,
        events INTEGER NOT NULL,
        own_seq INTEGER NOT NULL,
        own_hash TEXT,
        last_acked_recorded_at TEXT,
        key_id TEXT
      ) STRICT;
    `);
  },
};
