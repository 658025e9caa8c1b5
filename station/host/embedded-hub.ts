import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAnchorSigner } from '../../hub/anchors';
import { issueToken, loadSigningKey } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import { startDemoFeed } from '../../hub/simulator';
import type { HubEventStore } from '../../hub/store';

export interface EmbeddedHub {
  url: string;
  port: number;
  /** A token for a station of this hub (the embedded default issues its own). */
  issue(station: string, jurisdiction: string): Promise<string>;
  /** Stop serving; the log stays on disk and `restart` serves it again on the same port. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded default: a hub inside the launcher, with the demo live feed, so a single PC shows the
 * whole system working. A real deployment runs `npm run hub` on its own server instead.
 */
export async function startEmbeddedHub(options: {
  dataDir: string;
  port?: number;
  seed?: number;
  tickMs?: number;
  simulate?: boolean;
  /** The demo feed's clock (a test clock that stands still); the real one otherwise. */
  clock?: () => number;
}): Promise<EmbeddedHub> {
  mkdirSync(options.dataDir, { recursive: true });
  const key = loadSigningKey({ dataDir: options.dataDir });
  let store: HubEventStore | null = null;
  let hub: Hub | null = null;
  let stopFeed: () => void = () => {};
  let port = options.port ?? 0;

  const start = async () => {
    store = openSqliteHubStore(join(options.dataDir, 'hub.sqlite'));
    // Its anchor key lives in its data folder, so a restart signs with the key the stations pinned (decision 0015).
    hub = await startHub({ store, key, host: '127.0.0.1', port, anchors: loadAnchorSigner(options.dataDir) });
    port = hub.port;
    if (options.simulate !== false)
      stopFeed = startDemoFeed({
        hub,
        store,
        seed: options.seed ?? 1,
        tickMs: options.tickMs ?? 3000,
        ...(options.clock ? { clock: options.clock } : {}),
      });
  };
  const stop = async () => {
    stopFeed();
    stopFeed = () => {};
    await hub?.close();
    store?.close();
    hub = null;
    store = null;
  };
  await start();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    issue: async (station, jurisdiction) => {
      // One station per jurisdiction code (decision 0009), as the hub's CLI enforces it.
      const claimed = store?.claimJurisdiction(jurisdiction, station, Date.now());
      if (claimed && !claimed.ok)
        throw new Error(
          `jurisdiction ${claimed.heldBy.jurisdiction} belongs to station ${claimed.heldBy.station}: one station per code`,
        );
      return (await issueToken(key, { station, jurisdiction })).token;
    },
    stop,
    restart: start,
    close: stop,
  };
}
