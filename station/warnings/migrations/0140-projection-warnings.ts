import type { Migration } from '../../store/migrations/types';

/**
 * Warnings (预警) and where the call-and-response loop stands per recipient: one row per warning, its
 * folded state (shared/warnings/aggregate.ts) as JSON. The follow-up service reads the active ones on
 * every wake, so the status and issue time are columns.
 */
export const projectionWarnings: Migration = {
  version: 140,
  name: 'projection-warnings',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE warnings (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX warnings_byStatusIssued ON warnings (status, issued_at);
    `);
  },
};
