import type { Migration } from './types';

/** Commands already carried out, so a retried command (same id) returns its events instead of repeating them. */
export const executedCommands: Migration = {
  version: 40,
  name: 'executed-commands',
  up(db) {
    db.exec(`
      CREATE TABLE executed_commands (
        command_id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        event_ids TEXT NOT NULL,
        executed_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
