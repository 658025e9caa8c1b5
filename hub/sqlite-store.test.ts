import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids';
import { sealEvents, type DomainEvent } from '../shared/events/envelope';
import { flowsDownward, type Route } from '../shared/sync/routing';
import { nodeSha256 } from './server';
import type { HubEventStore } from './store';
import { hubStoreKinds, type TestHubStore } from './test-stores.testing';

const route = (e: DomainEvent): Route => ({
  jurisdiction: e.jurisdiction,
  down: flowsDownward(e.type),
  extra: null,
  ceiling: null,
});

function chain(
  station: string,
  jurisdiction: string,
  count: number,
  from: { seq: number; hash: string | null } = { seq: 0, hash: null },
) {
  return sealEvents(
    Array.from({ length: count }, () => ({
      type: 'incident.response_started' as const,
      stream: `incident:${newId()}`,
      payload: {},
    })),
    {
      station,
      jurisdiction,
      actor: { id: 'officer-1' },
      now: '2026-11-25T02:00:00.000Z',
      lastStationSeq: from.seq,
      lastHash: from.hash,
      newId: () => newId(),
    },
    nodeSha256,
  );
}

// The same behaviour from both stores (issue #21): SQLite, the embedded default, and PostgreSQL.
describe.each(hubStoreKinds)('hub event store on $name', (kind) => {
  let where: TestHubStore;
  let store: HubEventStore;
  beforeEach(() => {
    where = kind.make();
    store = where.open();
  });
  afterEach(() => {
    store.close();
    where.cleanup();
  });

  it('gives each new event the next hub sequence and acknowledges a re-sent event with its existing one', () => {
    const events = chain('district-500110', '500110', 3);
    const first = store.append(events, route);
    expect(first.results).toEqual([1, 2, 3].map((hubSeq) => ({ ok: true, hubSeq, duplicate: false })));
    const again = store.append(events, route);
    expect(again.results).toEqual([1, 2, 3].map((hubSeq) => ({ ok: true, hubSeq, duplicate: true })));
    expect(again.committed).toEqual([]);
    expect(store.count()).toBe(3);
  });

  it('refuses a gap in a station chain and everything after it in the batch, keeping what came before', () => {
    const events = chain('district-500110', '500110', 4);
    const outcome = store.append([events[0], events[2], events[3]], route);
    expect(outcome.results.map((r) => (r.ok ? r.hubSeq : r.errors[0].code))).toEqual([
      1,
      'OUT_OF_ORDER',
      'OUT_OF_ORDER',
    ]);
    expect(outcome.committed.map((c) => c.event.id)).toEqual([events[0].id]);
    expect(store.append(events.slice(1), route).results.map((r) => r.ok && r.hubSeq)).toEqual([2, 3, 4]);
  });

  it('refuses a fork: an event with the right sequence but another predecessor', () => {
    const [a] = chain('district-500110', '500110', 1);
    store.append([a], route);
    const [fork] = chain('district-500110', '500110', 1, { seq: 1, hash: 'f'.repeat(64) });
    const [result] = store.append([fork], route).results;
    expect(result.ok ? 'accepted' : result.errors[0].code).toBe('OUT_OF_ORDER');
  });

  it('replays after a sequence number only what the viewer may see, never its own events', () => {
    store.append(chain('town-500110101', '500110101', 2), route);
    store.append(chain('town-500110102', '500110102', 2), route);
    store.append(chain('district-500110', '500110', 1), route);
    const district = store.readSince({ station: 'district-500110', jurisdiction: '500110' }, 0, 100);
    expect(district.map((e) => e.station)).toEqual([
      'town-500110101',
      'town-500110101',
      'town-500110102',
      'town-500110102',
    ]);
    expect(district.map((e) => e.hubSeq)).toEqual([1, 2, 3, 4]);
    const townA = store.readSince({ station: 'town-500110101', jurisdiction: '500110101' }, 0, 100);
    expect(townA).toEqual([]);
    expect(
      store.readSince({ station: 'district-500110', jurisdiction: '500110' }, 2, 1).map((e) => e.hubSeq),
    ).toEqual([3]);
  });

  it('stores text exactly as sent, quotes, backslashes and SQL-looking words included', () => {
    // The PostgreSQL store writes values into its SQL text (two round trips per append): nothing a
    // station writes may end the string or run as SQL.
    const hostile = [
      "O'Brien''s \\ 'quoted' \\'",
      "'); DROP TABLE events; --",
      '$1 $$ $tag$ E\'x\' \\x00 \\n \\u0000',
      '洪水预警：城南片区 🌊 "双引号" ;COMMIT; BEGIN;',
    ];
    const [first, ...rest] = sealEvents(
      hostile.map((note) => ({
        type: 'incident.facts_updated' as const,
        stream: `incident:${newId()}`,
        payload: { changes: { title: note } },
      })),
      {
        station: "district-500110",
        jurisdiction: '500110',
        actor: { id: 'officer-1', name: "O'Neil \\ 王'五" },
        now: '2026-12-08T02:00:00.000Z',
        lastStationSeq: 0,
        lastHash: null,
        newId: () => newId(),
      },
      nodeSha256,
    );
    const events = [first, ...rest];
    const outcome = store.append(events, (e) => ({ ...route(e), extra: "5001'20" }));
    expect(outcome.results.every((r) => r.ok)).toBe(true);
    expect(store.count()).toBe(4);
    const back = store.eventsOfStation('district-500110');
    expect(back.map((e) => (e.payload as { changes: { title: string } }).changes.title)).toEqual(hostile);
    expect(back.map((e) => e.actor.name)).toEqual(hostile.map(() => "O'Neil \\ 王'五"));
    expect(back.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
    expect(store.stationHead('district-500110')).toEqual({ stationSeq: 4, hash: events[3].hash });
  });

  it('keeps its log across a reopen', () => {
    const events = chain('district-500110', '500110', 2);
    store.append(events, route);
    store.close();
    store = where.open();
    expect(store.stationHead('district-500110')).toEqual({ stationSeq: 2, hash: events[1].hash });
    expect(store.eventsOfStation('district-500110').map((e) => e.id)).toEqual(events.map((e) => e.id));
  });
});
