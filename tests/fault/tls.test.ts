// Issue 17, "Transport and files" (decision 0013): a hub over TLS with a site CA made by the CLI's code,
// a station syncing through it trusting that CA, plain and untrusting clients refused; open mode over
// https only; store and key files readable by their owner only.
import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { chromium } from 'playwright-core';
import { issueToken, loadSigningKey } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { makeSiteCertificate, readTlsFiles, type SiteCertificates } from '../../hub/tls';
import { openStationStore } from '../../station/store';
import { officer, registerIncidentCommand } from '../../station/store/store.testing';
import { startSyncClient, type SyncClient } from '../../station/sync/client';
import { parseStationArgs, startStationServices, type StationServices } from '../../station/host/services';
import { openModeTls, startStationHost, type StationHost } from '../../station/host/server';
import { createStationApi, standaloneLink } from '../../station/api';
import { DeadlineScheduler } from '../../station/scheduler';
import { connectOutcome, tempDir, waitFor } from './helpers';

const POSIX = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;
const key = new TextEncoder().encode('tls-test-signing-key-0123456789-abcdefgh');

const dir = tempDir('tls');
let site: SiteCertificates;
let otherSite: SiteCertificates;
let hubStore: HubEventStore;
let hub: Hub;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  // What `npm run hub -- make-cert --host 127.0.0.1 --host localhost` makes, and a second, unrelated site.
  site = await makeSiteCertificate({
    dir: join(dir.path, 'hub', 'tls'),
    name: 'hub',
    hosts: ['127.0.0.1', 'localhost'],
  });
  otherSite = await makeSiteCertificate({
    dir: join(dir.path, 'other', 'tls'),
    name: 'hub',
    hosts: ['127.0.0.1'],
  });
  const tls = readTlsFiles(site.certFile, site.keyFile);
  hubStore = openSqliteHubStore(join(dir.path, 'hub', 'hub.sqlite'));
  hub = await startHub({ store: hubStore, key, tls: { cert: tls.cert, key: tls.key } });
}, 60_000);

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

afterAll(async () => {
  await hub.close();
  hubStore.close();
  dir.remove();
});

const token = async (station: string, jurisdiction: string) =>
  (await issueToken(key, { station, jurisdiction })).token;

/** A socket.io client as a station's would be, with or without a CA to trust. */
function client(url: string, options: { token: string; ca?: string }) {
  const c = io(url, {
    transports: ['websocket'],
    reconnection: false,
    auth: { token: options.token },
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
  });
  cleanups.push(() => c.disconnect());
  return c;
}

/** One plain or TLS GET: its status, or the error that ended it. */
function fetchOnce(url: string, ca?: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const onResponse = (res: IncomingMessage) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    };
    const req = url.startsWith('https:')
      ? httpsGet(url, { ...(ca ? { ca } : {}) }, onResponse)
      : httpGet(url, onResponse);
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
  });
}

