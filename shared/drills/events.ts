import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';
import { JurisdictionCode } from '../domain/jurisdiction';
import { IncidentFacts } from '../domain/incident';
import { PhoneNumber } from '../domain/common';
import { ContingencyPlan } from '../headquarters/plan';
import { DrillInject, DrillKey, DrillKind } from './scenario';

/*
 * Event and command types of the drill (演练) aggregate; the catalogs in shared/events and
 * shared/commands spread these in. One drill is one stream, `drill:<id>`, owned by the organiser's
 * station. Decision 0024 says how drill data is kept apart from real data.
 */

/** 公开演练 (the drilled room knows) or 双盲演练 (neither the time nor the script is told). */
export const DrillMode = z.enum(['announced', 'blind']);
export type DrillMode = z.infer<typeof DrillMode>;

export { DrillTag } from './tag';

const Reason = z.string().trim().max(2000);

/** A person the drill may really reach (演练参与人员): SMS and calls about drill records go only to these. */
export const DrillParticipant = z.object({ name: z.string().trim().min(1).max(50), phone: PhoneNumber });
export type DrillParticipant = z.infer<typeof DrillParticipant>;

/** 演练评估: one recommendation; one that names a plan may open a revision of it. */
export const DrillRecommendation = z.object({
  text: z.string().trim().min(1).max(2000),
  /** The contingency plan (预案) the recommendation asks to revise, if any. */
  planId: ObjectId.optional(),
});
export type DrillRecommendation = z.infer<typeof DrillRecommendation>;

const Year = z.number().int().min(2000).max(2100);
const Month = z.number().int().min(1).max(12);

/** 年度演练计划: one planned drill of a station's year. */
export const DrillPlanEntry = z.object({
  entryId: Ulid,
  year: Year,
  kind: DrillKind,
  month: Month,
  scenarioId: ObjectId.optional(),
  note: z.string().trim().max(500).default(''),
});
export type DrillPlanEntry = z.infer<typeof DrillPlanEntry>;

export const drillEventPayloads = {
  /** 演练开始 (or scheduled: injects are delivered from `startsAt`). Seen by the organiser and above only. */
  'drill.started': z.object({
    scenarioId: ObjectId,
    scenarioVersion: z.number().int().min(1),
    drilled: z.array(JurisdictionCode).min(1).max(50),
    mode: DrillMode,
    startsAt: Instant,
    /** Whether the drilled rooms' leaders on duty are told (by setting, for a blind drill). */
    tellLeader: z.boolean(),
    /** Who the drill may really reach by SMS or call; every other notice about it goes to the drill sink. */
    participants: z.array(DrillParticipant).max(200).optional(),
  }),
  'drill.paused': z.object({}),
  'drill.resumed': z.object({}),
  /**
   * 演练结束: goes down to every drilled console, which says so plainly, naming the drill by `title` (the
   * script's title: a drilled station is never told the script, so the end carries its name).
   */
  'drill.ended': z.object({
    reason: Reason.default(''),
    title: z.object({ zh: z.string().max(200), en: z.string().max(200) }).optional(),
    /** Once over, no secret: the drilled stations and the script's kind (for the annual drill plan). */
    drilled: z.array(JurisdictionCode).max(50).optional(),
    kind: DrillKind.optional(),
  }),
  /**
   * An inject reached one drilled room (occurredAt: when). A call carries the incident facts as the
   * drilled station registers them (its own division, the times of delivery).
   */
  'drill.inject_delivered': z.object({
    injectKey: DrillKey,
    drilled: JurisdictionCode,
    inject: DrillInject,
    facts: IncidentFacts.optional(),
    /**
     * What the drilled console may show: an announced drill's records are marked 演练 from the start, a
     * blind drill's only after its end — except to the leader on duty when `tellLeader` (by setting).
     */
    mode: DrillMode.optional(),
    tellLeader: z.boolean().optional(),
    /** The participants' phones (演练参与人员), so the drilled station knows whom a drill notice may reach. */
    participantPhones: z.array(PhoneNumber).max(200).optional(),
  }),
  /** The drilled room answered a warning (叫应) or a question from above that the drill delivered to it. */
  'drill.inject_answered': z.object({
    injectKey: DrillKey,
    action: z.enum(['warning_answer', 'question_answer']),
    answer: z.string().trim().min(1).max(2000),
  }),
  /** 演练评估: the organiser's findings and recommendations on an ended drill (a later record replaces them). */
  'drill.findings_recorded': z.object({
    findings: z.string().trim().max(4000),
    recommendations: z.array(DrillRecommendation).max(50),
  }),
  /** A recommendation opened a revision of a plan: the new version's `hq_plan.saved` is in the same commit. */
  'drill.plan_revision_opened': z.object({
    recommendation: z.number().int().min(0),
    planId: ObjectId,
    planVersion: z.number().int().min(1),
  }),
  /**
   * The organiser linked an incident a drilled room registered by hand during the drill to the drill
   * (to the call it answers): from now on it and its reports and dispatches count as drill, not real.
   */
  'drill.incident_linked': z.object({ incidentId: Ulid, drilled: JurisdictionCode, injectKey: DrillKey }),
  /**
   * The same link on the incident's own link stream `drill_link:<incidentId>` (written by the organiser
   * with drill.incident_linked), so the hub finds it by the incident when a report about it is sent.
   */
  'drill_link.recorded': z.object({ drillId: Ulid, drilled: JurisdictionCode, injectKey: DrillKey }),
  /** 年度演练计划 (on the station's own stream `drill_plan:<station>`): a planned drill saved or removed. */
  'drill_plan.entry_saved': DrillPlanEntry,
  'drill_plan.entry_removed': z.object({ entryId: Ulid }),
} as const;

