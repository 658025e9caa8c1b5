import type { Migration } from '../../store/migrations/types';

/** Current incidents. `state` is the folded Incident as JSON; the other columns serve queries. */
export const projectionIncidents: Migration = {
  version: 50,
  name: 'projection-incidents',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        received_at TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX incidents_openByReceivedAt ON incidents (received_at) WHERE status <> 'closed';
    `);
  },
};
