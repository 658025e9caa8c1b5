import type { Migration } from '../../store/migrations/types';

/**
 * 外勤终端 (issue 19): a team leader's phone paired to a team. Like the leaders' phones of 0180 these are
 * station-local security state, never events: `team_terminals` holds each terminal by the SHA-256 of
 * its token (the token itself is shown once), revoked ones stay on record with who revoked them.
 * `team_terminal_taps` is the terminal's receipt book: every tap the station accepted, by the id the
 * phone gave it, so a resend after a lost reply (or from the offline queue) is answered, not redone.
 */
export const teamTerminals: Migration = {
  version: 230,
  name: 'team-terminals',
  up(db) {
    db.exec(`
      CREATE TABLE team_terminals (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL,
        token_sha256 TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT
      ) STRICT;
      CREATE TABLE team_terminal_taps (
        tap_id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
