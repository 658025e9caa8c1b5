// `npm run hub` — the hub server, its token tools and the demo live feed.
//   npm run hub -- [--port 7310] [--host 127.0.0.1] [--data ./hub-data] [--key SECRET] [--simulate demo --seed N]
//   npm run hub -- issue-token --station ID --jurisdiction CODE [--ttl SECONDS]
//   npm run hub -- release-jurisdiction --jurisdiction CODE
//   npm run hub -- revoke-token (--token-id JTI | --token TOKEN | --station ID)
// Environment: DUTY_HUB_PORT, DUTY_HUB_HOST, DUTY_HUB_DATA, DUTY_HUB_KEY.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import pino from 'pino';
import { issueToken, loadSigningKey } from './auth';
import { startHub } from './server';
import { openSqliteHubStore } from './sqlite-store';
import { startDemoFeed } from './simulator';

/** A mistyped command line gets one line saying what is wrong, not a stack trace. */
function parseCommandLine() {
  try {
    return parseOptions();
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)} (commands: serve, issue-token, release-jurisdiction, revoke-token; see hub/README.md)`,
    );
    process.exit(2);
  }
}

const parseOptions = () =>
  parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      key: { type: 'string' },
      station: { type: 'string' },
      jurisdiction: { type: 'string' },
      ttl: { type: 'string' },
      'token-id': { type: 'string' },
      token: { type: 'string' },
      simulate: { type: 'string' },
      seed: { type: 'string' },
      'tick-ms': { type: 'string' },
    },
  });
const { values, positionals } = parseCommandLine();

const env = process.env;
const dataDir = values.data ?? env.DUTY_HUB_DATA ?? 'hub-data';
const key = loadSigningKey({ key: values.key ?? env.DUTY_HUB_KEY, dataDir });
const storePath = join(dataDir, 'hub.sqlite');

function need(name: string, value: string | undefined): string {
  if (value === undefined || value === '') {
    console.error(`missing --${name}`);
    process.exit(2);
  }
  return value;
}

const command = positionals[0] ?? 'serve';
if (command === 'issue-token') {
  const station = need('station', values.station);
  const jurisdiction = need('jurisdiction', values.jurisdiction);
  let ttlSeconds: number | undefined;
  if (values.ttl !== undefined) {
    ttlSeconds = Number(values.ttl);
    if (!/^[0-9]+$/.test(values.ttl) || !Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
      console.error(`--ttl must be a whole number of seconds above 0 (got "${values.ttl}")`);
      process.exit(2);
    }
  }
  // One station per jurisdiction code (decision 0009), claimed before the token exists.
  const store = openSqliteHubStore(storePath);
  const claimed = store.claimJurisdiction(jurisdiction, station, Date.now());
  store.close();
  if (!claimed.ok) {
    console.error(
      `refused: jurisdiction ${claimed.heldBy.jurisdiction} belongs to station ${claimed.heldBy.station}; ` +
        'each jurisdiction code has one station. If the duty room moved to a new station id, revoke the old ' +
        `one's tokens and run: npm run hub -- release-jurisdiction --jurisdiction ${claimed.heldBy.jurisdiction}`,
    );
    process.exit(2);
  }
  const issued = await issueToken(key, {
    station,
    jurisdiction,
    ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
  });
  console.log(issued.token);
  console.error(`token id ${issued.tokenId}, expires ${new Date(issued.expiresAt).toISOString()}`);
} else if (command === 'release-jurisdiction') {
  const jurisdiction = need('jurisdiction', values.jurisdiction);
  const store = openSqliteHubStore(storePath);
  const released = store.releaseJurisdiction(jurisdiction);
  store.close();
  console.error(
    released ? `jurisdiction ${jurisdiction} released` : `jurisdiction ${jurisdiction} was not claimed`,
  );
} else if (command === 'revoke-token') {
  const store = openSqliteHubStore(storePath);
  const now = Date.now();
  if (values.station !== undefined) {
    store.revokeStation(values.station, now);
    console.error(`every token of station ${values.station} issued until now is revoked`);
  } else {
    const tokenId =
      values['token-id'] ?? (values.token !== undefined ? decodeJwt(values.token).jti : undefined);
    store.revokeToken(need('token-id', tokenId), now);
    console.error(`token ${tokenId} revoked`);
  }
  store.close();
} else if (command === 'serve') {
  const logger = pino({ level: env.DUTY_HUB_LOG ?? 'info' });
  const store = openSqliteHubStore(storePath);
  const crash = env.DUTY_HUB_TEST_CRASH_AFTER_COMMIT;
  const hub = await startHub({
    store,
    key,
    port: Number(values.port ?? env.DUTY_HUB_PORT ?? 7310),
    host: values.host ?? env.DUTY_HUB_HOST ?? '127.0.0.1',
    logger,
    ...(crash ? { crashAfterCommit: Number(crash) } : {}),
  });
  let stopFeed: () => void = () => undefined;
  if (values.simulate !== undefined) {
    if (values.simulate !== 'demo') {
      console.error(`unknown simulation "${values.simulate}" (known: demo)`);
      process.exit(2);
    }
    stopFeed = startDemoFeed({
      hub,
      store,
      seed: Number(values.seed ?? 1),
      tickMs: Number(values['tick-ms'] ?? 2000),
      logger,
    });
  }
  // The test harness reads this line to learn the port.
  console.log(`hub listening on ${hub.url}`);
  const stop = () => {
    stopFeed();
    void hub.close().then(() => {
      store.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  console.error(`unknown command "${command}" (serve, issue-token, release-jurisdiction, revoke-token)`);
  process.exit(2);
}
