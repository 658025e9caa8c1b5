import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openStationStore, type StationStore } from '../store';
import { startSyncClient, type SyncClient } from '../sync/client';
import { createStationApi, standaloneLink, type StationApi } from '../api';
import { syncLink } from '../api/link';
import { DeadlineScheduler, leaderOnDuty } from '../scheduler';
import type { Actor } from '../../shared/domain/common';
import type { OnDuty } from '../../shared/api/contract';

export interface StationConfig {
  /** Folder holding this station's database. */
  dataDir: string;
  stationId: string;
  jurisdiction: string;
  name: string;
  operator: Actor;
  onDuty: OnDuty;
  /** Join this hub; without it the station works standalone. */
  hub?: { url: string; token: string };
  clock?: () => number;
  onBug?: (error: unknown) => void;
}

export interface RunningStation {
  store: StationStore;
  api: StationApi;
  sync: SyncClient | null;
  /** Look at the wall clock again now (the desktop app calls it on resume from sleep and on a time change). */
  recheckDeadlines(): void;
  close(): void;
}

/** One station: its store, its sync client (when a hub is given) and the API the windows use. */
export function openStation(config: StationConfig): RunningStation {
  mkdirSync(config.dataDir, { recursive: true });
  const store = openStationStore({
    path: join(config.dataDir, `${config.stationId}.sqlite`),
    stationId: config.stationId,
    jurisdiction: config.jurisdiction,
    ...(config.clock ? { clock: config.clock } : {}),
  });
  const sync = config.hub
    ? startSyncClient({
        url: config.hub.url,
        token: config.hub.token,
        store,
        ...(config.clock ? { clock: config.clock } : {}),
        backoff: { minMs: 200, maxMs: 2000 },
      })
    : null;
  const standalone = sync ? null : standaloneLink(store);
  const link = sync && config.hub ? syncLink(sync, config.hub.url) : standaloneLink(store);
  // The report-deadline alarm ladder: one timer for the nearest rung, each rung on record once.
  const scheduler = new DeadlineScheduler({
    store,
    ...(config.onDuty.leader
      ? { leader: leaderOnDuty({ configured: { personId: 'leader-on-duty', name: config.onDuty.leader } }) }
      : {}),
    ...(config.onBug ? { onError: config.onBug } : {}),
  });
  const api = createStationApi({
    store,
    station: { stationId: config.stationId, jurisdiction: config.jurisdiction, name: config.name },
    operator: config.operator,
    onDuty: config.onDuty,
    link,
    deadlines: scheduler,
    ...(config.clock ? { clock: config.clock } : {}),
    ...(config.onBug ? { onBug: config.onBug } : {}),
  });
  scheduler.start();
  return {
    store,
    api,
    sync,
    recheckDeadlines: () => scheduler.recheck(),
    close() {
      scheduler.stop();
      api.close();
      sync?.stop();
      standalone?.close();
      store.close();
    },
  };
}
