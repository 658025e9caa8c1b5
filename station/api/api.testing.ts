import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StationPush } from '../../shared/api/contract';
import { createStationClient } from '../../shared/api/client';
import { openStationStore } from '../store';
import { officer, registerIncidentCommand } from '../store/store.testing';
import { sealEvents } from '../../shared/events/envelope';
import { newId } from '../../shared/ids';
import { createStationApi, standaloneLink, type StationApiOptions } from '.';
import { DeadlineScheduler } from '../scheduler';
import { performance } from 'node:perf_hooks';

/** What a test sets; anything else createStationApi takes (clock, reporting, warnings, headquarters…) passes through. */
export interface TestStationOptions extends Partial<Omit<StationApiOptions, 'store' | 'station'>> {
  stationId?: string;
  jurisdiction?: string;
  name?: string;
  /** The store's folder, left in place on close so the test can reopen it; by default a fresh one, removed on close. */
  dir?: string;
  /** 'ipc' hands values over as IPC does (bytes intact); by default they go through JSON, as over the socket. */
  transport?: 'json' | 'ipc';
}

export type TestStation = ReturnType<typeof openTestStation>;

/**
 * Test support (used by the station API tests only): a real store on disk, the API over it, and a client
 * speaking to it as a transport would. A given `clock` runs the store too; every push and every bug is kept.
 */
export function openTestStation(options: TestStationOptions = {}) {
  const {
    stationId = 'district-500101',
    jurisdiction = '500101',
    name = '某区值班室',
    dir: keptDir,
    transport = 'json',
    ...deps
  } = options;
  const dir = keptDir ?? mkdtempSync(join(tmpdir(), 'dutyroom-api-'));
  const store = openStationStore({
    path: join(dir, 's.sqlite'),
    stationId,
    jurisdiction,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  const link = standaloneLink(store);
  const bugs: unknown[] = [];
  // The one deadline engine, as the station runs it, unless the test brings its own.
  const scheduler = deps.deadlines
    ? undefined
    : new DeadlineScheduler({
        store,
        onError: (e) => bugs.push(e),
        ...(deps.clock ? { clock: { now: deps.clock, monotonic: () => performance.now() } } : {}),
      });
  const api = createStationApi({
    deadlines: scheduler as DeadlineScheduler,
    store,
    station: { stationId, jurisdiction, name },
    operator: officer,
    onDuty: { leader: '李主任', officers: ['值班员甲'] },
    // A test may bring its own link (to cut it); the standalone one stays for closing.
    link,
    alarmCheckMs: 60_000,
    onBug: (e) => bugs.push(e),
    ...deps,
  });
  scheduler?.start();
  const pushes: StationPush[] = [];
  api.subscribe((p) => pushes.push(p));
  const wire = <T>(value: T): T => (transport === 'json' ? JSON.parse(JSON.stringify(value)) : value);
  const client = createStationClient({
    request: async (method, input) => wire(await api.dispatch({ method, input })),
    subscribe: (l) => api.subscribe((p) => l(wire(p))),
    onConnectionChange: () => () => {},
  });
  const close = () => {
    api.close();
    scheduler?.stop();
    link.close();
    store.close();
    if (!keptDir) rmSync(dir, { recursive: true, force: true });
  };
  return { store, api, client, pushes, bugs, close };
}

/** An incident registered at a township below, as the hub delivers it (hub sequence 1). */
export function remoteIncident(title: string) {
  const cmd = registerIncidentCommand({ title });
  return sealEvents(
    [
      {
        type: 'incident.registered',
        stream: `incident:${cmd.payload.incidentId}`,
        payload: { facts: cmd.payload.facts },
      },
    ],
    {
      station: 'township-500101001',
      jurisdiction: '500101001',
      actor: officer,
      now: new Date().toISOString(),
      lastStationSeq: 0,
      lastHash: null,
      newId: () => newId(),
    },
  ).map((e) => ({ ...e, hubSeq: 1 }));
}
