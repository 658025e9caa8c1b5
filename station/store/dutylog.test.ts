import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { sealEvents, type DomainEvent } from '../../shared/events/envelope';
import { openDatabase } from './db';
import { openStationStore, type StationStore } from './index';
import { migrate } from './migrations';
import { insertLegacyEvent, officer, registerIncidentCommand } from './store.testing';
import { nodeSha256 } from './log';

let dir: string;
const stores: StationStore[] = [];
let nowMs = Date.parse('2026-11-25T02:00:00.000Z');
const open = (name: string, stationId = 'district-500101', jurisdiction = '500101') => {
  const s = openStationStore({ path: join(dir, `${name}.db`), stationId, jurisdiction, clock: () => nowMs });
  stores.push(s);
  return s;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-dutylog-'));
  nowMs = Date.parse('2026-11-25T02:00:00.000Z');
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const mustExecute = (store: StationStore, command: unknown, actor = officer): DomainEvent[] => {
  const r = store.execute(command, actor);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

const record = (store: StationStore, payload: Record<string, unknown>) => {
  const entryId = newId();
  mustExecute(store, {
    id: newId(),
    type: 'dutylog.record',
    payload: { entryId, ...payload },
  });
  return entryId;
};

describe('duty log in the station store (real SQLite)', () => {
  it('records entries, lists them newest first and finds them by words of two, three and more characters', () => {
    const store = open('search');
    const incidentId = newId();
    mustExecute(store, registerIncidentCommand({ incidentId, title: '青山水库险情' }));
    const a = record(store, {
      kind: 'call_received',
      text: '接到青山镇来电：青山水库水位超汛限',
      counterpart: '青山镇 李主任',
      incidentId,
      occurredAt: '2026-11-25T01:10:00.000Z',
    });
    const b = record(store, {
      kind: 'instruction_relayed',
      text: '传达区长指示：水库下游群众立即转移',
      counterpart: '青山镇',
      occurredAt: '2026-11-25T01:20:00.000Z',
    });
    const c = record(store, { kind: 'note', text: 'UPS 电源巡检正常', occurredAt: '2026-11-25T01:30:00Z' });

    expect(store.dutyLog({}).map((e) => e.id)).toEqual([c, b, a]);
    expect(store.dutyLog({ q: '水库' }).map((e) => e.id)).toEqual([b, a]);
    expect(store.dutyLog({ q: '超汛限' }).map((e) => e.id)).toEqual([a]);
    expect(store.dutyLog({ q: '水库 转移' }).map((e) => e.id)).toEqual([b]);
    expect(store.dutyLog({ q: '李主任' }).map((e) => e.id)).toEqual([a]);
    expect(store.dutyLog({ q: 'ups' }).map((e) => e.id)).toEqual([c]);
    expect(store.dutyLog({ q: '"; DROP TABLE duty_log; --' })).toEqual([]);
    expect(store.dutyLog({ q: '地震' })).toEqual([]);
    expect(store.dutyLog({ incidentId }).map((e) => e.id)).toEqual([a]);
    // [from, to): the entry at 01:30:00Z (written without milliseconds) is at the bound.
    expect(
      store.dutyLog({ from: '2026-11-25T01:15:00.000Z', to: '2026-11-25T01:30:00.000Z' }).map((e) => e.id),
    ).toEqual([b]);
    expect(store.dutyLog({ from: '2026-11-25T01:30:00.000Z' }).map((e) => e.id)).toEqual([c]);
    expect(store.dutyLog({ limit: 2 }).map((e) => e.id)).toEqual([c, b]);
    expect(store.dutyLogEntry(a)).toMatchObject({
      kind: 'call_received',
      counterpart: '青山镇 李主任',
      incidentId,
    });
  });

  it('a correction keeps both versions, and the search finds the entry by the old words and the new', () => {
    const store = open('correct');
    const id = record(store, { kind: 'call_received', text: '东林村报告塌方', counterpart: '东林村' });
    nowMs += 10 * 60_000;
    mustExecute(store, {
      id: newId(),
      type: 'dutylog.correct',
      payload: {
        entryId: id,
        changes: { text: '西林村报告塌方', counterpart: '西林村' },
        reason: '村名记错',
      },
    });
    const entry = store.dutyLogEntry(id)!;
    expect(entry.text).toBe('西林村报告塌方');
    expect(entry.corrected).toBe(true);
    expect(entry.versions.map((v) => [v.text, v.counterpart, v.reason])).toEqual([
      ['东林村报告塌方', '东林村', undefined],
      ['西林村报告塌方', '西林村', '村名记错'],
    ]);
    expect(store.dutyLog({ q: '东林村' }).map((e) => e.id)).toEqual([id]);
    expect(store.dutyLog({ q: '西林村' }).map((e) => e.id)).toEqual([id]);
    // The log holds both events: nothing was edited in place.
    expect(store.streamEvents(`dutylog:${id}`).map((e) => e.type)).toEqual([
      'dutylog.entry_recorded',
      'dutylog.entry_corrected',
    ]);
  });

  it('a refused entry names its fields and writes nothing', () => {
    const store = open('refused');
    const before = store.lastPosition();
    const r = store.execute(
      {
        id: newId(),
        type: 'dutylog.record',
        payload: { kind: 'report_made', text: '已电话报告市应急局', incidentId: newId() },
      },
      officer,
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.field).sort()).toEqual(['payload.counterpart', 'payload.incidentId']);
    expect(store.lastPosition()).toBe(before);
    expect(store.dutyLog({})).toEqual([]);
  });

  it('entries from a subordinate station arrive through the hub and are kept apart by station', () => {
    const district = open('district', 'district-500101', '500101');
    const city = open('city', 'city-5001', '5001');
    const id = record(district, {
      kind: 'call_received',
      text: '接群众来电反映道路积水',
      counterpart: '群众',
    });
    const events = district.outboxPending(10).map((e, i) => ({ ...e, hubSeq: i + 1 }));
    expect(city.ingestRemote(events).applied).toBe(1);
    expect(city.dutyLog({ q: '积水' }).map((e) => [e.id, e.station])).toEqual([[id, 'district-500101']]);
    expect(city.dutyLog({ station: 'city-5001' })).toEqual([]);
  });

  it('a store at the schema before the duty log migrates and rebuilds the log and its search index', () => {
    // A database as the program before migration 125 left it, holding a duty-log event (as from the hub).
    const path = join(dir, 'old.db');
    const db = openDatabase(path);
    migrate(db, { stationId: 'district-500101' }, { target: 120 });
    const entryId = newId();
    const [e] = sealEvents(
      [
        {
          type: 'dutylog.entry_recorded',
          stream: `dutylog:${entryId}`,
          payload: { kind: 'note', text: '防汛物资清点完毕', occurredAt: '2026-11-25T01:00:00.000Z' },
        },
      ],
      {
        station: 'district-500101',
        jurisdiction: '500101',
        actor: officer,
        now: '2026-11-25T01:00:00.000Z',
        lastStationSeq: 0,
        lastHash: null,
        newId: () => newId(),
      },
      nodeSha256,
    );
    insertLegacyEvent(db, e);
    db.prepare('INSERT INTO outbox (station_seq, stream) VALUES (?, ?)').run(e.stationSeq, e.stream);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'duty_log%'").pluck().get()).toBe(
      0,
    );
    db.close();

    const reopened = open('old');
    expect(reopened.dutyLog({ q: '物资清点' }).map((x) => x.id)).toEqual([entryId]);
    expect(reopened.dutyLog({ q: '防汛' }).map((x) => x.id)).toEqual([entryId]);
    expect(reopened.verify()).toEqual({ ok: true, events: 1 });
  });
});