describe('the hub over TLS', () => {
  it('serves https only: its address says so, and a client trusting the site CA connects', async () => {
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(site.caCertFile, 'utf8');
    expect(
      await connectOutcome(client(hub.url, { token: await token('district-500110', '500110'), ca })),
    ).toEqual({
      connected: true,
    });
  });

  it('refuses a plain http/ws connection on its port, whatever the token', async () => {
    const plainUrl = hub.url.replace('https://', 'http://');
    const outcome = await connectOutcome(
      client(plainUrl, { token: await token('district-500110', '500110') }),
    );
    expect(outcome.connected).toBe(false);
    // A plain HTTP request gets no HTTP answer at all: the TLS server drops it at the handshake.
    const plain = await fetchOnce(`${plainUrl}/socket.io/?EIO=4&transport=polling`);
    expect(plain).not.toHaveProperty('status');
  });

  it("refuses a client that does not trust the site CA (no CA, or another site's), naming the certificate problem", async () => {
    const t = await token('district-500110', '500110');
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).not.toBe('0');
    const none = await connectOutcome(client(hub.url, { token: t }));
    expect(none.connected).toBe(false);
    const wrong = await connectOutcome(
      client(hub.url, { token: t, ca: readFileSync(otherSite.caCertFile, 'utf8') }),
    );
    expect(wrong.connected).toBe(false);
    // The same refusal over plain HTTPS, where the reason is visible.
    const direct = await fetchOnce(`${hub.url}/socket.io/?EIO=4&transport=polling`);
    expect(direct).toEqual({
      error: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/),
    });
    const trusted = await fetchOnce(
      `${hub.url}/socket.io/?EIO=4&transport=polling`,
      readFileSync(site.caCertFile, 'utf8'),
    );
    // With the CA, the same request reaches socket.io itself: its handshake (engine.io's open packet).
    expect(trusted).toMatchObject({ status: 200, body: expect.stringMatching(/^0\{"sid"/) });
  });

  it('a station started with --hub https://… --token-file … --hub-ca ca.crt syncs through it; its city sees the incident', async () => {
    const tokenFile = join(dir.path, 'district.token');
    writeFileSync(tokenFile, `${await token('district-500110', '500110')}\n`, { mode: 0o600 });
    const data = join(dir.path, 'district-data');
    const warnings: string[] = [];
    const args = parseStationArgs([
      '--hub',
      hub.url,
      '--token-file',
      tokenFile,
      '--hub-ca',
      site.caCertFile,
      '--data',
      data,
      '--station',
      'district-500110',
      '--jurisdiction',
      '500110',
    ]);
    const services: StationServices = await startStationServices(
      args,
      (e) => {
        throw e;
      },
      { warn: (w) => warnings.push(w) },
    );
    cleanups.push(() => services.close());
    expect(warnings).toEqual([]);
    const sync = services.station.sync!;
    await waitFor('the district online over TLS', () => sync.state().status === 'online', 30_000);

    // The city, a plain sync client trusting the same CA.
    const city = openStationStore({
      path: join(dir.path, 'city.sqlite'),
      stationId: 'city-5001',
      jurisdiction: '5001',
    });
    cleanups.push(() => city.close());
    const cityLink: SyncClient = startSyncClient({
      url: hub.url,
      token: await token('city-5001', '5001'),
      store: city,
      ca: readFileSync(site.caCertFile, 'utf8'),
    });
    cleanups.push(() => cityLink.stop());
    const registered = services.station.store.execute(
      registerIncidentCommand({ title: '青年镇山体滑坡' }),
      officer,
    );
    expect(registered.ok).toBe(true);
    await waitFor('the city to see the incident', () => city.openIncidents().length === 1, 30_000);
    expect(city.openIncidents()[0].facts.title).toBe('青年镇山体滑坡');
    await waitFor('the district outbox to empty', () => sync.state().outboxDepth === 0, 30_000);

    // The station's data: its folder and every SQLite file are its owner's only.
    if (POSIX) {
      expect(mode(data)).toBe(0o700);
      const db = join(data, 'station', 'district-500110.sqlite');
      for (const f of [db, `${db}-wal`, `${db}-shm`]) {
        expect(existsSync(f), f).toBe(true);
        expect(mode(f), f).toBe(0o600);
      }
    }
  }, 90_000);

  it('a station without the site CA stays offline with the certificate problem on record, its outbox kept', async () => {
    const store = openStationStore({
      path: join(dir.path, 'untrusting.sqlite'),
      stationId: 'district-500111',
      jurisdiction: '500111',
    });
    cleanups.push(() => store.close());
    store.execute(registerIncidentCommand(), officer);
    const link = startSyncClient({
      url: hub.url,
      token: await token('district-500111', '500111'),
      store,
      backoff: { minMs: 100, maxMs: 200 },
    });
    cleanups.push(() => link.stop());
    await waitFor('the refusal to show', () => link.state().lastError !== null, 20_000);
    expect(link.state().lastError).toMatch(
      /hub certificate not trusted \(\w+\): give the site CA with --hub-ca/,
    );
    expect(link.state().status).toBe('offline');
    expect(link.state().outboxDepth).toBe(1);
    expect(hubStore.readRange('500111', 0, Number.MAX_SAFE_INTEGER, 100)).toEqual([]);
  });

  it('the launcher refuses --hub-ca for an http hub, and --hub without any token, saying what to give', async () => {
    const base = [
      '--data',
      join(dir.path, 'refusals'),
      '--station',
      'district-500112',
      '--jurisdiction',
      '500112',
    ];
    await expect(
      startStationServices(
        parseStationArgs([
          '--hub',
          'http://127.0.0.1:1',
          '--token-file',
          join(dir.path, 'district.token'),
          '--hub-ca',
          site.caCertFile,
          ...base,
        ]),
        () => {},
      ),
    ).rejects.toThrow(/--hub-ca is for an https hub/);
    const env = process.env.DUTYROOM_HUB_TOKEN;
    delete process.env.DUTYROOM_HUB_TOKEN;
    try {
      await expect(
        startStationServices(parseStationArgs(['--hub', hub.url, ...base]), () => {}),
      ).rejects.toThrow(/--token-file FILE or DUTYROOM_HUB_TOKEN/);
      await expect(
        startStationServices(
          parseStationArgs(['--hub', hub.url, '--token-file', join(dir.path, 'missing.token'), ...base]),
          () => {},
        ),
      ).rejects.toThrow(/--token-file .*missing\.token: cannot read it \(ENOENT\)/);
    } finally {
      if (env !== undefined) process.env.DUTYROOM_HUB_TOKEN = env;
    }
  });
});

