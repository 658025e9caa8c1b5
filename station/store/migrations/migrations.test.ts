import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import { sealEvents, type EventDraft } from '../../../shared/events/envelope';
import { evolveIncident, type IncidentEvent } from '../../../shared/aggregates/incident';
import { openDatabase } from '../db';
import { openStationStore } from '../index';
import { nodeSha256 } from '../log';
import { insertLegacyEvent, officer, registerIncidentCommand } from '../store.testing';
import { runMigrations } from '../../../hub/migrations/ledger';
import { migrationLedger } from './0170-migration-ledger';
import {
  MigrationGapError,
  NewerSchemaError,
  latestSchemaVersion,
  migrate,
  migrations,
  readLedger,
  schemaVersion,
  type Migration,
} from './index';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const station = 'district-500101';

describe('schema migrations', () => {
  it('numbers rise in multiples of 5 (reserved numbers may be skipped) and each names one change', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions.every((v) => v % 5 === 0)).toBe(true);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
  });

  const earlier = [0, ...migrations.map((m) => m.version).filter((v) => v < latestSchemaVersion)];
  for (const version of earlier) {
    it(`a database at schema version ${version} migrates to ${latestSchemaVersion} and keeps its records`, () => {
      const path = join(dir, `v${version}.db`);
      const db = openDatabase(path);
      migrate(db, { stationId: station }, { target: version });
      expect(schemaVersion(db)).toBe(version);
      const incidentId = newId();
      if (version >= 10) {
        // Write the way that version of the program did: the log row, the outbox and projection rows once they existed.
        const cmd = registerIncidentCommand({ incidentId, title: `旧版本${version}登记的事件` });
        const draft = {
          type: 'incident.registered',
          stream: `incident:${incidentId}`,
          payload: { facts: cmd.payload.facts },
        } as EventDraft;
        const [e] = sealEvents(
          [draft],
          {
            station,
            jurisdiction: '500101',
            actor: officer,
            now: '2026-11-25T02:00:00.000Z',
            lastStationSeq: 0,
            lastHash: null,
            newId: () => newId(),
          },
          nodeSha256,
        );
        insertLegacyEvent(db, e);
        if (version >= 50) {
          const incident = evolveIncident(undefined, e as IncidentEvent)!;
          db.prepare(
            'INSERT INTO incidents (id, status, jurisdiction, received_at, state) VALUES (?, ?, ?, ?, ?)',
          ).run(
            incident.id,
            incident.status,
            incident.jurisdiction,
            incident.facts.receivedAt,
            JSON.stringify(incident),
          );
        }
        if (version >= 150) {
          db.prepare('INSERT INTO outbox (station_seq) VALUES (?)').run(e.stationSeq);
        } else if (version >= 100) {
          db.prepare('INSERT INTO outbox (station_seq, stream) VALUES (?, ?)').run(e.stationSeq, e.stream);
        } else if (version >= 30) {
          db.prepare('INSERT INTO outbox (station_seq, event_id, stream) VALUES (?, ?, ?)').run(
            e.stationSeq,
            e.id,
            e.stream,
          );
        }
      }
      db.close();

      const store = openStationStore({ path, stationId: station, jurisdiction: '500101' });
      try {
        const check = openDatabase(path);
        expect(schemaVersion(check)).toBe(latestSchemaVersion);
        // The ledger lists every migration: those an old program without a ledger had, back-filled, then the rest.
        expect(readLedger(check).map((e) => [e.version, e.name, e.backfilled])).toEqual(
          migrations.map((m) => [
            m.version,
            m.name,
            m.version <= version && version < migrationLedger.version,
          ]),
        );
        check.close();
        if (version >= 10) {
          expect(store.openIncidents().map((i) => i.facts.title)).toEqual([`旧版本${version}登记的事件`]);
          expect(store.outboxDepth()).toBe(1);
          expect(store.verify()).toEqual({ ok: true, events: 1 });
        }
        // And the migrated store takes new work.
        const r = store.execute(registerIncidentCommand(), officer);
        expect(r.ok).toBe(true);
        expect(store.verify().ok).toBe(true);
      } finally {
        store.close();
      }
    });
  }

  it('a new database records every migration in its ledger, applied now, and user_version at the last', () => {
    const path = join(dir, 'fresh.db');
    const before = Date.now();
    openStationStore({ path, stationId: station, jurisdiction: '500101' }).close();
    const db = openDatabase(path);
    const ledger = readLedger(db);
    expect(ledger.map((e) => [e.version, e.name])).toEqual(migrations.map((m) => [m.version, m.name]));
    expect(ledger.every((e) => !e.backfilled && Date.parse(e.appliedAt) >= before - 1000)).toBe(true);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    db.close();
  });
});

/** Everything a refusal must leave as it was: the file's bytes, its schema, its ledger, user_version. */
function snapshot(path: string) {
  const bytes = createHash('sha256').update(readFileSync(path)).digest('hex');
  const db = openDatabase(path, { readonly: true });
  try {
    return {
      bytes,
      schema: db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all(),
      ledger: readLedger(db),
      userVersion: schemaVersion(db),
      events: db.prepare('SELECT count(*) FROM events').pluck().get(),
    };
  } finally {
    db.close();
  }
}

