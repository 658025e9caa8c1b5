import type { Migration } from './types';

/**
 * The outbox keyed by station sequence alone: the event id is found through the log's
 * (station, station_seq) index, so each append maintains two b-trees here instead of three.
 */
export const outboxKeyedByStationSeq: Migration = {
  version: 100,
  name: 'outbox-keyed-by-station-seq',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_new (
        station_seq INTEGER PRIMARY KEY,
        stream TEXT NOT NULL
      ) STRICT;
      INSERT INTO outbox_new (station_seq, stream) SELECT station_seq, stream FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_new RENAME TO outbox;
      CREATE INDEX outbox_byStream ON outbox (stream, station_seq);
    `);
  },
};
