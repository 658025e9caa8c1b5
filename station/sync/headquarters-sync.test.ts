import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { newId } from '../../shared/ids';
import { openStationStore, type StationStore } from '../store/index';
import { leader, officer, registerIncidentCommand } from '../store/store.testing';
import { startSyncClient, type SyncClient } from './client';
import { createHeadquartersService, HQ_SERVICE_ACTOR } from '../headquarters/service';
import { HolderBook, demoHolderDirectoryPath, readHolderDirectory } from '../headquarters/directory';

const book = new HolderBook(readHolderDirectory(demoHolderDirectoryPath));

/**
 * 通过枢纽通知到成员所在站: a headquarters activated at the district reaches the township stations
 * below through a real hub; a member's check-in recorded at the township comes back up.
 */
const key = new TextEncoder().encode('hq-sync-test-key-0123456789-abcdefgh');

let dir: string;
let hubStore: HubEventStore;
let hub: Hub;
const opened: Array<{ close(): void }> = [];
const clients: SyncClient[] = [];

async function until(what: string, predicate: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function station(id: string, jurisdiction: string) {
  const store: StationStore = openStationStore({
    path: join(dir, `${id}.sqlite`),
    stationId: id,
    jurisdiction,
  });
  opened.push(store);
  const token = (await issueToken(key, { station: id, jurisdiction })).token;
  const link = startSyncClient({ url: hub.url, token, store });
  clients.push(link);
  return { store, link };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duty-hq-sync-'));
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

describe('headquarters through the hub', () => {
  it('an activation at the district reaches the township station below, not a sibling district; the township check-in comes back up', async () => {
    const district = await station('district-500110', '500110');
    const township = await station('town-500110101', '500110101');
    const sibling = await station('district-500111', '500111');
    await until('links online', () =>
      [district, township, sibling].every((s) => s.link.state().status === 'online'),
    );

    const register = registerIncidentCommand({ title: '南桐镇洪涝' });
    const incidentId = register.payload.incidentId;
    expect(
      district.store.execute(
        {
          ...register,
          payload: { ...register.payload, facts: { ...register.payload.facts, subtype: 'flood' } },
        },
        officer,
      ).ok,
    ).toBe(true);
    const hqId = newId();
    const activated = district.store.execute(
      {
        id: newId(),
        type: 'headquarters.activate',
        payload: {
          headquartersId: hqId,
          incidentId,
          planId: 'flood-district',
          planVersion: 1,
          responseLevel: 'III',
          members: [
            { personId: 'ws-head', name: '张区长', role: 'commander' },
            { personId: 'ws-town-500110101', name: '施镇长', role: 'member', group: 'rescue' },
          ],
        },
      },
      leader,
    );
    expect(activated.ok).toBe(true);

    await until(
      'the township to see the headquarters',
      () => township.store.headquartersById(hqId) !== undefined,
    );
    expect(township.store.headquarters().map((h) => h.id)).toEqual([hqId]);
    // The incident itself stays with the district and above: only the headquarters flows down.
    expect(township.store.incident(incidentId)).toBeUndefined();

    // The township station records that the member it serves was told on its board (通过枢纽通知到站).
    const townService = createHeadquartersService({
      store: township.store,
      jurisdiction: '500110101',
      notifier: null,
      phonesOf: book.phonesOf,
      stationOf: book.stationOf,
      actor: HQ_SERVICE_ACTOR,
    });
    await townService.wake();
    await townService.wake();
    await until(
      'the district to see the hub notice',
      () =>
        district.store.headquartersById(hqId)?.members.find((m) => m.personId === 'ws-town-500110101')
          ?.notifiedBy === 'hub',
    );
    // Once: a second look records nothing more, and the commander (served at the district) is not told from here.
    expect(
      township.store
        .headquartersById(hqId)
        ?.record.filter((s) => s.step === 'member_notified')
        .map((s) => [s.personId, s.detail]),
    ).toEqual([['ws-town-500110101', 'hub']]);

    const checkIn = township.store.execute(
      {
        id: newId(),
        type: 'headquarters.check_in',
        payload: { headquartersId: hqId, personId: 'ws-town-500110101', note: '在南桐镇值班室到岗' },
      },
      officer,
    );
    expect(checkIn.ok ? [] : checkIn.errors).toEqual([]);
    await until(
      'the district to see the check-in',
      () =>
        district.store.headquartersById(hqId)?.members.find((m) => m.personId === 'ws-town-500110101')
          ?.checkedInAt !== undefined,
    );
    await until(
      'the sibling to be caught up',
      () => sibling.link.state().outboxDepth === 0 && sibling.link.state().status === 'online',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(sibling.store.headquarters()).toEqual([]);
  });
});
