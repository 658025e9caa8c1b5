import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAnchorSigner } from '../../hub/anchors';
import { issueToken } from '../../hub/auth';
import { startHub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import { officer, registerIncidentCommand } from '../../station/store/store.testing';
import { openStationStore } from '../../station/store/index';
import { startSyncClient } from '../../station/sync/client';
import { restoreFromHub } from '../../station/restore/fromHub';
import { backupStation } from '../../station/restore/backup';
import type { Bench, BenchResult } from './harness';

/*
 * Issue 21, a duty room that lost its machine (decision 0020): what a restore from the hub costs — a
 * district of EVENTS own events and a township below it of EVENTS / 5, all delivered to a real hub over
 * sockets; then the district rebuilt from the hub into an empty folder (pull, ingest with projections,
 * digest, chain and anchor checks, put in place) — and what one online backup of the district's store costs.
 */
const EVENTS = 5_000;
const key = new TextEncoder().encode('restore-bench-hub-key-0123456789-abcdefghij');
const DISTRICT = { station: 'bench-district-410102', jurisdiction: '410102' };
const TOWNSHIP = { station: 'bench-township-410102001', jurisdiction: '410102001' };

async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-restore-'));
  const hubStore = openSqliteHubStore(join(dir, 'hub', 'hub.sqlite'));
  const hub = await startHub({ store: hubStore, key, anchors: loadAnchorSigner(join(dir, 'hub')) });
  try {
    for (const [who, count] of [
      [DISTRICT, EVENTS],
      [TOWNSHIP, EVENTS / 5],
    ] as const) {
      const store = openStationStore({
        path: join(dir, `${who.station}.sqlite`),
        stationId: who.station,
        jurisdiction: who.jurisdiction,
      });
      for (let done = 0; done < count; done += 100)
        store.executeAll(Array.from({ length: 100 }, () => registerIncidentCommand()), officer);
      const client = startSyncClient({ url: hub.url, token: (await issueToken(key, who)).token, store });
      const until = Date.now() + 300_000;
      while ((hubStore.stationHead(who.station)?.stationSeq ?? 0) < count) {
        if (Date.now() > until) throw new Error('the hub did not take the events');
        await new Promise((r) => setTimeout(r, 50));
      }
      client.stop();
      if (who === DISTRICT) {
        const backup = await backupStation(store, { dir: join(dir, 'backups'), keep: 1 });
        backupFigures.ms = backup.ms;
        backupFigures.bytes = backup.bytes;
      }
      store.close();
    }
    const restored = await restoreFromHub({
      url: hub.url,
      token: (await issueToken(key, DISTRICT)).token,
      store: { path: join(dir, 'new-disk', `${DISTRICT.station}.sqlite`), ...storeIds(DISTRICT) },
    });
    return {
      name: 'restore',
      description: `A district of ${EVENTS} own events and a township of ${EVENTS / 5} below it, delivered to a real hub; the district rebuilt from the hub into an empty folder (pulled, ingested with projections, digest, chain and anchor checked, put in place); one online backup of the district's store.`,
      figures: {
        restore_events: { value: restored.events, unit: 'events' },
        restore_ms: { value: restored.ms, unit: 'ms' },
        restore_events_per_s: { value: (restored.events / restored.ms) * 1000, unit: 'events/s' },
        backup_ms: { value: backupFigures.ms, unit: 'ms' },
        backup_size: { value: backupFigures.bytes / 1024 / 1024, unit: 'MiB' },
      },
    };
  } finally {
    await hub.close();
    hubStore.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const backupFigures = { ms: 0, bytes: 0 };
const storeIds = (s: { station: string; jurisdiction: string }) => ({ stationId: s.station, jurisdiction: s.jurisdiction });

export const benches: Bench[] = [{ name: 'restore', run }];
