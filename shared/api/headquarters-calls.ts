import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';
import { JurisdictionCode } from '../domain/jurisdiction';
import { SeverityLevel } from '../domain/incident';
import { Headquarters, HeadquartersMember, WorkingGroupKind } from '../domain/operations';
import { MemberEntry, NotifyChannel } from '../headquarters/events';
import { HeadquartersObligation } from '../headquarters/obligations';
import { ContingencyPlan, PlanTask, RoleKey } from '../headquarters/plan';
import { query } from './call';

/*
 * 指挥部 in the station API. Activation, notices recorded by hand, check-ins, the site, level changes,
 * tasks done, termination and plan edits (`hq_plan.save`) go through `execute` with the catalog's
 * commands; these queries give the window what it cannot compute itself: the plans in force, who a
 * plan calls up (with phones, from the station's directory), and a headquarters' record with its
 * countdowns as of the station's clock.
 */

export const MemberStateWire = HeadquartersMember.extend({
  addedAt: Instant,
  notifiedBy: NotifyChannel.optional(),
  notificationFailures: z.number().int().min(0),
});

export const HeadquartersStepWire = z.object({
  at: Instant,
  step: z.string().max(40),
  by: z.string().max(64),
  personId: ObjectId.optional(),
  detail: z.string().max(2100).optional(),
});
export type HeadquartersStepWire = z.infer<typeof HeadquartersStepWire>;

/** A headquarters as the store folds it (HeadquartersState): what snapshot.headquarters carries. */
export const HeadquartersStateWire = Headquarters.omit({ members: true }).extend({
  planVersion: z.number().int().min(1),
  status: z.enum(['active', 'terminated']),
  members: z.array(MemberStateWire).max(1000),
  levels: z.array(z.object({ level: SeverityLevel, from: Instant, reason: z.string().max(2000).optional() })),
  tasksDone: z.array(
    z.object({
      group: z.string().max(40),
      taskKey: z.string().max(64),
      at: Instant,
      by: z.string().max(64),
      note: z.string().max(500).optional(),
    }),
  ),
  siteAddress: z.string().max(300).optional(),
  sitePlacedAt: Instant.optional(),
  terminationReason: z.string().max(2000).optional(),
  record: z.array(HeadquartersStepWire),
});
export type HeadquartersStateWire = z.infer<typeof HeadquartersStateWire>;

/** Terminated headquarters stay in the snapshot this long (the map and the board show them ended). */
export const RECENTLY_TERMINATED_MS = 24 * 60 * 60 * 1000;

export const PlanEntry = z.object({
  plan: ContingencyPlan,
  /** Saves made here (none: the shipped template as is). */
  saves: z.array(z.object({ version: z.number().int(), at: Instant, by: z.string().max(64) })),
});
export type PlanEntry = z.infer<typeof PlanEntry>;

export const PreviewInput = z.object({
  incidentId: Ulid,
  level: SeverityLevel,
  /** A plan other than the one matching the incident's category and subtype. */
  planId: ObjectId.optional(),
});

/** Who activation would call up, with the numbers to call them on and their home station. */
export const PreviewLineWire = z.object({
  member: MemberEntry,
  roles: z.array(RoleKey),
  phones: z.array(z.string().max(32)),
  station: JurisdictionCode.optional(),
});
export type PreviewLineWire = z.infer<typeof PreviewLineWire>;

export const ActivationPreviewWire = z.object({
  planId: ObjectId,
  planVersion: z.number().int().min(1),
  planTitle: z.object({ zh: z.string(), en: z.string() }),
  level: SeverityLevel,
  checkInLimitMinutes: z.number().int().min(1),
  lines: z.array(PreviewLineWire),
  unfilled: z.array(
    z.object({
      role: RoleKey,
      title: z.object({ zh: z.string(), en: z.string() }),
      as: MemberEntry.shape.role,
      group: WorkingGroupKind.optional(),
    }),
  ),
  /** Each group's first tasks at this level, with their due offsets. */
  groups: z.array(z.object({ kind: WorkingGroupKind, tasks: z.array(PlanTask) })),
  /** The incident already has an active headquarters (activation would be refused). */
  activeHeadquartersId: Ulid.optional(),
});
export type ActivationPreviewWire = z.infer<typeof ActivationPreviewWire>;

export const HeadquartersRecordWire = z.object({
  headquarters: HeadquartersStateWire,
  /** The plan version the headquarters runs on. */
  plan: ContingencyPlan,
  /** Every step with its time, in time order. */
  record: z.array(HeadquartersStepWire),
  /** Task countdowns and check-in deadlines as of `asOf`. */
  obligations: z.array(HeadquartersObligation),
  /** Members' phones (from this station's directory), for calling. */
  phones: z.record(z.string(), z.array(z.string().max(32))),
  /** Members who would be called up by raising to each more severe level (升级 preview). */
  raisePreview: z.record(z.string(), z.array(PreviewLineWire)),
  asOf: Instant,
});
export type HeadquartersRecordWire = z.infer<typeof HeadquartersRecordWire>;

export const headquartersCalls = {
  /** Plan templates in force (shipped, or their latest saved version), with who saved each version. */
  hqPlans: query(z.object({}).strict(), z.array(PlanEntry)),
  /** Who activating at this level would call up: commander, deputies, groups, members and phones. */
  hqPreview: query(PreviewInput, ActivationPreviewWire),
  /** A headquarters' record, countdowns and members' phones. */
  hqRecord: query(z.object({ headquartersId: Ulid }), HeadquartersRecordWire),
} as const;
