import { afterAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../hub/auth';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import { seededRandom } from '../../hub/simulator';
import { openStationStore } from '../../station/store/index';
import { startSyncClient } from '../../station/sync/client';
import { mustExecuteAll, tempDir, waitFor } from './helpers';
import { registerIncidentCommand } from '../../station/store/store.testing';
import { freePort, killRunningHubs, spawnHub } from './hub-process';

const KEY = 'crash-test-signing-key-0123456789-abcdef';
const CRASHES = 20;

const dir = tempDir('crash');
afterAll(() => {
  killRunningHubs();
  dir.remove();
});

describe('hub killed between commit and acknowledgement', () => {
  it(`loses nothing and doubles nothing across ${CRASHES} SIGKILLs`, async () => {
    const random = seededRandom(42);
    const port = await freePort();
    const hubData = `${dir.path}/hub`;
    const store = openStationStore({ path: `${dir.path}/station.sqlite`, stationId: 'district-500110', jurisdiction: '500110' });
    const { token } = await issueToken(new TextEncoder().encode(KEY), { station: 'district-500110', jurisdiction: '500110' });
    const client = startSyncClient({ url: `http://127.0.0.1:${port}`, token, store, backoff: { minMs: 50, maxMs: 400 }, ackTimeoutMs: 2000 });

    let producing = true;
    let produced = 0;
    const producer = (async () => {
      while (producing) {
        const n = 1 + Math.floor(random() * 8);
        // n incidents registered in one transaction: one event each.
        produced += mustExecuteAll(store, Array.from({ length: n }, () => registerIncidentCommand())).length;
        await new Promise((r) => setTimeout(r, 5 + Math.floor(random() * 20)));
      }
    })();

    const killedBy: Array<NodeJS.Signals | null> = [];
    const unacknowledged: number[] = [];
    try {
      for (let i = 0; i < CRASHES; i += 1) {
        const hub = await spawnHub({ port, dataDir: hubData, key: KEY, crashAfterCommit: 1 + Math.floor(random() * 4) });
        const exit = await hub.exited;
        killedBy.push(exit.signal);
        // Proof of where it died: the last batch is committed at the hub but the station never got its ack.
        const afterCrash = openSqliteHubStore(`${hubData}/hub.sqlite`);
        const committed = new Set(afterCrash.eventsOfStation('district-500110').map((e) => e.id));
        afterCrash.close();
        unacknowledged.push(store.outboxPending(100_000).filter((e) => committed.has(e.id)).length);
      }
      producing = false;
      await producer;
      const last = await spawnHub({ port, dataDir: hubData, key: KEY });
      try {
        await waitFor('the outbox to drain', () => store.outboxDepth() === 0, 60_000, 50);
      } finally {
        last.child.kill('SIGTERM');
        await last.exited;
      }
    } finally {
      producing = false;
      client.stop();
    }

    expect(killedBy).toEqual(Array.from({ length: CRASHES }, () => 'SIGKILL'));
    expect(unacknowledged.every((n) => n > 0), `committed but unacknowledged per crash: ${unacknowledged.join(',')}`).toBe(true);
    const hubStore = openSqliteHubStore(`${hubData}/hub.sqlite`);
    try {
      const atHub = hubStore.eventsOfStation('district-500110');
      // 0 lost, 0 duplicates: the hub holds seq 1..n exactly once, n = what the station produced.
      expect(atHub).toHaveLength(produced);
      expect(atHub.map((e) => e.stationSeq)).toEqual(Array.from({ length: produced }, (_, i) => i + 1));
      expect(new Set(atHub.map((e) => e.id)).size).toBe(produced);
      // The station recorded the hub's order for every event, including those whose ack died with the hub.
      const atStation = store.eventsSince(0, produced + 10).map(({ event }) => [event.id, event.hubSeq]);
      expect(atStation).toEqual(atHub.map((e) => [e.id, e.hubSeq]));
    } finally {
      hubStore.close();
      store.close();
    }
  }, 600_000);
});
