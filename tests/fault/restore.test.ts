import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAnchorSigner } from '../../hub/anchors';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { openStation, restoreStationFromHub, type RunningStation, type StationConfig } from '../../station/host/station';
import { officer, registerIncidentCommand } from '../../station/store/store.testing';
import { openStationStore, type StationStore } from '../../station/store/index';
import { startSyncClient } from '../../station/sync/client';
import { startIntegrityWatch } from '../../station/verify/watch';
import { verifyStoreFile } from '../../station/verify/index';
import { RestoreError, restoreFromHub } from '../../station/restore/fromHub';
import { backupStation } from '../../station/restore/backup';
import { refuseNewChainOverHub } from '../../station/restore/guard';
import { mustExecuteAll, tempDir, waitFor } from './helpers';

/*
 * Issue 21, "a duty room that lost its machine": a district station is wiped in the middle of a flood of
 * its own records — some delivered to the hub, some still in its outbox — while a township below it and
 * the city above it keep working. It is reinstalled with the same id and an empty data folder, restored
 * from the hub, verified (chain, the hub's anchor, the hub's own comparison), and carries on: its new
 * events follow the last one the hub acknowledged, the hub takes them, and the city receives them.
 */
const key = new TextEncoder().encode('restore-test-hub-key-0123456789-abcdefghij');
const DISTRICT = { station: 'district-410102', jurisdiction: '410102' };
const CITY = { station: 'city-4101', jurisdiction: '4101' };
const TOWNSHIP = { station: 'township-410102001', jurisdiction: '410102001' };

let dir: ReturnType<typeof tempDir>;
let hubStore: HubEventStore;
let hub: Hub;
const open: Array<() => void> = [];

beforeEach(async () => {
  dir = tempDir('restore');
  hubStore = openSqliteHubStore(join(dir.path, 'hub', 'hub.sqlite'));
  hub = await startHub({ store: hubStore, key, anchors: loadAnchorSigner(join(dir.path, 'hub')) });
});

afterEach(async () => {
  for (const close of open.splice(0).reverse()) close();
  await hub.close();
  hubStore.close();
  dir.remove();
});

const tokenOf = async (s: { station: string; jurisdiction: string }) => (await issueToken(key, s)).token;

/** A station as the tamper test wires it: store, tamper check, sync client. */
async function bareStation(s: { station: string; jurisdiction: string }, folder: string) {
  mkdirSync(join(dir.path, folder), { recursive: true });
  const store = openStationStore({
    path: join(dir.path, folder, `${s.station}.sqlite`),
    stationId: s.station,
    jurisdiction: s.jurisdiction,
  });
  const watch = startIntegrityWatch({ store });
  const client = startSyncClient({
    url: hub.url,
    token: await tokenOf(s),
    store,
    anchors: watch.sink,
    backoff: { minMs: 50, maxMs: 200 },
    antiEntropyMs: 500,
  });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    client.stop();
    store.close();
  };
  open.push(close);
  return { store, client, close };
}

const hubHeadOf = (station: string) => hubStore.stationHead(station)?.stationSeq ?? 0;
const incidentIdsIn = (store: StationStore, station?: string) =>
  store
    .eventsSince(0, 1_000_000)
    .map((x) => x.event)
    .filter((e) => e.type === 'incident.registered' && (station === undefined || e.station === station))
    .map((e) => e.id);

