import type { Migration } from '../../store/migrations/types';

/**
 * Headquarters (指挥部) and edited plan templates (应急预案): one row per headquarters with its folded
 * state (shared/headquarters/aggregate.ts) as JSON, and one row per edited plan with every saved
 * version (shared/headquarters/planVersions.ts). `headquarters_byIncident` serves "the headquarters
 * of this incident" and "is one already active for it" (activation refuses a second).
 */
export const projectionHeadquarters: Migration = {
  version: 130,
  name: 'projection-headquarters',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE headquarters (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        status TEXT NOT NULL,
        activated_at TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX headquarters_byIncident ON headquarters (incident_id, status);
      CREATE TABLE hq_plans (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL
      ) STRICT;
    `);
  },
};
