import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';
import { GeoPoint } from '../domain/common';
import { SeverityLevel } from '../domain/incident';
import { HeadquartersMember, WorkingGroupKind } from '../domain/operations';
import { ContingencyPlan, RoleKey } from './plan';

/*
 * Event and command types of the headquarters (指挥部) aggregate; the catalogs in shared/events and
 * shared/commands spread these in. One headquarters is one stream, `headquarters:<id>`.
 * Phone numbers never enter these events: members are named by person id and the station looks
 * their numbers up in its directory when it calls.
 */

/** A member as confirmed by the leader: who, in which group, in which role. */
export const MemberEntry = HeadquartersMember.pick({ personId: true, name: true, group: true, role: true });
export type MemberEntry = z.infer<typeof MemberEntry>;

/** How a member was told: by the gateway (SMS, voice call), through the hub to their station, or by a duty officer's call. */
export const NotifyChannel = z.enum(['sms', 'voice', 'hub', 'phone']);
export type NotifyChannel = z.infer<typeof NotifyChannel>;

const Reason = z.string().trim().min(1).max(2000);
const Note = z.string().trim().max(500);

export const headquartersEventPayloads = {
  /** 启动: the organisation the leader confirmed from the plan preview; the actor is that leader. */
  'headquarters.activated': z.object({
    incidentId: Ulid,
    planId: ObjectId,
    planVersion: z.number().int().min(1),
    responseLevel: SeverityLevel,
    members: z.array(MemberEntry).min(1).max(500),
  }),
  /** A notice reached the gateway or the member's station (occurredAt: when it was sent). */
  'headquarters.member_notified': z.object({
    personId: ObjectId,
    channel: NotifyChannel,
    messageId: z.string().max(128).optional(),
  }),
  'headquarters.notification_failed': z.object({
    personId: ObjectId,
    channel: NotifyChannel,
    reason: Reason,
  }),
  /** 到岗 (occurredAt: the time the member arrived, which may be reported a little later). */
  'headquarters.member_checked_in': z.object({ personId: ObjectId, note: Note.optional() }),
  /** 现场指挥部 placed on the map. */
  'headquarters.site_placed': z.object({ point: GeoPoint, address: z.string().trim().max(300).optional() }),
  /** 升级: a more severe level (IV → I); the members the new level adds come with it. */
  'headquarters.level_raised': z.object({
    from: SeverityLevel,
    to: SeverityLevel,
    reason: Reason,
    members: z.array(MemberEntry).max(500).default([]),
  }),
  /** 降级 */
  'headquarters.level_lowered': z.object({ from: SeverityLevel, to: SeverityLevel, reason: Reason }),
  'headquarters.task_done': z.object({ group: WorkingGroupKind, taskKey: RoleKey, note: Note.optional() }),
  /** 响应终止 */
  'headquarters.response_terminated': z.object({ reason: Reason }),
  /**
   * 预案修订: a plan template edited in the app, stored as a new version in its own stream
   * `hq_plan:<planId>` (not a headquarters stream, hence its own prefix). Earlier versions stay on
   * record, so a headquarters activated from one keeps its tasks and limits.
   */
  'hq_plan.saved': z.object({
    plan: ContingencyPlan,
    /** A revision opened by a drill's recommendation (演练评估, issue 22): where it came from. */
    origin: z
      .object({ drillId: Ulid, recommendation: z.number().int().min(0), text: z.string().max(2000) })
      .optional(),
  }),
} as const;

export const headquartersCommandPayloads = {
  'headquarters.activate': z.object({
    headquartersId: Ulid.optional(),
    incidentId: Ulid,
    planId: ObjectId,
    /** The plan version the preview was made from: a plan edited since refuses the activation. */
    planVersion: z.number().int().min(1),
    responseLevel: SeverityLevel,
    members: z.array(MemberEntry).min(1).max(500),
  }),
  'headquarters.record_notification': z.object({
    headquartersId: Ulid,
    personId: ObjectId,
    channel: NotifyChannel,
    outcome: z.enum(['sent', 'failed']),
    messageId: z.string().max(128).optional(),
    reason: Reason.optional(),
    sentAt: Instant.optional(),
  }),
  'headquarters.check_in': z.object({
    headquartersId: Ulid,
    personId: ObjectId,
    /** When the member arrived, if reported afterwards; now when absent. */
    checkedInAt: Instant.optional(),
    note: Note.optional(),
  }),
  'headquarters.place_site': z.object({
    headquartersId: Ulid,
    point: GeoPoint,
    address: z.string().trim().max(300).optional(),
  }),
  'headquarters.change_level': z.object({
    headquartersId: Ulid,
    level: SeverityLevel,
    reason: Reason,
    addMembers: z.array(MemberEntry).max(500).default([]),
  }),
  'headquarters.complete_task': z.object({
    headquartersId: Ulid,
    group: WorkingGroupKind,
    taskKey: RoleKey,
    note: Note.optional(),
  }),
  'headquarters.terminate': z.object({ headquartersId: Ulid, reason: Reason }),
  /** Save an edited plan; `plan.version` is the version it was edited from (refused if the plan moved on). */
  'hq_plan.save': z.object({ plan: ContingencyPlan }),
} as const;
