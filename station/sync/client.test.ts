import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { openStationStore, type StationStore } from '../store/index';
import { officer, registerIncidentCommand, updateFactsCommand } from '../store/store.testing';
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

    const registered = district.execute(registerIncidentCommand({ title: '青年镇山体滑坡' }), officer);
    expect(registered.ok).toBe(true);
    await until('the city to see the incident', () => city.openIncidents().length === 1);
    expect(city.openIncidents()[0].facts.title).toBe('青年镇山体滑坡');
    await until('the district outbox to empty', () => districtLink.state().outboxDepth === 0);
    expect(districtLink.state()).toMatchObject({ status: 'online', lastContactAt: t, lastError: null });
    expect(states.map((s) => s.status)).toContain('syncing');
    expect(city.logDigest()).toBe(district.logDigest());
  });

  it('a refused token leaves the link offline with the reason and the outbox untouched, until a valid token is installed', async () => {
    const district = station('district-500101', '500101');
    district.execute(registerIncidentCommand(), officer);
    const forged = await issueToken(new TextEncoder().encode('some-other-key-0123456789-abcdefghijkl'), { station: 'district-500101', jurisdiction: '500101' });
    let token = forged.token;
    const link = startSyncClient({ url: hub.url, token: () => token, store: district });
    clients.push(link);
    await until('the refusal to show', () => link.state().lastError !== null);
    expect(link.state().status).toBe('offline');
    expect(link.state().lastError).toMatch(/refused/);
    expect(district.outboxDepth()).toBe(1);
    expect(hubStore.count()).toBe(0);

    // A valid token is installed: one reconnect delivers what waited.
    token = (await issueToken(key, { station: 'district-500101', jurisdiction: '500101' })).token;
    link.reconnect();
    await until('the queue to drain', () => link.state().status === 'online' && district.outboxDepth() === 0);
    expect(link.state().lastError).toBeNull();
    expect(hubStore.count()).toBe(1);
  });

  it('two duty rooms change the same field while cut off: hub order wins everywhere and the other change stays in the history', async () => {
    const main = station('room-main-500101', '500101');
    const backup = station('room-backup-500101', '500101');
    const tokenOf = async (id: string) => (await issueToken(key, { station: id, jurisdiction: '500101' })).token;
    const mainLink = startSyncClient({ url: hub.url, token: await tokenOf('room-main-500101'), store: main });
    clients.push(mainLink);
    const registered = main.execute(registerIncidentCommand({ title: '关坝镇道路塌方' }), officer);
    if (!registered.ok) throw new Error('registration refused');
    const incidentId = registered.value[0].stream.slice('incident:'.length);
    await until('the main room to deliver', () => main.outboxDepth() === 0);

    // The backup room catches up, then both edit the casualty count with the hub out of reach of one.
    const backupLink = startSyncClient({ url: hub.url, token: await tokenOf('room-backup-500101'), store: backup });
    await until('the backup room to hold the incident', () => backup.incident(incidentId) !== undefined);
    backupLink.stop();
    // The backup room edits first by the clock but is cut off; the main room's later edit reaches the hub first.
    expect(backup.execute(updateFactsCommand(incidentId, { casualties: { dead: 1, injured: 2, missing: 0, trapped: 0 } }), officer).ok).toBe(true);
    expect(main.execute(updateFactsCommand(incidentId, { casualties: { dead: 0, injured: 3, missing: 1, trapped: 0 } }), officer).ok).toBe(true);
    await until('the main room to deliver its change', () => main.outboxDepth() === 0);
    expect(backup.incident(incidentId)!.facts.casualties.dead).toBe(1);

    const backupAgain = startSyncClient({ url: hub.url, token: await tokenOf('room-backup-500101'), store: backup });
    clients.push(backupAgain);
    await until('both rooms to hold both changes', () => [main, backup].every((r) => r.outboxDepth() === 0 && r.streamEvents(`incident:${incidentId}`).length === 3));
    // Hub order, not the clock: the backup room's change reached the hub last and wins in both rooms;
    // the main room's change stays in the history.
    for (const room of [main, backup]) {
      expect(room.incident(incidentId)!.facts.casualties).toEqual({ dead: 1, injured: 2, missing: 0, trapped: 0 });
      const history = room.streamEvents(`incident:${incidentId}`).map((e) => [e.station, e.type]);
      expect(history).toEqual([
        ['room-main-500101', 'incident.registered'],
        ['room-main-500101', 'incident.facts_updated'],
        ['room-backup-500101', 'incident.facts_updated'],
      ]);
    }
    expect(main.logDigest()).toBe(backup.logDigest());
  });
});
