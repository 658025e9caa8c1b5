import {
  decideHeadquarters,
  evolveHeadquarters,
  type HeadquartersCommand,
  type HeadquartersEvent,
  type HeadquartersState,
} from '../../shared/headquarters/aggregate';
import type { ContingencyPlan } from '../../shared/headquarters/plan';
import {
  decideSavePlan,
  evolvePlanVersions,
  planVersion,
  plansInForce,
  type PlanSavedEvent,
  type PlanVersions,
  type SavePlanCommand,
} from '../../shared/headquarters/planVersions';
import { shippedPlans } from '../../shared/headquarters/shippedPlans';
import type { Incident } from '../../shared/domain/incident';
import { payloadText, stationFeature } from '../store/feature';
import { projectionHeadquarters } from './migrations/0130-projection-headquarters';

/** 指挥部 and 预案: the headquarters this station holds and the plan templates in force. */
export interface HeadquartersRepository {
  /** 指挥部: the active ones and the most recent terminated ones (at most 200), newest first. */
  headquarters(): HeadquartersState[];
  /** Every headquarters of one incident, newest first. */
  headquartersOf(incidentId: string): HeadquartersState[];
  headquartersById(id: string): HeadquartersState | undefined;
  /** The id of the headquarters still active for an incident, if any. */
  activeHeadquartersOf(incidentId: string): string | undefined;
  /** Plan templates in force: the shipped ones, each replaced by its latest saved version. */
  plans(): ContingencyPlan[];
  /** One plan version (the one in force when `version` is absent), saved here or shipped. */
  plan(id: string, version?: number): ContingencyPlan | undefined;
  /** Saved versions of a plan edited here, with who saved each and when. */
  planHistory(id: string): PlanVersions | undefined;
}

/** The headquarters feature at the station: headquarters and plan-version projections, queries, decisions. */
export const headquartersFeature = stationFeature<HeadquartersRepository>({
  name: 'headquarters',
  migrations: [projectionHeadquarters],
  projections: {
    headquarters: {
      table: 'headquarters',
      evolve: (s, e) => evolveHeadquarters(s as HeadquartersState | undefined, e as HeadquartersEvent),
      columns: {
        incident_id: (s: HeadquartersState) => s.incidentId,
        status: (s: HeadquartersState) => s.status,
        activated_at: (s: HeadquartersState) => s.activatedAt,
      },
    },
    hq_plan: {
      table: 'hq_plans',
      evolve: (s, e) => evolvePlanVersions(s as PlanVersions | undefined, e as PlanSavedEvent),
      columns: {},
    },
  },
  repository(db) {
    const current = db
      .prepare(
        `SELECT state FROM headquarters WHERE status = 'active'
         UNION ALL SELECT state FROM (SELECT state FROM headquarters WHERE status <> 'active'
                                      ORDER BY activated_at DESC, id LIMIT 200)`,
      )
      .pluck();
    const ofIncident = db
      .prepare('SELECT state FROM headquarters WHERE incident_id = ? ORDER BY activated_at DESC, id')
      .pluck();
    const byId = db.prepare('SELECT state FROM headquarters WHERE id = ?').pluck();
    const activeOf = db
      .prepare("SELECT id FROM headquarters WHERE incident_id = ? AND status = 'active' LIMIT 1")
      .pluck();
    const plans = db.prepare('SELECT state FROM hq_plans ORDER BY id').pluck();
    const planById = db.prepare('SELECT state FROM hq_plans WHERE id = ?').pluck();
    const parsed = (json: unknown): unknown => (typeof json === 'string' ? JSON.parse(json) : undefined);
    const hqs = (rows: unknown[]) => rows.map((r) => JSON.parse(r as string) as HeadquartersState);
    return {
      headquarters: () =>
        hqs(current.all()).sort((a, b) =>
          a.activatedAt < b.activatedAt ? 1 : a.activatedAt > b.activatedAt ? -1 : 0,
        ),
      headquartersOf: (incidentId) => hqs(ofIncident.all(incidentId)),
      headquartersById: (id) => parsed(byId.get(id)) as HeadquartersState | undefined,
      activeHeadquartersOf: (incidentId) => (activeOf.get(incidentId) as string | undefined) ?? undefined,
      plans: () => plansInForce(shippedPlans, plans.all().map((r) => JSON.parse(r as string) as PlanVersions)),
      plan: (id, version) => planVersion(shippedPlans, parsed(planById.get(id)) as PlanVersions | undefined, id, version),
      planHistory: (id) => parsed(planById.get(id)) as PlanVersions | undefined,
    };
  },
  decide: {
    hq_plan(cmd, load) {
      const save = cmd as SavePlanCommand;
      return decideSavePlan(save, load.read.plan(save.payload.plan.id));
    },
    headquarters(cmd, load, ctx) {
      const hqId = payloadText(cmd, 'headquartersId');
      const headquarters = hqId ? (load.state(`headquarters:${hqId}`) as HeadquartersState | undefined) : undefined;
      const incidentId = payloadText(cmd, 'incidentId');
      const incident = incidentId ? (load.state(`incident:${incidentId}`) as Incident | undefined) : undefined;
      const activeForIncident = incidentId ? load.read.activeHeadquartersOf(incidentId) : undefined;
      // Activation reads the plan in force; later commands the version the headquarters runs on.
      const planId = payloadText(cmd, 'planId');
      const plan = headquarters
        ? load.read.plan(headquarters.planId, headquarters.planVersion)
        : planId
          ? load.read.plan(planId)
          : undefined;
      return decideHeadquarters(
        cmd as HeadquartersCommand,
        {
          ...(headquarters ? { headquarters } : {}),
          ...(incident ? { incident: { id: incident.id, status: incident.status } } : {}),
          ...(activeForIncident ? { activeForIncident } : {}),
          ...(plan ? { plan } : {}),
        },
        ctx,
      );
    },
  },
});
