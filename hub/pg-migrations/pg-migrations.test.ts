import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationGapError, NewerSchemaError } from '../migrations/ledger';
import { openPgHubStore } from '../pg-store';
import { openSyncPg, type SyncPg } from '../pg-sync';
import { TEST_PG_URL, pgTestSchema } from '../test-stores.testing';
import { latestPgHubSchemaVersion, migratePgHub, pgHubMigrations, type PgHubMigration } from './index';

let schema: { schema: string; drop(): void };
let db: SyncPg;
beforeEach(() => {
  schema = pgTestSchema();
  db = openSyncPg(TEST_PG_URL, { searchPath: schema.schema });
});
afterEach(() => {
  db.close();
  schema.drop();
});

const ledger = () =>
  db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
/** What a refusal must leave as it was: the tables and the ledger. */
const snapshot = () => ({
  tables: db
    .query<{ t: string }>(
      'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema.schema],
    )
    .map((r) => r.t),
  ledger: ledger(),
});
function refusal(open: () => unknown): Error {
  try {
    open();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the hub database to be refused');
}

describe('the hub schema on PostgreSQL', () => {
  it('numbers rise in steps of 10 and each names one change', () => {
    const versions = pgHubMigrations.map((m) => m.version);
    expect(versions.every((v) => v % 10 === 0)).toBe(true);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(pgHubMigrations.map((m) => m.name)).size).toBe(pgHubMigrations.length);
  });

  it('a new database gets every migration, recorded in its ledger; reopening applies nothing more', () => {
    openPgHubStore(TEST_PG_URL, { schema: schema.schema }).close();
    expect(ledger()).toEqual(pgHubMigrations.map((m) => ({ version: m.version, name: m.name })));
    expect(migratePgHub(db, 'test')).toEqual([]);
  });

  it('two nodes opening a new database at once migrate it once', () => {
    const a = openPgHubStore(TEST_PG_URL, { schema: schema.schema });
    const b = openPgHubStore(TEST_PG_URL, { schema: schema.schema });
    expect(ledger().map((r) => r.version)).toEqual(pgHubMigrations.map((m) => m.version));
    a.close();
    b.close();
  });

  it('a ledger missing a migration below the highest is refused, naming it, untouched', () => {
    openPgHubStore(TEST_PG_URL, { schema: schema.schema }).close();
    db.query('DELETE FROM schema_migrations WHERE version = 10');
    const before = snapshot();
    const error = refusal(() => openPgHubStore(TEST_PG_URL, { schema: schema.schema }));
    expect(error).toBeInstanceOf(MigrationGapError);
    expect(error.message).toContain(
      `is missing migration(s) 0010 (hub-log), though later ones up to 00${latestPgHubSchemaVersion}`,
    );
    expect(snapshot()).toEqual(before);
  });

  it('a migration that lands below one already applied is refused, not run out of order', () => {
    const ran: number[] = [];
    const step = (version: number): PgHubMigration => ({
      version,
      name: `step-${version}`,
      up: (d) => {
        d.query(`CREATE TABLE step_${version} (x integer)`);
        ran.push(version);
      },
    });
    migratePgHub(db, 'test', [step(10), step(30)]);
    ran.length = 0;
    const error = refusal(() => migratePgHub(db, 'test', [step(10), step(20), step(30)]));
    expect(error).toBeInstanceOf(MigrationGapError);
    expect(error.message).toMatch(/missing migration\(s\) 0020 \(step-20\), though later ones up to 0030/);
    expect(ran).toEqual([]);
    expect(ledger().map((r) => r.version)).toEqual([10, 30]);
  });

  it('a version this program does not know is refused, untouched', () => {
    openPgHubStore(TEST_PG_URL, { schema: schema.schema }).close();
    db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from-a-newer-hub')", [
      latestPgHubSchemaVersion + 10,
    ]);
    const before = snapshot();
    const error = refusal(() => openPgHubStore(TEST_PG_URL, { schema: schema.schema }));
    expect(error).toBeInstanceOf(NewerSchemaError);
    expect(error.message).toMatch(new RegExp(`newer than this program's ${latestPgHubSchemaVersion}`));
    expect(snapshot()).toEqual(before);
  });

  it('a failing migration rolls back every migration of the run and its ledger rows', () => {
    const boom: PgHubMigration = {
      version: 40,
      name: 'boom',
      up: () => {
        throw new Error('boom');
      },
    };
    expect(() => migratePgHub(db, 'test', [...pgHubMigrations, boom])).toThrow('boom');
    // Not even the ledger table stays: the whole run was one transaction.
    expect(
      db.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1', [schema.schema]),
    ).toEqual([]);
  });
});
