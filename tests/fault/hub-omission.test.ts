import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub, type HubFaults } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import type { LinkState } from '../../shared/api/contract';
import { AlarmBoard } from '../../station/api/alarms';
import { syncLink } from '../../station/api/link';
import { openStationStore, type StationStore } from '../../station/store/index';
import { startSyncClient, type SyncClient } from '../../station/sync/client';
import { tempDir, waitFor } from './helpers';
import { difference, heldIds, shouldHold, townshipFeed } from './holdings';

/*
 * Issue 18: the hub itself, once, leaves a range out of one station's live stream and out of the pull
 * that station makes next (a delivery bug; its log and its digests stay right). The station must say
 * it is behind from the moment it can know, and anti-entropy must find and fetch the range within its
 * period.
 */
const key = new TextEncoder().encode('hub-omission-test-key-0123456789-abcdef');
const CHECK_MS = 3000;
const VICTIM = 'district-500110';

let dir: ReturnType<typeof tempDir>;
let hubStore: HubEventStore;
let hub: Hub;
let store: StationStore;
let client: SyncClient;
/** Hub sequences the hub leaves out of the victim's live stream, and of its next pull while `pullsToSpoil` > 0. */
let omitted = { from: 0, through: -1 };
const isOmitted = (hubSeq: number | null) =>
  hubSeq !== null && hubSeq >= omitted.from && hubSeq <= omitted.through;
/** The next `count` events the hub commits are to be left out. */
const omitNext = (count: number) => {
  omitted = { from: hubStore.head() + 1, through: hubStore.head() + count };
};
let pullsToSpoil = 0;
const spoiled: Array<{ via: string; at: number }> = [];
const faults: HubFaults = {
  omit(station, event, via) {
    if (station !== VICTIM || !isOmitted(event.hubSeq)) return false;
    if (via === 'live') return true;
    if (via === 'pull' && pullsToSpoil > 0) {
      spoiled.push({ via, at: Date.now() });
      return true;
    }
    return false;
  },
};

const spoilingOmit = faults.omit.bind(faults);

/** Every LinkState the console was pushed, with when. */
const shown: Array<{ at: number; link: LinkState }> = [];

beforeEach(async () => {
  dir = tempDir('hub-omission');
  hubStore = openSqliteHubStore(`${dir.path}/hub.sqlite`);
  hub = await startHub({ store: hubStore, key, faults });
  store = openStationStore({
    path: `${dir.path}/${VICTIM}.sqlite`,
    stationId: VICTIM,
    jurisdiction: '500110',
  });
  const { token } = await issueToken(key, { station: VICTIM, jurisdiction: '500110' });
  client = startSyncClient({ url: hub.url, token, store, antiEntropyMs: CHECK_MS });
  syncLink(client, hub.url).onChange((link) => shown.push({ at: Date.now(), link }));
  await waitFor('the district online', () => client.state().status === 'online');
});

afterEach(async () => {
  client.stop();
  store.close();
  await hub.close();
  hubStore.close();
  dir.remove();
  omitted = { from: 0, through: -1 };
  faults.omit = spoilingOmit;
  pullsToSpoil = 0;
  spoiled.length = 0;
  shown.length = 0;
});

const holdsAll = () => difference(shouldHold(hubStore, store), heldIds(store));

