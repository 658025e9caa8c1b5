import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';
import { Actor } from '../domain/common';
import { JurisdictionCode } from '../domain/jurisdiction';
import { Incident } from '../domain/incident';
import { Report } from '../domain/report';
import { Depot, RiskPoint, Shelter, Team } from '../domain/resources';
import { DispatchOrder } from '../domain/operations';
import { CommandRequest } from '../commands/catalog';
import { EventEnvelope, StationId, StreamRef } from '../events/envelope';
import { Obligation } from '../rules/obligation';
import { AlarmId, AlarmKind, AlarmSeverity } from '../alarms/events';
import { errorMessages, type ErrorCode } from '../errors';
import { command, query, type Call } from './call';
import { withFeatureCalls } from './features';
import { LedgerJobProgress } from './ledger-calls';
import { WarningStateWire } from './warnings-calls';
import { HeadquartersStateWire } from './headquarters-calls';
import { RosterStateWire } from './roster-calls';
import { StaffMember } from '../roster/schemas';
import { DutyLogEntry } from '../dutylog/aggregate';
import { ExternalUnit } from '../reports/external';

/**
 * The station API: the ONE list of what the user interface may ask of its station. Both transports
 * (Electron IPC, the browser-mode socket) carry exactly these calls, and both ends validate every
 * message with these schemas. A feature's calls are its shared/api/<feature>-calls.ts, listed once in
 * shared/api/features.ts; `stationApi` is the calls that are no one feature's and then every feature's.
 */

/** Where the station's link to the hub stands, as the header shows it. */
export const LinkState = z.object({
  /**
   * standalone: no hub configured; syncing: connected and draining, pulling, or behind (a hole found and
   * not yet filled); online (在线) only when connected, the outbox empty and caught up to `caughtUpTo`.
   */
  status: z.enum(['online', 'syncing', 'offline', 'standalone']),
  outboxDepth: z.number().int().min(0),
  lastContactAt: Instant.nullable(),
  hubUrl: z.string().max(500).nullable(),
  /** Every hub event visible to this station up to this hub sequence is held (null: no hub). */
  caughtUpTo: z.number().int().min(0).nullable().optional(),
  /** How far behind: hub sequences past `caughtUpTo` the station knows the hub holds and it has not confirmed. */
  behindBy: z.number().int().min(0).optional(),
  /** Holes found and repaired since the station started, and when the latest was. */
  repairs: z.number().int().min(0).optional(),
  lastRepairAt: Instant.nullable().optional(),
  /** A hole the station could not repair: never 在线, and an alarm (sync_hole). */
  unrepaired: z
    .object({
      after: z.number().int().min(0),
      through: z.number().int().min(0),
      missing: z.number().int(),
      since: Instant,
    })
    .nullable()
    .optional(),
});
export type LinkState = z.infer<typeof LinkState>;

/** Who is on duty at this station now (from the roster once it exists; from station settings until then). */
export const OnDuty = z.object({
  leader: z.string().max(100).nullable(),
  officers: z.array(z.string().max(100)).max(20),
});
export type OnDuty = z.infer<typeof OnDuty>;

export const StationInfo = z.object({
  stationId: StationId,
  jurisdiction: JurisdictionCode,
  name: z.string().max(200),
  onDuty: OnDuty,
  /** The person this console acts as: stamped on every command it sends. */
  operator: Actor,
  /**
   * The report rule profile the station's deadlines come from (resources/rules, chosen by jurisdiction):
   * for the header. Each obligation's `rule` names the rule within it. Absent from older stations.
   */
  ruleProfile: z
    .object({ id: z.string().min(1).max(64), name: z.string().max(200), appliesTo: JurisdictionCode.optional() })
    .optional(),
  /** Upper levels outside Duty Room a report may be sent to (issue 19); absent or empty when none. */
  externalUnits: z.array(ExternalUnit).max(50).optional(),
});
export type StationInfo = z.infer<typeof StationInfo>;

export { AlarmKind } from '../alarms/events';

/** Something the duty room must notice now. The text is rendered from `kind` + `params` by the UI. */
export const Alarm = z.object({
  id: AlarmId,
  kind: AlarmKind,
  severity: AlarmSeverity,
  raisedAt: Instant,
  incidentId: Ulid.optional(),
  params: z.record(z.string(), z.string().max(500)).default({}),
  /** Whether the window should sound it (the report ladder's reminder rung is silent). */
  sound: z.boolean().default(true),
});
export type Alarm = z.infer<typeof Alarm>;

export const IncidentObligations = z.object({ incidentId: Ulid, obligations: z.array(Obligation) });

