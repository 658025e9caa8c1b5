import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';

/*
 * Every alarm the duty room is shown is on record: raising one is an `alarm.raised` event on the stream
 * `alarm:<alarmId>` (the id is derived from what the alarm is about, so a restart or a second check
 * never raises it twice), and acknowledging it is `alarm.acknowledged` on the same stream. Both come
 * from commands through the station's one write path (shared/alarms/decide.ts).
 */

/** 提醒 at T−10 min, 告警 (with sound) at T−2 min, 超时 at T (also to the leader on duty). */
export const AlarmStep = z.enum(['reminder', 'alarm', 'overdue']);
export type AlarmStep = z.infer<typeof AlarmStep>;

/** What falls due: a report obligation (shared/rules) or a headquarters task or check-in (shared/headquarters). */
export const DueSourceKind = z.enum(['report_obligation', 'headquarters']);
export type DueSourceKind = z.infer<typeof DueSourceKind>;

export const AlarmKind = z.enum([
  'new_incident',
  /** 下级报告: a report sent up by a lower level, addressed to this station, waiting for its 确认接收. */
  'report_received',
  'obligation_due_soon',
  'obligation_overdue',
  'link_lost',
  /** 到岗签到: a roster seat not checked in past the grace period (to the leader on duty). */
  'check_in_late',
  /** 值班表: a seat of a shift starting within the warning window (48 h by default) has nobody. */
  'roster_uncovered',
  /** 预警叫应: a recipient silent past the answer limit (then re-notified, then escalated). */
  'warning_unanswered',
  /** The SMS/voice gateway could not carry a warning notice: the officer must phone. */
  'warning_undelivered',
  /** The hub lists events for this station that it could not fetch: its records are incomplete. */
  'sync_hole',
  /**
   * 记录校验不符: the station's log, its anchors or its projections disagree with themselves or with the
   * hub's signed copy of its chain head (decision 0015) — the record may have been altered.
   */
  'chain_mismatch',
  /**
   * 数据已从上级平台恢复: this station's store was rebuilt from the hub after its machine was lost (issue
   * 21); what it had recorded after the last event the hub acknowledged was not delivered and is gone.
   */
  'restored_from_hub',
]);
export type AlarmKind = z.infer<typeof AlarmKind>;

/** Alarm ids: what the stream `alarm:<id>` allows, as the windows name them. */
export const AlarmId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const AlarmSeverity = z.enum(['info', 'warning', 'urgent']);

/** One rung of the report-deadline ladder went off (station/scheduler). */
export const DeadlineRungRaised = z.object({
  step: AlarmStep,
  source: DueSourceKind,
  incidentId: Ulid,
  /** The obligation key within its incident (or headquarters), e.g. `initial.phone`. */
  subjectKey: z.string().min(1).max(200),
  subjectKind: z.string().min(1).max(64),
  dueAt: Instant,
  /** When this rung was due; the event's occurredAt is when it actually went off. */
  stepAt: Instant,
  /** How late it went off (a restart, a sleep or a clock jump makes it late); 0 when on time. */
  lateByMs: z.number().int().min(0),
  sound: z.boolean(),
  /** 带班领导 the overdue rung went to, and where that name came from. */
  leader: z
    .object({
      personId: ObjectId,
      name: z.string().max(100).optional(),
      from: z.enum(['roster', 'configured']),
    })
    .optional(),
});
export type DeadlineRungRaised = z.infer<typeof DeadlineRungRaised>;

/** Any other condition the duty room must notice: a new incident from elsewhere, the link lost, a late check-in… */
export const ConditionRaised = z.object({
  kind: AlarmKind,
  severity: AlarmSeverity,
  incidentId: Ulid.optional(),
  /** What the window renders the text from (shared/api/contract.ts Alarm.params). */
  params: z.record(z.string(), z.string().max(500)),
  sound: z.boolean(),
});
export type ConditionRaised = z.infer<typeof ConditionRaised>;

export const alarmEventPayloads = {
  // A ladder rung (written since the deadline scheduler) or a condition alarm; both kept as written.
  'alarm.raised': z.union([DeadlineRungRaised.strict(), ConditionRaised.strict()]),
  // 告警: acknowledging an alarm is on record (who saw it, when), like any other action
  'alarm.acknowledged': z.object({
    kind: z.string().min(1).max(64),
    incidentId: Ulid.optional(),
    note: z.string().max(500).optional(),
  }),
} as const;

export type AlarmRaisedPayload = z.infer<(typeof alarmEventPayloads)['alarm.raised']>;

export const isDeadlineRung = (p: AlarmRaisedPayload): p is DeadlineRungRaised => 'step' in p;

/**
 * Raising is the station's own doing (its scheduler and condition checks run it with the system actor);
 * a console may only acknowledge.
 */
export const alarmSystemCommandPayloads = {
  'alarm.raise': z.object({
    alarmId: AlarmId,
    /** When it went off, if not now (the scheduler's own clock). */
    raisedAt: Instant.optional(),
    alarm: z.union([DeadlineRungRaised.strict(), ConditionRaised.strict()]),
  }),
} as const;

export const alarmCommandPayloads = {
  'alarm.acknowledge': z.object({ alarmId: AlarmId, note: z.string().max(500).optional() }),
} as const;
