import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { openStationStore, type StationStore } from '../store/index';
import { registerIncidentCommand } from '../store/fixtures';
import { startSyncClient, type SyncClient, type SyncState } from './client';

const key = new TextEncoder().encode('sync-client-test-key-0123456789-abcdef');

let dir: string;
let hubStore: HubEventStore;
let hub: Hub;
const opened: Array<{ close(): void }> = [];
const clients: SyncClient[] = [];

async function until(what: string, predicate: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function station(id: string, jurisdiction: string): StationStore {
  const store = openStationStore({ path: join(dir, `${id}.sqlite`), stationId: id, jurisdiction });
  opened.push(store);
  return store;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duty-sync-'));
  hubStore = openSqliteHubStore(join(dir, 'hub.sqlite'));
  hub = await startHub({ store: hubStore, key });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  for (const s of opened.splice(0)) s.close();
  await hub.close();
  hubStore.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('station sync client', () => {
  it('an incident registered at a district shows up at its city, and both links report online', async () => {
    const district = station('district-500101', '500101');
    const city = station('city-5001', '5001');
    const t = 1_795_000_000_000;
    const states: SyncState[] = [];
    const districtLink = startSyncClient({ url: hub.url, token: (await issueToken(key, { station: 'district-500101', jurisdiction: '500101' })).token, store: district, clock: () => t });
    const cityLink = startSyncClient({ url: hub.url, token: (await issueToken(key, { station: 'city-5001', jurisdiction: '5001' })).token, store: city });
    clients.push(districtLink, cityLink);
    districtLink.subscribe((s) => states.push(s));
    await until('both links online', () => districtLink.state().status === 'online' && cityLink.state().status === 'online');

    const registered = district.execute(registerIncidentCommand({ title: '青年镇山体滑坡' }));
    expect(registered.ok).toBe(true);
    await until('the city to see the incident', () => city.openIncidents().length === 1);
    expect(city.openIncidents()[0]!.facts.title).toBe('青年镇山体滑坡');
    await until('the district outbox to empty', () => districtLink.state().outboxDepth === 0);
    expect(districtLink.state()).toMatchObject({ status: 'online', lastContactAt: t, lastError: null });
    expect(states.map((s) => s.status)).toContain('syncing');
    expect(city.logDigest()).toBe(district.logDigest());
  });

  it('a refused token leaves the link offline with the reason, and the outbox untouched', async () => {
    const district = station('district-500101', '500101');
    district.execute(registerIncidentCommand());
    const forged = await issueToken(new TextEncoder().encode('some-other-key-0123456789-abcdefghijkl'), { station: 'district-500101', jurisdiction: '500101' });
    const link = startSyncClient({ url: hub.url, token: forged.token, store: district });
    clients.push(link);
    await until('the refusal to show', () => link.state().lastError !== null);
    expect(link.state().status).toBe('offline');
    expect(link.state().lastError).toMatch(/refused/);
    expect(district.outboxDepth()).toBe(1);
    expect(hubStore.count()).toBe(0);
  });
});
