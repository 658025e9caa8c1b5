import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { seededRandom } from '../../hub/simulator';
import { newId } from '../../shared/ids';
import { canonicalJson } from '../../shared/events/hash';
import { openStationStore, type StationStore } from '../../station/store/index';
import { startSyncClient, type SyncClient } from '../../station/sync/client';
import { startFaultProxy } from './proxy';
import { mustExecuteAll, tempDir, waitFor } from './helpers';
import { registerIncidentCommand } from '../../station/store/store.testing';

const key = new TextEncoder().encode('partition-test-key-0123456789-abcdefgh');
const TOTAL = Number(process.env.PARTITION_TOTAL ?? 5000);
const CUTS = Number(process.env.PARTITION_CUTS ?? 30);
const SEED = 20261125;

let dir: ReturnType<typeof tempDir>;
let hubStore: HubEventStore;
let hub: Hub;
let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
const stores: StationStore[] = [];
const clients: SyncClient[] = [];

beforeAll(async () => {
  dir = tempDir('partition');
  hubStore = openSqliteHubStore(`${dir.path}/hub.sqlite`);
  hub = await startHub({ store: hubStore, key, rateLimit: { messagesPerSecond: 1000, burst: 2000 } });
  proxy = await startFaultProxy(hub.port);
});

afterAll(async () => {
  for (const c of clients) c.stop();
  for (const s of stores) s.close();
  await proxy.close();
  await hub.close();
  hubStore.close();
  dir.remove();
});

describe('three stations behind a link that keeps dropping', () => {
  it(`deliver ${TOTAL} events exactly once, each station in order, and all end with identical logs`, async () => {
    const random = seededRandom(SEED);
    // Three duty rooms of one district (e.g. the main room, the backup room and the mobile command post).
    for (const id of ['st-main', 'st-backup', 'st-mobile']) {
      const store = openStationStore({ path: `${dir.path}/${id}.sqlite`, stationId: id, jurisdiction: '500110' });
      stores.push(store);
      const { token } = await issueToken(key, { station: id, jurisdiction: '500110' });
      clients.push(startSyncClient({ url: proxy.url, token, store, backoff: { minMs: 50, maxMs: 1000 }, ackTimeoutMs: 3000 }));
    }
    // Thirty teams: enough shared streams for hub order to matter, short enough to refold cheaply.
    const teams = Array.from({ length: 30 }, (_, i) => `ws-team-${i + 1}`);
    // Four commands in five register an incident; the fifth reports a shared team's position. One event each.
    const command = () =>
      random() < 0.8
        ? registerIncidentCommand()
        : {
            id: newId(),
            type: 'team.report_position',
            payload: {
              // Shared streams: stations write the same teams, so hub order decides the fold.
              teamId: teams[Math.floor(random() * teams.length)],
              position: { point: { lon: 106.9 + random() / 10, lat: 28.9 + random() / 10 }, at: new Date().toISOString() },
            },
          };

    mustExecuteAll(
      stores[0],
      teams.map((id) => ({
        id: newId(),
        type: 'team.register',
        payload: { team: { id, name: `救援队 ${id}`, kind: 'comprehensive', jurisdiction: '500110', headcount: 20, skills: [], equipment: [], base: { lon: 106.92, lat: 28.96 }, status: 'standby' } },
      })),
    );
    // A station reports a team's position only once it knows the team (its decider checks): wait until the
    // registrations have reached every station before the link starts dropping.
    await waitFor('every station to know the teams', () => stores.every((s) => s.teams().length === teams.length), 30_000, 20);
    let produced = teams.length;
    const started = Date.now();
    const cutEvery = Math.floor(TOTAL / (CUTS + 1));
    let nextCut = cutEvery;
    let linksCut = 0;
    while (produced < TOTAL) {
      const store = stores[Math.floor(random() * stores.length)];
      const n = Math.min(TOTAL - produced, 1 + Math.floor(random() * 20));
      produced += mustExecuteAll(store, Array.from({ length: n }, command)).length;
      if (produced >= nextCut && proxy.cuts() < CUTS) {
        // Cut a live network: on a fast machine production can outrun the reconnects.
        await waitFor('a link to be up again', () => proxy.openLinks() > 0, 10_000, 10);
        linksCut += proxy.cut(Math.floor(random() * 300));
        nextCut += Math.floor(cutEvery * (0.5 + random()));
      }
      await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
    }
    while (proxy.cuts() < CUTS) {
      await waitFor('a link to be up again', () => proxy.openLinks() > 0, 10_000, 10);
      linksCut += proxy.cut(Math.floor(random() * 300));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(proxy.cuts()).toBe(CUTS);
    // Most cuts find live links to drop (a cut during a down period finds none).
    expect(linksCut).toBeGreaterThanOrEqual(CUTS / 2);
    const producedAt = Date.now();

    await waitFor(
      'every station to hold every event',
      () => stores.every((s) => s.outboxDepth() === 0 && s.lastPosition() >= TOTAL),
      90_000,
      100,
    );

    console.log(`partition: produced in ${producedAt - started} ms, all delivered ${Date.now() - producedAt} ms later`);
    // The hub holds each event exactly once, each station's events in that station's order.
    expect(hubStore.count()).toBe(TOTAL);
    let sum = 0;
    for (const s of stores) {
      const seqs = hubStore.eventsOfStation(s.stationId).map((e) => e.stationSeq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      sum += seqs.length;
    }
    expect(sum).toBe(TOTAL);
    // Every station holds the same log in the same hub order.
    const digests = stores.map((s) => s.logDigest());
    expect(new Set(digests).size).toBe(1);
    for (const s of stores) {
      expect(s.lastPosition()).toBe(TOTAL);
      expect(s.verify()).toEqual({ ok: true, events: TOTAL });
    }
    // Hub order wins on shared streams: every station folds a team to the same last position.
    const positions = stores.map((s) => canonicalJson(s.teams().map((t) => [t.id, t.position])));
    expect(new Set(positions).size).toBe(1);
    expect(stores[2].teams()).toHaveLength(teams.length);
    await waitFor('every link to report online', () => clients.every((c) => c.state().status === 'online'), 10_000);
  }, 400_000);
});
