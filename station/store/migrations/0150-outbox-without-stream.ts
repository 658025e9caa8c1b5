import type { Migration } from './types';

/**
 * The outbox as the bare list of own station sequences the hub has not acknowledged: nothing read its
 * `stream` column since the by-stream index went (0110), and the store now fills the outbox with one
 * statement per append, from the log rows it has just written. Safe to run again (some tests wind the
 * schema version back over a newer database).
 */
export const outboxWithoutStream: Migration = {
  version: 150,
  name: 'outbox-without-stream',
  up(db) {
    const columns = db.prepare("SELECT name FROM pragma_table_info('outbox')").pluck().all();
    if (columns.includes('stream')) db.exec('ALTER TABLE outbox DROP COLUMN stream;');
  },
};