const open = (path: string, integrityCheck?: 'before-open' | 'in-background') =>
  openStationStore({ path, stationId: station, jurisdiction: '500101', integrityCheck });

describe('migration ledger refusals', () => {
  /** A current store holding one incident, closed. */
  function currentStore(name: string): string {
    const path = join(dir, `${name}.db`);
    const store = open(path);
    expect(store.execute(registerIncidentCommand({ title: '台账测试' }), officer).ok).toBe(true);
    store.close();
    return path;
  }

  it('a store migrated by a release that lacked 0120–0130 (0140 landed first) is refused, naming them, untouched', () => {
    // The release that shipped 0140 before 0120, 0125 and 0130, with the ledger already in it.
    const path = join(dir, 'skipped.db');
    const skipped = new Set([120, 125, 130]);
    const thatRelease = migrations.filter((m) => !skipped.has(m.version));
    const db = openDatabase(path);
    runMigrations(
      db,
      {
        what: 'station database',
        migrations: thatRelease,
        ledgerVersion: 170,
        versionBeforeLedger: schemaVersion,
      },
      path,
      { stationId: station },
    );
    expect(readLedger(db).map((e) => e.version)).toEqual(thatRelease.map((m) => m.version));
    db.close();
    const before = snapshot(path);

    let error: unknown;
    try {
      open(path).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MigrationGapError);
    const gap = error as MigrationGapError;
    expect(gap.missing.map((m) => m.version)).toEqual([120, 125, 130]);
    expect(gap.message).toContain(
      '0120 (projection-roster), 0125 (projection-duty-log), 0130 (projection-headquarters)',
    );
    expect(gap.message).toContain(path);
    expect(gap.message).toMatch(/restore a backup/i);
    expect(snapshot(path)).toEqual(before);
    // Nothing of 0120 was created behind the refusal.
    expect(before.schema.some((o) => (o as { name: string }).name === 'roster')).toBe(false);
  });

  for (const integrityCheck of ['before-open', 'in-background'] as const) {
    it(`a ledger missing one migration below the highest is refused (integrity check ${integrityCheck}), untouched`, () => {
      const path = currentStore(`gap-${integrityCheck}`);
      const db = openDatabase(path);
      db.prepare('DELETE FROM schema_migrations WHERE version = 120').run();
      db.close();
      const before = snapshot(path);
      expect(() => open(path, integrityCheck)).toThrow(MigrationGapError);
      expect(() => open(path, integrityCheck)).toThrow(
        new RegExp(
          `missing migration\\(s\\) 0120 \\(projection-roster\\), though later ones up to 0${latestSchemaVersion}`,
        ),
      );
      expect(snapshot(path)).toEqual(before);
      expect(before.ledger.map((e) => e.version)).not.toContain(120);
    });
  }

  it('migrate() itself refuses a gap before writing anything', () => {
    const path = currentStore('gap-migrate');
    const db = openDatabase(path);
    db.prepare('DELETE FROM schema_migrations WHERE version = 10').run();
    expect(() => migrate(db, { stationId: station })).toThrow(/0010 \(event-log\)/);
    expect(readLedger(db).map((e) => e.version)).toEqual(
      migrations.map((m) => m.version).filter((v) => v !== 10),
    );
    db.close();
  });

  const future: Array<[string, number, RegExp]> = [
    [
      'above this program',
      latestSchemaVersion + 10,
      new RegExp(
        `schema version ${latestSchemaVersion + 10}, newer than this program's ${latestSchemaVersion}`,
      ),
    ],
    ['between two it knows', 165, /migration\(s\) 0165 that this program does not know/],
  ];
  for (const [where, version, message] of future) {
    it(`a ledger naming a version this program does not know (${where}) is refused, naming it, untouched`, () => {
      const path = currentStore(`future-${version}`);
      const db = openDatabase(path);
      db.prepare(
        "INSERT INTO schema_migrations (version, name, applied_at, backfilled) VALUES (?, 'from-a-newer-release', '2027-01-01T00:00:00.000Z', 0)",
      ).run(version);
      db.close();
      const before = snapshot(path);
      expect(() => open(path)).toThrow(NewerSchemaError);
      expect(() => open(path, 'in-background')).toThrow(message);
      expect(snapshot(path)).toEqual(before);
    });
  }

  it('a migration missing from the ledger and above every applied one is applied and recorded', () => {
    // The next release's 0180, run by the same runner over today's ledger.
    const path = join(dir, 'next.db');
    const db = openDatabase(path);
    const set = (list: readonly Migration[]) => ({
      what: 'station database',
      migrations: list,
      ledgerVersion: 170,
      versionBeforeLedger: schemaVersion,
    });
    runMigrations(db, set(migrations), path, { stationId: station });
    const next: Migration = {
      version: latestSchemaVersion + 10,
      name: 'next-change',
      up: (d) => d.exec('CREATE TABLE next_change (x INTEGER) STRICT'),
    };
    expect(
      runMigrations(db, set([...migrations, next]), path, { stationId: station }).map((m) => m.version),
    ).toEqual([latestSchemaVersion + 10]);
    expect(readLedger(db).at(-1)).toMatchObject({ version: latestSchemaVersion + 10, name: 'next-change', backfilled: false });
    expect(schemaVersion(db)).toBe(latestSchemaVersion + 10);
    db.close();
  });
});
