import type { Migration } from '../../store/migrations/types';

/**
 * Sign-in (issue 17): the station-local security state, never in the event log and never synced.
 * `credentials`: one argon2id hash (PHC string) per person of the directory, and who may administer
 * the station's people. `sign_in_failures`: the throttle per person (a console's lives in memory).
 * `phone_terminals`: a leader's paired phone, by the SHA-256 of its token; revoked ones stay on record.
 */
export const credentials: Migration = {
  version: 180,
  name: 'credentials',
  up(db) {
    db.exec(`
      CREATE TABLE credentials (
        person_id TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        admin INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE sign_in_failures (
        person_id TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL,
        locked_until INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE phone_terminals (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        token_sha256 TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT
      ) STRICT;
    `);
  },
};
