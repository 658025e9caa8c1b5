import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealEvents, type DomainEvent } from '../shared/events/envelope';
import { newId } from '../shared/ids';
import type { Route } from '../shared/sync/routing';
import { recentLog } from './recent-log';
import { nodeSha256 } from './server';
import { openSqliteHubStore } from './sqlite-store';
import type { HubEventStore, StoredEvent } from './store';

/** Stations from a province down to townships, and routes of every kind: up, down, a sibling, a drill's ceiling. */
const stations = [
  { station: 'st-50', jurisdiction: '50' },
  { station: 'st-5001', jurisdiction: '5001' },
  { station: 'st-500110', jurisdiction: '500110' },
  { station: 'st-500120', jurisdiction: '500120' },
  { station: 'st-500110001', jurisdiction: '500110001' },
  { station: 'st-500110002', jurisdiction: '500110002' },
  { station: 'st-500120001', jurisdiction: '500120001' },
];
const routes = (j: string): Route[] => [
  { jurisdiction: j, down: false, extra: null, ceiling: null },
  { jurisdiction: j, down: true, extra: null, ceiling: null },
  { jurisdiction: j, down: false, extra: '500120', ceiling: null },
  { jurisdiction: j, down: false, extra: null, ceiling: j.slice(0, 6) },
  { jurisdiction: j, down: true, extra: null, ceiling: j.slice(0, 4) },
];

let dir: string;
let store: HubEventStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'recent-log-'));
  store = openSqliteHubStore(join(dir, 'hub.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every station appends `perStation` events, each given the next of its routes in turn; what was committed, in hub order. */
function fill(perStation: number): StoredEvent[] {
  const committed: StoredEvent[] = [];
  const heads = new Map<string, { seq: number; hash: string | null }>();
  for (let round = 0; round < perStation; round += 1)
    for (const s of stations) {
      const head = heads.get(s.station) ?? { seq: 0, hash: null };
      const events = sealEvents(
        [{ type: 'incident.response_started', stream: `incident:${newId()}`, payload: {} }],
        {
          ...s,
          actor: { id: 'officer-1' },
          now: '2026-12-08T02:00:00.000Z',
          lastStationSeq: head.seq,
          lastHash: head.hash,
          newId: () => newId(),
        },
        nodeSha256,
      );
      heads.set(s.station, { seq: head.seq + 1, hash: events.at(-1)?.hash ?? null });
      const ofStation = routes(s.jurisdiction);
      const outcome = store.append(events, (_e: DomainEvent) => ofStation[round % ofStation.length] ?? ofStation[0]);
      committed.push(...outcome.committed);
    }
  return committed;
}

const ids = (events: ReadonlyArray<{ id: string }> | null) => events?.map((e) => e.id) ?? null;

describe('recent log (pulls answered from memory)', () => {
  it('answers every viewer and range within it exactly as the store does', () => {
    const committed = fill(10); // 70 events
    const recent = recentLog(1000);
    // Delivered in runs, as commits come.
    for (let i = 0; i < committed.length; i += 9) recent.add(committed.slice(i, i + 9));
    expect(recent.span()).toEqual({ first: 1, last: 70 });
    let compared = 0;
    for (const viewer of stations)
      for (const [after, through] of [[0, 70], [0, 20], [13, 70], [35, 36], [69, 70], [70, 70]] as const)
        for (const limit of [500, 3]) {
          const fromMemory = recent.readSince(viewer, after, limit, through);
          expect(ids(fromMemory), `${viewer.jurisdiction} (${after}, ${through}] limit ${limit}`).toEqual(
            ids(store.readSince(viewer, after, limit, through)),
          );
          compared += fromMemory?.length ?? 0;
        }
    expect(compared).toBeGreaterThan(200); // the viewers did see things: not a comparison of empty lists
  });

  it('says it cannot answer outside its window, so the store is asked', () => {
    const committed = fill(10);
    const recent = recentLog(30);
    recent.add(committed.slice(0, 40));
    recent.add(committed.slice(40, 60)); // 60 events: trimmed back to the last 30 once past 37
    const span = recent.span();
    expect(span).toEqual({ first: 31, last: 60 });
    const viewer = stations[0];
    expect(recent.readSince(viewer, 29, 500, 60)).toBeNull(); // 30 fell out of the window
    expect(recent.readSince(viewer, 30, 500, 61)).toBeNull(); // 61 is not delivered yet
    expect(ids(recent.readSince(viewer, 30, 500, 60))).toEqual(ids(store.readSince(viewer, 30, 500, 60)));
  });

  it('starts again after a gap instead of answering across it', () => {
    const committed = fill(5);
    const recent = recentLog(1000);
    recent.add(committed.slice(0, 10));
    recent.add(committed.slice(12, 20)); // 11 and 12 never added here
    expect(recent.span()).toEqual({ first: 13, last: 20 });
    expect(recent.readSince(stations[0], 5, 500, 20)).toBeNull();
  });
});
