import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';
import { JurisdictionCode } from './jurisdiction';
import { GeoPoint, ShortText } from './common';
import { StatusRecord } from './resources';
import { SeverityLevel } from './incident';

/** 调度指令: a team sent to an incident. */
export const DispatchOrder = z.object({
  id: Ulid,
  teamId: ObjectId,
  incidentId: Ulid,
  issuedBy: z.string().max(64),
  issuedAt: Instant,
  acknowledgedAt: Instant.optional(),
  etaAt: Instant.optional(),
  arrivedAt: Instant.optional(),
  status: z.enum(['issued', 'acknowledged', 'arrived', 'completed', 'cancelled']),
  /** Who recorded the order's latest step, when and from where (projection). */
  lastRecord: StatusRecord.optional(),
});
export type DispatchOrder = z.infer<typeof DispatchOrder>;

export const WarningColour = z.enum(['blue', 'yellow', 'orange', 'red']);

/** One recipient of a warning and where the call-and-response (叫应) loop stands for them. */
export const WarningRecipient = z.object({
  id: ObjectId,
  name: ShortText,
  jurisdiction: JurisdictionCode,
  tier: z.number().int().min(1).max(5),
  superiorId: ObjectId.optional(),
  deliveredAt: Instant.optional(),
  acknowledgedAt: Instant.optional(),
  actionReportedAt: Instant.optional(),
  escalatedAt: Instant.optional(),
});

/** 预警 */
export const Warning = z.object({
  id: Ulid,
  hazard: ShortText,
  colour: WarningColour,
  areas: z.array(JurisdictionCode).min(1),
  polygon: z.array(GeoPoint).min(3).max(5000).optional(),
  text: z.string().max(4000),
  issuedAt: Instant,
  issuedBy: z.string().max(64),
  recipients: z.array(WarningRecipient).max(10_000),
  liftedAt: Instant.optional(),
});
export type Warning = z.infer<typeof Warning>;

export const WorkingGroupKind = z.enum([
  'coordination', // 综合协调组
  'rescue', // 抢险救援组
  'medical', // 医疗救治组
  'security', // 治安警戒组
  'logistics', // 后勤保障组
  'press', // 宣传报道组
  'experts', // 专家组
  'aftermath', // 善后处置组
]);

export const HeadquartersMember = z.object({
  personId: ObjectId,
  name: ShortText,
  group: WorkingGroupKind.optional(),
  role: z.enum(['commander', 'deputy', 'group_lead', 'member']),
  notifiedAt: Instant.optional(),
  checkedInAt: Instant.optional(),
});

/** 指挥部 activated for an incident at a response level. */
export const Headquarters = z.object({
  id: Ulid,
  incidentId: Ulid,
  planId: ObjectId,
  responseLevel: SeverityLevel,
  jurisdiction: JurisdictionCode,
  activatedAt: Instant,
  activatedBy: z.string().max(64),
  members: z.array(HeadquartersMember).max(500),
  site: GeoPoint.optional(),
  terminatedAt: Instant.optional(),
});
export type Headquarters = z.infer<typeof Headquarters>;

/** 值班岗位: leader on duty 带班领导, duty officer 值班员, liaison 联络员 */
export const ShiftPositionRole = z.enum(['leader', 'officer', 'liaison']);

export const Shift = z.object({
  id: ObjectId,
  jurisdiction: JurisdictionCode,
  startsAt: Instant,
  endsAt: Instant,
  keyPeriod: z.string().max(100).optional(),
  positions: z
    .array(
      z.object({
        role: ShiftPositionRole,
        personId: ObjectId.optional(),
        department: z.string().max(100).optional(),
        checkedInAt: Instant.optional(),
      }),
    )
    .max(50),
});
export type Shift = z.infer<typeof Shift>;
