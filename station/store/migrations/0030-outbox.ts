import type { Migration } from './types';

/** The station's own events the hub has not yet acknowledged, in the order they must be delivered. */
export const outbox: Migration = {
  version: 30,
  name: 'outbox',
  up(db, ctx) {
    db.exec(`
      CREATE TABLE outbox (
        station_seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE REFERENCES events (id),
        stream TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outbox_byStream ON outbox (stream, station_seq);
    `);
    // A log written before the outbox existed still owes the hub every own event it has not acknowledged.
    db.prepare(
      `INSERT INTO outbox (station_seq, event_id, stream)
       SELECT e.station_seq, e.id, e.stream FROM events e
       WHERE e.station = ? AND NOT EXISTS (SELECT 1 FROM hub_sequence h WHERE h.event_id = e.id)`,
    ).run(ctx.stationId);
  },
};
