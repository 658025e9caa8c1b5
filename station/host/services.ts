import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { userDataDir } from './paths';
import { openStation, restoreStationFromHub, type RunningStation, type StationConfig } from './station';
import type { RestoreOutcome } from '../restore/fromHub';
import { scheduleBackups, type BackupSchedule } from '../restore/backup';
import { refuseNewChainOverHub } from '../restore/guard';
import type { EmbeddedHub } from './embedded-hub';
import type { TestClock } from './testClock';
import { basemapDir, openStationBasemaps, type StationBasemaps } from '../basemap/sources';
import { stationNameFor } from '../gazetteer';
import { ownerOnlyDir, readSecret } from '../../hub/secrets';
import { readCaFile } from '../../hub/tls';
import { readSiteConfig } from '../setup/site';
import { readRuleProfiles } from '../rules/profiles';

/** The launcher's options, shared by browser mode (station/host/start.ts) and the desktop app (electron/main.ts). */
export function parseStationArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      hub: { type: 'string' },
      // The hub token: --token-file FILE or DUTYROOM_HUB_TOKEN; --token on the command line is warned about.
      token: { type: 'string' },
      'token-file': { type: 'string' },
      // The site CA an https hub's certificate must chain to (decision 0013).
      'hub-ca': { type: 'string' },
      // Open mode (--listen beyond loopback) over TLS: the site's certificate, else the station makes its own.
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      // A fixed pairing token for open mode (else a new one each start): a file or DUTYROOM_PAIRING_TOKEN.
      'pairing-token': { type: 'string' },
      'pairing-token-file': { type: 'string' },
      // A duty room that lost its machine (issue 21): rebuild the store from the hub before starting.
      'restore-from-hub': { type: 'boolean', default: false },
      // Online backups to a second folder or disk: at start and every N minutes, the newest K kept.
      'backup-dir': { type: 'string' },
      'backup-every-minutes': { type: 'string' },
      'backup-keep': { type: 'string' },
      data: { type: 'string' },
      station: { type: 'string' },
      jurisdiction: { type: 'string' },
      name: { type: 'string' },
      listen: { type: 'string' },
      port: { type: 'string' },
      browser: { type: 'boolean', default: false },
      leader: { type: 'string' },
      officer: { type: 'string', multiple: true },
      // Who the sign-in screen pre-selects (issue 17); it grants nothing: people sign in with their PIN.
      operator: { type: 'string' },
      // Minutes without input before a console locks (0: never); the wall display never locks.
      'idle-lock-minutes': { type: 'string' },
      seed: { type: 'string' },
      'hub-port': { type: 'string' },
      'wall-screen': { type: 'string' },
      kiosk: { type: 'boolean', default: false },
      // An XYZ raster tile source ({z}/{x}/{y}, {token}) and the folder of offline .mbtiles packages.
      tiles: { type: 'string' },
      'tiles-token': { type: 'string' },
      'basemap-dir': { type: 'string' },
      // End-to-end tests only: the station's clock moves when told on standard input (see testClock.ts).
      'test-clock': { type: 'boolean', default: false },
      // …and stands at this instant between those lines, the demo feed's too (the screen gallery's pictures).
      'test-clock-at': { type: 'string' },
      // The first-run screen (issue 19): jurisdiction, rule profile, hub, directories, administrator.
      setup: { type: 'boolean', default: false },
    },
  });
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const dataDir = resolve(str(values.data) ?? userDataDir());
  // A site set up by the first-run screen (site.json in the data folder) runs with no flags; --jurisdiction
  // runs as given instead, --setup asks again. Without either, the demo district.
  const site = values.setup === true || str(values.jurisdiction) !== undefined ? null : readSiteConfig(dataDir);
  const jurisdiction = str(values.jurisdiction) ?? site?.jurisdiction ?? '500110';
  return {
    hub: str(values.hub) ?? site?.hub?.url,
    token: str(values.token),
    tokenFile: str(values['token-file']) ?? site?.hub?.tokenFile,
    hubCa: str(values['hub-ca']) ?? site?.hub?.caFile,
    tlsCert: str(values['tls-cert']),
    tlsKey: str(values['tls-key']),
    pairingToken: str(values['pairing-token']),
    pairingTokenFile: str(values['pairing-token-file']),
    dataDir,
    jurisdiction,
    stationId: str(values.station) ?? site?.stationId ?? `station-${jurisdiction}`,
    name: str(values.name) ?? site?.name,
    /** The site's chosen rule profile id (`auto`: by code); undefined without a site. */
    ruleProfile: site?.ruleProfile,
    /** A site set up with no hub works alone: no embedded hub, no demo feed. */
    standalone: site !== null && site.hub === null && str(values.hub) === undefined,
    setup: values.setup === true,
    listen: str(values.listen) ?? '127.0.0.1',
    port: Number(str(values.port) ?? 0),
    browser: values.browser === true,
    leader: str(values.leader) ?? null,
    officers: Array.isArray(values.officer)
      ? values.officer.filter((o): o is string => typeof o === 'string')
      : [],
    operator: str(values.operator) ?? userInfo().username,
    idleLockMinutes: str(values['idle-lock-minutes']) !== undefined ? Number(values['idle-lock-minutes']) : 15,
    seed: Number(str(values.seed) ?? 1),
    hubPort: str(values['hub-port']) ? Number(values['hub-port']) : undefined,
    wallScreen: str(values['wall-screen']) !== undefined ? Number(values['wall-screen']) : undefined,
    kiosk: values.kiosk === true,
    tiles: str(values.tiles),
    tilesToken: str(values['tiles-token']) ?? process.env.DUTYROOM_TILES_TOKEN,
    basemapDir: str(values['basemap-dir']),
    testClock: values['test-clock'] === true || str(values['test-clock-at']) !== undefined,
    testClockAt: str(values['test-clock-at']),
    restoreFromHub: values['restore-from-hub'] === true,
    backupDir: str(values['backup-dir']),
    backupEveryMinutes: Number(str(values['backup-every-minutes']) ?? 60),
    backupKeep: Number(str(values['backup-keep']) ?? 24),
  };
}
export type StationArgs = ReturnType<typeof parseStationArgs>;

