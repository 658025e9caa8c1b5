import type { Migration } from '../../store/migrations/types';

/**
 * Duty staff directory (值班人员名录) and month rosters (值班表): one row per person and per roster
 * month, each the fold of its stream. `rosters_byCover` serves "which rosters hold this instant"
 * (who is on duty now, check-in alarms, the handover sheet).
 */
export const projectionRoster: Migration = {
  version: 120,
  name: 'projection-roster',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE TABLE rosters (
        id TEXT PRIMARY KEY,
        month TEXT NOT NULL,
        covers_from TEXT NOT NULL,
        covers_until TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX rosters_byCover ON rosters (covers_until, covers_from);
    `);
  },
};
