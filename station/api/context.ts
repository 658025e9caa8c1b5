import type { Actor } from '../../shared/domain/common';
import type { DomainEvent } from '../../shared/events/envelope';
import type { Alarm, OnDuty, StationInfo, StationPush, StationSnapshot } from '../../shared/api/contract';
import type { ApiHandlers } from '../../shared/api/serve';
import type { ConsoleCommandType } from '../../shared/commands/catalog';
import type { ErrorCode } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { RoleDirectory } from '../../shared/headquarters/plan';
import type { WarningContact } from '../../shared/warnings/recipients';
import type { WarningPolicy } from '../../shared/warnings/policy';
import type { RuleProfile } from '../../shared/rules/profile';
import type { StationBasemaps } from '../basemap/sources';
import type { AuthService, Screen } from '../auth/service';
import type { FieldTerminals } from '../field/terminals';
import type { AlarmBoard, IntegritySource } from './alarms';
import type { ApiStore, ConsoleWriter, DeadlineAlarm, DeadlineAlarms, LinkSource } from './ports';

/*
 * What every feature's station-API module receives, and what it gives back (STYLE.md §8, issue 20,
 * decision 0032). station/api/features.ts lists the modules; createStationApi (station/api/index.ts) builds
 * one context, opens each module with it, and assembles the handlers, the `changes` push, the snapshot and
 * close from what they return. Who acts is decided in the core only (actorNow); a module asks, never decides.
 */

export interface StationApiOptions {
  store: ApiStore;
  station: Omit<StationInfo, 'onDuty' | 'operator'>;
  /**
   * In-process callers only (tests, benchmarks): the actor `dispatch` acts as. Screens never get it: a
   * window or socket is `connect`ed and acts as the person signed in at it (issue 17). The station omits it.
   */
  operator?: Actor;
  /** Sign-in: idle lock minutes, and who the sign-in screen pre-selects (the launcher's --operator). */
  auth?: { idleLockMinutes?: number; prefill?: string };
  onDuty: OnDuty;
  link: LinkSource;
  /** The tamper check (station/verify/watch.ts): each mismatch it finds is a chain_mismatch alarm on record. */
  integrity?: IntegritySource;
  /** Rebuilds of the store from the hub (station/store/restorations.ts): each a restored_from_hub alarm on record. */
  restorations?: ReadonlyArray<Parameters<AlarmBoard['fromRestorations']>[0][number]>;
  clock?: () => number;
  /** The report-deadline alarm ladder (station/scheduler): the one engine for everything that falls due. */
  deadlines: DeadlineAlarms;
  /** How often silent warning recipients are looked for (default and at most every 2 s). */
  alarmCheckMs?: number;
  /**
   * What a drafted report names as 报告单位, 报告人 and 联系电话. Defaults: the station's name, the
   * operator's name (else id), and no number (the officer fills it in the editor).
   */
  reporting?: { unit?: string; reporter?: string; contact?: string };
  /** 预警叫应: the recipients directory, the names of the areas below the station, the answer rules. */
  warnings?: {
    contacts: readonly WarningContact[];
    areaNames?: ReadonlyMap<string, string>;
    policy?: WarningPolicy;
  };
  /** 指挥部: the role-holder directory (who a plan calls up, their phones and home station). */
  headquarters?: { directory: RoleDirectory; stationOf?: (personId: string) => string | undefined };
  onBug?: (error: unknown) => void;
  /** Tile basemaps the station serves or names (MBTiles packages, an XYZ source); none by default. */
  basemaps?: StationBasemaps;
  /** The report rule profile the station runs (the store's deadline engine uses the same); the national default by default. */
  ruleProfile?: RuleProfile;
}

/** Alarms a check raised and cleared, for the board to push. */
export interface AlarmChange {
  raised: Alarm[];
  cleared: string[];
}

