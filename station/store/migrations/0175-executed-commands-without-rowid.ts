import type { Migration } from './types';

/**
 * Every command now goes through the store (decision 0008), so each one writes a row here: keyed by
 * the command id alone (WITHOUT ROWID), a row is one b-tree insert instead of a rowid row plus the
 * primary key's separate index.
 */
export const executedCommandsWithoutRowid: Migration = {
  version: 175,
  name: 'executed-commands-without-rowid',
  up(db) {
    db.exec(`
      CREATE TABLE executed_commands_new (
        command_id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        event_ids TEXT NOT NULL,
        executed_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO executed_commands_new (command_id, type, event_ids, executed_at)
        SELECT command_id, type, event_ids, executed_at FROM executed_commands;
      DROP TABLE executed_commands;
      ALTER TABLE executed_commands_new RENAME TO executed_commands;
    `);
  },
};
