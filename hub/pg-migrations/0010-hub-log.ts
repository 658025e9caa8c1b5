import type { PgHubMigration } from './index';

/**
 * The hub-ordered event log on PostgreSQL, each station's chain head, and the one-row counter that
 * assigns hub sequences. The counter row is locked (SELECT … FOR UPDATE) by the appending transaction
 * and released by its commit, so sequences are handed out in commit order without gaps a reader
 * could see (decision 0021).
 */
export const pgHubLog: PgHubMigration = {
  version: 10,
  name: 'hub-log',
  up(db) {
    db.query(`
      CREATE TABLE hub_sequence (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        seq bigint NOT NULL
      );
      INSERT INTO hub_sequence (one, seq) VALUES (true, 0);
      CREATE TABLE events (
        hub_seq bigint PRIMARY KEY,
        id text NOT NULL UNIQUE,
        station text NOT NULL,
        station_seq bigint NOT NULL,
        jurisdiction text NOT NULL,
        down boolean NOT NULL,
        extra text,
        type text NOT NULL,
        stream text NOT NULL,
        body text NOT NULL,
        UNIQUE (station, station_seq)
      );
      CREATE INDEX events_by_stream ON events (stream, type, hub_seq);
      CREATE TABLE station_heads (
        station text PRIMARY KEY,
        station_seq bigint NOT NULL,
        hash text NOT NULL
      );
    `);
  },
};