export interface StationApiContext {
  readonly store: ApiStore;
  readonly station: StationApiOptions['station'];
  /** Everything the station was started with (a feature reads its own part: warnings, reporting, basemaps…). */
  readonly options: StationApiOptions;
  readonly clock: () => number;
  /** A push for every window, checked against the contract first (one outside it is a bug, never sent). */
  readonly emit: (push: StationPush) => void;
  /** Who acts: the person signed in at the screen the request came from; in-process, `operator`. */
  readonly actorNow: () => Result<Actor>;
  /** actorNow's actor, or the signed-out placeholder (for what is read when no one acts, e.g. a report's name). */
  readonly actorOrNobody: () => Actor;
  /** Commands as the person acting now (actorNow). */
  readonly asOperator: ConsoleWriter;
  /** The screen the request came from (the in-process console when none). */
  readonly screenNow: () => Screen;
  readonly auth: AuthService;
  /** 外勤终端: the team leaders' phones, shared with the host's /field/ routes. */
  readonly field: FieldTerminals;
  /** The alarm board: a feature's own checks hand it what they found… */
  readonly alarms: AlarmBoard;
  /** …and push what it raised and cleared. */
  readonly emitAlarms: (change: AlarmChange) => void;
  readonly onBug: (error: unknown) => void;
}

/** The `changes` push a store append becomes. */
export type ChangesPush = Extract<StationPush, { kind: 'changes' }>;
/** What a feature adds to a `changes` push: the objects of its own the events touched, as now projected. */
export type ChangeParts = Partial<Omit<ChangesPush, 'kind' | 'events'>>;
/** The snapshot's parts that are the core's: the station, alarms, recent events, link, time. */
export type CoreSnapshotKey = 'station' | 'alarms' | 'recentEvents' | 'link' | 'takenAt';
/** What a feature adds to the snapshot a window opens with. */
export type SnapshotParts = Partial<Omit<StationSnapshot, CoreSnapshotKey>>;
/** What a feature adds to the station's info (the header): who is on duty, the rule profile… */
export type StationInfoParts = Partial<Omit<StationInfo, 'stationId' | 'jurisdiction' | 'name' | 'operator'>>;

/** A part that adds nothing (a feature without a snapshot or changes part): the identity of the parts' intersection. */
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- the empty part is what is meant
export type NoParts = Record<never, never>;

/** A feature's station API, opened over the context. */
export interface FeatureApi<
  H extends Partial<ApiHandlers>,
  S extends SnapshotParts = NoParts,
  C extends ChangeParts = NoParts,
> {
  /** Its methods of the contract (shared/api/<feature>-calls.ts), each claimed by this feature alone. */
  readonly handlers: H;
  /** Its part of the `changes` push for these appended events. */
  changedIn?(events: readonly DomainEvent[]): C;
  /** Its part of the snapshot. */
  snapshot?(): S;
  /** Its part of the station's info. */
  stationInfo?(): StationInfoParts;
  /** What it names in a deadline alarm of its own (the ladder's params: subject, headquarters…). */
  alarmParams?(alarm: DeadlineAlarm): Record<string, string>;
  /** Stops its timers and subscriptions. */
  close?(): void;
}

export interface StationApiFeature<
  H extends Partial<ApiHandlers>,
  S extends SnapshotParts = NoParts,
  C extends ChangeParts = NoParts,
> {
  /** For messages (a method claimed twice) only. */
  readonly name: string;
  /**
   * Console commands a screen may not send through the core's `execute`, each with the code it is refused
   * with (field `type`): those the feature keeps for a call of its own that asks for more than a session
   * (签发 needs the leader's own PIN at that moment: approveReport). In-process callers acting as `operator`
   * are not refused. A command two features name is refused at start-up, naming both.
   */
  readonly screenRefuses?: ScreenRefusals;
  open(ctx: StationApiContext): FeatureApi<H, S, C>;
}

/** Console commands a screen may not send through `execute`, and the code each is refused with. */
export type ScreenRefusals = Readonly<Partial<Record<ConsoleCommandType, ErrorCode>>>;

/** Declares a feature's station-API module with its handlers', snapshot's and changes' types inferred. */
export const stationApiFeature = <
  H extends Partial<ApiHandlers>,
  S extends SnapshotParts = NoParts,
  C extends ChangeParts = NoParts,
>(
  feature: StationApiFeature<H, S, C>,
): StationApiFeature<H, S, C> => feature;
