import type { HubMigration } from './index';

/**
 * A drill's records go no higher than the drill's organiser (decision 0024): the hub stores, with each
 * event's route, the highest node that may see it (`ceiling`, shared/sync/routing.ts). Null — no cap —
 * for every event before this migration and for every event that is not a drill's.
 */
export const eventCeiling: HubMigration = {
  version: 50,
  name: 'event-ceiling',
  up(db) {
    db.exec(`ALTER TABLE events ADD COLUMN ceiling TEXT;`);
  },
};