export const drillCommandPayloads = {
  'drill.start': z.object({
    drillId: Ulid.optional(),
    scenarioId: ObjectId,
    /** The latest shipped version when absent. */
    scenarioVersion: z.number().int().min(1).optional(),
    drilled: z.array(JurisdictionCode).min(1).max(50),
    mode: DrillMode,
    /** Now when absent; for a blind drill, a time the drilled rooms are not told. */
    startsAt: Instant.optional(),
    tellLeader: z.boolean().default(false),
    /** 演练参与人员: the only phones drill notices may really reach. */
    participants: z.array(DrillParticipant).max(200).optional(),
  }),
  'drill.pause': z.object({ drillId: Ulid }),
  'drill.resume': z.object({ drillId: Ulid }),
  'drill.end': z.object({ drillId: Ulid, reason: Reason.default('') }),
  /** At a drilled station: the answer to a warning or a question the drill delivered here. */
  'drill.answer_inject': z.object({
    drillId: Ulid,
    injectKey: DrillKey,
    answer: z.string().trim().min(1).max(2000),
  }),
  'drill.record_findings': z.object({
    drillId: Ulid,
    findings: z.string().trim().max(4000).default(''),
    recommendations: z.array(DrillRecommendation).max(50).default([]),
  }),
  /**
   * Open a revision of the plan a recommendation names: a new version of it (the edited plan when
   * given, else the version in force copied), whose history says which drill and recommendation.
   */
  'drill.open_plan_revision': z.object({
    drillId: Ulid,
    recommendation: z.number().int().min(0),
    plan: ContingencyPlan.optional(),
  }),
  'drill.link_incident': z.object({ drillId: Ulid, incidentId: Ulid, injectKey: DrillKey }),
  'drill_plan.save_entry': DrillPlanEntry.extend({ entryId: Ulid.optional() }),
  'drill_plan.remove_entry': z.object({ entryId: Ulid }),
} as const;

/** Only the organiser station's drill runner delivers injects. */
export const drillSystemCommandPayloads = {
  'drill.deliver_inject': z.object({ drillId: Ulid, injectKey: DrillKey, drilled: JurisdictionCode }),
} as const;
