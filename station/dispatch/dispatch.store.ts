import {
  decideDispatch,
  decideResource,
  evolveDepot,
  evolveDispatch,
  evolveRiskPoint,
  evolveShelter,
  evolveTeam,
  type DepotEvent,
  type DispatchEvent,
  type RiskPointEvent,
  type ShelterEvent,
  type TeamEvent,
} from '../../shared/aggregates/resources';
import type { Incident } from '../../shared/domain/incident';
import type { DispatchOrder } from '../../shared/domain/operations';
import type { Depot, RiskPoint, Shelter, Team } from '../../shared/domain/resources';
import { payloadText, stationFeature, type DecideCommand } from '../store/feature';
import { projectionResources } from './migrations/0080-projection-resources';
import { projectionDispatchOrders } from './migrations/0090-projection-dispatch-orders';

/** 队伍 / 物资 / 避难场所 / 风险隐患点 and 调度: the resources this station holds and the orders sent to them. */
export interface DispatchRepository {
  teams(): Team[];
  depots(): Depot[];
  shelters(): Shelter[];
  riskPoints(): RiskPoint[];
  dispatchOrders(): DispatchOrder[];
}

/** A team, depot, shelter or risk point command: decided against the team or shelter it names. */
const resource: DecideCommand<DispatchRepository> = (cmd, load) => {
  const teamId = payloadText(cmd, 'teamId');
  const shelterId = payloadText(cmd, 'shelterId');
  const team = teamId ? (load.state(`team:${teamId}`) as Team | undefined) : undefined;
  const shelter = shelterId ? (load.state(`shelter:${shelterId}`) as Shelter | undefined) : undefined;
  return decideResource(cmd as Parameters<typeof decideResource>[0], {
    ...(team ? { team } : {}),
    ...(shelter ? { shelter } : {}),
  });
};

/** The resources-and-dispatch feature at the station: five projections, their lists, and how their commands are decided. */
export const dispatchFeature = stationFeature<DispatchRepository>({
  name: 'dispatch',
  migrations: [projectionResources, projectionDispatchOrders],
  projections: {
    team: {
      table: 'teams',
      evolve: (s, e) => evolveTeam(s as Team | undefined, e as TeamEvent),
      columns: { status: (s: { status: string }) => s.status },
    },
    depot: {
      table: 'depots',
      evolve: (s, e) => evolveDepot(s as Depot | undefined, e as DepotEvent),
      columns: {},
    },
    shelter: {
      table: 'shelters',
      evolve: (s, e) => evolveShelter(s as Shelter | undefined, e as ShelterEvent),
      columns: {},
    },
    risk_point: {
      table: 'risk_points',
      evolve: (s, e) => evolveRiskPoint(s as RiskPoint | undefined, e as RiskPointEvent),
      columns: {},
    },
    dispatch: {
      table: 'dispatch_orders',
      evolve: (s, e) => evolveDispatch(s as DispatchOrder | undefined, e as DispatchEvent),
      columns: {
        incident_id: (s: { incidentId: string }) => s.incidentId,
        team_id: (s: { teamId: string }) => s.teamId,
        status: (s: { status: string }) => s.status,
      },
    },
  },
  repository(db) {
    const list = <T>(table: string) => {
      const all = db.prepare(`SELECT state FROM ${table} ORDER BY id`).pluck();
      return () => all.all().map((r) => JSON.parse(r as string) as T);
    };
    return {
      teams: list<Team>('teams'),
      depots: list<Depot>('depots'),
      shelters: list<Shelter>('shelters'),
      riskPoints: list<RiskPoint>('risk_points'),
      dispatchOrders: list<DispatchOrder>('dispatch_orders'),
    };
  },
  decide: {
    team: resource,
    depot: resource,
    shelter: resource,
    risk_point: resource,
    dispatch(cmd, load, ctx) {
      const dispatchId = payloadText(cmd, 'dispatchId');
      const order = dispatchId ? (load.state(`dispatch:${dispatchId}`) as DispatchOrder | undefined) : undefined;
      const teamId = payloadText(cmd, 'teamId');
      const team = teamId ? (load.state(`team:${teamId}`) as Team | undefined) : undefined;
      const incidentId = payloadText(cmd, 'incidentId');
      const incident = incidentId ? (load.state(`incident:${incidentId}`) as Incident | undefined) : undefined;
      return decideDispatch(
        cmd as Parameters<typeof decideDispatch>[0],
        {
          ...(order ? { order } : {}),
          ...(team ? { team } : {}),
          incidentExists: incident !== undefined,
          ...(incident ? { incidentStatus: incident.status } : {}),
        },
        ctx,
      );
    },
  },
});
