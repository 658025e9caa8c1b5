import type { Migration } from '../../store/migrations/types';

/**
 * The upper station's inbox: reports sent to a jurisdiction and not yet acknowledged there, whether
 * or not their incident is still open. A partial index over the few reports in that state, keyed by
 * the addressee held in the report's state.
 */
export const reportsAwaitingReceipt: Migration = {
  version: 160,
  name: 'reports-awaiting-receipt',
  up(db) {
    db.exec(`
      CREATE INDEX reports_sentByAddressee ON reports (json_extract(state, '$.addressedTo'))
        WHERE status = 'sent';
    `);
  },
};
