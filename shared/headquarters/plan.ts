import { z } from 'zod';
import { ObjectId } from '../ids';
import { Person, ShortText } from '../domain/common';
import { IncidentCategory, IncidentSubtype, SeverityLevel, subtypesByCategory } from '../domain/incident';
import { JurisdictionLevel } from '../domain/jurisdiction';
import { WorkingGroupKind } from '../domain/operations';
import { domainError, fromZodError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';

/*
 * 应急预案 as data: for an incident category/subtype and a response level (I–IV 级响应), who commands,
 * who deputises, which working groups (工作组) are formed, who sits in them, and each group's first
 * tasks with their due time in minutes after activation. Roles are generic keys ("party_secretary")
 * read at the plan's own level of government; a directory maps them to people at activation.
 */

export const RoleKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, 'expected a role key of lower-case letters, digits and _');
export type RoleKey = z.infer<typeof RoleKey>;

const Title = z.object({ zh: ShortText, en: ShortText });

/**
 * 党政主要负责人: by rule the commander (指挥长) is the top party or government official of the level
 * (Yunnan seed 001: "成立由党政主要负责人担任指挥长的现场指挥部").
 */
export const TOP_OFFICIAL_ROLES = ['party_secretary', 'government_head'] as const;

export const PlanTask = z.object({
  /** Stable within the plan: a task-done event and a countdown name it. */
  key: RoleKey,
  title: Title,
  /** Due this many minutes after the level that first required it took effect. */
  dueMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  /** Levels at which the task applies; all the group's levels when absent. */
  levels: z.array(SeverityLevel).min(1).optional(),
});
export type PlanTask = z.infer<typeof PlanTask>;

export const PlanGroup = z.object({
  kind: WorkingGroupKind,
  /** Lead unit's role (组长单位). */
  lead: RoleKey,
  members: z.array(RoleKey).max(40).default([]),
  tasks: z.array(PlanTask).min(1).max(30),
});
export type PlanGroup = z.infer<typeof PlanGroup>;

export const PlanLevel = z.object({
  commander: RoleKey,
  deputies: z.array(RoleKey).max(10).default([]),
  /** Working groups formed at this level. */
  groups: z.array(WorkingGroupKind).min(1),
  /** 到岗时限: a notified member not checked in after this many minutes raises an alarm. */
  checkInLimitMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
});
export type PlanLevel = z.infer<typeof PlanLevel>;

export const ContingencyPlan = z.object({
  id: ObjectId,
  version: z.number().int().min(1),
  title: Title,
  /** The regulation or plan text the template follows. */
  source: z.string().trim().min(1).max(500),
  category: IncidentCategory,
  subtypes: z.array(IncidentSubtype).min(1),
  /** The level of government whose officials the role keys name. */
  jurisdictionLevel: JurisdictionLevel,
  roles: z.record(RoleKey, Title),
  levels: z.object({ I: PlanLevel, II: PlanLevel, III: PlanLevel, IV: PlanLevel }).partial(),
  groups: z.array(PlanGroup).min(1).max(WorkingGroupKind.options.length),
});
export type ContingencyPlan = z.infer<typeof ContingencyPlan>;

