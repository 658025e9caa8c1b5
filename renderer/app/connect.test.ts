import { describe, expect, it } from 'vitest';
import { createStationClient, type StationTransport } from '../../shared/api/client';
import { createApiDispatcher, type ApiHandlers } from '../../shared/api/serve';
import type { StationPush, StationSnapshot } from '../../shared/api/contract';
import type { Incident } from '../../shared/domain/incident';
import { ok } from '../../shared/result';
import { handlersWith } from '../../shared/api/api.testing';
import { createAppStore } from './store';
import { connectStation } from './connect';
import { selectOpenIncidents } from '../features/incidents/selectors';
import { selectReportClocks, urgencyOf } from '../features/reports/selectors';
import { clockTicked } from './actions';

const t0 = Date.parse('2026-11-25T02:00:00.000Z');
const incident = (id: string, title: string, receivedAt = '2026-11-25T01:52:00.000Z'): Incident => ({
  id,
  jurisdiction: '500110',
  status: 'received',
  version: 1,
  facts: {
    title,
    category: 'accident',
    subtype: 'fire',
    level: 'III',
    location: { areaCode: '500110', address: '', point: { lon: 106.9, lat: 28.9 } },
    occurredAt: receivedAt,
    receivedAt,
    source: 'phone',
    casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
    affectedPeople: 0,
    description: '',
  },
});
const A = '01KAXR0000000000000000000A';
const B = '01KAXR0000000000000000000B';

const snapshot = (incidents: Incident[]): StationSnapshot => ({
  station: {
    stationId: 'station-500110',
    jurisdiction: '500110',
    name: '演示',
    onDuty: { leader: '李主任', officers: [] },
    operator: { id: 'op' },
  },
  incidents,
  reports: [],
  obligations: incidents.map((i) => ({
    incidentId: i.id,
    obligations: [
      {
        key: 'initial.written',
        incidentId: i.id,
        kind: 'initial_written',
        dueAt: '2026-11-25T02:52:00.000Z',
        state: 'pending',
        rule: { id: 'r', source: 's' },
      },
    ],
  })),
  teams: [],
  depots: [],
  shelters: [],
  riskPoints: [],
  dispatchOrders: [],
  alarms: [],
  recentEvents: [],
  warnings: [],
  headquarters: [],
  staff: [],
  rosters: [],
  dutyLog: [],
  link: { status: 'online', outboxDepth: 0, lastContactAt: null, hubUrl: 'http://127.0.0.1:1' },
  takenAt: new Date(t0).toISOString(),
});

/** A transport whose station answers the snapshot only when told to, so pushes can overtake it. */
function slowStation(initial: Incident[]) {
  const pushListeners = new Set<(p: unknown) => void>();
  const connection = new Set<(c: boolean) => void>();
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const handlers: ApiHandlers = handlersWith({
    snapshot: async () => {
      const taken = snapshot(initial);
      await gate;
      return ok(taken);
    },
    incident: () => ok(null),
    reportsOf: () => ok([]),
    obligationsOf: () => ok([]),
    streamEvents: () => ok([]),
    linkState: () => ok(snapshot([]).link),
  });
  const dispatch = createApiDispatcher(handlers);
  const transport: StationTransport = {
    request: (method, input) => dispatch({ method, input }),
    subscribe: (l) => (pushListeners.add(l), () => pushListeners.delete(l)),
    onConnectionChange: (l) => (connection.add(l), () => connection.delete(l)),
  };
  return {
    client: createStationClient(transport),
    connect: () => connection.forEach((l) => l(true)),
    push: (p: StationPush) => pushListeners.forEach((l) => l(JSON.parse(JSON.stringify(p)))),
    release,
  };
}

const changes = (incidents: Incident[]): StationPush => ({
  kind: 'changes',
  events: [],
  incidents,
  reports: [],
  obligations: [],
  teams: [],
  shelters: [],
  dispatchOrders: [],
  depots: [],
  riskPoints: [],
});

describe('the window store follows its station', () => {
  it('a change pushed while the snapshot is on its way is not lost under the snapshot', async () => {
    const station = slowStation([incident(A, '建设路厂房火灾')]);
    const store = createAppStore(station.client, null);
    const stop = connectStation(station.client, store, () => t0);
    station.connect();
    station.push(changes([incident(B, '青年镇道路积水', '2026-11-25T01:58:00.000Z')]));
    station.release();
    await expect.poll(() => store.getState().station.loaded).toBe(true);
    stop();
    expect(selectOpenIncidents(store.getState()).map((i) => i.facts.title)).toEqual([
      '青年镇道路积水',
      '建设路厂房火灾',
    ]);
  });

  it('a closed incident leaves the open list', async () => {
    const station = slowStation([incident(A, '建设路厂房火灾')]);
    const store = createAppStore(station.client, null);
    const stop = connectStation(station.client, store, () => t0);
    station.connect();
    station.release();
    await expect.poll(() => store.getState().station.loaded).toBe(true);
    station.push(changes([{ ...incident(A, '建设路厂房火灾'), status: 'closed', version: 2 }]));
    stop();
    expect(selectOpenIncidents(store.getState())).toEqual([]);
  });

  it("a snapshot slow on its way back does not set the screen's clock behind the station's", async () => {
    const station = slowStation([incident(A, '建设路厂房火灾')]);
    const store = createAppStore(station.client, null);
    let screenMs = t0; // the station stamps t0 as it answers; the answer reaches the screen 8 s later
    const stop = connectStation(station.client, store, () => screenMs);
    station.connect();
    screenMs += 8_000;
    station.release();
    await expect.poll(() => store.getState().station.loaded).toBe(true);
    stop();
    // Station time when the answer lands is t0 + 8 s at the least: the screen must not read t0.
    expect(store.getState().station.now).toBe(t0 + 8_000);
  });

  it('report countdowns move with the one clock tick: calm, warning at 10 min, urgent at 2 min, overdue after', async () => {
    const station = slowStation([incident(A, '建设路厂房火灾')]);
    const store = createAppStore(station.client, null);
    const stop = connectStation(station.client, store, () => t0);
    station.connect();
    station.release();
    await expect.poll(() => store.getState().station.loaded).toBe(true);
    stop();
    const due = Date.parse('2026-11-25T02:52:00.000Z');
    const at = (ms: number) => {
      store.dispatch(clockTicked(ms));
      return selectReportClocks(store.getState())[0];
    };
    expect(at(due - 30 * 60_000)?.urgency).toBe('calm');
    expect(at(due - 9 * 60_000)?.urgency).toBe('warning');
    expect(at(due - 60_000)?.urgency).toBe('urgent');
    expect(at(due + 1000)).toMatchObject({ urgency: 'overdue', remainingMs: -1000 });
    expect([urgencyOf(10 * 60_000 + 1), urgencyOf(0), urgencyOf(-1)]).toEqual(['calm', 'urgent', 'overdue']);
  });
});
