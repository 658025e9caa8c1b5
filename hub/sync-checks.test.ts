import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids';
import { sealEvents, type EventDraft, type EventEnvelope } from '../shared/events/envelope';
import { addToDigest, emptyDigest, toWireDigest } from '../shared/sync/digest';
import {
  DIGEST_BUCKET,
  expectedBefore,
  type ClientToServerEvents,
  type DigestReply,
  type LiveBatch,
  type PullRangeReply,
  type PullReply,
  type ServerToClientEvents,
} from '../shared/sync/protocol';
import { flowsDownward, visibleTo } from '../shared/sync/routing';
import { issueToken } from './auth';
import { hubDigests } from './digests';
import { nodeSha256, startHub, type Hub } from './server';
import { hubStoreKinds, type TestHubStore } from './test-stores.testing';
import type { HubEventStore } from './store';

const key = new TextEncoder().encode('sync-checks-test-key-0123456789-abcdef');
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let store: HubEventStore;
let hub: Hub;
const sockets: Client[] = [];
/** Every event published in a test, with its hub sequence: the oracle for what each station should see. */
const published: EventEnvelope[] = [];

// Live batches, digests and range pulls: the same from a hub on SQLite and on PostgreSQL.
describe.each(hubStoreKinds)('on $name', (kind) => {
  let where: TestHubStore;
  beforeEach(async () => {
    where = kind.make();
    store = where.open();
    hub = await startHub({ store, key });
  });
  afterEach(async () => {
    published.length = 0;
    for (const s of sockets.splice(0)) s.disconnect();
    await hub.close();
    store.close();
    where.cleanup();
  });

  /** A station's own chain of events, published in-process through the hub's ingest path. */
  function publisher(station: string, jurisdiction: string) {
    let seq = 0;
    let hash: string | null = null;
    return (
      count: number,
      draft: () => EventDraft = () => ({
        type: 'incident.response_started',
        stream: `incident:${newId()}`,
        payload: {},
      }),
    ) => {
      const events = sealEvents(
        Array.from({ length: count }, draft),
        {
          station,
          jurisdiction,
          actor: { id: 'officer-1' },
          now: '2026-11-25T02:00:00.000Z',
          lastStationSeq: seq,
          lastHash: hash,
          newId: () => newId(),
        },
        nodeSha256,
      );
      seq += count;
      hash = events.at(-1)!.hash;
      const reply = hub.ingest(events, {
        station,
        jurisdiction,
        tokenId: 't',
        issuedAt: 0,
        expiresAt: Date.now() + 60_000,
      });
      if (!reply.ok || reply.rejected.length > 0) throw new Error('publish refused');
      events.forEach((e, i) => published.push({ ...e, hubSeq: reply.acks[i].hubSeq }));
      return reply.acks.map((a) => a.hubSeq);
    };
  }

  /** A live station connection that records every batch it is pushed. */
  async function live(station: string, jurisdiction: string) {
    const { token } = await issueToken(key, { station, jurisdiction });
    const socket: Client = io(hub.url, { transports: ['websocket'], reconnection: false, auth: { token } });
    sockets.push(socket);
    const batches: LiveBatch[] = [];
    socket.on('events', (b) => batches.push(b));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const caughtUp: PullReply = await socket.emitWithAck('pull', { since: 0 });
    if (!caughtUp.ok) throw new Error('pull refused');
    return {
      socket,
      batches,
      head: caughtUp.head,
      viewer: { station, jurisdiction },
      pulled: caughtUp.events,
    };
  }

  const until = async (what: string, ok: () => boolean) => {
    const end = Date.now() + 10_000;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  /** What the hub should send `viewer`: every event of another station visible to it by the routing rules. */
  const visibleLog = (viewer: { station: string; jurisdiction: string }) =>
    published.filter(
      (e) =>
        e.station !== viewer.station &&
        visibleTo(viewer.jurisdiction, {
          jurisdiction: e.jurisdiction,
          down: flowsDownward(e.type),
          extra: null,
          ceiling: null,
        }),
    );

  describe('the hub tags each live batch with what came before it', () => {
    it('each batch names the previous sequence visible to the station, its own events left out', async () => {
      const mainRoom = publisher('room-main-500110', '500110');
      const township = publisher('town-500110101', '500110101');
      const otherDistrict = publisher('district-500111', '500111');
      mainRoom(2);
      const backup = await live('room-backup-500110', '500110');
      const main = await live('room-main-500110', '500110');
      const backupPublishes = publisher('room-backup-500110', '500110');
      // Interleave: the main room's own, the backup's own, a township below, a district elsewhere.
      for (let round = 0; round < 5; round += 1) {
        mainRoom(1 + (round % 3));
        township(2);
        otherDistrict(1);
        backupPublishes(1);
      }
      const expectedFor = (station: { viewer: { station: string; jurisdiction: string } }) =>
        visibleLog(station.viewer).filter((e) => e.hubSeq! > 2).length;
      await until('both rooms to hold every visible event', () =>
        [main, backup].every((s) => s.batches.flatMap((b) => b.events).length === expectedFor(s)),
      );
      for (const station of [main, backup]) {
        // The chain: each batch's expected previous sequence is the last one the station was sent.
        let cursor = station.head;
        for (const batch of station.batches) {
          expect(expectedBefore(batch.prev, station.viewer)).toBe(cursor);
          expect(batch.events.every((e) => e.station !== station.viewer.station)).toBe(true);
          cursor = batch.events.at(-1)!.hubSeq!;
        }
      }
    });

    it('a batch that was lost on the way shows as a gap at the next one', async () => {
      const township = publisher('town-500110101', '500110101');
      const district = await live('district-500110', '500110');
      const first = township(3);
      const second = township(2);
      await until('both batches', () => district.batches.length === 2);
      // Pretend the first never arrived: the second names its last sequence, not the pull's head.
      expect(expectedBefore(district.batches[1].prev, district.viewer)).toBe(first.at(-1));
      expect(expectedBefore(district.batches[1].prev, district.viewer)).not.toBe(district.head);
      expect(second[0]).toBe(first.at(-1)! + 1);
    });

    it('warnings that flow down are chained for every live station below, and a station elsewhere is not told of them', async () => {
      const city = publisher('city-5001', '5001');
      const town = await live('town-500110101', '500110101');
      const sibling = await live('district-500111', '500111');
      city(1, () => ({ type: 'warning.lifted', stream: `warning:${newId()}`, payload: { reason: '解除' } }));
      city(1); // not flowing down: visible to no one below
      city(1, () => ({ type: 'warning.lifted', stream: `warning:${newId()}`, payload: { reason: '解除' } }));
      await until('both warnings at the township', () => town.batches.length === 2);
      expect(expectedBefore(town.batches[0].prev, town.viewer)).toBe(town.head);
      expect(expectedBefore(town.batches[1].prev, town.viewer)).toBe(town.batches[0].events[0].hubSeq);
      // The warnings came from the city, above the sibling district too: it is told of them the same way.
      await until('both warnings at the sibling district', () => sibling.batches.length === 2);
      expect(sibling.batches.map((b) => expectedBefore(b.prev, sibling.viewer))).toEqual([
        sibling.head,
        town.batches[0].events[0].hubSeq,
      ]);
    });
  });

  describe('anti-entropy digests and range pulls', () => {
    it("a station's digest of a range counts what its jurisdiction may see there, its own included, other jurisdictions' not", async () => {
      const mine = publisher('district-500110', '500110');
      const below = publisher('town-500110101', '500110101');
      const elsewhere = publisher('district-500111', '500111');
      for (let i = 0; i < 30; i += 1) {
        mine(7);
        below(11);
        elsewhere(5);
      }
      const district = await live('district-500110', '500110');
      // Its own events count: they hold their hub sequence at the station too (from the acknowledgement).
      const visible = [
        ...visibleLog(district.viewer),
        ...published.filter((e) => e.station === 'district-500110'),
      ];
      const expected = (after: number, through: number) => {
        const d = emptyDigest();
        for (const e of visible)
          if (e.hubSeq! > after && e.hubSeq! <= through) addToDigest(d, e.hubSeq!, e.id);
        return toWireDigest(d);
      };
      const head = store.head();
      const reply: DigestReply = await district.socket.emitWithAck('digest', {
        ranges: [
          [0, null],
          [0, 100],
          [100, 333],
          [333, head],
        ],
      });
      expect(reply).toEqual({
        ok: true,
        head,
        digests: [expected(0, head), expected(0, 100), expected(100, 333), expected(333, head)],
      });
      expect(reply.ok && reply.digests[0]!.n).toBe(30 * (11 + 7));

      const range: PullRangeReply = await district.socket.emitWithAck('pullRange', {
        after: 100,
        through: 200,
      });
      // A repair brings the station's own events back too: a lost acknowledgement is repaired with them.
      expect(range.ok && range.events.map((e: EventEnvelope) => e.hubSeq)).toEqual(
        visible
          .filter((e) => e.hubSeq! > 100 && e.hubSeq! <= 200)
          .map((e) => e.hubSeq)
          .sort((a, b) => a! - b!),
      );
      expect(range.ok && range.more).toBe(false);
    });

    it('a digest request is checked like any other message: no jurisdiction of its own, bounded ranges', async () => {
      const district = await live('district-500110', '500110');
      for (const bad of [
        { ranges: [[0, null]], jurisdiction: '5001' },
        { ranges: [] },
        { ranges: [[10, 5]] },
        { ranges: Array.from({ length: 65 }, (_, i) => [i, i + 1]) },
        'everything',
      ]) {
        const reply: DigestReply = await district.socket.emitWithAck('digest', bad);
        expect(reply.ok).toBe(false);
      }
      const range: PullRangeReply = await district.socket.emitWithAck('pullRange', { after: 5, through: 5 });
      expect(range.ok).toBe(false);
    });

    it('the hub scans a bounded span per message, caches whole blocks and answers the rest when asked again', () => {
      const viewer = '500110';
      const scanned: Array<[number, number]> = [];
      const fake = {
        forEachVisible: (
          _v: unknown,
          after: number,
          through: number,
          each: (seq: number, id: string) => void,
        ) => {
          scanned.push([after, through]);
          for (let s = after + 1; s <= through; s += 1) if (s % 3 === 0) each(s, `e${s}`);
        },
      };
      const digests = hubDigests(fake, { scanBudget: 4 * DIGEST_BUCKET });
      const head = 10 * DIGEST_BUCKET + 17;
      const first = digests.digests(viewer, [[0, null]], head);
      expect(first).toEqual([null]);
      let answer = first[0];
      for (let round = 0; round < 5 && !answer; round += 1)
        answer = digests.digests(viewer, [[0, null]], head)[0];
      const whole = emptyDigest();
      for (let s = 3; s <= head; s += 3) addToDigest(whole, s, `e${s}`);
      expect(answer).toEqual(toWireDigest(whole));
      // Ten whole blocks cached, and the open one summed so far: asking again scans nothing.
      expect(digests.cachedBlocks()).toBe(10);
      scanned.length = 0;
      expect(digests.digests(viewer, [[0, null]], head)).toEqual([toWireDigest(whole)]);
      expect(scanned).toEqual([]);
      // The head moves on: only what was committed since is scanned; the block it closes is kept whole.
      const later = 11 * DIGEST_BUCKET + 5;
      for (let s = head + 1; s <= later; s += 1) if (s % 3 === 0) addToDigest(whole, s, `e${s}`);
      expect(digests.digests(viewer, [[0, null]], later)).toEqual([toWireDigest(whole)]);
      expect(scanned).toEqual([
        [head, 11 * DIGEST_BUCKET],
        [11 * DIGEST_BUCKET, later],
      ]);
      expect(digests.cachedBlocks()).toBe(11);
    });
  });
});
