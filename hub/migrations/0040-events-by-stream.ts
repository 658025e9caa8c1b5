import type { HubMigration } from './index';

/**
 * The routing table (hub/routing.ts, decision 0012) asks, for every event it admits, who created the
 * stream the event is about (its owner: the writers of the stream's creation type) and, for a receipt,
 * which report sends that stream holds. Both are lookups by stream and type: this index makes them a
 * b-tree seek over a handful of rows instead of a scan of the whole log (or of a team's ten thousand
 * position reports).
 */
export const eventsByStream: HubMigration = {
  version: 40,
  name: 'events-by-stream',
  up(db) {
    db.exec(`CREATE INDEX events_byStreamType ON events (stream, type, hub_seq);`);
  },
};
