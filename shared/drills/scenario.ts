import { z } from 'zod';
import { ObjectId } from '../ids';
import { ShortText, LongText, PhoneNumber } from '../domain/common';
import {
  Casualties,
  IncidentCategory,
  IncidentSubtype,
  SeverityLevel,
  subtypeFitsCategory,
} from '../domain/incident';
import { JurisdictionLevel } from '../domain/jurisdiction';
import { domainError, fromZodError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';

/*
 * 演练脚本 as data (issue 22): a drill scenario is a list of injects (情景注入) at minute offsets from the
 * drill's start, each with what the drilled room is expected to do about it and within how many
 * minutes. Scenarios are versioned like contingency plans (resources/plans): a file carries its
 * version, and a drill names the version it ran, so an evaluation always reads the script it was
 * scored against. The facts of a call carry no division code: the drilled station's own jurisdiction
 * is filled in when the inject is delivered, so one script serves every township of its kind.
 */

export const DrillKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, 'expected a key of lower-case letters, digits and _');
export type DrillKey = z.infer<typeof DrillKey>;

const Title = z.object({ zh: ShortText, en: ShortText });

/** 综合演练 / 专项演练 (seeds 000, 001, 003). */
export const DrillKind = z.enum(['comprehensive', 'special']);
export type DrillKind = z.infer<typeof DrillKind>;

/**
 * What the drilled room may be expected to do, each read from the record (shared/drills/observe.ts):
 * - `register`: the call inject registered as an incident (接报登记);
 * - `initial_report`: a 首报 about that incident sent upward;
 * - `follow_up_report`: a 续报 about that incident sent upward after the inject;
 * - `dispatch`: a team dispatched to that incident;
 * - `hq_activation`: a headquarters activated for that incident;
 * - `warning_answer`: the warning inject answered (叫应);
 * - `question_answer`: the upper level's question answered.
 */
export const ExpectedActionType = z.enum([
  'register',
  'initial_report',
  'follow_up_report',
  'dispatch',
  'hq_activation',
  'warning_answer',
  'question_answer',
]);
export type ExpectedActionType = z.infer<typeof ExpectedActionType>;

/** The actions that are about an incident, and so about the call inject that started it. */
export const INCIDENT_ACTIONS: readonly ExpectedActionType[] = [
  'register',
  'initial_report',
  'follow_up_report',
  'dispatch',
  'hq_activation',
];

export const ExpectedAction = z.object({
  /** Stable within the inject: the evaluation names it. */
  key: DrillKey,
  action: ExpectedActionType,
  /** Due this many minutes after the inject reached the drilled room. */
  dueWithinMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  /** The scenario criterion it is scored under. */
  criterion: DrillKey,
  /** Its weight inside the criterion. */
  weight: z.number().positive().max(100).default(1),
});
export type ExpectedAction = z.infer<typeof ExpectedAction>;

/** The call as the caller gives it: what a real call would bring to 接报. */
export const DrillCallFacts = z.object({
  title: ShortText,
  category: IncidentCategory,
  subtype: IncidentSubtype,
  level: SeverityLevel,
  /** Where, in words (the division is the drilled station's own). */
  address: z.string().trim().min(1).max(300),
  /** How many minutes before the call it happened. */
  occurredMinutesBefore: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(0),
  caller: z.object({ name: z.string().max(100).optional(), phone: PhoneNumber.optional() }).optional(),
  casualties: Casualties.default({ dead: 0, injured: 0, missing: 0, trapped: 0 }),
  affectedPeople: z.number().int().min(0).max(10_000_000).default(0),
  description: LongText.default(''),
});
export type DrillCallFacts = z.infer<typeof DrillCallFacts>;

const injectBase = {
  key: DrillKey,
  /** Minutes after the drill's start at which the inject is delivered. */
  atMinute: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
  /** What the organiser's timeline calls it. */
  title: Title,
  expected: z.array(ExpectedAction).max(20).default([]),
};

/** About an incident an earlier call inject started: the key of that call. */
const aboutIncident = { incident: DrillKey };

export const DrillInject = z.discriminatedUnion('kind', [
  /** A call about an incident (来电报警/群众报告), with its facts. */
  z.object({ ...injectBase, kind: z.literal('incident_call'), call: DrillCallFacts }),
  /** The casualties change (伤亡变化): the new totals as the caller now gives them. */
  z.object({
    ...injectBase,
    ...aboutIncident,
    kind: z.literal('casualty_change'),
    casualties: Casualties,
    message: LongText,
  }),
  /** A road is cut (道路中断): what road, and what it means. */
  z.object({
    ...injectBase,
    ...aboutIncident,
    kind: z.literal('road_cut'),
    road: ShortText,
    message: LongText,
  }),
  /** A team cannot come (队伍无法出动). */
  z.object({
    ...injectBase,
    ...aboutIncident,
    kind: z.literal('team_unavailable'),
    team: ShortText,
    message: LongText,
  }),
  /** A warning from above (上级预警), to be answered (叫应). */
  z.object({
    ...injectBase,
    kind: z.literal('warning_from_above'),
    level: z.enum(['blue', 'yellow', 'orange', 'red']),
    message: LongText,
  }),
  /** A question from the upper level (上级询问/核实). */
  z.object({
    ...injectBase,
    incident: DrillKey.optional(),
    kind: z.literal('upper_level_question'),
    question: LongText,
  }),
]);
export type DrillInject = z.infer<typeof DrillInject>;
export type DrillInjectKind = DrillInject['kind'];

export const DrillCriterion = z.object({
  key: DrillKey,
  title: Title,
  /** Its weight in the drill's total score. */
  weight: z.number().positive().max(100),
});
export type DrillCriterion = z.infer<typeof DrillCriterion>;