export interface StationServices {
  station: RunningStation;
  /** The hub inside the launcher: the demo's only (station/host/demo.ts); a site joins its own hub. */
  hub: EmbeddedHub | null;
  /** Only with `--test-clock` (browser-mode end-to-end tests). */
  testClock: TestClock | null;
  /** MBTiles packages and the XYZ source, for the host (tiles, CSP) and the `basemaps` query. */
  basemaps: StationBasemaps;
  /** `--restore-from-hub`: what came back from the hub before the station opened. */
  restored: RestoreOutcome | null;
  /** `--backup-dir`: the online backups' schedule. */
  backups: BackupSchedule | null;
  close(): Promise<void>;
}

/**
 * The station of a site: joined to the hub it was given (`--hub`, or site.json's), or alone (a site set up
 * with no hub). The demo — an embedded hub with its feed — is composed in station/host/demo.ts, which hands
 * its hub in as `embedded`.
 */
export async function startStationServices(
  args: StationArgs,
  onBug: (error: unknown) => void,
  /** Browser-mode end-to-end tests only (start.ts with `--test-clock`); the desktop app never passes it. */
  testing?: { testClock?: TestClock; warn?: (message: string) => void },
  /** The demo's embedded hub and this station's token for it; closed with the services. */
  embedded?: { hub: EmbeddedHub; token: string },
): Promise<StationServices> {
  const hub: EmbeddedHub | null = embedded?.hub ?? null;
  // The desktop app started with --setup would otherwise run the demo: the first-run screen is browser mode's.
  if (args.setup) throw new Error('--setup serves the first-run screen in browser mode: run npm start -- --setup');
  let link: { url: string; token: string; ca?: string } | undefined;
  // The station's data is its owner's only (0700); the store and keys inside are 0600 (decision 0013).
  ownerOnlyDir(args.dataDir, { tighten: true });
  if (args.hub) {
    const { value: token, warnings } = readSecret({
      name: 'token',
      flag: args.token,
      file: args.tokenFile ?? process.env.DUTYROOM_HUB_TOKEN_FILE,
      envName: 'DUTYROOM_HUB_TOKEN',
    });
    for (const w of warnings) (testing?.warn ?? console.error)(w);
    if (!token)
      throw new Error(
        '--hub needs its token: --token-file FILE or DUTYROOM_HUB_TOKEN ' +
          '(issue one with: npm run hub -- issue-token --station ID --jurisdiction CODE --out FILE)',
      );
    if (args.hubCa && !args.hub.startsWith('https://'))
      throw new Error(`--hub-ca is for an https hub; ${args.hub} is not one (the hub serves https with --tls-cert)`);
    link = { url: args.hub, token, ...(args.hubCa ? { ca: readCaFile(args.hubCa) } : {}) };
  } else if (embedded) {
    link = { url: embedded.hub.url, token: embedded.token };
  }
  const testClock = testing?.testClock ?? null;
  const basemaps = openStationBasemaps({
    dir: args.basemapDir ? resolve(args.basemapDir) : basemapDir(args.dataDir),
    ...(args.tiles
      ? { xyz: { url: args.tiles, ...(args.tilesToken ? { token: args.tilesToken } : {}) } }
      : {}),
  });
  // A site's chosen profile by id (resources/rules); `auto` or none: the one its code maps to.
  let ruleProfile;
  if (args.ruleProfile && args.ruleProfile !== 'auto') {
    const profiles = readRuleProfiles();
    ruleProfile = profiles.ok ? profiles.value.find((p) => p.id === args.ruleProfile) : undefined;
    if (!ruleProfile) throw new Error(`site.json: rule profile ${args.ruleProfile} is not among resources/rules`);
  }
  const stationConfig: StationConfig = {
    dataDir: join(args.dataDir, 'station'),
    stationId: args.stationId,
    jurisdiction: args.jurisdiction,
    // A real division is named from the gazetteer (广东省东莞市应急值守); a code that names none stops the start.
    name:
      args.name ??
      (args.jurisdiction === '500110' ? '万盛经开区应急值守（演示）' : stationNameFor(args.jurisdiction)),
    auth: { prefill: args.operator, idleLockMinutes: args.idleLockMinutes },
    onDuty: { leader: args.leader, officers: args.officers.length > 0 ? args.officers : [args.operator] },
    ...(link ? { hub: link } : {}),
    ...(ruleProfile ? { ruleProfile } : {}),
    onBug,
    basemaps,
    ...(testClock ? { clock: testClock.now, monotonic: testClock.monotonic } : {}),
  };
  const restored = args.restoreFromHub ? await restoreBeforeOpening(stationConfig) : null;
  // An empty store whose hub holds its chain is a reinstalled machine: refused, pointing at --restore-from-hub.
  if (!restored && stationConfig.hub)
    await refuseNewChainOverHub({
      storePath: join(stationConfig.dataDir, `${stationConfig.stationId}.sqlite`),
      hub: stationConfig.hub,
      warn: testing?.warn ?? console.error,
    });
  const station = openStation(stationConfig);
  const backups = args.backupDir === undefined ? null : startBackups(station, args, testClock);
  return {
    station,
    hub,
    testClock,
    basemaps,
    restored,
    backups,
    async close() {
      // A backup under way finishes before its store closes.
      await backups?.stop();
      station.sync?.stop();
      // Let an in-flight sync exchange settle before its store closes.
      await new Promise((r) => setTimeout(r, 200));
      station.close();
      basemaps.close();
      await hub?.close();
    },
  };
}

