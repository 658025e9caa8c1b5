import type { Migration } from './types';

/**
 * The order the hub gave each event, kept apart so the log row is never touched, and the pull cursor
 * (highest hub sequence received from the hub). `stream` is repeated here so "does this event sort
 * last in its stream" is one index probe.
 */
export const hubSequence: Migration = {
  version: 20,
  name: 'hub-sequence',
  up(db) {
    db.exec(`
      CREATE TABLE hub_sequence (
        event_id TEXT PRIMARY KEY REFERENCES events (id),
        hub_seq INTEGER NOT NULL UNIQUE,
        stream TEXT NOT NULL
      ) STRICT;
      CREATE INDEX hubSequence_byStream ON hub_sequence (stream, hub_seq);
      CREATE TABLE sync_cursor (
        name TEXT PRIMARY KEY,
        hub_seq INTEGER NOT NULL
      ) STRICT;
      INSERT INTO sync_cursor (name, hub_seq) VALUES ('pull', 0);
    `);
  },
};
