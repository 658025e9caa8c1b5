import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueToken } from '../../hub/auth';
import { nodeSha256, startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { sealEvents, type EventEnvelope } from '../../shared/events/envelope';
import { addToDigest, emptyDigest, toWireDigest } from '../../shared/sync/digest';
import { newId } from '../../shared/ids';
import { openStationStore, type StationStore } from '../store/index';
import { startSyncClient, type SyncClient } from './client';

const key = new TextEncoder().encode('cursor-test-key-0123456789-abcdefghijk');

let dir: string;
const opened: Array<{ close(): void }> = [];
const clients: SyncClient[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duty-cursor-'));
});
afterEach(() => {
  for (const c of clients.splice(0)) c.stop();
  for (const s of opened.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

function station(id = 'district-500110', jurisdiction = '500110'): StationStore {
  const store = openStationStore({ path: join(dir, `${id}.sqlite`), stationId: id, jurisdiction });
  opened.push(store);
  return store;
}

/** A township's events as the hub would deliver them: hub sequences from `firstSeq`, `step` apart. */
function fromHub(count: number, firstSeq = 1, step = 1): EventEnvelope[] {
  return sealEvents(
    Array.from({ length: count }, () => ({
      type: 'incident.response_started' as const,
      stream: `incident:${newId()}`,
      payload: {},
    })),
    {
      station: 'town-500110101',
      jurisdiction: '500110101',
      actor: { id: 'officer-1' },
      now: '2026-11-25T02:00:00.000Z',
      lastStationSeq: 0,
      lastHash: null,
      newId: () => newId(),
    },
    nodeSha256,
  ).map((e, i) => ({ ...e, hubSeq: firstSeq + i * step }));
}

describe('the pull cursor', () => {
  it('moves only over what the caller vouches is contiguous, never by the highest sequence seen', () => {
    const store = station();
    const events = fromHub(6);
    // Events 1, 2 and 5 arrive; 3 and 4 were lost on the way.
    store.ingestRemote([events[0], events[1]], { cursor: 2 });
    store.ingestRemote([events[4]]);
    expect(store.pullCursor()).toBe(2);
    expect(store.lastHubSeq()).toBe(5);
    // 3 and 4 are pulled later: now the caller can vouch up to 5.
    store.ingestRemote([events[2], events[3]], { cursor: 5 });
    expect(store.pullCursor()).toBe(5);
  });

  it('stays where it is when an event is refused, or a sequence the hub announced is not held', () => {
    const store = station();
    const events = fromHub(4);
    const forged = { ...events[1], hash: 'f'.repeat(64) };
    store.ingestRemote([events[0], forged], { cursor: 2 });
    expect(store.pullCursor()).toBe(0);
    store.ingestRemote([events[0]], { cursor: 1 });
    expect(store.pullCursor()).toBe(1);
    // The hub said 3 is visible; a reply that covers up to 4 without it does not move the cursor.
    store.ingestRemote([events[3]], { cursor: 4, requires: [3] });
    expect(store.pullCursor()).toBe(1);
    // Never backwards.
    store.ingestRemote([], { cursor: 0 });
    expect(store.pullCursor()).toBe(1);
  });

  it("the station's digest of a range counts the events it holds there with their hub sequence", () => {
    const store = station();
    const events = fromHub(40, 3, 7);
    store.ingestRemote(events.filter((_, i) => i % 5 !== 0));
    const expected = (after: number, through: number) => {
      const d = emptyDigest();
      events.forEach((e, i) => {
        if (i % 5 !== 0 && e.hubSeq! > after && e.hubSeq! <= through) addToDigest(d, e.hubSeq!, e.id);
      });
      return toWireDigest(d);
    };
    for (const [a, b] of [
      [0, 400],
      [0, 1024],
      [10, 100],
      [100, 2048],
      [1023, 1025],
    ] as const) {
      expect(store.visibleDigest(a, b)).toEqual(expected(a, b));
    }
    // A cached block is dropped when a missing event lands in it.
    store.ingestRemote(events.filter((_, i) => i % 5 === 0));
    const whole = emptyDigest();
    for (const e of events) addToDigest(whole, e.hubSeq!, e.id);
    expect(store.visibleDigest(0, 400)).toEqual(toWireDigest(whole));
  });
});

describe('anti-entropy on connecting', () => {
  let hubStore: HubEventStore;
  let hub: Hub;
  beforeEach(async () => {
    hubStore = openSqliteHubStore(join(dir, 'hub.sqlite'));
    hub = await startHub({ store: hubStore, key });
  });
  afterEach(async () => {
    await hub.close();
    hubStore.close();
  });

  it('a station whose cursor an older release moved past a hole finds and fetches the hole when it connects', async () => {
    // The hub holds 300 township events; the station holds them all but 40, spread in 4 runs,
    // and its cursor says 300 (as the old "highest sequence ingested" cursor did).
    const events = fromHub(300).map(({ hubSeq: _h, ...e }) => ({ ...e, hubSeq: null }));
    const acks: number[] = [];
    for (let i = 0; i < events.length; i += 100) {
      const reply = hub.ingest(events.slice(i, i + 100), {
        station: 'town-500110101',
        jurisdiction: '500110101',
        tokenId: 't',
        issuedAt: 0,
        expiresAt: Date.now() + 60_000,
      });
      if (!reply.ok) throw new Error('refused');
      acks.push(...reply.acks.map((a) => a.hubSeq));
    }
    const held = events.map((e, i) => ({ ...e, hubSeq: acks[i] })).filter((_, i) => i % 75 >= 10);
    const store = station();
    store.ingestRemote(held, { cursor: 300 });
    expect(store.pullCursor()).toBe(300);

    const { token } = await issueToken(key, { station: 'district-500110', jurisdiction: '500110' });
    const client = startSyncClient({ url: hub.url, token, store, antiEntropyMs: 60_000 });
    clients.push(client);
    const until = Date.now() + 10_000;
    while (client.state().repairs === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(store.eventsSince(0, 1000)).toHaveLength(300);
    expect(client.state()).toMatchObject({
      status: 'online',
      repairs: 1,
      lastRepair: { via: 'anti-entropy', events: 40 },
      caughtUpTo: 300,
      behindBy: 0,
      unrepaired: null,
    });
  });
});
