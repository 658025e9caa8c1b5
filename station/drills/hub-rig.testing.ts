import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { openStationStore, type StationStore } from '../store/index';
import { startSyncClient, type SyncClient } from '../sync/client';
import type { DrillRunner } from './runner';

/**
 * A real hub and real stations synced through it, for the drill suites that go through the hub: opened before
 * each test in a temporary folder, everything stopped and removed after it.
 */
export function drillHubRig(folderPrefix: string, keyText: string, sync: { antiEntropyMs?: number } = {}) {
  const key = new TextEncoder().encode(keyText);
  let dir = '';
  let hubStore: HubEventStore | undefined;
  let hub: Hub | undefined;
  const opened: Array<{ close(): void }> = [];
  const clients: SyncClient[] = [];
  const runners: DrillRunner[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), folderPrefix));
    hubStore = openSqliteHubStore(join(dir, 'hub.sqlite'));
    hub = await startHub({ store: hubStore, key });
  });

  afterEach(async () => {
    for (const r of runners.splice(0)) r.stop();
    for (const c of clients.splice(0)) c.stop();
    for (const s of opened.splice(0)) s.close();
    await hub?.close();
    hubStore?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    /** Drill runners started by a test, stopped after it. */
    runners,
    get hubStore(): HubEventStore {
      if (!hubStore) throw new Error('the hub opens before each test');
      return hubStore;
    },
    /** A station store in the test's folder, synced with the hub under its own token. */
    station: async (id: string, jurisdiction: string) => {
      const store: StationStore = openStationStore({ path: join(dir, `${id}.sqlite`), stationId: id, jurisdiction });
      opened.push(store);
      const token = (await issueToken(key, { station: id, jurisdiction })).token;
      const link = startSyncClient({ url: hub?.url ?? '', token, store, ...sync });
      clients.push(link);
      return { store, link };
    },
  };
}

export async function until(what: string, predicate: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const ok = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown[] }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

export const codes = (r: { ok: boolean; errors?: Array<{ code: string }> }) =>
  r.ok ? [] : (r.errors ?? []).map((e) => e.code);
