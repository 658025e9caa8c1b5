// `npm run hub` — the hub server, its token and certificate tools, and the demo live feed.
//   npm run hub -- [--port 7310] [--host 127.0.0.1] [--data ./hub-data] [--key-file FILE]
//                  [--tls-cert FILE --tls-key FILE | --plain-http] [--simulate demo --seed N]
//   npm run hub -- make-cert --data DIR --host NAME|IP [--host …] [--name hub] [--days 825]
//   npm run hub -- issue-token --station ID --jurisdiction CODE [--ttl SECONDS] [--out FILE]
//   npm run hub -- release-jurisdiction --jurisdiction CODE
//   npm run hub -- revoke-token (--token-id JTI | --token-file FILE | --station ID)
//   any command: [--pg postgres://USER@HOST/DB] the log on PostgreSQL (several hub nodes on one database,
//                decision 0021) instead of hub.sqlite in the data folder (the default)
// Environment: DUTY_HUB_PORT, DUTY_HUB_HOST, DUTY_HUB_DATA, DUTY_HUB_KEY, DUTY_HUB_TLS_CERT, DUTY_HUB_TLS_KEY,
// DUTYROOM_HUB_PG (the --pg address; a password in it is better kept here or in ~/.pgpass than on the command line).
// Secrets (--key, --token) are read from files or the environment; on the command line they still work
// but show in `ps` and npm's log, and a warning says so (decision 0013).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import pino from 'pino';
import { loadAnchorSigner } from './anchors';
import { issueToken, loadSigningKey } from './auth';
import { startHub } from './server';
import { openPgHubStore, redactPgUrl } from './pg-store';
import { openSqliteHubStore } from './sqlite-store';
import { startDemoFeed } from './simulator';
import { maskSecret, ownerOnlyDir, readSecret, writeOwnerOnly } from './secrets';
import { makeSiteCertificate, readTlsFiles, type TlsMaterial } from './tls';

/** A mistyped command line gets one line saying what is wrong, not a stack trace. */
function parseCommandLine() {
  try {
    return parseOptions();
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)} (commands: serve, make-cert, issue-token, release-jurisdiction, revoke-token; see hub/README.md)`,
    );
    process.exit(2);
  }
}

const parseOptions = () =>
  parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      // Serving: the one address to listen on; make-cert: each name or address the hub is reached by.
      host: { type: 'string', multiple: true },
      data: { type: 'string' },
      key: { type: 'string' },
      'key-file': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'plain-http': { type: 'boolean' },
      name: { type: 'string' },
      days: { type: 'string' },
      out: { type: 'string' },
      'token-file': { type: 'string' },
      station: { type: 'string' },
      jurisdiction: { type: 'string' },
      ttl: { type: 'string' },
      'token-id': { type: 'string' },
      token: { type: 'string' },
      simulate: { type: 'string' },
      seed: { type: 'string' },
      'tick-ms': { type: 'string' },
      pg: { type: 'string' },
    },
  });
const { values, positionals } = parseCommandLine();

const env = process.env;
const dataDir = values.data ?? env.DUTY_HUB_DATA ?? 'hub-data';
const storePath = join(dataDir, 'hub.sqlite');
const pgUrl = values.pg ?? env.DUTYROOM_HUB_PG;
if (pgUrl !== undefined && !/^postgres(ql)?:\/\//.test(pgUrl)) {
  console.error(`--pg must be a postgres:// address (got "${redactPgUrl(pgUrl)}")`);
  process.exit(2);
}

