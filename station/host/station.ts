import { stationExternalUnits } from '../reports/externalUnits';
import { mkdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { openStationStore, type StationStore } from '../store';
import pino from 'pino';
import { startSyncClient, type SyncClient } from '../sync/client';
import { createStationApi, standaloneLink, type StationApi } from '../api';
import type { StationBasemaps } from '../basemap/sources';
import { syncLink } from '../api/link';
import { DeadlineScheduler, headquartersSource, leaderOnDuty, reportObligationSource } from '../scheduler';
import { startDrillRunner } from '../drills/runner';
import { gatewayConfigFromEnv } from '../notify/config';
import { createHttpGateway } from '../notify/httpGateway';
import type { Notifier } from '../notify/notifier';
import { HolderBook, demoHolderDirectoryPath, readHolderDirectory } from '../headquarters/directory';
import { createHeadquartersService, HQ_SERVICE_ACTOR } from '../headquarters/service';
import { ContactBook, demoAreaNames, demoDirectoryPath, readWarningDirectory } from '../warnings/directory';
import { createWarningService, SERVICE_ACTOR as WARNING_SERVICE_ACTOR } from '../warnings/service';
import { readWarningPolicy } from '../warnings/policy';
import type { Actor } from '../../shared/domain/common';
import type { OnDuty } from '../../shared/api/contract';
import { DAY, toInstant } from '../../shared/time';
import type { RuleProfile } from '../../shared/rules/profile';
import { stationRuleProfile } from '../rules/profiles';
import { startIntegrityWatch, type IntegrityWatch } from '../verify/watch';
import { publicKeyFromPem } from '../verify/signature';
import { restoreFromHub, type RestoreOutcome } from '../restore/fromHub';

/** Structured log lines of the sync client (repairs, holes), to stderr; DUTYROOM_LOG sets the level. */
const syncLogger = pino({ name: 'sync', level: process.env.DUTYROOM_LOG ?? 'info' }, pino.destination(2));

export interface StationConfig {
  /** Folder holding this station's database. */
  dataDir: string;
  /** Tile basemaps (MBTiles packages, an XYZ source) for the `basemaps` query; none by default. */
  basemaps?: StationBasemaps;
  stationId: string;
  jurisdiction: string;
  name: string;
  /** In-process callers only (tests, benchmarks): who `api.dispatch` acts as. Screens sign in (issue 17). */
  operator?: Actor;
  /** Sign-in: who the sign-in screen pre-selects (--operator) and the idle lock minutes. */
  auth?: { prefill?: string; idleLockMinutes?: number };
  onDuty: OnDuty;
  /** Join this hub (trusting the site CA `ca`, PEM, when it is https); without it the station works standalone. */
  hub?: { url: string; token: string; ca?: string };
  clock?: () => number;
  /** Monotonic time that moves with `clock` (end-to-end tests' TestClock); without it the scheduler uses the real one. */
  monotonic?: () => number;
  onBug?: (error: unknown) => void;
  /**
   * SMS/voice gateway for headquarters members (and warnings); null: none. Absent: read from
   * DUTYROOM_NOTIFY_URL / DUTYROOM_NOTIFY_TOKEN (none when unset; a bad setting stops the start).
   */
  notifier?: Notifier | null;
  /** 领导职务名录 for headquarters previews and notices; the demo district's by default (DUTYROOM_HQ_DIRECTORY). */
  holderDirectoryPath?: string;
  /** 预警叫应通讯录 (warning recipients); the demo district's by default (DUTYROOM_WARNING_DIRECTORY). */
  warningDirectoryPath?: string;
  /** 叫应 rules (answer limit per tier, reminders); the built-in 10-minute default unless DUTYROOM_WARNING_POLICY names a file. */
  warningPolicyPath?: string;
  /**
   * 报送时限: the report rule profile. By default the one resources/rules maps to the jurisdiction, with the
   * site file `rulesFile` (else DUTYROOM_RULES) able to add or replace entries; a bad file stops the start.
   */
  ruleProfile?: RuleProfile;
  rulesFile?: string;
  /**
   * Upper levels outside Duty Room (issue 19): the site's directory file, else DUTYROOM_EXTERNAL_UNITS,
   * else the files of resources/external-units that apply to the jurisdiction; a bad file stops the start.
   */
  externalUnitsFile?: string;
  /**
   * The hub's anchor public key (PEM, the hub's anchor-key.pub.pem), pinned before any contact; else
   * DUTYROOM_HUB_ANCHOR_KEY names the file; else the key the hub shows first is pinned (decision 0015).
   */
  hubAnchorKeyPem?: string;
}

function notifierFromEnvironment(): Notifier | null {
  const config = gatewayConfigFromEnv(process.env);
  if (!config) return null;
  if (!config.ok)
    throw new Error(
      `DUTYROOM_NOTIFY_URL/TOKEN: ${config.errors.map((e) => `${e.field ?? ''} ${e.detail ?? e.code}`).join('; ')}`,
    );
  return createHttpGateway(config.value);
}

export interface RunningStation {
  store: StationStore;
  api: StationApi;
  sync: SyncClient | null;
  /** The tamper check: run at start from the last verified point, on every reconnection and acknowledgement. */
  integrity: IntegrityWatch;
  /** Look at the wall clock again now (the desktop app calls it on resume from sleep and on a time change). */
  recheckDeadlines(): void;
  close(): void;
}

/** Where the station's store is and the rules its deadline engine runs: the same for opening and restoring. */
function storeOptionsOf(config: StationConfig) {
  const rulesFile = config.rulesFile ?? process.env.DUTYROOM_RULES;
  const externalUnitsFile = config.externalUnitsFile ?? process.env.DUTYROOM_EXTERNAL_UNITS;
  const ruleProfile =
    config.ruleProfile ?? stationRuleProfile(config.jurisdiction, rulesFile ? { siteFile: rulesFile } : {});
  return {
    path: join(config.dataDir, `${config.stationId}.sqlite`),
    stationId: config.stationId,
    jurisdiction: config.jurisdiction,
    ruleProfile,
    externalUnits: stationExternalUnits(config.jurisdiction, externalUnitsFile ? { siteFile: externalUnitsFile } : {}),
    ...(config.clock ? { clock: config.clock } : {}),
  };
}

/** The hub's anchor key as given (config, else the file DUTYROOM_HUB_ANCHOR_KEY names), PEM. */
function givenHubKeyPem(config: StationConfig): string | undefined {
  const keyFile = process.env.DUTYROOM_HUB_ANCHOR_KEY;
  return config.hubAnchorKeyPem ?? (keyFile ? readFileSync(keyFile, 'utf8') : undefined);
}

/**
 * `--restore-from-hub` (issue 21): rebuild the station's store from its hub before it opens — its own
 * chain and everything its jurisdiction may see, verified — so that its next event follows the last one
 * the hub acknowledged. Refused when the store already holds events.
 */
export async function restoreStationFromHub(
  config: StationConfig,
  onProgress?: (held: number, head: number) => void,
): Promise<RestoreOutcome> {
  if (!config.hub) throw new Error('--restore-from-hub needs the hub: --hub URL with its token');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const keyPem = givenHubKeyPem(config);
  return restoreFromHub({
    url: config.hub.url,
    token: config.hub.token,
    ...(config.hub.ca !== undefined ? { ca: config.hub.ca } : {}),
    store: storeOptionsOf(config),
    ...(keyPem !== undefined ? { pinnedKey: publicKeyFromPem(keyPem) } : {}),
    ...(config.clock ? { clock: config.clock } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
}

/** One station: its store, its sync client (when a hub is given) and the API the windows use. */
export function openStation(config: StationConfig): RunningStation {
  // Readable by its owner only (decision 0013); the store's files are 0600 (store/db.ts).
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const storeOptions = storeOptionsOf(config);
  const ruleProfile = storeOptions.ruleProfile;
  const store = openStationStore(storeOptions);
  // The tamper check at start, from the last verified point (decision 0015); its findings become alarms.
  const keyPem = givenHubKeyPem(config);
  const integrity = startIntegrityWatch({
    store,
    ...(config.clock ? { clock: config.clock } : {}),
    ...(keyPem !== undefined ? { pinnedKey: publicKeyFromPem(keyPem) } : {}),
    logger: syncLogger,
  });
  const sync = config.hub
    ? startSyncClient({
        url: config.hub.url,
        token: config.hub.token,
        ...(config.hub.ca !== undefined ? { ca: config.hub.ca } : {}),
        store,
        ...(config.clock ? { clock: config.clock } : {}),
        backoff: { minMs: 200, maxMs: 2000 },
        // Repairs of missing ranges and holes it cannot fill are written to the station's log.
        logger: syncLogger,
        anchors: integrity.sink,
      })
    : null;
  const standalone = sync ? null : standaloneLink(store);
  const link = sync && config.hub ? syncLink(sync, config.hub.url) : standaloneLink(store);
  // The report-deadline alarm ladder: one timer for the nearest rung, each rung on record once.
  const holders = new HolderBook(
    readHolderDirectory(
      config.holderDirectoryPath ?? process.env.DUTYROOM_HQ_DIRECTORY ?? demoHolderDirectoryPath,
    ),
  );
  const notifier = config.notifier !== undefined ? config.notifier : notifierFromEnvironment();
  const warningPolicy = readWarningPolicy(config.warningPolicyPath ?? process.env.DUTYROOM_WARNING_POLICY);
  const warningBook = new ContactBook(
    readWarningDirectory(
      config.warningDirectoryPath ?? process.env.DUTYROOM_WARNING_DIRECTORY ?? demoDirectoryPath,
    ).contacts,
  );
  const clockNow = config.clock ?? Date.now;
  const scheduler = new DeadlineScheduler({
    store,
    // Report deadlines, and headquarters check-ins (到岗时限) and group tasks on the same ladder.
    sources: [
      reportObligationSource(store),
      headquartersSource(store, {
        clock: clockNow,
        planOf: (id, version) => store.plan(id, version),
        knownHeadquarters: () =>
          store
            .headquarters()
            .filter((h) => h.status === 'active')
            .map((h) => h.id),
      }),
    ],
    // 带班领导 of the overdue rung: the published roster's leader now, else the configured name.
    leader: leaderOnDuty({
      roster: () => {
        const now = (config.clock ?? Date.now)();
        return store.rostersCovering(toInstant(now - DAY), toInstant(now + 1)).find(
          (r) =>
            // Its own roster: a subordinate's, synced from the hub, never names this station's leader.
            r.roster.jurisdiction === config.jurisdiction &&
            r.roster.shifts.some((s) => Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt)),
        )?.roster;
      },
      nameOf: (personId) => store.staff().find((p) => p.id === personId)?.name,
      ...(config.onDuty.leader
        ? { configured: { personId: 'leader-on-duty', name: config.onDuty.leader } }
        : {}),
    }),
    ...(config.onBug ? { onError: config.onBug } : {}),
    ...(config.clock
      ? { clock: { now: config.clock, monotonic: config.monotonic ?? (() => performance.now()) } }
      : {}),
  });
  const api = createStationApi({
    store,
    station: { stationId: config.stationId, jurisdiction: config.jurisdiction, name: config.name },
    ...(config.operator ? { operator: config.operator } : {}),
    ...(config.auth ? { auth: config.auth } : {}),
    onDuty: config.onDuty,
    link,
    integrity,
    restorations: store.restorations.list(),
    deadlines: scheduler,
    warnings: { contacts: warningBook.contacts, areaNames: demoAreaNames(), policy: warningPolicy },
    headquarters: { directory: holders.directory, stationOf: holders.stationOf },
    ruleProfile,
    ...(config.basemaps ? { basemaps: config.basemaps } : {}),
    ...(config.clock ? { clock: config.clock } : {}),
    ...(config.onBug ? { onBug: config.onBug } : {}),
  });
  scheduler.start();
  const hqService = createHeadquartersService({
    store,
    jurisdiction: config.jurisdiction,
    notifier,
    phonesOf: holders.phonesOf,
    stationOf: holders.stationOf,
    actor: HQ_SERVICE_ACTOR,
    clock: clockNow,
    ...(config.onBug ? { onError: config.onBug } : {}),
  });
  hqService.start();
  // 预警叫应: the warning by SMS, reminders and calls to superiors when answers do not come, on record.
  const warningService = createWarningService({
    store,
    notifier,
    phonesOf: warningBook.phonesOf,
    actor: WARNING_SERVICE_ACTOR,
    policy: warningPolicy,
    stationId: config.stationId,
    clock: clockNow,
    ...(config.onBug ? { onError: config.onBug } : {}),
  });
  warningService.start();
  // 演练: the organiser's drill runner delivers each inject of its drills at its offset (issue 22).
  const drillRunner = startDrillRunner({ store, now: clockNow });
  return {
    store,
    api,
    sync,
    integrity,
    recheckDeadlines: () => scheduler.recheck(),
    close() {
      drillRunner.stop();
      hqService.stop();
      warningService.stop();
      scheduler.stop();
      api.close();
      sync?.stop();
      standalone?.close();
      store.close();
    },
  };
}
