import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stationFeatures } from '../../features';
import { openDatabase, type Db } from '../db';
import { openStationStore } from '../index';
import { officer, registerIncidentCommand } from '../store.testing';
import {
  assembleMigrations,
  checkMigratable,
  coreMigrations,
  migrate,
  migrations,
  readLedger,
  schemaVersion,
  type Migration,
} from './index';

/*
 * Issue 20, decision 0032: each feature's migrations moved from station/store/migrations/ into its own
 * folder and the list is assembled from the core's and every registered feature's. A station database
 * written before the move must open with nothing to migrate. `released-0230.json` is that release's
 * ledger and schema, written once from the old layout (the list as it stood in station/store/migrations/
 * up to 0230), and never regenerated: the assembled list has to reproduce it.
 */
interface SchemaObject {
  type: string;
  name: string;
  tblName: string;
  sql: string | null;
}
const released = JSON.parse(
  readFileSync(new URL('./released-0230.json', import.meta.url), 'utf8'),
) as { ledger: [number, string][]; schema: SchemaObject[] };
const releasedLatest = 230;

const station = 'district-500101';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-feature-migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const schemaOf = (db: Db): SchemaObject[] =>
  db
    .prepare<[], SchemaObject>('SELECT type, name, tbl_name AS tblName, sql FROM sqlite_master ORDER BY type, name')
    .all();

/** The database that release left: its schema statement by statement, its ledger, its user_version. */
function releasedDatabase(path: string): Db {
  const db = openDatabase(path);
  const made = (o: SchemaObject) => o.sql !== null && !o.sql.startsWith("CREATE TABLE '"); // not FTS5's own tables
  const byKind = (pick: (o: SchemaObject) => boolean) => released.schema.filter((o) => made(o) && pick(o));
  db.transaction(() => {
    for (const o of [
      ...byKind((o) => o.type === 'table' && !o.sql!.startsWith('CREATE VIRTUAL')),
      ...byKind((o) => o.type === 'table' && o.sql!.startsWith('CREATE VIRTUAL')),
      ...byKind((o) => o.type === 'index'),
      ...byKind((o) => o.type === 'trigger'),
    ])
      db.exec(o.sql!);
    const row = db.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at, backfilled) VALUES (?, ?, ?, 0)',
    );
    for (const [version, name] of released.ledger) row.run(version, name, '2026-12-01T00:00:00.000Z');
    db.pragma(`user_version = ${releasedLatest}`);
  })();
  return db;
}

describe('feature migrations (each feature folder holds its own)', () => {
  it('the assembled list up to 0230 is the released ledger: the same numbers and names, in order', () => {
    expect(released.ledger).toHaveLength(24);
    expect(migrations.filter((m) => m.version <= releasedLatest).map((m) => [m.version, m.name])).toEqual(
      released.ledger,
    );
  });

  it('a new database migrated to 0230 has the released schema, statement for statement', () => {
    const db = openDatabase(join(dir, 'fresh.db'));
    migrate(db, { stationId: station }, { target: releasedLatest });
    expect(schemaOf(db)).toEqual(released.schema);
    db.close();
  });

  it('a database the old layout made opens with nothing of its own migrated again, and takes new work', () => {
    const path = join(dir, 'released.db');
    const db = releasedDatabase(path);
    expect(schemaOf(db)).toEqual(released.schema);
    // Only migrations numbered after that release are due (none today); none of the moved ones.
    expect(checkMigratable(db).map((m) => m.version)).toEqual(
      migrations.filter((m) => m.version > releasedLatest).map((m) => m.version),
    );
    const before = readLedger(db);
    db.close();

    const store = openStationStore({ path, stationId: station, jurisdiction: '500101' });
    try {
      expect(store.execute(registerIncidentCommand({ title: '旧布局数据库' }), officer).ok).toBe(true);
      expect(store.openIncidents().map((i) => i.facts.title)).toEqual(['旧布局数据库']);
    } finally {
      store.close();
    }
    const check = openDatabase(path);
    const after = readLedger(check);
    // Its rows are untouched (same time, not back-filled, not re-run); anything after is a later release's.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).every((e) => e.version > releasedLatest)).toBe(true);
    expect(schemaVersion(check)).toBe(Math.max(releasedLatest, ...after.map((e) => e.version)));
    check.close();
  });

  it("every registered feature's migrations, and the core's, are in the list", () => {
    const listed = new Set(migrations);
    for (const m of coreMigrations) expect(listed.has(m)).toBe(true);
    for (const f of stationFeatures) for (const m of f.migrations ?? []) expect(listed.has(m), f.name).toBe(true);
    expect(migrations).toHaveLength(
      coreMigrations.length + stationFeatures.reduce((n, f) => n + (f.migrations?.length ?? 0), 0),
    );
    // The moved ones sit with their features.
    const owner = (version: number) => stationFeatures.find((f) => f.migrations?.some((m) => m.version === version))?.name;
    expect([50, 60, 160, 80, 90, 120, 125, 130, 140, 180, 220, 230].map(owner)).toEqual([
      'incidents',
      'reports',
      'reports',
      'dispatch',
      'dispatch',
      'roster',
      'dutylog',
      'headquarters',
      'warnings',
      'auth',
      'drills',
      'field',
    ]);
  });
});

describe('assembling the one numbered ledger', () => {
  const m = (version: number, name: string): Migration => ({
    version,
    name,
    up: (db) => db.exec(`CREATE TABLE t${version} (x INTEGER) STRICT`),
  });

  it('sorts the core and the features by number, whatever the registry order', () => {
    const list = assembleMigrations(
      [m(10, 'core-a'), m(40, 'core-b')],
      [
        { name: 'late', migrations: [m(50, 'late-a'), m(20, 'late-b')] },
        { name: 'none' },
        { name: 'early', migrations: [m(30, 'early-a')] },
      ],
    );
    expect(list.map((x) => x.version)).toEqual([10, 20, 30, 40, 50]);
  });

  it('refuses a number claimed by two features, naming both', () => {
    expect(() =>
      assembleMigrations(
        [m(10, 'core-a')],
        [
          { name: 'drills', migrations: [m(240, 'drill-notes')] },
          { name: 'roster', migrations: [m(240, 'roster-shifts')] },
        ],
      ),
    ).toThrow(
      'station migration 0240 is claimed twice: by the feature drills (drill-notes) and by the feature roster (roster-shifts)',
    );
  });

  it("refuses a feature's number that is the core's, and a name used twice", () => {
    expect(() => assembleMigrations([m(170, 'migration-ledger')], [{ name: 'warnings', migrations: [m(170, 'x')] }])).toThrow(
      /0170 is claimed twice: by the core \(station\/store\/migrations\) \(migration-ledger\) and by the feature warnings \(x\)/,
    );
    expect(() => assembleMigrations([m(10, 'same')], [{ name: 'warnings', migrations: [m(20, 'same')] }])).toThrow(
      'station migration name same is used twice',
    );
  });

  it("today's registry assembles without a clash", () => {
    expect(() => assembleMigrations(coreMigrations, stationFeatures)).not.toThrow();
  });
});
