import type { HubMigration } from './index';

/**
 * The hub's schema as the hub created it before it had numbered migrations (CREATE TABLE IF NOT
 * EXISTS at every open; the same statements, here run once): the hub-ordered event log, each
 * station's head, who sent each report, revoked tokens and stations. A database made that way is
 * adopted: this migration is back-filled into its ledger instead of run.
 */
export const hubLog: HubMigration = {
  version: 10,
  name: 'hub-log',
  up(db) {
    db.exec(`
      CREATE TABLE events (
        hub_seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        station TEXT NOT NULL,
        station_seq INTEGER NOT NULL,
        jurisdiction TEXT NOT NULL,
        down INTEGER NOT NULL,
        extra TEXT,
        type TEXT NOT NULL,
        stream TEXT NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX events_byStationSeq ON events (station, station_seq);
      CREATE TABLE station_heads (
        station TEXT PRIMARY KEY,
        station_seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TABLE report_senders (
        stream TEXT PRIMARY KEY,
        jurisdiction TEXT NOT NULL
      ) STRICT;
      CREATE TABLE revoked_tokens (
        token_id TEXT PRIMARY KEY,
        revoked_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE revoked_stations (
        station TEXT PRIMARY KEY,
        revoked_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
