import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId } from '../ids';
import { JurisdictionCode } from './jurisdiction';
import { Count, GeoPoint, ShortText } from './common';

/** 综合 / 专业 / 社会力量 / 民兵 */
export const TeamKind = z.enum(['comprehensive', 'professional', 'social', 'militia']);
/** 待命 → 集结 → 出动 → 到场 → 处置 → 返回 */
export const TeamStatus = z.enum(['standby', 'assembling', 'en_route', 'on_scene', 'working', 'returning']);
export type TeamStatus = z.infer<typeof TeamStatus>;

/** Where a team's status or an order's step was recorded from: the duty console, the team's terminal, a phone call. */
export const RecordSource = z.enum(['console', 'terminal', 'phone']);
export type RecordSource = z.infer<typeof RecordSource>;

/** Who recorded a status or step (the actor's name, else id), when, and from what source where it was said. */
export const StatusRecord = z.object({
  by: z.string().min(1).max(100),
  at: Instant,
  source: RecordSource.optional(),
});
export type StatusRecord = z.infer<typeof StatusRecord>;

export const TeamPosition = z.object({
  point: GeoPoint,
  headingDeg: z.number().min(0).max(360).optional(),
  speedKmh: z.number().min(0).max(400).optional(),
  at: Instant,
});

export const Team = z.object({
  id: ObjectId,
  name: ShortText,
  kind: TeamKind,
  jurisdiction: JurisdictionCode,
  headcount: Count,
  skills: z.array(ShortText).max(50).default([]),
  equipment: z.array(ShortText).max(100).default([]),
  base: GeoPoint,
  leader: z.string().max(100).optional(),
  phone: z.string().max(32).optional(),
  status: TeamStatus.default('standby'),
  position: TeamPosition.optional(),
  /** Who recorded the status, when and from where (projection: the last team.status_changed). */
  statusRecord: StatusRecord.optional(),
});
export type Team = z.infer<typeof Team>;

/** 应急物资储备库 */
export const Depot = z.object({
  id: ObjectId,
  name: ShortText,
  jurisdiction: JurisdictionCode,
  point: GeoPoint,
  stock: z.array(z.object({ item: ShortText, unit: z.string().max(20), quantity: z.number().min(0) })).max(500).default([]),
});
export type Depot = z.infer<typeof Depot>;

/** 应急避难场所 */
export const Shelter = z.object({
  id: ObjectId,
  name: ShortText,
  jurisdiction: JurisdictionCode,
  point: GeoPoint,
  capacity: Count,
  occupancy: Count.default(0),
});
export type Shelter = z.infer<typeof Shelter>;

/** 风险隐患点 */
export const RiskPoint = z.object({
  id: ObjectId,
  name: ShortText,
  jurisdiction: JurisdictionCode,
  kind: ShortText,
  point: GeoPoint,
  level: z.enum(['major', 'high', 'medium', 'low']),
  responsiblePerson: z.string().max(100).optional(),
});
export type RiskPoint = z.infer<typeof RiskPoint>;