/** The hub's log: PostgreSQL when --pg (or DUTYROOM_HUB_PG) names one, else SQLite in the data folder. */
function openStore() {
  try {
    return pgUrl ? openPgHubStore(pgUrl) : openSqliteHubStore(storePath);
  } catch (error) {
    console.error(
      `cannot open the hub's log at ${pgUrl ? redactPgUrl(pgUrl) : storePath}: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(2);
  }
}

/** A secret option read from its file, the environment or the flag (with a warning); bad input: one line, exit 2. */
function secret(source: Parameters<typeof readSecret>[0]): string | undefined {
  try {
    const { value, warnings } = readSecret(source);
    for (const w of warnings) console.error(w);
    return value;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

let signingKey: Uint8Array | undefined;
/** The hub's signing key: --key-file, DUTY_HUB_KEY, --key (warned), else hub.key in the data folder. */
function key(): Uint8Array {
  if (signingKey) return signingKey;
  const given = secret({ name: 'key', flag: values.key, file: values['key-file'], envName: 'DUTY_HUB_KEY' });
  try {
    signingKey = loadSigningKey({ key: given, dataDir });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  return signingKey;
}

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
  const store = openStore();
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
  const issued = await issueToken(key(), {
    station,
    jurisdiction,
    ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
  });
  if (values.out !== undefined) {
    // Straight into a file only its owner reads, for the station's --token-file: never on a screen or in a log.
    writeOwnerOnly(values.out, `${issued.token}\n`);
    console.error(`token written to ${resolve(values.out)} (mode 600); give it to the station as --token-file`);
  } else console.log(issued.token);
  console.error(`token id ${issued.tokenId}, expires ${new Date(issued.expiresAt).toISOString()}`);
} else if (command === 'release-jurisdiction') {
  const jurisdiction = need('jurisdiction', values.jurisdiction);
  const store = openStore();
  const released = store.releaseJurisdiction(jurisdiction);
  store.close();
  console.error(
    released ? `jurisdiction ${jurisdiction} released` : `jurisdiction ${jurisdiction} was not claimed`,
  );
} else if (command === 'revoke-token') {
  const store = openStore();
  const now = Date.now();
  if (values.station !== undefined) {
    store.revokeStation(values.station, now);
    console.error(`every token of station ${values.station} issued until now is revoked`);
  } else {
    const token =
      values['token-id'] === undefined
        ? secret({ name: 'token', flag: values.token, file: values['token-file'] })
        : undefined;
    let tokenId = values['token-id'];
    if (token !== undefined) {
      try {
        tokenId = decodeJwt(token).jti;
      } catch {
        store.close();
        console.error(`that is not a hub token (${maskSecret(token)}); give --token-id JTI or the token's file`);
        process.exit(2);
      }
    }
    const revoked = need('token-id', tokenId);
    store.revokeToken(revoked, now);
    console.error(`token ${revoked} revoked`);
  }
  store.close();
} else if (command === 'make-cert') {
  // A site CA (made once, then reused) and a server certificate signed by it, in DATA/tls/ (decision 0013).
  const hosts = (values.host ?? []).flatMap((h) => h.split(','));
  try {
    const made = await makeSiteCertificate({
      dir: join(dataDir, 'tls'),
      name: values.name ?? 'hub',
      hosts,
      ...(values.days !== undefined ? { days: /^[0-9]+$/.test(values.days) ? Number(values.days) : NaN } : {}),
    });
    console.log(`${made.madeCa ? 'made' : 'reused'} the site CA: ${made.caCertFile}`);
    console.log(`  CA SHA-256 fingerprint: ${made.caFingerprint256}`);
    console.log(`server certificate for ${made.hosts.join(', ')}: ${made.certFile} (key ${made.keyFile}, mode 600)`);
    console.log(`  certificate SHA-256 fingerprint: ${made.fingerprint256}`);
    console.log(
      `serve with: npm run hub -- --data ${dataDir} --host 0.0.0.0 --tls-cert ${made.certFile} --tls-key ${made.keyFile}`,
    );
    console.log(`stations trust it with: --hub-ca ca.crt (a copy of ${made.caCertFile})`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
} else if (command === 'serve') {
  const logger = pino({ level: env.DUTY_HUB_LOG ?? 'info' });
  const hosts = values.host ?? [];
  if (hosts.length > 1) {
    console.error('serve listens on one --host (make-cert takes several)');
    process.exit(2);
  }
  const host = hosts[0] ?? env.DUTY_HUB_HOST ?? '127.0.0.1';
  const certFile = values['tls-cert'] ?? env.DUTY_HUB_TLS_CERT;
  const keyFile = values['tls-key'] ?? env.DUTY_HUB_TLS_KEY;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    console.error('TLS needs both --tls-cert and --tls-key (make them with: npm run hub -- make-cert --host NAME)');
    process.exit(2);
  }
  let tls: TlsMaterial | undefined;
  if (certFile !== undefined && keyFile !== undefined) {
    try {
      tls = readTlsFiles(certFile, keyFile);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    }
    for (const w of tls.warnings) console.error(w);
  } else if (!['127.0.0.1', '::1', 'localhost'].includes(host) && values['plain-http'] !== true) {
    console.error(
      `refused: listening on ${host} without TLS would send tokens and reports in the clear. Make a certificate ` +
        `(npm run hub -- make-cert --data ${dataDir} --host NAME) and give --tls-cert/--tls-key, or pass --plain-http on purpose`,
    );
    process.exit(2);
  }
  ownerOnlyDir(dataDir, { tighten: true });
  const store = openStore();
  const crash = env.DUTY_HUB_TEST_CRASH_AFTER_COMMIT;
  const hub = await startHub({
    store,
    key: key(),
    port: Number(values.port ?? env.DUTY_HUB_PORT ?? 7310),
    host,
    logger,
    ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
    // Chain-head anchors, signed with the key in the data directory (anchor-key.pem; decision 0015).
    anchors: loadAnchorSigner(dataDir),
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
  console.log(`hub listening on ${hub.url}; log: ${pgUrl ? `PostgreSQL at ${redactPgUrl(pgUrl)} (other hub nodes may share it)` : storePath}`);
  if (tls) {
    console.log(`TLS only; certificate SHA-256 fingerprint: ${tls.fingerprint256} (for ${tls.subjectAltName})`);
    logger.info({ fingerprint256: tls.fingerprint256, validTo: tls.validTo.toISOString() }, 'hub TLS certificate');
  } else if (values['plain-http'] === true) console.error('warning: plain HTTP (--plain-http): tokens and reports cross the network in the clear');
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
  console.error(`unknown command "${command}" (serve, make-cert, issue-token, release-jurisdiction, revoke-token)`);
  process.exit(2);
}
