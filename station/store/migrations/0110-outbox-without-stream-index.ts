import type { Migration } from './types';

/**
 * The outbox without its by-stream index: every append paid for a third b-tree there. "Does this
 * stream still have an own event waiting for the hub?" is now answered from the log's by-stream
 * index, scanning only the stream's events since the oldest event still in the outbox (none at all
 * when the outbox is drained, which is the usual case).
 */
export const outboxWithoutStreamIndex: Migration = {
  version: 110,
  name: 'outbox-without-stream-index',
  up(db) {
    db.exec('DROP INDEX outbox_byStream;');
  },
};