describe('a duty room that lost its machine', () => {
  it('is wiped mid-flood, restored from the hub, verified, and carries on', async () => {
    const city = await bareStation(CITY, 'city');
    const township = await bareStation(TOWNSHIP, 'township');
    const district = await bareStation(DISTRICT, 'district-old-disk');

    // The flood: the district records in batches while the township reports up; the district's disk dies
    // after the hub has acknowledged at least 150 of its records and while a batch is still queued.
    let wipedAt = 0;
    let queuedAtWipe = 0;
    for (let batch = 0; batch < 200 && wipedAt === 0; batch += 1) {
      mustExecuteAll(
        district.store,
        Array.from({ length: 10 }, (_, i) => registerIncidentCommand({ title: `区内涝 ${batch}-${i}` })),
        officer,
      );
      if (batch % 3 === 0)
        mustExecuteAll(township.store, [registerIncidentCommand({ title: `镇险情 ${batch}` })], officer);
      if (hubHeadOf(DISTRICT.station) >= 150 && district.store.outboxDepth() > 0) {
        wipedAt = district.store.tamper.log.tailOf(DISTRICT.station)?.seq ?? 0;
        queuedAtWipe = district.store.outboxDepth();
        district.close();
        rmSync(join(dir.path, 'district-old-disk'), { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(wipedAt).toBeGreaterThan(0);
    expect(queuedAtWipe).toBeGreaterThan(0);
    // A publish already on the wire may still land: wait until the hub's copy stops moving.
    let settled = -1;
    await waitFor('the hub to settle', () => {
      const now = hubHeadOf(DISTRICT.station);
      const still = now === settled;
      settled = now;
      return still;
    }, 10_000, 200);
    const delivered = hubHeadOf(DISTRICT.station);
    expect(delivered).toBeGreaterThanOrEqual(150);
    expect(delivered).toBeLessThan(wipedAt);

    // Without a restore, an empty store under the same id starts its chain again at #1: the hub refuses it.
    const naive = await bareStation(DISTRICT, 'naive');
    mustExecuteAll(naive.store, [registerIncidentCommand({ title: '新机器上的第一条' })], officer);
    await waitFor('the hub to refuse the restarted chain', () => (naive.client.state().lastError ?? '').includes('refused'));
    expect(hubHeadOf(DISTRICT.station)).toBe(delivered);
    naive.close();
    // …which is why the launcher refuses to start an empty store whose hub holds its chain.
    await expect(
      refuseNewChainOverHub({
        storePath: join(dir.path, 'empty', `${DISTRICT.station}.sqlite`),
        hub: { url: hub.url, token: await tokenOf(DISTRICT) },
      }),
    ).rejects.toThrow(/--restore-from-hub/);

    // The reinstalled machine: same id, same token, an empty data folder, restored before it opens.
    const config: StationConfig = {
      dataDir: join(dir.path, 'district-new-disk'),
      stationId: DISTRICT.station,
      jurisdiction: DISTRICT.jurisdiction,
      name: '金水区应急值守（测试）',
      operator: officer,
      onDuty: { leader: '李主任', officers: ['值班员甲'] },
      hub: { url: hub.url, token: await tokenOf(DISTRICT) },
      notifier: null,
    };
    const outcome = await restoreStationFromHub(config);
    const lastDelivered = hubStore.eventsOfStation(DISTRICT.station).at(-1);
    expect(outcome.ownSeq).toBe(delivered);
    expect(outcome.ownHash).toBe(lastDelivered?.hash);
    expect(outcome.lastAckedRecordedAt).toBe(lastDelivered?.recordedAt);
    expect(outcome.hubHead).toBe(hubStore.head());
    expect(existsSync(join(config.dataDir, `${DISTRICT.station}.sqlite.restoring`))).toBe(false);

    // Verified whole, offline and against the hub: chain, anchors, projections, the hub's head.
    const report = await verifyStoreFile({
      path: join(config.dataDir, `${DISTRICT.station}.sqlite`),
      station: DISTRICT.station,
      hub: { url: hub.url, token: await tokenOf(DISTRICT) },
    });
    expect(report.sections.filter((s) => s.status !== 'ok')).toEqual([]);

    // A second restore over it is refused: it holds records now.
    await expect(restoreStationFromHub(config)).rejects.toBeInstanceOf(RestoreError);

    // Restored, it starts without that objection.
    await refuseNewChainOverHub({
      storePath: join(config.dataDir, `${DISTRICT.station}.sqlite`),
      hub: { url: hub.url, token: await tokenOf(DISTRICT) },
    });
    const running: RunningStation = openStation(config);
    open.push(() => running.close());
    // It holds what the hub holds for it — its own delivered records and the township's — nothing more.
    const hubIncidents = (station: string) =>
      hubStore
        .eventsOfStation(station)
        .filter((e) => e.type === 'incident.registered')
        .map((e) => e.id);
    expect(incidentIdsIn(running.store, DISTRICT.station).sort()).toEqual(hubIncidents(DISTRICT.station).sort());
    expect(incidentIdsIn(running.store, TOWNSHIP.station).sort()).toEqual(
      incidentIdsIn(township.store, TOWNSHIP.station).sort(),
    );
    expect(running.store.openIncidents().length).toBe(
      hubIncidents(DISTRICT.station).length + hubIncidents(TOWNSHIP.station).length,
    );

    // The console says what was lost, on record: a restored_from_hub alarm with the last acknowledged time.
    const restoredAlarm = () =>
      running.store
        .eventsSince(0, 1_000_000)
        .map((x) => x.event)
        .find((e) => e.type === 'alarm.raised' && (e.payload as { kind?: string }).kind === 'restored_from_hub');
    expect(restoredAlarm()?.payload).toMatchObject({
      kind: 'restored_from_hub',
      severity: 'urgent',
      params: { seq: String(delivered), lastAckedAt: lastDelivered?.recordedAt },
    });
    // Its first new event (the alarm itself) follows the last one the hub acknowledged.
    expect(restoredAlarm()?.stationSeq).toBe(delivered + 1);

    // It carries on: new records are accepted by the hub and reach the city; the township goes on too.
    await waitFor('the restored station to be online', () => running.sync?.state().status === 'online', 20_000);
    const fresh = mustExecuteAll(
      running.store,
      Array.from({ length: 5 }, (_, i) => registerIncidentCommand({ title: `恢复后 ${i}` })),
      officer,
    );
    mustExecuteAll(township.store, [registerIncidentCommand({ title: '镇险情 恢复后' })], officer);
    const lastFresh = fresh.at(-1)?.stationSeq ?? 0;
    // (The station's own alarms — deadline rungs of the restored incidents — follow them on the same chain.)
    await waitFor('the hub to take the new records', () => hubHeadOf(DISTRICT.station) >= lastFresh, 30_000);
    await waitFor('the city to receive them', () => {
      const held = new Set(incidentIdsIn(city.store, DISTRICT.station));
      return fresh.every((e) => held.has(e.id));
    });
    await waitFor('the restored station to receive the township', () =>
      incidentIdsIn(running.store, TOWNSHIP.station).length === incidentIdsIn(township.store, TOWNSHIP.station).length,
    );
    expect(running.sync?.state().lastError).toBeNull();
    expect(running.store.verify().ok).toBe(true);
    expect(running.integrity.findings()).toEqual([]);
    // The city holds exactly what the hub holds of the district: nothing lost twice, nothing doubled.
    expect(incidentIdsIn(city.store, DISTRICT.station).sort()).toEqual(hubIncidents(DISTRICT.station).sort());
  }, 120_000);

  it('is put back from a backup and topped up from the hub, so it does not start behind its own chain', async () => {
    const township = await bareStation(TOWNSHIP, 'township');
    const district = await bareStation(DISTRICT, 'district-old-disk');
    const record = (n: number, what: string) =>
      mustExecuteAll(
        district.store,
        Array.from({ length: n }, (_, i) => registerIncidentCommand({ title: `${what} ${i}` })),
        officer,
      );
    record(50, '备份前');
    await waitFor('the first 50 acknowledged', () => district.store.outboxDepth() === 0 && hubHeadOf(DISTRICT.station) === 50);
    // Ten more while the link is down: they are in the outbox when the backup is taken.
    district.client.stop();
    const queuedStore = district.store;
    record(10, '断网时');
    expect(queuedStore.outboxDepth()).toBe(10);
    const backup = await backupStation(queuedStore, { dir: join(dir.path, 'second-disk'), keep: 3 });
    queuedStore.close();
    // The station goes on after the backup: the ten are delivered, then twenty more; then the disk dies.
    const later = await bareStation(DISTRICT, 'district-old-disk');
    mustExecuteAll(later.store, Array.from({ length: 20 }, () => registerIncidentCommand({ title: '备份后' })), officer);
    await waitFor('all 80 delivered', () => hubHeadOf(DISTRICT.station) === 80);
    mustExecuteAll(township.store, [registerIncidentCommand({ title: '镇险情' })], officer);
    await waitFor('the township delivered', () => hubHeadOf(TOWNSHIP.station) === 1);
    later.close();
    rmSync(join(dir.path, 'district-old-disk'), { recursive: true, force: true });

    const path = join(dir.path, 'district-new-disk', 'station', `${DISTRICT.station}.sqlite`);
    const outcome = await restoreFromHub({
      url: hub.url,
      token: await tokenOf(DISTRICT),
      store: { path, stationId: DISTRICT.station, jurisdiction: DISTRICT.jurisdiction },
      seedFrom: backup.path,
    });
    expect(outcome.ownSeq).toBe(80);
    const store = openStationStore({ path, stationId: DISTRICT.station, jurisdiction: DISTRICT.jurisdiction });
    open.push(() => store.close());
    // The backup's queued ten came back acknowledged (out of the outbox), the twenty after it from the hub.
    expect(store.outboxDepth()).toBe(0);
    expect(store.tamper.log.tailOf(DISTRICT.station)?.seq).toBe(80);
    expect(incidentIdsIn(store, TOWNSHIP.station)).toHaveLength(1);
    expect(store.verify().ok).toBe(true);
    const next = mustExecuteAll(store, [registerIncidentCommand({ title: '恢复后' })], officer);
    expect(next[0]?.stationSeq).toBe(81);
    const client = startSyncClient({ url: hub.url, token: await tokenOf(DISTRICT), store, backoff: { minMs: 50, maxMs: 200 } });
    open.push(() => client.stop());
    await waitFor('the hub to take #81', () => hubHeadOf(DISTRICT.station) === 81);
    expect(client.state().lastError).toBeNull();
  }, 120_000);
});
