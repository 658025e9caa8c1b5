import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import { hashInput, sealEvents, type EventDraft } from '../../../shared/events/envelope';
import { evolveIncident, type IncidentEvent } from '../../../shared/aggregates/incident';
import { openDatabase } from '../db';
import { openStationStore } from '../index';
import { chainLink, nodeSha256 } from '../log';
import { officer, registerIncidentCommand } from '../fixtures';
import { latestSchemaVersion, migrate, migrations, schemaVersion } from './index';

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
        db.prepare(
          `INSERT INTO events (id, type, stream, station, station_seq, occurred_at, recorded_at, envelope, hash, chain)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          e!.id,
          e!.type,
          e!.stream,
          e!.station,
          e!.stationSeq,
          e!.occurredAt,
          e!.recordedAt,
          hashInput(e!),
          e!.hash,
          chainLink('', e!.hash),
        );
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
          db.prepare('INSERT INTO outbox (station_seq) VALUES (?)').run(e!.stationSeq);
        } else if (version >= 100) {
          db.prepare('INSERT INTO outbox (station_seq, stream) VALUES (?, ?)').run(e!.stationSeq, e!.stream);
        } else if (version >= 30) {
          db.prepare('INSERT INTO outbox (station_seq, event_id, stream) VALUES (?, ?, ?)').run(
            e!.stationSeq,
            e!.id,
            e!.stream,
          );
        }
      }
      db.close();

      const store = openStationStore({ path, stationId: station, jurisdiction: '500101' });
      try {
        const check = openDatabase(path);
        expect(schemaVersion(check)).toBe(latestSchemaVersion);
        check.close();
        if (version >= 10) {
          expect(store.openIncidents().map((i) => i.facts.title)).toEqual([`旧版本${version}登记的事件`]);
          expect(store.outboxDepth()).toBe(1);
          expect(store.verify()).toEqual({ ok: true, events: 1 });
        }
        // And the migrated store takes new work.
        const r = store.execute(registerIncidentCommand());
        expect(r.ok).toBe(true);
        expect(store.verify().ok).toBe(true);
      } finally {
        store.close();
      }
    });
  }
});
