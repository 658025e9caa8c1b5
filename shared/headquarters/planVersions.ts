import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import type { Instant } from '../time';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { loadPlan, type ContingencyPlan } from './plan';

/*
 * Plan templates edited in the app (预案修订). Each plan id has one stream, `hq_plan:<id>`; every
 * save appends a new version and keeps the earlier ones, so a headquarters activated from version 1
 * keeps its tasks and check-in limit after the plan is edited. The shipped file is version 1 until a
 * save: the first save of a shipped plan is version 2.
 */

export type SavePlanCommand = Extract<Command, { type: 'hq_plan.save' }>;
export type PlanSavedEvent = Extract<DomainEvent, { type: 'hq_plan.saved' }>;

export const planStream = (planId: string) => `hq_plan:${planId}` as const;

export interface PlanVersions {
  id: string;
  /** Every saved version, oldest first; the last is in force. */
  versions: ContingencyPlan[];
  saves: Array<{
    version: number;
    at: Instant;
    by: string;
    /** A revision a drill's recommendation opened (issue 22). */
    origin?: { drillId: string; recommendation: number; text: string };
  }>;
}

/**
 * Save an edited plan. `current` is the plan in force (saved or shipped), undefined for a new one.
 * The edit names the version it was made from; a plan saved meanwhile refuses it (nothing lost: the
 * editor keeps the text and shows the newer version).
 */
export function decideSavePlan(
  cmd: Pick<SavePlanCommand, 'payload'>,
  current: ContingencyPlan | undefined,
  origin?: PlanSavedEvent['payload']['origin'],
): Result<EventDraft[]> {
  const loaded = loadPlan(cmd.payload.plan);
  if (!loaded.ok) return loaded;
  const edited = loaded.value;
  const base = current?.version ?? 0;
  if (current && edited.version !== base)
    return fail(
      domainError(
        'INVALID_FIELD',
        'plan.version',
        `the plan is now version ${base}; reload it and edit again`,
      ),
    );
  if (current && current.category !== edited.category)
    return fail(domainError('INVALID_FIELD', 'plan.category', 'a saved plan keeps its incident category'));
  return ok([
    {
      type: 'hq_plan.saved',
      stream: planStream(edited.id),
      payload: { plan: { ...edited, version: base + 1 }, ...(origin ? { origin } : {}) },
    },
  ]);
}

export function evolvePlanVersions(state: PlanVersions | undefined, e: PlanSavedEvent): PlanVersions {
  const plan = e.payload.plan;
  return {
    id: plan.id,
    versions: [...(state?.versions ?? []), plan],
    saves: [
      ...(state?.saves ?? []),
      {
        version: plan.version,
        at: e.occurredAt,
        by: e.actor.id,
        ...(e.payload.origin ? { origin: e.payload.origin } : {}),
      },
    ],
  };
}

/** The plans in force: each shipped plan, replaced by its latest saved version when there is one. */
export function plansInForce(
  shipped: readonly ContingencyPlan[],
  saved: readonly PlanVersions[],
): ContingencyPlan[] {
  const byId = new Map<string, ContingencyPlan>(shipped.map((p) => [p.id, p]));
  for (const s of saved) {
    const last = s.versions[s.versions.length - 1];
    if (last) byId.set(s.id, last);
  }
  return [...byId.values()];
}

/** One version of a plan (the latest when `version` is absent), saved or shipped. */
export function planVersion(
  shipped: readonly ContingencyPlan[],
  saved: PlanVersions | undefined,
  id: string,
  version?: number,
): ContingencyPlan | undefined {
  const all = [...shipped.filter((p) => p.id === id), ...(saved?.versions ?? [])];
  if (version === undefined) return all.sort((a, b) => b.version - a.version)[0];
  return all.find((p) => p.version === version);
}