/** Cross-references a schema cannot see: roles named but not defined, groups formed but not described. */
function planConsistency(plan: ContingencyPlan): DomainError[] {
  const errors: DomainError[] = [];
  const known = (role: string, field: string) => {
    if (!(role in plan.roles)) errors.push(domainError('PLAN_UNKNOWN_ROLE', field, role));
  };
  const allowed: readonly string[] = subtypesByCategory[plan.category];
  plan.subtypes.forEach((s, i) => {
    if (!allowed.includes(s))
      errors.push(domainError('INVALID_FIELD', `subtypes.${i}`, `${s} is not a ${plan.category} subtype`));
  });
  const described = new Set<string>();
  plan.groups.forEach((g, gi) => {
    if (described.has(g.kind))
      errors.push(domainError('INVALID_FIELD', `groups.${gi}.kind`, `group ${g.kind} described twice`));
    described.add(g.kind);
    known(g.lead, `groups.${gi}.lead`);
    g.members.forEach((m, mi) => known(m, `groups.${gi}.members.${mi}`));
    const keys = new Set<string>();
    g.tasks.forEach((t, ti) => {
      if (keys.has(t.key))
        errors.push(
          domainError('INVALID_FIELD', `groups.${gi}.tasks.${ti}.key`, `task ${t.key} named twice`),
        );
      keys.add(t.key);
    });
  });
  const levels = SeverityLevel.options.filter((l) => plan.levels[l]);
  if (levels.length === 0) errors.push(domainError('INVALID_FIELD', 'levels', 'at least one response level'));
  for (const level of levels) {
    const lp = plan.levels[level] as PlanLevel;
    const at = `levels.${level}`;
    known(lp.commander, `${at}.commander`);
    if (!(TOP_OFFICIAL_ROLES as readonly string[]).includes(lp.commander)) {
      errors.push(domainError('PLAN_COMMANDER_NOT_TOP_OFFICIAL', `${at}.commander`, lp.commander));
    }
    lp.deputies.forEach((d, di) => known(d, `${at}.deputies.${di}`));
    lp.groups.forEach((g, gi) => {
      if (!described.has(g))
        errors.push(
          domainError('INVALID_FIELD', `${at}.groups.${gi}`, `group ${g} is not described in groups`),
        );
    });
  }
  return errors;
}

/** Parse a plan file: the schema, then the cross-references; every problem is listed with its field. */
export function loadPlan(json: unknown): Result<ContingencyPlan> {
  const parsed = ContingencyPlan.safeParse(json);
  if (!parsed.success) return fail(...fromZodError(parsed.error));
  const errors = planConsistency(parsed.data);
  return errors.length > 0 ? fail(...errors) : ok(parsed.data);
}

/** One working group as formed at a level: its roles and the tasks that apply there. */
export interface FormedGroup {
  kind: z.infer<typeof WorkingGroupKind>;
  lead: RoleKey;
  members: RoleKey[];
  tasks: PlanTask[];
}

export interface LevelOrganisation {
  level: SeverityLevel;
  commander: RoleKey;
  deputies: RoleKey[];
  checkInLimitMinutes: number;
  groups: FormedGroup[];
}

/** The organisation a plan sets up at one response level, or undefined when the plan has no such level. */
export function organisationAt(plan: ContingencyPlan, level: SeverityLevel): LevelOrganisation | undefined {
  const lp = plan.levels[level];
  if (!lp) return undefined;
  const groups = plan.groups
    .filter((g) => lp.groups.includes(g.kind))
    .map((g) => ({
      kind: g.kind,
      lead: g.lead,
      members: g.members,
      tasks: g.tasks.filter((t) => !t.levels || t.levels.includes(level)),
    }));
  return {
    level,
    commander: lp.commander,
    deputies: lp.deputies,
    checkInLimitMinutes: lp.checkInLimitMinutes,
    groups,
  };
}

/**
 * The plan for an incident: exact subtype match first, then none (a plan is never guessed across categories).
 * Among those, the one for the station's level (市, 区县, 乡镇: `level`), else the district's, else the first.
 */
export function planFor(
  plans: readonly ContingencyPlan[],
  category: IncidentCategory,
  subtype: IncidentSubtype,
  level?: JurisdictionLevel,
): ContingencyPlan | undefined {
  const fits = plans.filter((p) => p.category === category && p.subtypes.includes(subtype));
  return (
    (level ? fits.find((p) => p.jurisdictionLevel === level) : undefined) ??
    fits.find((p) => p.jurisdictionLevel === 'district') ??
    fits[0]
  );
}

/**
 * Who holds which role at this level (领导职务名录): a person may hold several roles, and a role may
 * be held by several people (every member of the 专家组 holds "expert").
 */
export const RoleHolder = z.object({ role: RoleKey, person: Person });
export type RoleHolder = z.infer<typeof RoleHolder>;
export const RoleDirectory = z.array(RoleHolder).max(5000);
export type RoleDirectory = z.infer<typeof RoleDirectory>;
