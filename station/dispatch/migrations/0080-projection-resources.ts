import type { Migration } from '../../store/migrations/types';

/** Teams, supply depots, shelters and risk points: the ledger behind the "one map". */
export const projectionResources: Migration = {
  version: 80,
  name: 'projection-resources',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE teams (id TEXT PRIMARY KEY, status TEXT NOT NULL, state TEXT NOT NULL) STRICT;
      CREATE TABLE depots (id TEXT PRIMARY KEY, state TEXT NOT NULL) STRICT;
      CREATE TABLE shelters (id TEXT PRIMARY KEY, state TEXT NOT NULL) STRICT;
      CREATE TABLE risk_points (id TEXT PRIMARY KEY, state TEXT NOT NULL) STRICT;
    `);
  },
};