describe('the hub leaves a range out of one station (issue 18)', () => {
  it('the live stream and the next pull both miss it: the console says behind until anti-entropy fetches it, within its period', async () => {
    const township = townshipFeed(hub, 'town-500110101', '500110101');
    township.publish(20);
    await waitFor('the first incidents', () => holdsAll().missing.length === 0);
    await client.checkNow();
    const shownBefore = shown.length;

    // The hub's fault: ten incidents never reach the district live, nor by its next pull.
    omitNext(10);
    pullsToSpoil = 1;
    township.publish(10);
    // The next batch names the last of them as its previous sequence: the gap shows at once.
    const after = township.publish(3);
    const gapSeenBy = Date.now();
    await waitFor('the spoiled pull', () => spoiled.length > 0);
    pullsToSpoil = 0;
    await waitFor('the missing range fetched', () => holdsAll().missing.length === 0, CHECK_MS + 5_000, 10);
    await waitFor('在线 again', () => client.state().status === 'online');

    expect(holdsAll()).toEqual({ missing: [], extra: [] });
    expect(client.state().lastRepair!.at - gapSeenBy).toBeLessThan(CHECK_MS + 1000);
    const state = client.state();
    expect(state.repairs).toBe(1);
    expect(state.lastRepair).toMatchObject({ via: 'anti-entropy', events: 10 });
    expect(state.caughtUpTo).toBe(after.at(-1));
    // What the console was shown from the gap to the repair: 同步中 and behind, never 在线.
    const since = shown.slice(shownBefore);
    const firstBehind = since.findIndex((s) => (s.link.behindBy ?? 0) > 0);
    const repairShown = since.findIndex((s) => (s.link.repairs ?? 0) > 0);
    expect(firstBehind).toBeGreaterThanOrEqual(0);
    expect(repairShown).toBeGreaterThan(firstBehind);
    for (const s of since.slice(firstBehind, repairShown)) {
      expect(s.link.status).toBe('syncing');
      expect(s.link.behindBy).toBeGreaterThan(0);
    }
    expect(
      since.slice(0, firstBehind).every((s) => s.link.status !== 'online' || s.link.behindBy === 0),
    ).toBe(true);
    expect(since[repairShown].at - since[firstBehind].at).toBeLessThan(CHECK_MS);
    // Once repaired: 在线, the repair counted.
    expect(shown.at(-1)!.link).toMatchObject({ status: 'online', behindBy: 0, repairs: 1, unrepaired: null });
  });

  it('a lost batch with nothing after it is found by the next periodic check', async () => {
    const township = townshipFeed(hub, 'town-500110101', '500110101');
    township.publish(5);
    await waitFor('the first incidents', () => holdsAll().missing.length === 0);
    omitNext(4);
    township.publish(4);
    const lostAt = Date.now();
    // Nothing follows: no batch can name the gap. Only the periodic comparison can find it.
    await waitFor('the lost batch fetched', () => holdsAll().missing.length === 0, CHECK_MS + 5_000, 10);
    expect(Date.now() - lostAt).toBeLessThan(CHECK_MS + 1000);
    await waitFor('the repair recorded', () => client.state().repairs === 1);
    expect(client.state().lastRepair).toMatchObject({ via: 'anti-entropy', events: 4 });
  });

  it('a range the hub cannot deliver at all is an unrepaired hole: never 在线, an alarm on the link, until it can', async () => {
    const township = townshipFeed(hub, 'town-500110101', '500110101');
    township.publish(5);
    await waitFor('the first incidents', () => holdsAll().missing.length === 0);
    // Every way of sending the next three fails.
    faults.omit = (station, event) => station === VICTIM && isOmitted(event.hubSeq);
    omitNext(3);
    township.publish(3);
    try {
      township.publish(2);
      await waitFor('the unrepaired hole', () => client.state().unrepaired !== null, CHECK_MS + 5_000);
      expect(client.state()).toMatchObject({ status: 'syncing', unrepaired: { missing: 3 } });
      expect(shown.at(-1)!.link).toMatchObject({ status: 'syncing', unrepaired: { missing: 3 } });
    } finally {
      faults.omit = (station, event, via) => station === VICTIM && isOmitted(event.hubSeq) && via === 'live';
    }
    // The hub can deliver again: the next check fills the hole and the link clears.
    await waitFor(
      'the hole filled',
      () => client.state().unrepaired === null && client.state().status === 'online',
      CHECK_MS + 5_000,
    );
    expect(holdsAll()).toEqual({ missing: [], extra: [] });
    // The station's alarm path, fed what the console was shown: the hole raised a sync_hole alarm, on
    // record, and the filled hole cleared it.
    const recorded: string[] = [];
    const board = new AlarmBoard(
      VICTIM,
      () => false,
      (alarms) => recorded.push(...alarms.map((x) => x.kind)),
    );
    const cleared: string[] = [];
    let previous: LinkState['status'] = 'offline';
    for (const { at, link } of shown) {
      cleared.push(...board.fromLink(previous, link, at).cleared);
      previous = link.status;
    }
    expect(recorded).toEqual(['sync_hole']);
    expect(cleared).toHaveLength(1);
    expect(board.list()).toEqual([]);
  });
});
