import type { Migration } from '../../store/migrations/types';

/** Report obligations per incident as last computed by the deadline engine. */
export const projectionObligations: Migration = {
  version: 70,
  name: 'projection-obligations',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE obligations (
        incident_id TEXT NOT NULL,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        due_at TEXT NOT NULL,
        state TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (incident_id, key)
      ) STRICT;
      CREATE INDEX obligations_byDue ON obligations (due_at) WHERE state IN ('pending', 'overdue');
    `);
  },
};
