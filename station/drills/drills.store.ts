import {
  decideDrill,
  evolveDrill,
  type DrillCommand,
  type DrillEvent,
  type DrillState,
} from '../../shared/drills/aggregate';
import type { DrillScenario } from '../../shared/drills/scenario';
import { scenarioIn, shippedScenario } from '../../shared/drills/shippedScenarios';
import type { DrillTag } from '../../shared/drills/tag';
import {
  decideDrillPlan,
  evolveDrillPlan,
  drillPlanStream,
  type DrillPlanCommand,
  type DrillPlanEvent,
  type DrillPlanState,
} from '../../shared/drills/annualPlan';
import type { Incident } from '../../shared/domain/incident';
import { planVersion, type PlanVersions } from '../../shared/headquarters/planVersions';
import { shippedPlans } from '../../shared/headquarters/shippedPlans';
import { domainError } from '../../shared/errors';
import { fail } from '../../shared/result';
import { payloadText, stationFeature } from '../store/feature';
import { projectionDrills } from './migrations/0220-projection-drills';
import { eventFromRow } from '../store/log';

/** 演练 (issue 22): the drills this station holds, as the `drills` projection (migration 0220) keeps them. */
export interface DrillQueries {
  /** Drills not ended (running or paused), as this station holds them. */
  open(): DrillState[];
  /** Every drill this station holds, newest first by id (ULIDs sort by time), at most `limit`. */
  all(limit?: number): DrillState[];
  byId(id: string): DrillState | undefined;
}

export interface DrillRepository {
  /** 演练: the drills this station holds. */
  readonly drills: DrillQueries;
  /** A drill script by id and version (the latest when absent): the site's own, then the shipped ones. */
  drillScenario(id: string, version?: number): DrillScenario | undefined;
  /**
   * The drill an incident registered by hand was linked to afterwards (drill.incident_linked), as the
   * tag an incident from the drill's call carries: it and its records count as drill from then on.
   */
  drillLinkOf(incidentId: string): DrillTag | undefined;
  /** 年度演练计划: each station's plan this station holds (its own and those below), by jurisdiction. */
  drillPlans(): Map<string, DrillPlanState>;
}

/** The drills feature at the station: its projection, its queries and how a drill command is decided. */
export const drillsFeature = stationFeature<DrillRepository>({
  name: 'drills',
  migrations: [projectionDrills],
  projections: {
    drill: {
      table: 'drills',
      evolve: (s, e) => evolveDrill(s as DrillState | undefined, e as DrillEvent),
      columns: { status: (s: DrillState) => s.status, organiser: (s: DrillState) => s.organiser },
    },
  },
  repository(db, options) {
    const open = db.prepare<[]>("SELECT state FROM drills WHERE status <> 'ended' ORDER BY id").pluck();
    const all = db.prepare<[number]>('SELECT state FROM drills ORDER BY id DESC LIMIT ?').pluck();
    const byId = db.prepare<[string]>('SELECT state FROM drills WHERE id = ?').pluck();
    const parse = (rows: unknown[]) => rows.map((r) => JSON.parse(r as string) as DrillState);
    const linkOf = db.prepare<[string]>(
      `SELECT d.id AS drillId, d.organiser AS organiser, json_extract(l.value, '$.injectKey') AS injectKey
         FROM drills d, json_each(d.state, '$.links') l
        WHERE json_extract(l.value, '$.incidentId') = ? LIMIT 1`,
    );
    // Every station's plan stream sorts in one index range of the log (events_byStream).
    const planEvents = db.prepare<[]>(
      `SELECT e.envelope, e.hash, h.hub_seq FROM events e LEFT JOIN hub_sequence h ON h.event_id = e.id
        WHERE e.stream >= 'drill_plan:' AND e.stream < 'drill_plan;' ORDER BY e.stream, e.pos`,
    );
    const siteScenarios = options.drillScenarios ?? [];
    return {
      drills: {
        open: () => parse(open.all()),
        all: (limit = 200) => parse(all.all(limit)),
        byId: (id) => {
          const row = byId.get(id) as string | undefined;
          return row === undefined ? undefined : (JSON.parse(row) as DrillState);
        },
      },
      drillScenario: (id, version) => scenarioIn(siteScenarios, id, version) ?? shippedScenario(id, version),
      drillLinkOf: (incidentId) => linkOf.get(incidentId) as DrillTag | undefined,
      drillPlans: () => {
        const plans = new Map<string, DrillPlanState>();
        for (const row of planEvents.all() as Array<{
          envelope: string;
          hash: string;
          hub_seq: number | null;
        }>) {
          const e = eventFromRow(row) as DrillPlanEvent;
          plans.set(e.jurisdiction, evolveDrillPlan(plans.get(e.jurisdiction), e));
        }
        return plans;
      },
    };
  },
  decide: {
    drill(cmd, load, ctx) {
      const drillId = payloadText(cmd, 'drillId');
      const state = drillId ? (load.state(`drill:${drillId}`) as DrillState | undefined) : undefined;
      const scenario =
        cmd.type === 'drill.start'
          ? load.read.drillScenario(cmd.payload.scenarioId, cmd.payload.scenarioVersion)
          : state?.plan
            ? load.read.drillScenario(state.plan.scenarioId, state.plan.scenarioVersion)
            : undefined;
      const incidentId = cmd.type === 'drill.link_incident' ? cmd.payload.incidentId : undefined;
      const incident = incidentId ? (load.state(`incident:${incidentId}`) as Incident | undefined) : undefined;
      // An incident already linked to another drill is that drill's: the decider sees its tag.
      const linked = incidentId ? load.read.drillLinkOf(incidentId) : undefined;
      const planId =
        cmd.type === 'drill.open_plan_revision'
          ? state?.findings?.recommendations[cmd.payload.recommendation]?.planId
          : undefined;
      const planInForce = planId
        ? planVersion(shippedPlans, load.state(`hq_plan:${planId}`) as PlanVersions | undefined, planId)
        : undefined;
      return decideDrill(
        cmd as DrillCommand,
        {
          state,
          scenario,
          incident: incident && linked && !incident.drill ? { ...incident, drill: linked } : incident,
          planInForce,
        },
        ctx,
      );
    },
    drill_plan(cmd, load, ctx) {
      if (!ctx.station) return fail(domainError('NOT_AUTHORISED', 'station', 'a plan is a station’s own'));
      const state = load
        .events(drillPlanStream(ctx.station))
        .reduce<DrillPlanState | undefined>((s, e) => evolveDrillPlan(s, e as DrillPlanEvent), undefined);
      return decideDrillPlan(cmd as DrillPlanCommand, state, { ...ctx, station: ctx.station });
    },
  },
});
