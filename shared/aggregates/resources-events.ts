import { z } from 'zod';
import { Ulid, ObjectId } from '../ids';
import { Instant } from '../time';
import { GeoPoint } from '../domain/common';
import { Depot, RecordSource, RiskPoint, Shelter, Team, TeamPosition, TeamStatus } from '../domain/resources';

/*
 * Event and command types of resources (队伍 / 物资 / 避难场所 / 风险隐患点) and dispatch orders (调度指令);
 * shared/features.ts registers them and the catalogs in shared/events and shared/commands are built from
 * the registry.
 */

export const resourcesEventPayloads = {
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
} as const;

export const resourcesCommandPayloads = {
  'team.register': z.object({ team: Team }),
  'team.report_position': z.object({ teamId: ObjectId, position: TeamPosition }),
  'team.change_status': z.object({
    teamId: ObjectId,
    status: TeamStatus,
    note: z.string().max(500).optional(),
    /** 调度台 / 车载终端 / 电话: where the status was reported from. */
    source: RecordSource.optional(),
  }),
  'depot.register': z.object({ depot: Depot }),
  'shelter.register': z.object({ shelter: Shelter }),
  'shelter.report_occupancy': z.object({ shelterId: ObjectId, occupancy: z.number().int().min(0) }),
  'risk_point.register': z.object({ riskPoint: RiskPoint }),

  'dispatch.issue': z.object({
    dispatchId: Ulid.optional(),
    teamId: ObjectId,
    incidentId: Ulid,
    etaAt: Instant.optional(),
  }),
  'dispatch.acknowledge': z.object({ dispatchId: Ulid, etaAt: Instant.optional(), source: RecordSource.optional() }),
  'dispatch.arrive': z.object({ dispatchId: Ulid, point: GeoPoint.optional(), source: RecordSource.optional() }),
  'dispatch.complete': z.object({ dispatchId: Ulid, source: RecordSource.optional() }),
  'dispatch.cancel': z.object({
    dispatchId: Ulid,
    reason: z.string().trim().min(1).max(2000),
    source: RecordSource.optional(),
  }),
} as const;
