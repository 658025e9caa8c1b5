import type { Migration } from '../../store/migrations/types';

/**
 * Drills (演练, issue 22): one row per drill this station holds — the organiser's whole drill, or at a
 * drilled station the injects it received and the end — its folded state (shared/drills/aggregate.ts)
 * as JSON. The drill runner reads the ones not ended on every wake, so the status is a column.
 */
export const projectionDrills: Migration = {
  version: 220,
  name: 'projection-drills',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE drills (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        organiser TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX drills_byStatus ON drills (status);
    `);
  },
};
