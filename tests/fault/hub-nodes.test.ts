// Several hub nodes on one PostgreSQL database (issue #21, decision 0021): stations on different nodes
// see one log, in one order, exactly once; a station given several addresses fails over when its node
// goes; revocations, per-token connection limits and rate limits hold across the nodes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ephemeralAnchorSigner } from '../../hub/anchors';
import { issueToken } from '../../hub/auth';
import { REVOCATION_MAX_AGE_MS, openPgHubStore } from '../../hub/pg-store';
import { startHub, type Hub, type HubOptions } from '../../hub/server';
import { seededRandom } from '../../hub/simulator';
import type { HubEventStore } from '../../hub/store';
import { TEST_PG_URL, pgTestSchema } from '../../hub/test-stores.testing';
import { canonicalJson } from '../../shared/events/hash';
import type { PublishReply } from '../../shared/sync/protocol';
import { openStationStore, type StationStore } from '../../station/store/index';
import { startSyncClient, type SyncClient } from '../../station/sync/client';
import { startIntegrityWatch } from '../../station/verify/watch';
import {
  connectOutcome,
  floodFeedCommand,
  mustExecuteAll,
  rawClient,
  registerFloodTeams,
  stationChain,
  tempDir,
  waitFor,
  type RawClient,
} from './helpers';

const key = new TextEncoder().encode('hub-nodes-test-key-0123456789-abcdefgh');

let schema: ReturnType<typeof pgTestSchema>;
let dir: ReturnType<typeof tempDir>;
const nodes: Array<{ store: HubEventStore; hub: Hub; closed: boolean }> = [];
const stations: StationStore[] = [];
const clients: SyncClient[] = [];
const raws: RawClient[] = [];

/** A hub node: its own store (its own connections) on the shared schema, its own port. */
async function node(options: Partial<HubOptions> = {}, url = TEST_PG_URL) {
  const store = openPgHubStore(url, { schema: schema.schema });
  const hub = await startHub({ store, key, rateLimit: { messagesPerSecond: 1000, burst: 2000 }, ...options });
  const n = { store, hub, closed: false };
  nodes.push(n);
  return n;
}
async function stop(n: (typeof nodes)[number]) {
  if (n.closed) return;
  n.closed = true;
  await n.hub.close();
  n.store.close();
}

beforeEach(() => {
  schema = pgTestSchema();
  dir = tempDir('hub-nodes');
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  for (const r of raws.splice(0)) r.disconnect();
  for (const s of stations.splice(0)) s.close();
  for (const n of nodes.splice(0)) await stop(n);
  schema.drop();
  dir.remove();
});

async function station(id: string, url: string) {
  const store = openStationStore({ path: `${dir.path}/${id}.sqlite`, stationId: id, jurisdiction: '500110' });
  stations.push(store);
  const { token } = await issueToken(key, { station: id, jurisdiction: '500110' });
  clients.push(
    startSyncClient({ url, token, store, backoff: { minMs: 50, maxMs: 500 }, ackTimeoutMs: 3000 }),
  );
  return store;
}

