import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import type { DecideContext } from '../aggregates/context';
import { isWithin, levelOf } from '../domain/jurisdiction';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { HOUR, toMs, type Instant } from '../time';
import type { DrillState } from './aggregate';
import type { DrillPlanEntry } from './events';
import type { DrillKind } from './scenario';

/*
 * 年度演练计划 (issue 22): each station plans its year's drills (year, comprehensive or special, the
 * month, a script if chosen) on its own stream `drill_plan:<station>`, which goes up like every own
 * record, and the drills it held are read from the ended drills it holds. A superior reads the same
 * for the townships below it: which have not held their comprehensive drill (综合演练) this year.
 */

export type DrillPlanCommand = Extract<Command, { type: `drill_plan.${string}` }>;
export type DrillPlanEvent = Extract<DomainEvent, { type: `drill_plan.${string}` }>;

export const drillPlanStream = (station: string) => `drill_plan:${station}` as const;

export interface DrillPlanState {
  entries: DrillPlanEntry[];
}

export function decideDrillPlan(
  cmd: DrillPlanCommand,
  state: DrillPlanState | undefined,
  ctx: DecideContext & { station: string },
): Result<EventDraft[]> {
  const stream = drillPlanStream(ctx.station);
  const entries = state?.entries ?? [];
  if (cmd.type === 'drill_plan.remove_entry') {
    if (!entries.some((e) => e.entryId === cmd.payload.entryId))
      return fail(domainError('NOT_FOUND', 'payload.entryId', cmd.payload.entryId));
    return ok([{ type: 'drill_plan.entry_removed', stream, payload: { entryId: cmd.payload.entryId } }]);
  }
  const { entryId, ...rest } = cmd.payload;
  const thisYear = chinaYear(ctx.now);
  if (rest.year < thisYear)
    return fail(domainError('INVALID_FIELD', 'payload.year', `a plan is for ${String(thisYear)} or later`));
  return ok([
    { type: 'drill_plan.entry_saved', stream, payload: { entryId: entryId ?? ctx.newId(), ...rest } },
  ]);
}

export function evolveDrillPlan(state: DrillPlanState | undefined, e: DrillPlanEvent): DrillPlanState {
  const entries = (state?.entries ?? []).filter((x) => x.entryId !== e.payload.entryId);
  return { entries: e.type === 'drill_plan.entry_saved' ? [...entries, e.payload] : entries };
}

/** The calendar year in China (UTC+8) of an instant. */
export function chinaYear(at: Instant | number): number {
  const ms = typeof at === 'number' ? at : toMs(at);
  return new Date(ms + 8 * HOUR).getUTCFullYear();
}

export interface HeldDrill {
  drillId: string;
  kind: DrillKind | null;
  endedAt: Instant;
  organiser: string;
}

/** The drills `station` took part in (drilled, or organised on itself) that ended in `year`. */
export function drillsHeld(
  station: string,
  year: number,
  drills: readonly DrillState[],
  kindOf: (drill: DrillState) => DrillKind | null,
): HeldDrill[] {
  return drills.flatMap((d) => {
    if (d.status !== 'ended' || !d.endedAt || chinaYear(d.endedAt) !== year) return [];
    if (!drilledOf(d).includes(station)) return [];
    return [{ drillId: d.id, kind: kindOf(d), endedAt: d.endedAt, organiser: d.organiser }];
  });
}

/** The stations a drill drilled, as far as this station's record tells. */
export function drilledOf(d: DrillState): string[] {
  return d.plan?.drilled ?? d.endedDrilled ?? [...new Set(d.deliveries.map((x) => x.drilled))];
}

export interface TownshipStanding {
  jurisdiction: string;
  planned: DrillPlanEntry[];
  held: HeldDrill[];
  /** Whether a comprehensive drill (综合演练) was held this year. */
  comprehensiveHeld: boolean;
}

/**
 * For a superior: each township below it that its record knows (its own list, those with a plan, those
 * a drill drilled), with what it planned and held in `year`, those without a comprehensive drill first.
 */
export function townshipStandings(input: {
  superior: string;
  year: number;
  townships: readonly string[];
  plans: ReadonlyMap<string, DrillPlanState>;
  drills: readonly DrillState[];
  kindOf: (drill: DrillState) => DrillKind | null;
}): TownshipStanding[] {
  const { superior, year } = input;
  const codes = new Set(input.townships);
  for (const code of input.plans.keys()) codes.add(code);
  for (const d of input.drills) for (const code of drilledOf(d)) codes.add(code);
  const below = [...codes].filter(
    (c) => c !== superior && isWithin(c, superior) && levelOf(c) === 'township',
  );
  return below
    .map((jurisdiction) => {
      const held = drillsHeld(jurisdiction, year, input.drills, input.kindOf);
      return {
        jurisdiction,
        planned: (input.plans.get(jurisdiction)?.entries ?? []).filter((e) => e.year === year),
        held,
        comprehensiveHeld: held.some((h) => h.kind === 'comprehensive'),
      };
    })
    .sort(
      (a, b) =>
        Number(a.comprehensiveHeld) - Number(b.comprehensiveHeld) ||
        a.jurisdiction.localeCompare(b.jurisdiction),
    );
}