/** `--restore-from-hub` (issue 21): the store rebuilt from the hub and verified, said on the terminal. */
async function restoreBeforeOpening(config: StationConfig): Promise<RestoreOutcome> {
  if (!config.hub)
    throw new Error(
      '--restore-from-hub 需要上级平台：--hub URL 及其令牌（--token-file FILE）/ --restore-from-hub needs the hub: --hub URL and its token (--token-file FILE)',
    );
  console.log("正在从上级平台恢复本站记录… / Restoring this station's records from the hub…");
  // A county pulls its whole subtree: say how far it has come every few seconds, or it looks hung.
  let saidAt = Date.now();
  const r = await restoreStationFromHub(config, (held, head) => {
    if (Date.now() - saidAt < 5_000) return;
    saidAt = Date.now();
    console.log(`…已取回 ${held} 条（上级平台到第 ${head} 号） / …${held} events back (the hub's head is #${head})`);
  });
  const last = r.lastAckedRecordedAt ?? '—';
  console.log(
    `已恢复并核验 ${r.events} 条记录（上级平台到第 ${r.hubHead} 号；本站到第 ${r.ownSeq} 条，最后签收的一条记于 ${last}）；原机未送达的记录已随原机丢失 / ` +
      `restored and verified ${r.events} events (hub up to #${r.hubHead}; this station up to #${r.ownSeq}, the last one acknowledged recorded at ${last}); what the lost machine had not delivered is lost`,
  );
  return r;
}

/** `--backup-dir DIR`: online backups at start and every `--backup-every-minutes`, the newest `--backup-keep` kept. */
function startBackups(station: RunningStation, args: StationArgs, testClock: TestClock | null): BackupSchedule {
  if (!(Number.isFinite(args.backupEveryMinutes) && args.backupEveryMinutes > 0))
    throw new Error('--backup-every-minutes 须为大于 0 的数 / must be a number above 0');
  if (!(Number.isSafeInteger(args.backupKeep) && args.backupKeep >= 1))
    throw new Error('--backup-keep 须为不小于 1 的整数 / must be a whole number of at least 1');
  return scheduleBackups(station.store, {
    dir: resolve(args.backupDir ?? ''),
    everyMinutes: args.backupEveryMinutes,
    keep: args.backupKeep,
    ...(testClock ? { clock: testClock.now } : {}),
    onDone: (r) => console.log(`备份 / backup ${r.path} (${r.bytes} bytes, ${r.ms.toFixed(0)} ms)`),
    onError: (error) =>
      console.error(`备份失败 / backup failed: ${error instanceof Error ? error.message : String(error)}`),
  });
}
