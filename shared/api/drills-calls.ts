import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';
import { JurisdictionCode, JurisdictionLevel } from '../domain/jurisdiction';
import { ExportedFile } from '../reports/schemas';
import { DrillMode, DrillRecommendation } from '../drills/events';
import { DrillKind, ExpectedActionType } from '../drills/scenario';
import { query } from './call';

/*
 * 演练 (issue 22) at the station API: what an organiser's screen reads back. Starting, pausing, resuming
 * and ending a drill go through `execute` (drill.start, drill.pause, drill.resume, drill.end); these read
 * the scripts a drill may run, the drills this station holds, a drill's live timeline, its evaluation
 * (演练评估) and the two files (.docx 演练评估报告, .xlsx 时间线), both marked 演练.
 */

const Empty = z.object({}).strict();
const Title = z.object({ zh: z.string().max(200), en: z.string().max(200) });

/** A drill script (演练脚本) a drill may run: the site's own and the shipped ones, latest version each. */
export const DrillScenarioListing = z.object({
  id: ObjectId,
  version: z.number().int().min(1),
  title: Title,
  kind: DrillKind,
  durationMinutes: z.number().int().min(1),
  injects: z.number().int().min(0),
  /** The level of station it drills (乡镇, 区县…): the organiser's screen offers those stations only. */
  drilledLevel: JurisdictionLevel.optional(),
});
export type DrillScenarioListing = z.infer<typeof DrillScenarioListing>;

/**
 * A drill as this station holds it. `plan` fields (scenario, drilled rooms, mode, start) are known at the
 * organiser and above only: a drilled station sees its injects and the end.
 */
export const DrillSummary = z.object({
  id: Ulid,
  organiser: JurisdictionCode,
  status: z.enum(['running', 'paused', 'ended']),
  scenario: z.object({ id: ObjectId, version: z.number().int().min(1), title: Title }).nullable(),
  drilled: z.array(JurisdictionCode).max(50),
  mode: DrillMode.nullable(),
  startsAt: Instant.nullable(),
  endedAt: Instant.nullable(),
  /** The drill clock: minutes run (paused time excluded) as of `asOf` of the reply, or at the end. */
  clockMinutes: z.number().min(0).nullable(),
  deliveries: z.number().int().min(0),
});
export type DrillSummary = z.infer<typeof DrillSummary>;
export const DrillList = z.object({ asOf: Instant, drills: z.array(DrillSummary).max(500) });
export type DrillList = z.infer<typeof DrillList>;

/** One line of a drill's live timeline: an inject delivered to a drilled room, or what a room did. */
export const DrillTimelineLine = z.object({
  at: Instant,
  jurisdiction: JurisdictionCode,
  kind: z.union([z.literal('inject'), ExpectedActionType]),
  /** The inject's title (for an action: the inject it answers). */
  inject: Title,
  /** What it was in words (an action's detail; empty for an inject). */
  detail: z.string().max(2000),
  by: z.string().max(200),
});
export type DrillTimelineLine = z.infer<typeof DrillTimelineLine>;
export const DrillTimeline = z.object({ drill: DrillSummary, lines: z.array(DrillTimelineLine).max(20_000) });
export type DrillTimeline = z.infer<typeof DrillTimeline>;

export const DrillActionOutcome = z.enum(['on_time', 'late', 'missed', 'pending', 'not_delivered']);
export const DrillEvaluationWire = z.object({
  drill: DrillSummary,
  asOf: Instant,
  /** Final once the drill ended: an action not done is missed. */
  final: z.boolean(),
  rooms: z
    .array(
      z.object({
        jurisdiction: JurisdictionCode,
        total: z.number().nullable(),
        criteria: z.array(
          z.object({
            key: z.string().max(64),
            title: Title,
            weight: z.number(),
            score: z.number().nullable(),
          }),
        ),
        actions: z.array(
          z.object({
            inject: Title,
            type: ExpectedActionType,
            criterion: z.string().max(64),
            deliveredAt: Instant.nullable(),
            dueAt: Instant.nullable(),
            doneAt: Instant.nullable(),
            lateMinutes: z.number().min(0).nullable(),
            outcome: DrillActionOutcome,
          }),
        ),
      }),
    )
    .max(50),
  /** The organiser's findings and recommendations on record (drill.record_findings), if any. */
  findings: z
    .object({
      text: z.string().max(4000),
      recommendations: z.array(DrillRecommendation).max(50),
      at: Instant,
      by: z.string().max(200),
    })
    .nullable()
    .optional(),
  /** Plan revisions opened from recommendations (drill.open_plan_revision). */
  revisions: z
    .array(
      z.object({
        recommendation: z.number().int(),
        planId: z.string(),
        planVersion: z.number().int(),
        at: Instant,
      }),
    )
    .max(50)
    .optional(),
});
export type DrillEvaluationWire = z.infer<typeof DrillEvaluationWire>;

const DrillRef = z.object({ drillId: Ulid });
export const DrillDocxRequest = z.object({
  drillId: Ulid,
  findings: z.string().trim().max(4000).optional(),
  recommendations: z.string().trim().max(4000).optional(),
});

export const drillsCalls = {
  /** The drill scripts this station may run (latest version of each). */
  drillScenarios: query(Empty, z.array(DrillScenarioListing).max(200)),
  /** The drills this station holds, newest first. */
  drills: query(Empty, DrillList),
  /** A drill's injects delivered and the drilled rooms' actions, in time order. */
  drillTimeline: query(DrillRef, DrillTimeline),
  /** 演练评估: per drilled room, each expected action done or not, when, and how late; scores. */
  drillEvaluation: query(DrillRef, DrillEvaluationWire),
  /** The 演练评估报告 as .docx, with the organiser's findings and recommendations. */
  exportDrillEvaluationDocx: query(DrillDocxRequest, ExportedFile),
  /** The drill's timeline as .xlsx. */
  exportDrillTimelineXlsx: query(DrillRef, ExportedFile),
} as const;