export const DrillScenario = z.object({
  id: ObjectId,
  version: z.number().int().min(1),
  title: Title,
  kind: DrillKind,
  /** The regulation or plan text the scenario follows. */
  source: z.string().trim().min(1).max(500),
  /** The level of the station it drills (乡镇, 区县…). */
  drilledLevel: JurisdictionLevel,
  category: IncidentCategory,
  subtype: IncidentSubtype,
  /** How long the drill runs unless ended sooner. */
  durationMinutes: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 60),
  /** Share of an action's weight earned when it was done, but late (0 = late counts as not done). */
  lateCredit: z.number().min(0).max(1).default(0.5),
  criteria: z.array(DrillCriterion).min(1).max(20),
  injects: z.array(DrillInject).min(1).max(500),
});
export type DrillScenario = z.infer<typeof DrillScenario>;

/** The call inject an inject's actions are about (itself for a call; its `incident` otherwise). */
export function subjectOf(inject: DrillInject, action: ExpectedActionType): string {
  if (inject.kind === 'incident_call') return inject.key;
  if ('incident' in inject && inject.incident !== undefined && INCIDENT_ACTIONS.includes(action))
    return inject.incident;
  return inject.key;
}

/** Cross-references a schema cannot see. */
function scenarioConsistency(s: DrillScenario): DomainError[] {
  const errors: DomainError[] = [];
  if (!subtypeFitsCategory(s))
    errors.push(domainError('INVALID_FIELD', 'subtype', `${s.subtype} is not a ${s.category} subtype`));
  const criteria = new Set<string>();
  s.criteria.forEach((c, i) => {
    if (criteria.has(c.key))
      errors.push(domainError('INVALID_FIELD', `criteria.${i}.key`, `criterion ${c.key} named twice`));
    criteria.add(c.key);
  });
  const used = new Set<string>();
  const calls = new Map<string, number>();
  const keys = new Set<string>();
  s.injects.forEach((inject, i) => {
    const at = `injects.${i}`;
    if (keys.has(inject.key))
      errors.push(domainError('INVALID_FIELD', `${at}.key`, `inject ${inject.key} named twice`));
    keys.add(inject.key);
    if (inject.atMinute > s.durationMinutes)
      errors.push(
        domainError('INVALID_FIELD', `${at}.atMinute`, `after the drill's end (${s.durationMinutes} min)`),
      );
    if (inject.kind === 'incident_call' && !subtypeFitsCategory(inject.call))
      errors.push(
        domainError(
          'INVALID_FIELD',
          `${at}.call.subtype`,
          `${inject.call.subtype} is not a ${inject.call.category} subtype`,
        ),
      );
    if ('incident' in inject && inject.incident !== undefined) {
      const callAt = calls.get(inject.incident);
      if (callAt === undefined)
        errors.push(
          domainError('INVALID_FIELD', `${at}.incident`, `${inject.incident} is no earlier call inject`),
        );
      else if (callAt > inject.atMinute)
        errors.push(
          domainError('INVALID_FIELD', `${at}.atMinute`, `before the call ${inject.incident} it is about`),
        );
    }
    const actionKeys = new Set<string>();
    inject.expected.forEach((e, j) => {
      const field = `${at}.expected.${j}`;
      if (actionKeys.has(e.key))
        errors.push(domainError('INVALID_FIELD', `${field}.key`, `action ${e.key} named twice`));
      actionKeys.add(e.key);
      if (!criteria.has(e.criterion))
        errors.push(domainError('INVALID_FIELD', `${field}.criterion`, `no criterion ${e.criterion}`));
      used.add(e.criterion);
      const aboutIncident = INCIDENT_ACTIONS.includes(e.action);
      if (aboutIncident && subjectOf(inject, e.action) === inject.key && inject.kind !== 'incident_call')
        errors.push(
          domainError('INVALID_FIELD', `${field}.action`, `${e.action} needs an inject about an incident`),
        );
      if (e.action === 'register' && inject.kind !== 'incident_call')
        errors.push(domainError('INVALID_FIELD', `${field}.action`, 'only a call is registered'));
      if (e.action === 'warning_answer' && inject.kind !== 'warning_from_above')
        errors.push(domainError('INVALID_FIELD', `${field}.action`, 'only a warning is answered (叫应)'));
      if (e.action === 'question_answer' && inject.kind !== 'upper_level_question')
        errors.push(domainError('INVALID_FIELD', `${field}.action`, 'only a question is answered'));
    });
    if (inject.kind === 'incident_call') calls.set(inject.key, inject.atMinute);
  });
  s.criteria.forEach((c, i) => {
    if (!used.has(c.key))
      errors.push(domainError('INVALID_FIELD', `criteria.${i}.key`, `criterion ${c.key} scores no action`));
  });
  return errors;
}

/** Parse a scenario file: the schema, then the cross-references; every problem is listed with its field. */
export function loadScenario(json: unknown): Result<DrillScenario> {
  const parsed = DrillScenario.safeParse(json);
  if (!parsed.success) return fail(...fromZodError(parsed.error));
  const errors = scenarioConsistency(parsed.data);
  return errors.length > 0 ? fail(...errors) : ok(parsed.data);
}

/** Every expected action of a scenario with the inject it belongs to and the call it is about. */
export interface ScriptedAction {
  inject: DrillInject;
  expected: ExpectedAction;
  subject: string;
}

export function scriptedActions(s: DrillScenario): ScriptedAction[] {
  return s.injects.flatMap((inject) =>
    inject.expected.map((expected) => ({ inject, expected, subject: subjectOf(inject, expected.action) })),
  );
}
