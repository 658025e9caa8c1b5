import type { HubMigration } from './index';

/**
 * The routing table (hub/routing.ts, decision 0012) asks, for every event it admits, who created the
 * stream the event is about (its owner) and, for a receipt, which report sends that stream holds.
 * Both are lookups by stream in hub order: this index makes them one b-tree seek instead of a scan of
 * the whole log.
 */
export const eventsByStream: HubMigration = {
  version: 40,
  name: 'events-by-stream',
  up(db) {
    db.exec(`CREATE INDEX events_byStream ON events (stream, hub_seq);`);
  },
};
