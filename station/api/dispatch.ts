import type { Actor } from '../../shared/domain/common';
import type { Depot, RiskPoint } from '../../shared/domain/resources';
import { domainError } from '../../shared/errors';
import { fail } from '../../shared/result';
import { rankTeamsForIncident } from '../../shared/dispatch/rank';
import { followDispatch } from '../dispatch/follow';
import { stationApiFeature } from './context';

/** Team status that follows dispatch orders is the station's doing, not a person's. */
const STATION_DISPATCH: Actor = { id: 'station-dispatch', name: '值守台调度跟踪', role: 'system' };

/**
 * 队伍 / 物资 / 避难场所 / 风险隐患点 / 调度指令 at the station API: the teams ranked for an incident, the
 * resources a window opens with and those an append touched; and team status following this station's
 * dispatch orders (出动/到场/返回) while the API is open.
 */
export const dispatchApi = stationApiFeature({
  name: 'dispatch',
  open: ({ store, station, options, clock }) => {
    const stopFollowing = followDispatch(
      store,
      { jurisdiction: station.jurisdiction, actor: options.operator ?? STATION_DISPATCH },
      options.onBug,
    );
    return {
      handlers: {
        rankTeams: ({ incidentId }: { incidentId: string }) => {
          const incident = store.incident(incidentId);
          if (!incident) return fail(domainError('NOT_FOUND', 'input.incidentId', incidentId));
          return rankTeamsForIncident(incident, store.teams(), clock());
        },
      },
      snapshot: () => ({
        teams: store.teams(),
        depots: store.depots(),
        shelters: store.shelters(),
        riskPoints: store.riskPoints(),
        dispatchOrders: store.dispatchOrders(),
      }),
      changedIn: (events) => {
        const teamIds = new Set<string>();
        const shelterIds = new Set<string>();
        const dispatchIds = new Set<string>();
        // A depot or risk point is exactly what its registration says (evolveDepot/evolveRiskPoint): taken
        // from the event, so a 20,000-row ledger import does not re-read the whole table once per row.
        const depots = new Map<string, Depot>();
        const riskPoints = new Map<string, RiskPoint>();
        for (const e of events) {
          const [aggregate, id = ''] = e.stream.split(':');
          if (aggregate === 'team') teamIds.add(id);
          else if (aggregate === 'shelter') shelterIds.add(id);
          else if (aggregate === 'dispatch') dispatchIds.add(id);
          if (e.type === 'depot.registered') depots.set(e.payload.depot.id, e.payload.depot);
          else if (e.type === 'risk_point.registered')
            riskPoints.set(e.payload.riskPoint.id, e.payload.riskPoint);
        }
        return {
          teams: teamIds.size > 0 ? store.teams().filter((t) => teamIds.has(t.id)) : [],
          shelters: shelterIds.size > 0 ? store.shelters().filter((s) => shelterIds.has(s.id)) : [],
          dispatchOrders:
            dispatchIds.size > 0 ? store.dispatchOrders().filter((d) => dispatchIds.has(d.id)) : [],
          depots: [...depots.values()],
          riskPoints: [...riskPoints.values()],
        };
      },
      close: stopFollowing,
    };
  },
});