/** Everything a fresh window needs to draw the board. */
export const StationSnapshot = z.object({
  station: StationInfo,
  incidents: z.array(Incident),
  reports: z.array(Report),
  obligations: z.array(IncidentObligations),
  teams: z.array(Team),
  depots: z.array(Depot),
  shelters: z.array(Shelter),
  riskPoints: z.array(RiskPoint),
  dispatchOrders: z.array(DispatchOrder),
  alarms: z.array(Alarm),
  recentEvents: z.array(EventEnvelope),
  /** 预警: in force, and lifted within a day (shared/api/warnings-calls.ts). */
  warnings: z.array(WarningStateWire),
  /** 指挥部: active ones, and those terminated within a day (shared/api/headquarters-calls.ts). */
  headquarters: z.array(HeadquartersStateWire),
  /** 值班人员名录, and the roster months around now (last, this and next month). */
  staff: z.array(StaffMember),
  rosters: z.array(RosterStateWire),
  /** 值班日志: this station's newest entries, newest first (DUTY_LOG_RECENT in dutylog-calls.ts). */
  dutyLog: z.array(DutyLogEntry),
  link: LinkState,
  takenAt: Instant,
});
export type StationSnapshot = z.infer<typeof StationSnapshot>;

/** A command's outcome: the events it produced, or (as a failed reply) the DomainErrors naming each bad field. */
export const CommandOutcome = z.object({ events: z.array(EventEnvelope) });

const Empty = z.object({}).strict();

// Feature calls files import these from './call' (importing them from here would be a cycle).
export { command, query, type Call };

/**
 * The calls that are no one feature's, and what station/api/index.ts's core implements (its CORE_METHODS are
 * these keys): commands, alarms, the snapshot's frame, the log, the link. Every other call is a feature's.
 */
export const coreCalls = {
  /**
   * Any console command of shared/commands/catalog.ts, typed by its `type`; the station stamps who acts
   * (the person at this console) and decides. The station's own commands (raising alarms) are not accepted,
   * nor, from a screen, those a feature keeps for a call of its own (签发 needs the leader's PIN: approveReport).
   */
  execute: command(CommandRequest, CommandOutcome),
  /** Acknowledging an alarm is recorded in the log as `alarm.acknowledged`, by the person at this console. */
  acknowledgeAlarm: command(z.object({ alarmId: Alarm.shape.id }), CommandOutcome),
  snapshot: query(Empty, StationSnapshot),
  streamEvents: query(z.object({ stream: StreamRef }), z.array(EventEnvelope)),
  linkState: query(Empty, LinkState),
} as const satisfies Record<string, Call>;

export const stationApi = withFeatureCalls(coreCalls);

export type ApiMethod = keyof typeof stationApi;
export const ApiMethod = z.enum(Object.keys(stationApi) as [ApiMethod, ...ApiMethod[]]);
export type ApiInput<M extends ApiMethod> = z.input<(typeof stationApi)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<(typeof stationApi)[M]['output']>;

/** What the station pushes to every subscribed window, unasked. */
export const StationPush = z.discriminatedUnion('kind', [
  /** Committed events (local or from the hub) and the objects they changed, as now projected. */
  z.object({
    kind: z.literal('changes'),
    events: z.array(EventEnvelope),
    incidents: z.array(Incident),
    reports: z.array(Report),
    obligations: z.array(IncidentObligations),
    teams: z.array(Team),
    shelters: z.array(Shelter),
    dispatchOrders: z.array(DispatchOrder),
    depots: z.array(Depot),
    riskPoints: z.array(RiskPoint),
    /** Warnings these events changed, as now projected (absent when none). */
    warnings: z.array(WarningStateWire).optional(),
    /** Headquarters these events changed, as now projected (absent when none). */
    headquarters: z.array(HeadquartersStateWire).optional(),
    /** Staff and roster months these events changed, as now projected (absent when none). */
    staff: z.array(StaffMember).optional(),
    rosters: z.array(RosterStateWire).optional(),
    /** Duty-log entries recorded or corrected by these events, as now projected (absent when none). */
    dutyLog: z.array(DutyLogEntry).optional(),
  }),
  /** A ledger import's progress (reading, checking, registering), for the window that started it. */
  z.object({ kind: z.literal('ledger'), job: LedgerJobProgress }),
  z.object({ kind: z.literal('alarm_raised'), alarm: Alarm }),
  z.object({
    kind: z.literal('alarm_cleared'),
    alarmId: Alarm.shape.id,
    acknowledgedBy: z.string().max(100).optional(),
  }),
  z.object({ kind: z.literal('link'), link: LinkState }),
  z.object({ kind: z.literal('on_duty'), onDuty: OnDuty }),
]);
export type StationPush = z.infer<typeof StationPush>;

/** A request as it crosses a transport. */
export const ApiRequest = z.object({ method: ApiMethod, input: z.unknown() });

/** A DomainError as it crosses a transport (shared/errors.ts). */
export const DomainErrorWire = z.object({
  code: z.enum(Object.keys(errorMessages) as [ErrorCode, ...ErrorCode[]]),
  field: z.string().max(500).optional(),
  message: z.object({ zh: z.string().max(4000), en: z.string().max(4000) }),
  detail: z.string().max(4000).optional(),
});

/** A reply as it crosses a transport: the Result of shared/result.ts. */
export const ApiReply = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), errors: z.array(DomainErrorWire).min(1) }),
]);
