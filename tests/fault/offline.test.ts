import { afterAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../hub/auth';
import { startHub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import { HOUR } from '../../shared/time';
import { openStationStore } from '../../station/store/index';
import { startSyncClient, type SyncState } from '../../station/sync/client';
import { mustExecuteAll, tempDir, waitFor } from './helpers';
import { registerIncidentCommand } from '../../station/store/store.testing';
import { freePort } from './hub-process';

const key = new TextEncoder().encode('offline-test-signing-key-0123456789-abc');
const EVENTS = 2000;
const RESTARTS = 5;
const OFFLINE_MS = 8 * HOUR;

const dir = tempDir('offline');
afterAll(() => dir.remove());

describe('a station cut off for a shift', () => {
  it(`queues ${EVENTS} events over a simulated 8 hours and ${RESTARTS} restarts, then delivers them all in order`, async () => {
    const station = { station: 'district-500110', jurisdiction: '500110' };
    const path = `${dir.path}/district.sqlite`;
    const port = await freePort(); // nothing listens here until the link comes back
    const { token } = await issueToken(key, station);
    let now = Date.parse('2026-07-15T00:00:00.000Z');
    const clock = () => now;
    const step = OFFLINE_MS / EVENTS;

    let produced = 0;
    for (let session = 0; session < RESTARTS; session += 1) {
      const store = openStationStore({ path, stationId: station.station, jurisdiction: station.jurisdiction, clock });
      const client = startSyncClient({ url: `http://127.0.0.1:${port}`, token, store, clock, backoff: { minMs: 50, maxMs: 200 } });
      const target = ((session + 1) * EVENTS) / RESTARTS;
      while (produced < target) {
        const n = Math.min(target - produced, 1 + (produced % 7));
        // n incidents registered in one transaction: one event each.
        produced += mustExecuteAll(store, Array.from({ length: n }, () => registerIncidentCommand())).length;
        now += step * n;
      }
      await waitFor('the link state to show the queue', () => client.state().outboxDepth === produced);
      expect(client.state()).toMatchObject({ status: 'offline', lastContactAt: null });
      client.stop();
      store.close();
    }
    expect(now - Date.parse('2026-07-15T00:00:00.000Z')).toBe(OFFLINE_MS);

    // The link comes back: hub up, station restarted once more, a city station already watching.
    const hubStore = openSqliteHubStore(`${dir.path}/hub.sqlite`);
    const hub = await startHub({ store: hubStore, key, port, clock });
    const city = openStationStore({ path: `${dir.path}/city.sqlite`, stationId: 'city-5001', jurisdiction: '5001' });
    const cityClient = startSyncClient({ url: hub.url, token: (await issueToken(key, { station: 'city-5001', jurisdiction: '5001', now })).token, store: city });
    const store = openStationStore({ path, stationId: station.station, jurisdiction: station.jurisdiction, clock });
    const states: SyncState[] = [];
    const client = startSyncClient({ url: hub.url, token, store, clock });
    client.subscribe((s) => states.push(s));
    try {
      await waitFor('the queue to drain', () => store.outboxDepth() === 0 && client.state().status === 'online', 60_000, 50);
      await waitFor('the city station to receive everything', () => city.lastPosition() === EVENTS, 60_000, 50);

      const atHub = hubStore.eventsOfStation(station.station);
      expect(atHub.map((e) => e.stationSeq)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
      expect(Date.parse(atHub.at(-1)!.occurredAt) - Date.parse(atHub[0].occurredAt)).toBeGreaterThanOrEqual(OFFLINE_MS - step * 7);
      const cityOrder = city.eventsSince(0, EVENTS + 1).map(({ event }) => [event.station, event.stationSeq]);
      expect(cityOrder).toEqual(atHub.map((e) => [e.station, e.stationSeq]));
      expect(city.logDigest()).toBe(store.logDigest());
      // The duty room saw the queue go from 2,000 to nothing while syncing.
      expect(states.some((s) => s.status === 'syncing')).toBe(true);
      expect(client.state()).toMatchObject({ status: 'online', outboxDepth: 0, lastContactAt: now, lastError: null });
    } finally {
      client.stop();
      cityClient.stop();
      store.close();
      city.close();
      await hub.close();
      hubStore.close();
    }
  }, 120_000);
});