describe('open mode (--listen 0.0.0.0) over https', () => {
  async function openHost(
    data: string,
    tls: { cert: string; key: string } | undefined,
    files: Record<string, string> = { 'index.html': '<!doctype html><title>值守台</title>' },
  ): Promise<StationHost> {
    const rendererDir = join(data, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(rendererDir, name), text);
    const store = openStationStore({
      path: join(data, 's.sqlite'),
      stationId: 'district-500101',
      jurisdiction: '500101',
    });
    const api = createStationApi({
      store,
      station: { stationId: 'district-500101', jurisdiction: '500101', name: '某区' },
      operator: officer,
      onDuty: { leader: null, officers: [] },
      link: standaloneLink(store),
      deadlines: new DeadlineScheduler({ store }),
    });
    cleanups.push(() => {
      api.close();
      store.close();
    });
    const h = await startStationHost({
      api,
      rendererDir,
      host: '0.0.0.0',
      pairingToken: 'correct-horse-battery',
      ...(tls ? { tls } : {}),
    });
    cleanups.push(() => h.close());
    return h;
  }

  it('makes the station its own site CA and certificate, serves the page and the API over https only, and keeps them', async () => {
    const data = join(dir.path, 'open');
    const tls = await openModeTls({ listen: '0.0.0.0', dataDir: data });
    expect(tls).not.toBeNull();
    expect(tls!.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(tls!.subjectAltName).toContain('IP Address:127.0.0.1');
    const ca = readFileSync(tls!.caCertFile!, 'utf8');
    if (POSIX) {
      expect(mode(join(data, 'tls'))).toBe(0o700);
      for (const f of ['ca.key', 'station.key']) expect(mode(join(data, 'tls', f)), f).toBe(0o600);
    }
    await expect(openHost(join(dir.path, 'open-plain'), undefined)).rejects.toThrow(/needs TLS/);
    const h = await openHost(data, { cert: tls!.cert, key: tls!.key });
    expect(h.url).toMatch(/^https:/);
    const local = `https://127.0.0.1:${h.port}/`;
    expect(await fetchOnce(local, ca)).toMatchObject({
      status: 200,
      body: expect.stringContaining('值守台'),
    });
    expect(await fetchOnce(local)).toEqual({
      error: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/),
    });
    expect(await fetchOnce(`http://127.0.0.1:${h.port}/`)).not.toHaveProperty('status');
    // The API over wss with the pairing token; without it, refused.
    const paired = io(`https://127.0.0.1:${h.port}`, {
      path: '/api/socket.io',
      transports: ['websocket'],
      reconnection: false,
      ca,
      auth: { token: 'correct-horse-battery' },
    });
    cleanups.push(() => paired.disconnect());
    expect(await connectOutcome(paired)).toEqual({ connected: true });
    const unpaired = io(`https://127.0.0.1:${h.port}`, {
      path: '/api/socket.io',
      transports: ['websocket'],
      reconnection: false,
      ca,
    });
    cleanups.push(() => unpaired.disconnect());
    expect(await connectOutcome(unpaired)).toEqual({ connected: false, reason: 'NOT_PAIRED' });
    // The next start keeps the certificate (screens that accepted it keep working).
    expect((await openModeTls({ listen: '0.0.0.0', dataDir: data }))!.fingerprint256).toBe(
      tls!.fingerprint256,
    );
  }, 60_000);

  it('in Chromium: the page and its socket over https with the station certificate pinned; plain http and an untrusting browser get nothing', async () => {
    const data = join(dir.path, 'open-browser');
    const tls = (await openModeTls({ listen: '0.0.0.0', dataDir: data }))!;
    // A page that connects as the renderer's transport does (same origin, wss, the pairing token from #pair=…), under the real CSP.
    const h = await openHost(data, tls, {
      'index.html':
        '<!doctype html><meta charset="utf-8"><title>值守台</title><p id="s">连接中</p><script src="/io.js"></script><script src="/app.js"></script>',
      'io.js': readFileSync(
        join(process.cwd(), 'node_modules/socket.io-client/dist/socket.io.min.js'),
        'utf8',
      ),
      'app.js': `const token = new URLSearchParams(location.hash.slice(1)).get('pair');
        const socket = io({ path: '/api/socket.io', transports: ['websocket'], auth: token ? { token } : {}, reconnection: false });
        const say = (text) => { document.getElementById('s').textContent = text; };
        socket.on('connect', () => say('已连接 ' + location.protocol));
        socket.on('connect_error', (e) => say('被拒绝 ' + e.message));`,
    });
    // Chromium trusts exactly this certificate's key (its SPKI pinned), as a screen that installed the site CA would.
    const spki = createHash('sha256')
      .update(new X509Certificate(tls.cert).publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64');
    const launch = (args: string[]) =>
      chromium.launch({
        executablePath: process.env.DUTYROOM_CHROMIUM ?? '/usr/bin/chromium',
        args: ['--no-sandbox', ...args],
      });
    const browser = await launch([`--ignore-certificate-errors-spki-list=${spki}`]);
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    await page.goto(`https://127.0.0.1:${h.port}/#pair=correct-horse-battery`);
    await expect
      .poll(() => page.getByText(/已连接|被拒绝/).textContent(), { timeout: 30_000 })
      .toBe('已连接 https:');
    const unpaired = await browser.newPage();
    await unpaired.goto(`https://127.0.0.1:${h.port}/`);
    await expect
      .poll(() => unpaired.getByText(/已连接|被拒绝/).textContent(), { timeout: 30_000 })
      .toBe('被拒绝 NOT_PAIRED');
    await expect(page.goto(`http://127.0.0.1:${h.port}/`)).rejects.toThrow(
      /ERR_EMPTY_RESPONSE|ERR_CONNECTION|ERR_INVALID_HTTP_RESPONSE/,
    );
    const untrusting = await launch([]);
    cleanups.push(() => untrusting.close());
    await expect((await untrusting.newPage()).goto(`https://127.0.0.1:${h.port}/`)).rejects.toThrow(
      /ERR_CERT_AUTHORITY_INVALID/,
    );
  }, 120_000);

  it("serves a certificate the site brings, checked first: a key that is not the certificate's is refused", async () => {
    const brought = await openModeTls({
      listen: '0.0.0.0',
      dataDir: dir.path,
      tlsCert: site.certFile,
      tlsKey: site.keyFile,
    });
    expect(brought!.fingerprint256).toBe(site.fingerprint256);
    await expect(
      openModeTls({
        listen: '0.0.0.0',
        dataDir: dir.path,
        tlsCert: site.certFile,
        tlsKey: otherSite.keyFile,
      }),
    ).rejects.toThrow(/is not the private key of the certificate/);
    await expect(
      openModeTls({ listen: '0.0.0.0', dataDir: dir.path, tlsCert: site.certFile }),
    ).rejects.toThrow(/both --tls-cert and --tls-key/);
    expect(await openModeTls({ listen: '127.0.0.1', dataDir: dir.path })).toBeNull();
  });
});

describe.skipIf(!POSIX)('files only their owner can read', () => {
  it("hub: its folder 0700; hub.sqlite, -wal, -shm, hub.key 0600; the site CA's and the server's keys 0600", () => {
    const hubDir = join(dir.path, 'hub');
    expect(mode(hubDir)).toBe(0o700);
    const db = join(hubDir, 'hub.sqlite');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) expect(mode(f), f).toBe(0o600);
    loadSigningKey({ dataDir: hubDir });
    expect(mode(join(hubDir, 'hub.key'))).toBe(0o600);
    for (const f of [site.caKeyFile, site.keyFile]) expect(mode(f), f).toBe(0o600);
    expect(mode(site.dir)).toBe(0o700);
  });

  it('files an older version left readable by others are tightened when opened', () => {
    const old = join(dir.path, 'old');
    const hubDir = join(old, 'hub');
    openSqliteHubStore(join(hubDir, 'hub.sqlite')).close();
    const station = join(old, 'station.sqlite');
    openStationStore({ path: station, stationId: 'district-500102', jurisdiction: '500102' }).close();
    loadSigningKey({ dataDir: hubDir });
    for (const f of [join(hubDir, 'hub.sqlite'), station, join(hubDir, 'hub.key')]) chmodSync(f, 0o644);
    chmodSync(hubDir, 0o755);
    const hubAgain = openSqliteHubStore(join(hubDir, 'hub.sqlite'));
    const stationAgain = openStationStore({
      path: station,
      stationId: 'district-500102',
      jurisdiction: '500102',
    });
    loadSigningKey({ dataDir: hubDir });
    try {
      for (const f of [join(hubDir, 'hub.sqlite'), station, `${station}-wal`, join(hubDir, 'hub.key')])
        expect(mode(f), f).toBe(0o600);
      expect(mode(hubDir)).toBe(0o700);
    } finally {
      hubAgain.close();
      stationAgain.close();
    }
  });
});
