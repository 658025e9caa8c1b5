import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';
import { JurisdictionCode } from '../domain/jurisdiction';
import { GeoPoint, ShortText } from '../domain/common';
import { Casualties, IncidentFacts, IncidentLocation, SeverityLevel } from '../domain/incident';
import { ReportChannel, ReportContent, ReportKind } from '../domain/report';
import { Depot, RecordSource, RiskPoint, Shelter, Team, TeamPosition, TeamStatus } from '../domain/resources';
import { Warning } from '../domain/operations';
import { rosterEventPayloads } from '../roster/events';
import { headquartersEventPayloads } from '../headquarters/events';
import { warningEventPayloads } from '../warnings/events';
import { alarmEventPayloads } from '../alarms/events';
import { ApprovalVerification } from '../auth/schemas';
import { ExternalAddressee, RecordedReceipt } from '../reports/external';
import { dutyLogEventPayloads } from '../dutylog/events';
import { WallSettings } from '../display/wall';
import { drillEventPayloads } from '../drills/events';
import { DrillTag } from '../drills/tag';
import { delegationEventPayloads } from '../auth/delegation';
import { credentialEventPayloads } from '../auth/credentials';

/**
 * Every kind of change the system knows, with the schema of its payload. An event type is
 * "<aggregate>.<past-tense verb>"; its stream is "<aggregate>:<id>".
 * Adding an event type means adding one line here; the log refuses types not listed.
 */
export const eventPayloads = {
  // 突发事件
  // `drill`: registered from a drill's call inject (issue 22): everything about it stays in the drill.
  'incident.registered': z.object({ facts: IncidentFacts, drill: DrillTag.optional() }),
  'incident.facts_updated': z.object({
    changes: z
      .object({
        title: ShortText,
        level: SeverityLevel,
        location: IncidentLocation,
        casualties: Casualties,
        affectedPeople: z.number().int().min(0),
        estimatedLossYuan: z.number().min(0).max(1e13),
        description: z.string().max(8000),
      })
      .partial()
      .refine((c) => Object.keys(c).length > 0, 'at least one change'),
    note: z.string().max(2000).optional(),
  }),
  'incident.response_started': z.object({}),
  'incident.closed': z.object({ summary: z.string().max(4000).default('') }),
  'incident.reopened': z.object({ reason: z.string().min(1).max(2000) }),
  /** A report obligation set aside, with the reason on record (e.g. merged into another incident). */
  'incident.obligation_waived': z.object({ obligationKey: z.string().min(1).max(200), reason: z.string().trim().min(1).max(2000) }),

  // 信息报告
  'report.drafted': z.object({
    incidentId: Ulid,
    kind: ReportKind,
    channel: ReportChannel,
    sequence: z.number().int().min(1).optional(),
    content: ReportContent,
  }),
  'report.revised': z.object({ content: ReportContent }),
  'report.submitted': z.object({}),
  /** `verification`: how the signer was verified at that moment (issue 17); absent on records from before it. */
  'report.approved': z.object({ comment: z.string().max(2000).optional(), verification: ApprovalVerification.optional() }),
  'report.returned': z.object({ comment: z.string().trim().min(1).max(2000) }),
  /** `external`: the addressee is a unit outside Duty Room, and how the report went to it (issue 19). */
  'report.sent': z.object({ addressedTo: JurisdictionCode, external: ExternalAddressee.optional() }),
  'report.received': z.object({ receivedBy: z.string().min(1).max(64), note: z.string().max(2000).optional() }),
  /** A receipt for a report sent to an external unit, recorded at the sending station (人工回执 or a system's answer). */
  'report.receipt_recorded': RecordedReceipt,

  // 队伍 / 物资 / 避难场所 / 风险隐患点
  'team.registered': z.object({ team: Team }),
  'team.position_reported': z.object({ position: TeamPosition }),
  'team.status_changed': z.object({
    status: TeamStatus,
    note: z.string().max(500).optional(),
    /** Where it was recorded from (absent in events written before the console recorded it). */
    source: RecordSource.optional(),
  }),
  'depot.registered': z.object({ depot: Depot }),
  'shelter.registered': z.object({ shelter: Shelter }),
  'shelter.occupancy_reported': z.object({ occupancy: z.number().int().min(0) }),
  'risk_point.registered': z.object({ riskPoint: RiskPoint }),

  // 调度指令
  'dispatch.issued': z.object({ teamId: ObjectId, incidentId: Ulid, etaAt: Instant.optional() }),
  // `source`: where the step was recorded from (absent in events written before the console recorded it).
  'dispatch.acknowledged': z.object({ etaAt: Instant.optional(), source: RecordSource.optional() }),
  'dispatch.arrived': z.object({ point: GeoPoint.optional(), source: RecordSource.optional() }),
  'dispatch.completed': z.object({ source: RecordSource.optional() }),
  'dispatch.cancelled': z.object({ reason: z.string().trim().min(1).max(2000), source: RecordSource.optional() }),

  // 预警: published by the issuing level and routed downward by the hub.
  'warning.issued': z.object({ warning: Warning }),
  'warning.lifted': z.object({ reason: z.string().max(2000).default('') }),
  // 值班表 / 值班人员 (shared/roster/events.ts)
  ...rosterEventPayloads,
  // 指挥部 (shared/headquarters/events.ts)
  ...headquartersEventPayloads,
  // 预警叫应 (shared/warnings/events.ts)
  ...warningEventPayloads,
  // 告警: raised and acknowledged, every kind (shared/alarms/events.ts)
  ...alarmEventPayloads,
  // 值班日志 (shared/dutylog/events.ts)
  ...dutyLogEventPayloads,
  // 大屏: what the wall display shows, chosen at the console (shared/display/wall.ts)
  'display.wall_configured': WallSettings,
  // 演练 (shared/drills/events.ts)
  ...drillEventPayloads,
  // 授权签发: delegations of signing on the station's own stream (shared/auth/delegation.ts)
  ...delegationEventPayloads,
  // 人员口令: who set, reset or revoked whose sign-in, never the secret (shared/auth/credentials.ts)
  ...credentialEventPayloads,
} as const;

export type EventType = keyof typeof eventPayloads;
export const EventType = z.enum(Object.keys(eventPayloads) as [EventType, ...EventType[]]);
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;

/** The aggregate a type belongs to, which is also the prefix of its stream. */
export const aggregateOf = (type: EventType): string => type.slice(0, type.indexOf('.'));
