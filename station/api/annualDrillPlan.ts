import type { ApiHandlers } from '../../shared/api/serve';
import type { AnnualDrillPlanWire } from '../../shared/api/annual-drill-plan-calls';
import type { DrillState } from '../../shared/drills/aggregate';
import { chinaYear, drillsHeld, townshipStandings, type HeldDrill } from '../../shared/drills/annualPlan';
import type { DrillPlanState } from '../../shared/drills/annualPlan';
import type { DrillKind, DrillScenario } from '../../shared/drills/scenario';
import { levelOf } from '../../shared/domain/jurisdiction';
import { ok } from '../../shared/result';
import { stationGazetteer } from '../gazetteer';
import { stationApiFeature } from './context';

/*
 * 年度演练计划 at the station API (issue 22): the station's plan for a year and the drills it took part
 * in, and for a superior every township below it with what it planned and held — those without their
 * comprehensive drill (综合演练) first. Read from the drills and plans this station holds: what reached it
 * through the hub (a township's plan goes up; a drill's start goes up from its organiser, its end down).
 */

export interface AnnualDrillPlanStore {
  readonly drills: { all(limit?: number): DrillState[] };
  drillScenario(id: string, version?: number): DrillScenario | undefined;
  drillPlans(): Map<string, DrillPlanState>;
}

export interface AnnualDrillPlanOptions {
  jurisdiction: string;
  clock: () => number;
  /** The townships below this station from the gazetteer, with their names (none at a township). */
  townships?: () => ReadonlyArray<{ code: string; name: string }>;
}

export function annualDrillPlanHandlers(
  store: AnnualDrillPlanStore,
  options: AnnualDrillPlanOptions,
): Pick<ApiHandlers, 'annualDrillPlan'> {
  return {
    annualDrillPlan: ({ year: asked }) => {
      const year = asked ?? chinaYear(options.clock());
      const drills = store.drills.all(5000);
      const scenarioOf = (d: DrillState) =>
        d.plan ? store.drillScenario(d.plan.scenarioId, d.plan.scenarioVersion) : undefined;
      const kindOf = (d: DrillState): DrillKind | null => scenarioOf(d)?.kind ?? d.endedKind ?? null;
      const byId = new Map(drills.map((d) => [d.id, d]));
      const wire = (h: HeldDrill): AnnualDrillPlanWire['held'][number] => {
        const d = byId.get(h.drillId);
        return { ...h, title: (d && scenarioOf(d)?.title) ?? d?.endedTitle ?? null };
      };
      const plans = store.drillPlans();
      const own = options.jurisdiction;
      const names = new Map((options.townships?.() ?? []).map((t) => [t.code, t.name]));
      const standings = townshipStandings({
        superior: own,
        year,
        townships: [...names.keys()],
        plans,
        drills,
        kindOf,
      });
      return ok({
        year,
        jurisdiction: own,
        planned: (plans.get(own)?.entries ?? []).filter((e) => e.year === year),
        held: drillsHeld(own, year, drills, kindOf).map(wire),
        townships: standings.map((t) => ({
          jurisdiction: t.jurisdiction,
          name: names.get(t.jurisdiction) ?? null,
          planned: t.planned,
          held: t.held.map(wire),
          comprehensiveHeld: t.comprehensiveHeld,
        })),
      });
    },
  };
}

const townshipCache = new Map<string, ReadonlyArray<{ code: string; name: string }>>();

/** The townships below a station's jurisdiction, from its gazetteer (read once per jurisdiction). */
export function townshipsBelow(jurisdiction: string): ReadonlyArray<{ code: string; name: string }> {
  const cached = townshipCache.get(jurisdiction);
  if (cached) return cached;
  let g: ReturnType<typeof stationGazetteer>;
  try {
    g = stationGazetteer(jurisdiction);
  } catch {
    // No gazetteer dataset here: the townships the record knows (plans, drills) are listed still.
    return [];
  }
  const out: Array<{ code: string; name: string }> = [];
  const walk = (code: string) => {
    for (const child of g.children(code)) {
      if (child.level === 'township') out.push({ code: child.code, name: child.name });
      else if (child.level !== 'village') walk(child.code);
    }
  };
  if (levelOf(jurisdiction) !== 'township' && levelOf(jurisdiction) !== 'village') walk(jurisdiction);
  townshipCache.set(jurisdiction, out);
  return out;
}

/** 年度演练计划 at the station API. */
export const annualDrillPlanApi = stationApiFeature({
  name: 'annual-drill-plan',
  open: ({ store, station, clock }) => ({
    handlers: annualDrillPlanHandlers(store, {
      jurisdiction: station.jurisdiction,
      clock,
      townships: () => townshipsBelow(station.jurisdiction),
    }),
  }),
});
