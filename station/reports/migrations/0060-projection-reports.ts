import type { Migration } from '../../store/migrations/types';

/** Reports with every version of their content (inside `state`): nothing is overwritten, revisions append. */
export const projectionReports: Migration = {
  version: 60,
  name: 'projection-reports',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        status TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reports_byIncident ON reports (incident_id);
    `);
  },
};
