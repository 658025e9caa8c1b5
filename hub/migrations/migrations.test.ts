import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { sealEvents, type DomainEvent } from '../../shared/events/envelope';
import { flowsDownward, type Route } from '../../shared/sync/routing';
import { nodeSha256 } from '../server';
import { openSqliteHubStore } from '../sqlite-store';
import {
  MigrationGapError,
  NewerSchemaError,
  hubMigrations,
  latestHubSchemaVersion,
  migrateHub,
  readLedger,
} from './index';
import { runMigrations, type NumberedMigration } from './ledger';

/** The hub's schema as the program before numbered migrations made it at every open (hub/sqlite-store.ts then). */
const oldProgramSchema = `
CREATE TABLE IF NOT EXISTS events (
  hub_seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  station TEXT NOT NULL,
  station_seq INTEGER NOT NULL,
  jurisdiction TEXT NOT NULL,
  down INTEGER NOT NULL,
  extra TEXT,
  type TEXT NOT NULL,
  stream TEXT NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS events_byStationSeq ON events (station, station_seq);
CREATE TABLE IF NOT EXISTS station_heads (
  station TEXT PRIMARY KEY,
  station_seq INTEGER NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS report_senders (
  stream TEXT PRIMARY KEY,
  jurisdiction TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS revoked_tokens (
  token_id TEXT PRIMARY KEY,
  revoked_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS revoked_stations (
  station TEXT PRIMARY KEY,
  revoked_at INTEGER NOT NULL
) STRICT;
`;

const route = (e: DomainEvent): Route => ({
  jurisdiction: e.jurisdiction,
  down: flowsDownward(e.type),
  extra: null,
  ceiling: null,
});
const station = 'district-500110';
const chain = (count: number, from: { seq: number; hash: string | null } = { seq: 0, hash: null }) =>
  sealEvents(
    Array.from({ length: count }, () => ({
      type: 'incident.response_started' as const,
      stream: `incident:${newId()}`,
      payload: {},
    })),
    {
      station,
      jurisdiction: '500110',
      actor: { id: 'officer-1' },
      now: '2026-11-25T02:00:00.000Z',
      lastStationSeq: from.seq,
      lastHash: from.hash,
      newId: () => newId(),
    },
    nodeSha256,
  );

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duty-hub-migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Each table's columns and indexes, as SQLite reports them (whitespace and IF NOT EXISTS aside). */
function shape(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare<[], string>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' ORDER BY name",
      )
      .pluck()
      .all();
    return Object.fromEntries(
      tables.map((t) => [
        t,
        {
          strict: db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').pluck().get(t),
          columns: db.pragma(`table_xinfo(${t})`),
          indexes: (db.pragma(`index_list(${t})`) as Array<{ name: string }>).map((i) => ({
            ...i,
            columns: db.pragma(`index_info(${i.name})`),
          })),
        },
      ]),
    );
  } finally {
    db.close();
  }
}

/** What a refusal must leave as it was: the bytes, the schema, the ledger, user_version. */
function snapshot(path: string) {
  const bytes = createHash('sha256').update(readFileSync(path)).digest('hex');
  const db = new Database(path, { readonly: true });
  try {
    return {
      bytes,
      schema: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all(),
      ledger: readLedger(db),
      userVersion: db.pragma('user_version', { simple: true }),
    };
  } finally {
    db.close();
  }
}

