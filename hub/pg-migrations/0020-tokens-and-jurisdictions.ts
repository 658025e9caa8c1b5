import type { PgHubMigration } from './index';

/**
 * Revoked tokens and stations, and one station per jurisdiction code (decision 0009): in the database
 * every hub node reads, so a revocation on one node holds on all of them.
 */
export const pgTokensAndJurisdictions: PgHubMigration = {
  version: 20,
  name: 'tokens-and-jurisdictions',
  up(db) {
    db.query(`
      CREATE TABLE revoked_tokens (
        token_id text PRIMARY KEY,
        revoked_at bigint NOT NULL
      );
      CREATE TABLE revoked_stations (
        station text PRIMARY KEY,
        revoked_at bigint NOT NULL
      );
      CREATE TABLE station_jurisdictions (
        jurisdiction text PRIMARY KEY,
        station text NOT NULL UNIQUE,
        claimed_at bigint NOT NULL
      );
    `);
  },
};
