import type { Migration } from './types';

/**
 * The append-only event log. `envelope` is the canonical JSON exactly as hashed, `hash` the event's
 * own hash, `chain` = sha256(previous chain + hash) in local order, so a changed or removed row breaks
 * every later link. Triggers refuse any update or delete.
 */
export const eventLog: Migration = {
  version: 10,
  name: 'event-log',
  up(db) {
    db.exec(`
      CREATE TABLE events (
        pos INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        stream TEXT NOT NULL,
        station TEXT NOT NULL,
        station_seq INTEGER NOT NULL,
        occurred_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        envelope TEXT NOT NULL,
        hash TEXT NOT NULL,
        chain TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX events_byStationSeq ON events (station, station_seq);
      CREATE INDEX events_byStream ON events (stream, pos);
      CREATE TRIGGER events_neverUpdated BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
      CREATE TRIGGER events_neverDeleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    `);
  },
};