function refusal(open: () => unknown): Error {
  try {
    open();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the hub database to be refused');
}

describe('hub schema migrations', () => {
  it('numbers rise in steps of 10 and each names one change', () => {
    const versions = hubMigrations.map((m) => m.version);
    expect(versions.every((v) => v % 10 === 0)).toBe(true);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(hubMigrations.map((m) => m.name)).size).toBe(hubMigrations.length);
  });

  it('a new hub database gets every migration, recorded in its ledger, and takes events', () => {
    const path = join(dir, 'fresh.sqlite');
    const store = openSqliteHubStore(path);
    expect(store.append(chain(2), route).results.map((r) => r.ok && r.hubSeq)).toEqual([1, 2]);
    store.close();
    const db = new Database(path, { readonly: true });
    expect(readLedger(db).map((e) => [e.version, e.name, e.backfilled])).toEqual(
      hubMigrations.map((m) => [m.version, m.name, false]),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(latestHubSchemaVersion);
    db.close();
    // Reopening applies nothing more.
    const again = new Database(path);
    expect(migrateHub(again)).toEqual([]);
    again.close();
  });

  it('a hub database made before numbered migrations is adopted: 0010 back-filled, its records kept', () => {
    const path = join(dir, 'old.sqlite');
    const events = chain(2);
    // The old program: its pragmas and schema, an event appended, a token revoked.
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.pragma('synchronous = FULL');
    old.exec(oldProgramSchema);
    const e = events[0];
    const { hubSeq: _h, ...body } = e;
    old
      .prepare(
        `INSERT INTO events (id, station, station_seq, jurisdiction, down, extra, type, stream, body)
         VALUES (?, ?, ?, ?, 0, NULL, ?, ?, ?)`,
      )
      .run(e.id, e.station, e.stationSeq, e.jurisdiction, e.type, e.stream, JSON.stringify(body));
    old
      .prepare('INSERT INTO station_heads (station, station_seq, hash) VALUES (?, ?, ?)')
      .run(station, 1, e.hash);
    old.prepare('INSERT INTO revoked_tokens (token_id, revoked_at) VALUES (?, ?)').run('token-1', 1000);
    old.close();

    const store = openSqliteHubStore(path);
    expect(store.eventsOfStation(station).map((x) => x.id)).toEqual([e.id]);
    expect(store.stationHead(station)).toEqual({ stationSeq: 1, hash: e.hash });
    expect(store.isRevoked({ tokenId: 'token-1', station, issuedAt: 0 })).toBe(true);
    expect(store.append([events[1]], route).results).toEqual([{ ok: true, hubSeq: 2, duplicate: false }]);
    store.close();

    const db = new Database(path, { readonly: true });
    expect(readLedger(db).map((x) => [x.version, x.backfilled])).toEqual([
      [10, true],
      ...hubMigrations.filter((m) => m.version > 10).map((m) => [m.version, false]),
    ]);
    expect(db.pragma('user_version', { simple: true })).toBe(latestHubSchemaVersion);
    db.close();

    // The adopted schema is the one a new hub gets.
    const fresh = join(dir, 'fresh.sqlite');
    openSqliteHubStore(fresh).close();
    expect(shape(path)).toEqual(shape(fresh));
  });

  it('a file holding only some of the hub tables is refused, untouched', () => {
    const path = join(dir, 'partial.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE events (x INTEGER) STRICT');
    db.close();
    const before = snapshot(path);
    expect(refusal(() => openSqliteHubStore(path)).message).toMatch(/holds events but not station_heads/);
    expect(snapshot(path)).toEqual(before);
  });

  it('a ledger missing a migration below the highest is refused, naming it, untouched', () => {
    const path = join(dir, 'gap.sqlite');
    openSqliteHubStore(path).close();
    const db = new Database(path);
    db.prepare('DELETE FROM schema_migrations WHERE version = 10').run();
    db.close();
    const before = snapshot(path);
    for (const readonly of [false, true]) {
      const error = refusal(() => openSqliteHubStore(path, { readonly }));
      expect(error).toBeInstanceOf(MigrationGapError);
      expect((error as MigrationGapError).missing.map((m) => m.version)).toEqual([10]);
      expect(error.message).toContain(
        `the hub database ${path} is missing migration(s) 0010 (hub-log), though later ones up to 00${latestHubSchemaVersion}`,
      );
      expect(error.message).toMatch(/restore a backup/i);
    }
    expect(snapshot(path)).toEqual(before);
  });

  const future: Array<[string, (db: Database.Database) => void, RegExp]> = [
    [
      'a ledger row above this program',
      (db) =>
        db
          .prepare(
            `INSERT INTO schema_migrations VALUES (${latestHubSchemaVersion + 10}, 'from-a-newer-hub', '2027-01-01T00:00:00.000Z', 0)`,
          )
          .run(),
      new RegExp(
        `has schema version ${latestHubSchemaVersion + 10}, newer than this program's ${latestHubSchemaVersion}`,
      ),
    ],
    [
      'a ledger row between two it knows',
      (db) =>
        db
          .prepare(
            "INSERT INTO schema_migrations VALUES (15, 'from-another-hub', '2027-01-01T00:00:00.000Z', 0)",
          )
          .run(),
      /has migration\(s\) 0015 that this program does not know/,
    ],
    [
      'user_version above this program',
      (db) => db.pragma(`user_version = ${latestHubSchemaVersion + 10}`),
      new RegExp(`newer than this program's ${latestHubSchemaVersion}`),
    ],
  ];
  for (const [what, write, message] of future) {
    it(`a version this program does not know (${what}) is refused, naming it, untouched`, () => {
      const path = join(dir, 'future.sqlite');
      openSqliteHubStore(path).close();
      const db = new Database(path);
      write(db);
      db.close();
      const before = snapshot(path);
      for (const readonly of [false, true]) {
        const error = refusal(() => openSqliteHubStore(path, { readonly }));
        expect(error).toBeInstanceOf(NewerSchemaError);
        expect(error.message).toMatch(message);
      }
      expect(snapshot(path)).toEqual(before);
    });
  }
});

describe('the shared ledger runner', () => {
  const made: string[] = [];
  const step = (version: number): NumberedMigration<void> => ({
    version,
    name: `step-${version}`,
    up: (db) => {
      db.exec(`CREATE TABLE step_${version} (x INTEGER) STRICT`);
      made.push(`step-${version}`);
    },
  });
  const ledger: NumberedMigration<void> = {
    version: 20,
    name: 'ledger',
    up: (db) =>
      db.exec(`CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL,
        backfilled INTEGER NOT NULL CHECK (backfilled IN (0, 1))) STRICT`),
  };
  const set = (migrations: NumberedMigration<void>[]) => ({
    what: 'test database',
    migrations,
    ledgerVersion: 20,
    versionBeforeLedger: (db: Database.Database) => db.pragma('user_version', { simple: true }) as number,
  });

  it('a failing migration rolls back every migration of the run and its ledger rows', () => {
    const db = new Database(':memory:');
    const boom: NumberedMigration<void> = {
      version: 40,
      name: 'boom',
      up: () => {
        throw new Error('boom');
      },
    };
    expect(() => runMigrations(db, set([step(10), ledger, step(30), boom]), 'mem', undefined)).toThrow(
      'boom',
    );
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });

  it('below the ledger, only user_version records progress; the ledger back-fills it later', () => {
    const db = new Database(':memory:');
    const all = set([step(10), ledger, step(30)]);
    expect(runMigrations(db, all, 'mem', undefined, { target: 10 }).map((m) => m.version)).toEqual([10]);
    expect(readLedger(db)).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(runMigrations(db, all, 'mem', undefined, { now: () => 'T' }).map((m) => m.version)).toEqual([
      20, 30,
    ]);
    expect(readLedger(db)).toEqual([
      { version: 10, name: 'step-10', appliedAt: 'T', backfilled: true },
      { version: 20, name: 'ledger', appliedAt: 'T', backfilled: false },
      { version: 30, name: 'step-30', appliedAt: 'T', backfilled: false },
    ]);
    db.close();
  });

  it('a migration that lands below one already applied is refused, not run out of order', () => {
    const db = new Database(':memory:');
    runMigrations(db, set([step(10), ledger, step(40)]), 'mem', undefined);
    made.length = 0;
    expect(() => runMigrations(db, set([step(10), ledger, step(30), step(40)]), 'mem', undefined)).toThrow(
      /missing migration\(s\) 0030 \(step-30\), though later ones up to 0040/,
    );
    expect(made).toEqual([]);
    expect(readLedger(db).map((e) => e.version)).toEqual([10, 20, 40]);
    db.close();
  });
});