describe('two hub nodes on one PostgreSQL', () => {
  it('deliver across nodes in one order, exactly once, and a station fails over to the other node', async () => {
    const a = await node();
    const b = await node();
    // st-a knows both nodes (A first); st-b and st-c are on B only.
    const stores = [
      await station('st-a', `${a.hub.url},${b.hub.url}`),
      await station('st-b', b.hub.url),
      await station('st-c', b.hub.url),
    ];
    const random = seededRandom(20261207);
    const teams = registerFloodTeams(stores[0]);
    await waitFor(
      'every station to know the teams',
      () => stores.every((s) => s.teams().length === teams.length),
      30_000,
      20,
    );
    const command = () => floodFeedCommand(random, teams);
    let produced = teams.length;
    const produce = async (until: number) => {
      while (produced < until) {
        const s = stores[Math.floor(random() * stores.length)];
        produced += mustExecuteAll(
          s,
          Array.from({ length: Math.min(until - produced, 1 + Math.floor(random() * 10)) }, command),
        ).length;
        await new Promise((r) => setTimeout(r, Math.floor(random() * 10)));
      }
    };
    const converged = async (total: number) => {
      await waitFor(
        `every station to hold all ${total} events`,
        () => stores.every((s) => s.outboxDepth() === 0 && s.lastPosition() >= total),
        90_000,
        50,
      );
      const log = nodes[1].store;
      expect(log.count()).toBe(total);
      expect(log.head()).toBe(total); // no gap in the hub's order
      for (const s of stores) {
        const seqs = log.eventsOfStation(s.stationId).map((e) => e.stationSeq);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      }
      // One log, in one order, on every station: the same digest, every chain intact.
      expect(new Set(stores.map((s) => s.logDigest())).size).toBe(1);
      for (const s of stores) expect(s.verify()).toEqual({ ok: true, events: total });
      expect(
        new Set(stores.map((s) => canonicalJson(s.teams().map((t) => [t.id, t.position])))),
      ).toHaveProperty('size', 1);
    };

    await produce(400);
    await converged(400);
    // st-a's events went through A, the others' through B: both nodes delivered what the other committed.
    expect(a.hub.connectedStations()).toEqual(['st-a']);
    expect(b.hub.connectedStations().sort()).toEqual(['st-b', 'st-c']);
    // Delivered live by each node following the log, not found missing and repaired by anti-entropy.
    expect(clients.map((c) => c.state().repairs)).toEqual([0, 0, 0]);

    // Node A goes: st-a fails over to B and carries on from its cursor.
    await stop(a);
    await produce(700);
    await converged(700);
    expect(b.hub.connectedStations().sort()).toEqual(['st-a', 'st-b', 'st-c']);
    await waitFor(
      'every link to report online',
      () => clients.every((c) => c.state().status === 'online'),
      10_000,
    );
    expect(clients.map((c) => c.state().repairs)).toEqual([0, 0, 0]);
  }, 240_000);

  it('a revocation on one node closes the token on the other', async () => {
    const a = await node({ tokenCheckIntervalMs: 100 });
    const b = await node({ tokenCheckIntervalMs: 100 });
    const { token } = await issueToken(key, { station: 'st-x', jurisdiction: '500110' });
    const onB = rawClient(b.hub.url, token);
    raws.push(onB);
    expect(await connectOutcome(onB)).toEqual({ connected: true });
    const refused = new Promise<unknown>((resolve) => onB.once('refused', resolve));
    a.store.revokeStation('st-x', Date.now());
    expect(await refused).toEqual([
      expect.objectContaining({ code: 'NOT_AUTHENTICATED', detail: 'token revoked' }),
    ]);
    const again = rawClient(b.hub.url, token);
    raws.push(again);
    expect(await connectOutcome(again)).toEqual({ connected: false, reason: 'token revoked' });
  });

  it('a token revoked on one node is refused by the others at their next message within the cache bound', async () => {
    // The token timer out of the way: what refuses here is the per-message check, which reads each
    // node's cached revocations (decision 0021), told by NOTIFY and at most REVOCATION_MAX_AGE_MS old.
    const a = await node({ tokenCheckIntervalMs: 3_600_000 });
    const b = await node({ tokenCheckIntervalMs: 3_600_000 });
    const c = await node({ tokenCheckIntervalMs: 3_600_000 });
    const { token, tokenId } = await issueToken(key, { station: 'st-y', jurisdiction: '500110' });
    const { token: other } = await issueToken(key, { station: 'st-w', jurisdiction: '500110' });
    const onB = rawClient(b.hub.url, token);
    const onC = rawClient(c.hub.url, token);
    const otherOnC = rawClient(c.hub.url, other);
    raws.push(onB, onC, otherOnC);
    for (const r of [onB, onC, otherOnC]) expect(await connectOutcome(r)).toEqual({ connected: true });
    const pull = (r: RawClient) =>
      new Promise<{ ok: boolean }>((resolve) => r.emit('pull', { since: 0, limit: 10 }, resolve));
    // Both nodes have checked the token and hold the revocations as they were.
    expect((await pull(onB)).ok).toBe(true);
    expect((await pull(onC)).ok).toBe(true);
    const refusedB = new Promise<unknown>((resolve) => onB.once('refused', resolve));
    const refusedC = new Promise<unknown>((resolve) => onC.once('refused', resolve));
    a.store.revokeToken(tokenId, Date.now());
    // However the notification fared, a copy older than the bound is loaded again by the next check.
    await new Promise((r) => setTimeout(r, REVOCATION_MAX_AGE_MS + 50));
    void pull(onB);
    void pull(onC);
    for (const refused of [refusedB, refusedC])
      expect(await refused).toEqual([
        expect.objectContaining({ code: 'NOT_AUTHENTICATED', detail: 'token revoked' }),
      ]);
    // Another token is untouched, and the revoked one cannot connect to any node.
    expect((await pull(otherOnC)).ok).toBe(true);
    for (const n of [a, b, c]) {
      const again = rawClient(n.hub.url, token);
      raws.push(again);
      expect(await connectOutcome(again)).toEqual({ connected: false, reason: 'token revoked' });
    }
  });

  it('a node whose database does not answer says "try again" and keeps its sockets (no crash)', async () => {
    const a = await node({ tokenCheckIntervalMs: 50 });
    const { token } = await issueToken(key, { station: 'st-z', jurisdiction: '500110' });
    const c = rawClient(a.hub.url, token);
    raws.push(c);
    expect(await connectOutcome(c)).toEqual({ connected: true });
    const pull = () =>
      new Promise<{ ok: boolean; errors?: Array<{ detail?: string }> }>((resolve) =>
        c.emit('pull', { since: 0, limit: 10 }, resolve),
      );
    expect((await pull()).ok).toBe(true);
    // The node's database connection is gone: once its copy of the revocations is older than the bound,
    // every token check needs the database and fails.
    a.store.close();
    await new Promise((r) => setTimeout(r, REVOCATION_MAX_AGE_MS + 50));
    const reply = await pull();
    expect(reply.ok).toBe(false);
    expect(reply.errors?.[0]?.detail).toMatch(/cannot check tokens right now/);
    // The periodic token check meets the same failure and closes nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(c.connected).toBe(true);
    // A new connection is refused until the database answers again.
    const again = rawClient(a.hub.url, token);
    raws.push(again);
    expect(await connectOutcome(again)).toEqual({
      connected: false,
      reason: expect.stringMatching(/cannot check tokens/),
    });
  });

  it('messages paid for in leases keep one budget across the nodes, exceeded by no node', async () => {
    // A burst of 60: each node pays for leases of 3 messages at a time (1/20 of the burst).
    const limits = { messagesPerSecond: 0.01, burst: 60, connectionsPerToken: 2 };
    const a = await node({ rateLimit: limits });
    const b = await node({ rateLimit: limits });
    const { token } = await issueToken(key, { station: 'st-l', jurisdiction: '500110' });
    const onA = rawClient(a.hub.url, token);
    const onB = rawClient(b.hub.url, token);
    raws.push(onA, onB);
    for (const c of [onA, onB]) expect(await connectOutcome(c)).toEqual({ connected: true });
    const ask = (c: RawClient) =>
      new Promise<{ ok: boolean }>((resolve) => c.emit('pull', { since: 0, limit: 10 }, resolve));
    let answered = 0;
    for (let i = 0; i < 80; i += 1) if ((await ask(i % 2 === 0 ? onA : onB)).ok) answered += 1;
    // 60 in the burst, 2 spent connecting: never more than 58 answered; at most a lease per node unspent.
    expect(answered).toBeLessThanOrEqual(58);
    expect(answered).toBeGreaterThanOrEqual(58 - 2 * 3);
  });

  it('a token has one connection limit and one message budget across the nodes', async () => {
    const limits = { messagesPerSecond: 0.01, burst: 8, connectionsPerToken: 2 };
    const a = await node({ rateLimit: limits });
    const b = await node({ rateLimit: limits });
    const { token } = await issueToken(key, { station: 'st-y', jurisdiction: '500110' });
    const connect = async (h: Hub) => {
      const c = rawClient(h.url, token);
      raws.push(c);
      return { c, outcome: await connectOutcome(c) };
    };
    // Two connections, one on each node, fill the token's two places; a third on either node is refused.
    const first = await connect(a.hub);
    const second = await connect(b.hub);
    expect([first.outcome, second.outcome]).toEqual([{ connected: true }, { connected: true }]);
    const third = await connect(a.hub);
    expect(third.outcome).toEqual({
      connected: false,
      reason: expect.stringMatching(/RATE_LIMITED: this token already has 2 connection\(s\) open/),
    });
    // Eight messages in the burst, two already spent on connecting: six more answered, on either node.
    const ask = (c: RawClient) =>
      new Promise<{ ok: boolean; errors?: Array<{ code: string }> }>((resolve) =>
        c.emit('pull', { since: 0, limit: 10 }, resolve),
      );
    const replies = [];
    for (let i = 0; i < 8; i += 1) replies.push(await ask(i % 2 === 0 ? first.c : second.c));
    expect(replies.map((r) => (r.ok ? 'ok' : r.errors?.[0]?.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    // A place freed on one node counts on the other: a new connection there is no longer refused for
    // the count, only for the spent budget (a connection costs a message too).
    first.c.disconnect();
    let reason = '';
    for (let i = 0; i < 50 && !/too many messages/.test(reason); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      const next = await connect(b.hub);
      reason = next.outcome.connected ? 'connected' : next.outcome.reason;
    }
    expect(reason).toMatch(/RATE_LIMITED: too many messages with this token/);
  });

  it('connections arriving together are counted together and still hold each token to its limit', async () => {
    // A storm: a node answers the connections that arrive in one turn with one statement (connectMany).
    const limits = { messagesPerSecond: 0.01, burst: 20, connectionsPerToken: 2 };
    const a = await node({ rateLimit: limits });
    const b = await node({ rateLimit: limits });
    const tokens = await Promise.all(
      ['st-s1', 'st-s2', 'st-s3'].map(async (station) => (await issueToken(key, { station, jurisdiction: '500110' })).token),
    );
    // One connection of st-s1 already open on the other node counts against its two places.
    const earlier = rawClient(b.hub.url, tokens[0]);
    raws.push(earlier);
    expect(await connectOutcome(earlier)).toEqual({ connected: true });
    // Three of each token at once on A: st-s1 has one place left, the others two each.
    const storm = tokens.flatMap((token) => [0, 1, 2].map(() => rawClient(a.hub.url, token)));
    raws.push(...storm);
    const outcomes = await Promise.all(storm.map((c) => connectOutcome(c)));
    const admitted = (k: number) => outcomes.slice(3 * k, 3 * k + 3).filter((o) => o.connected).length;
    expect([admitted(0), admitted(1), admitted(2)]).toEqual([1, 2, 2]);
    for (const o of outcomes)
      if (!o.connected) expect(o.reason).toMatch(/RATE_LIMITED: this token already has 2 connection\(s\) open/);
  });

  it('chain anchors, digests and the routing checks hold across the nodes', async () => {
    // Nodes of one hub sign with one key (a site's shared data directory; hub/cli.ts --data).
    const signer = ephemeralAnchorSigner();
    const a = await node({ anchors: signer });
    const b = await node({ anchors: signer });
    // st-a writes through A and, when A goes, through B; its tamper watch checks every anchor either gives.
    const store = openStationStore({ path: `${dir.path}/st-a.sqlite`, stationId: 'st-a', jurisdiction: '500110' });
    stations.push(store);
    const watch = startIntegrityWatch({ store });
    const { token } = await issueToken(key, { station: 'st-a', jurisdiction: '500110' });
    clients.push(
      startSyncClient({
        url: `${a.hub.url},${b.hub.url}`,
        token,
        store,
        anchors: watch.sink,
        backoff: { minMs: 50, maxMs: 500 },
        ackTimeoutMs: 3000,
      }),
    );
    const teams = registerFloodTeams(store);
    const anchors = store.tamper.anchors;
    await waitFor('st-a acknowledged through A', () => store.outboxDepth() === 0 && anchors.newest()?.seq === teams.length);
    expect(a.hub.connectedStations()).toEqual(['st-a']);

    // Anti-entropy asks either node the same question and gets the same sums: one log, one answer.
    const observer = await issueToken(key, { station: 'st-obs', jurisdiction: '500110' });
    const digestAt = async (hub: Hub) => {
      const c = rawClient(hub.url, observer.token);
      raws.push(c);
      expect(await connectOutcome(c)).toEqual({ connected: true });
      return new Promise<unknown>((resolve) => c.emit('digest', { ranges: [[0, null], [0, 5], [5, null]] }, resolve));
    };
    const [atA, atB] = [await digestAt(a.hub), await digestAt(b.hub)];
    expect(atA).toMatchObject({ ok: true, head: teams.length });
    expect(atB).toEqual(atA);

    // A neighbouring county cannot report positions of st-a's teams through the other node either.
    const neighbour = await issueToken(key, { station: 'st-n', jurisdiction: '500120' });
    const n = rawClient(b.hub.url, neighbour.token);
    raws.push(n);
    expect(await connectOutcome(n)).toEqual({ connected: true });
    const forged = stationChain('st-n', '500120').next(1, () => ({
      type: 'team.position_reported',
      stream: `team:${teams[0] ?? ''}`,
      payload: { position: { point: { lon: 106.5, lat: 29.5 }, at: new Date().toISOString() } },
    }));
    const refused = await new Promise<PublishReply>((resolve) => n.emit('publish', forged, resolve));
    expect(refused).toMatchObject({ ok: true, acks: [], rejected: [{ index: 0 }] });

    // A goes: st-a carries on through B, whose anchors continue the chain A signed, under the same key.
    const fromA = anchors.newest();
    await stop(a);
    const random = seededRandom(20261208);
    mustExecuteAll(store, Array.from({ length: 20 }, () => floodFeedCommand(random, teams)));
    await waitFor(
      'st-a acknowledged through B',
      () => store.outboxDepth() === 0 && anchors.newest()?.seq === teams.length + 20,
      30_000,
    );
    expect(b.hub.connectedStations()).toContain('st-a');
    expect(anchors.pinnedKey()?.keyId).toBe(signer.publicKey.keyId);
    expect(anchors.newest()?.id).toBeGreaterThan(fromA?.id ?? Infinity);
    expect(watch.checkNow()).toEqual([]);
    expect(watch.findings()).toEqual([]);
    expect(store.verify()).toEqual({ ok: true, events: teams.length + 20 });
  });
});
