// Three hub processes on one PostgreSQL (issue #21, decision 0021); one is killed with SIGKILL twice in a
// flood and started again. Every station, given all three addresses, fails over and converges to the
// same log, exactly once, each station's events in its order, no gap in the hub's sequence; midway every
// database connection of the nodes is cut, as a PostgreSQL restart cuts them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../hub/auth';
import { openPgHubStore } from '../../hub/pg-store';
import { openSyncPg } from '../../hub/pg-sync';
import { seededRandom } from '../../hub/simulator';
import type { HubEventStore } from '../../hub/store';
import { TEST_PG_URL, pgTestSchema } from '../../hub/test-stores';
import { canonicalJson } from '../../shared/events/hash';
import { openStationStore, type StationStore } from '../../station/store/index';
import { startSyncClient, type SyncClient } from '../../station/sync/client';
import { floodFeedCommand, mustExecuteAll, registerFloodTeams, tempDir, waitFor } from './helpers';
import { freePort, killRunningHubs, spawnHub } from './hub-process';

const TOTAL = Number(process.env.HUB_NODES_TOTAL ?? 1500);
const SEED = Number(process.env.HUB_NODES_SEED ?? 20261207);
const KEY = 'hub-nodes-kill-test-key-0123456789-abcdef';
const key = new TextEncoder().encode(KEY);

let schema: ReturnType<typeof pgTestSchema>;
let dir: ReturnType<typeof tempDir>;
let log: HubEventStore;
const stations: StationStore[] = [];
const clients: SyncClient[] = [];

beforeAll(() => {
  schema = pgTestSchema();
  dir = tempDir('hub-nodes-kill');
});
afterAll(() => {
  for (const c of clients) c.stop();
  for (const s of stations) s.close();
  killRunningHubs();
  log?.close();
  schema.drop();
  dir.remove();
});

describe('three hub processes on one PostgreSQL, one killed twice', () => {
  it(`every station converges to the same ${TOTAL} events, exactly once, in order`, async () => {
    // The child processes reach the test's schema through the connection string's options.
    // Named by the schema, so that the cut below finds this test's connections and no other test's.
    const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema.schema}`)}&application_name=${schema.schema}`;
    const ports = [await freePort(), await freePort(), await freePort()];
    // One after another: the first makes the schema and the anchor key the others share.
    const start = (i: number) =>
      spawnHub({ port: ports[i]!, dataDir: dir.path, key: KEY, args: ['--pg', url] });
    const nodes = [await start(0), await start(1), await start(2)];
    log = openPgHubStore(TEST_PG_URL, { schema: schema.schema });
    const urls = ports.map((p) => `http://127.0.0.1:${p}`);
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
    const teams = registerFloodTeams(stations[0]!);
    await waitFor(
      'every station to know the teams',
      () => stations.every((s) => s.teams().length === teams.length),
      60_000,
      20,
    );
    const command = () => floodFeedCommand(random, teams);
    let produced = teams.length;
    const kills = [Math.floor(TOTAL / 3), Math.floor((2 * TOTAL) / 3)];
    let cut = Math.floor(TOTAL / 2);
    let connectionsCut = 0;
    while (produced < TOTAL) {
      const s = stations[Math.floor(random() * stations.length)]!;
      produced += mustExecuteAll(
        s,
        Array.from({ length: Math.min(TOTAL - produced, 1 + Math.floor(random() * 10)) }, command),
      ).length;
      if (kills.length > 0 && produced >= kills[0]!) {
        kills.shift();
        // The first node, mid-flood, without a chance to finish anything; then started again on its port.
        nodes[0]!.child.kill('SIGKILL');
        expect((await nodes[0]!.exited).signal).toBe('SIGKILL');
        await new Promise((r) => setTimeout(r, 200 + Math.floor(random() * 300)));
        nodes[0] = await start(0);
      }
      if (cut > 0 && produced >= cut) {
        cut = 0;
        // Every database connection of every node is cut mid-flood, as a PostgreSQL restart cuts them
        // (a role may end its own sessions): appends in flight fail and are re-sent, listeners listen again.
        const admin = openSyncPg(TEST_PG_URL);
        try {
          connectionsCut = Number(
            admin.query<{ n: number }>(
              'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1',
              [schema.schema],
            )[0]?.n ?? 0,
          );
        } finally {
          admin.close();
        }
      }
      await new Promise((r) => setTimeout(r, Math.floor(random() * 10)));
    }
    // Three nodes, each with its query connection and its listener.
    expect(connectionsCut).toBeGreaterThanOrEqual(6);
    await waitFor(
      `every station to hold all ${TOTAL} events`,
      () => stations.every((s) => s.outboxDepth() === 0 && s.lastPosition() >= TOTAL),
      120_000,
      100,
    );
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
