// Test support: the hub's stores, SQLite and PostgreSQL, so that one suite runs against both (issue #21).
// PostgreSQL is a prerequisite of the tests like Chromium (scripts/test-prerequisites.mjs starts it and
// makes the role and database as root on Debian; .ci/run does so in CI). When it cannot be reached the
// PostgreSQL variants FAIL, naming the address and the command; they are never skipped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../shared/ids';
import { openPgHubStore, redactPgUrl } from './pg-store';
import { openSyncPg } from './pg-sync';
import { openSqliteHubStore } from './sqlite-store';
import type { HubEventStore } from './store';

/** The documented local test database (README, "Testing"); DUTYROOM_TEST_PG_URL names another. */
export const TEST_PG_URL =
  process.env.DUTYROOM_TEST_PG_URL ?? 'postgres://dutyroom:dutyroom@127.0.0.1:5432/dutyroom_test';

/** One store under test: open it (again, for reopen tests), and remove all it wrote. */
export interface TestHubStore {
  open(): HubEventStore;
  /** Where it lives, for child processes: an SQLite path, or a PostgreSQL URL with its schema. */
  readonly location: { sqlite: string } | { pg: string; schema: string };
  cleanup(): void;
}

export interface HubStoreKind {
  name: 'sqlite' | 'postgresql';
  make(): TestHubStore;
}

/** A schema of its own for one test, dropped afterwards: tests share the database, never a table. */
export function pgTestSchema(url = TEST_PG_URL): { schema: string; drop: () => void } {
  const schema = `t_${newId().toLowerCase()}`;
  const admin = openSyncPg(url, { timeoutMs: 10_000 });
  try {
    admin.query(`CREATE SCHEMA ${schema}`);
  } catch (error) {
    admin.close();
    throw new Error(
      `PostgreSQL for the hub's tests is not reachable at ${redactPgUrl(url)} (${error instanceof Error ? error.message : String(error)}). ` +
        'Start it and make the test role and database: `sudo node scripts/test-prerequisites.mjs` on Debian, ' +
        'or set DUTYROOM_TEST_PG_URL (README, "Testing").',
    );
  }
  return {
    schema,
    drop: () => {
      try {
        admin.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        admin.close();
      }
    },
  };
}

export const sqliteKind: HubStoreKind = {
  name: 'sqlite',
  make() {
    const dir = mkdtempSync(join(tmpdir(), 'duty-hubstore-'));
    const path = join(dir, 'hub.sqlite');
    return {
      open: () => openSqliteHubStore(path),
      location: { sqlite: path },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export const postgresKind: HubStoreKind = {
  name: 'postgresql',
  make() {
    const { schema, drop } = pgTestSchema();
    return {
      open: () => openPgHubStore(TEST_PG_URL, { schema }),
      location: { pg: TEST_PG_URL, schema },
      cleanup: drop,
    };
  },
};

/** Both stores: a suite written once runs on each (`describe.each(hubStoreKinds)`). */
export const hubStoreKinds: readonly HubStoreKind[] = [sqliteKind, postgresKind];
