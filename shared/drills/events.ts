import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';
import { JurisdictionCode } from '../domain/jurisdiction';
import { IncidentFacts } from '../domain/incident';
import { DrillInject, DrillKey } from './scenario';

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
  }),
  'drill.paused': z.object({}),
  'drill.resumed': z.object({}),
  /** 演练结束: goes down to every drilled console, which says so plainly. */
  'drill.ended': z.object({ reason: Reason.default('') }),
  /**
   * An inject reached one drilled room (occurredAt: when). A call carries the incident facts as the
   * drilled station registers them (its own division, the times of delivery).
   */
  'drill.inject_delivered': z.object({
    injectKey: DrillKey,
    drilled: JurisdictionCode,
    inject: DrillInject,
    facts: IncidentFacts.optional(),
  }),
  /** The drilled room answered a warning (叫应) or a question from above that the drill delivered to it. */
  'drill.inject_answered': z.object({
    injectKey: DrillKey,
    action: z.enum(['warning_answer', 'question_answer']),
    answer: z.string().trim().min(1).max(2000),
  }),
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
} as const;

/** Only the organiser station's drill runner delivers injects. */
export const drillSystemCommandPayloads = {
  'drill.deliver_inject': z.object({ drillId: Ulid, injectKey: DrillKey, drilled: JurisdictionCode }),
} as const;
