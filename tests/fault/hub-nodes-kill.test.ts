// Three hub processes on one PostgreSQL (issue #21, decision 0021); one is killed with SIGKILL twice in a
// flood and started again, and the PostgreSQL server itself is restarted midway (a server of this test's
// own, tests/fault/pg-cluster.ts, so that suites running in parallel on the shared one are untouched).
// Three stations reach the nodes through the fault proxy (tests/fault/proxy.ts), which also cuts every
// link now and then. Every station, given all three addresses, fails over and converges to the same log,
// exactly once, each station's events in its order, no gap in the hub's sequence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../hub/auth';
import { openPgHubStore } from '../../hub/pg-store';
import { seededRandom } from '../../hub/simulator';
import type { HubEventStore } from '../../hub/store';
import { pgTestSchema } from '../../hub/test-stores.testing';
import { canonicalJson } from '../../shared/events/hash';
import { openStationStore, type StationStore } from '../../station/store/index';
import { startSyncClient, type SyncClient } from '../../station/sync/client';
import { floodFeedCommand, mustExecuteAll, registerFloodTeams, tempDir, waitFor } from './helpers';
import { freePort, killRunningHubs, spawnHub } from './hub-process';
import { startPrivatePg, type PrivatePg } from './pg-cluster';
import { startFaultProxy } from './proxy';

const TOTAL = Number(process.env.HUB_NODES_TOTAL ?? 3000);
const SEED = Number(process.env.HUB_NODES_SEED ?? 20261207);
const KEY = 'hub-nodes-kill-test-key-0123456789-abcdef';
const key = new TextEncoder().encode(KEY);

let server: PrivatePg;
let schema: ReturnType<typeof pgTestSchema>;
const proxies: Array<Awaited<ReturnType<typeof startFaultProxy>>> = [];
let dir: ReturnType<typeof tempDir>;
let log: HubEventStore;
const stations: StationStore[] = [];
const clients: SyncClient[] = [];

beforeAll(async () => {
  server = await startPrivatePg();
  schema = pgTestSchema(server.url);
  dir = tempDir('hub-nodes-kill');
}, 120_000);
afterAll(async () => {
  for (const c of clients) c.stop();
  for (const s of stations) s.close();
  for (const p of proxies) await p.close();
  killRunningHubs();
  log?.close();
  schema?.drop();
  dir?.remove();
  await server?.close();
}, 120_000);

describe('three hub processes on one PostgreSQL, one killed twice', () => {
  it(`every station converges to the same ${TOTAL} events, exactly once, in order`, async () => {
    // The child processes reach the test's schema through the connection string's options.
    const url = `${server.url}?options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`;
    const ports = [await freePort(), await freePort(), await freePort()];
    // One after another: the first makes the schema and the anchor key the others share.
    const start = (i: number) =>
      spawnHub({ port: ports[i], dataDir: dir.path, key: KEY, args: ['--pg', url] });
    const nodes = [await start(0), await start(1), await start(2)];
    // Each node behind a fault proxy, which stays up when its node is killed and started again on its port.
    for (const p of ports) proxies.push(await startFaultProxy(p));
    const urls = proxies.map((p) => p.url);
    for (let i = 0; i < 3; i += 1) {
      const id = `st-${i + 1}`;
      const store = openStationStore({
        path: `${dir.path}/${id}.sqlite`,
        stationId: id,
        jurisdiction: '500110',
      });
      stations.push(store);
      const { token } = await issueToken(key, { station: id, jurisdiction: '500110' });
      // Each station starts on a different node and knows all three.
      const order = [...urls.slice(i), ...urls.slice(0, i)].join(',');
      clients.push(
        startSyncClient({ url: order, token, store, backoff: { minMs: 50, maxMs: 500 }, ackTimeoutMs: 3000 }),
      );
    }
    const random = seededRandom(SEED);
    const teams = registerFloodTeams(stations[0]);
    await waitFor(
      'every station to know the teams',
      () => stations.every((s) => s.teams().length === teams.length),
      60_000,
      20,
    );
    const command = () => floodFeedCommand(random, teams);
    let produced = teams.length;
    const kills = [Math.floor(TOTAL / 3), Math.floor((2 * TOTAL) / 3)];
    let restart = Math.floor(TOTAL / 2);
    let restarted = false;
    const linkCuts = [Math.floor(TOTAL / 6), Math.floor((5 * TOTAL) / 6)];
    let linksCut = 0;
    while (produced < TOTAL) {
      const s = stations[Math.floor(random() * stations.length)];
      produced += mustExecuteAll(
        s,
        Array.from({ length: Math.min(TOTAL - produced, 1 + Math.floor(random() * 10)) }, command),
      ).length;
      if (kills.length > 0 && produced >= kills[0]) {
        kills.shift();
        // The first node, mid-flood, without a chance to finish anything; then started again on its port.
        nodes[0].child.kill('SIGKILL');
        expect((await nodes[0].exited).signal).toBe('SIGKILL');
        await new Promise((r) => setTimeout(r, 200 + Math.floor(random() * 300)));
        nodes[0] = await start(0);
      }
      if (restart > 0 && produced >= restart) {
        restart = 0;
        // The PostgreSQL server restarted mid-flood: every session of every node ends, appends in flight
        // fail and are re-sent, listeners listen again; the stations keep producing meanwhile.
        await server.restart();
        restarted = true;
      }
      if (linkCuts.length > 0 && produced >= linkCuts[0]) {
        linkCuts.shift();
        // Every station's link cut at once, the network down for a moment.
        for (const p of proxies) linksCut += p.cut(100 + Math.floor(random() * 400));
      }
      await new Promise((r) => setTimeout(r, Math.floor(random() * 10)));
    }
    expect(restarted).toBe(true);
    expect(linksCut).toBeGreaterThan(0);
    await waitFor(
      `every station to hold all ${TOTAL} events`,
      () => stations.every((s) => s.outboxDepth() === 0 && s.lastPosition() >= TOTAL),
      120_000,
      100,
    );
    log = openPgHubStore(server.url, { schema: schema.schema });
    expect(log.count()).toBe(TOTAL);
    expect(log.head()).toBe(TOTAL);
    for (const s of stations) {
      const seqs = log.eventsOfStation(s.stationId).map((e) => e.stationSeq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect(s.verify()).toEqual({ ok: true, events: TOTAL });
    }
    expect(new Set(stations.map((s) => s.logDigest())).size).toBe(1);
    expect(new Set(stations.map((s) => canonicalJson(s.teams().map((t) => [t.id, t.position])))).size).toBe(
      1,
    );
  }, 400_000);
});
