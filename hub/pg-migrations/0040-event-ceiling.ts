import type { PgHubMigration } from './index';

/**
 * A drill's records go no higher than the drill's organiser (decision 0024): the highest node that may
 * see an event (`ceiling`, shared/sync/routing.ts), stored with its route. Null — no cap — for every
 * event before this migration and for every event that is not a drill's.
 */
export const pgEventCeiling: PgHubMigration = {
  version: 40,
  name: 'event-ceiling',
  up(db) {
    db.query(`ALTER TABLE events ADD COLUMN ceiling text`);
  },
};
