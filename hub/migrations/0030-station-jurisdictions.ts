import type { HubMigration } from './index';

/**
 * One station per jurisdiction code (decision 0009): the deadline engine orders a jurisdiction's
 * reports by their times and each station's own sequence, which holds only while one station speaks
 * for a code. Claimed when the hub issues a token, released by the operator (`release-jurisdiction`).
 */
export const stationJurisdictions: HubMigration = {
  version: 30,
  name: 'station-jurisdictions',
  up(db) {
    db.exec(`
      CREATE TABLE station_jurisdictions (
        jurisdiction TEXT PRIMARY KEY,
        station TEXT NOT NULL UNIQUE,
        claimed_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
