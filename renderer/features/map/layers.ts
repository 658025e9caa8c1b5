import type { Incident } from '../../../shared/domain/incident';
import type { DispatchOrder } from '../../../shared/domain/operations';
import type { RiskPoint, Team } from '../../../shared/domain/resources';
import { etaCountdown } from '../../../shared/dispatch/progress';

const LEVEL_RANK: Record<RiskPoint['level'], number> = { major: 3, high: 2, medium: 1, low: 0 };

/** One map cell of risk points, drawn as a single dot when the map is zoomed out. */
export interface RiskCluster {
  lon: number;
  lat: number;
  count: number;
  /** The gravest level in the cell: the colour of the dot. */
  level: RiskPoint['level'];
  ids: string[];
}

/**
 * Risk points gathered into square cells of `cellDeg` degrees (a district holds thousands: one
 * dot each would bury the incidents). Each cluster sits at the mean of its points.
 */
export function aggregateRiskPoints(points: readonly RiskPoint[], cellDeg: number): RiskCluster[] {
  const cells = new Map<string, { lon: number; lat: number; ids: string[]; level: RiskPoint['level'] }>();
  for (const p of points) {
    const key = `${Math.floor(p.point.lon / cellDeg)}:${Math.floor(p.point.lat / cellDeg)}`;
    const cell = cells.get(key);
    if (!cell) cells.set(key, { lon: p.point.lon, lat: p.point.lat, ids: [p.id], level: p.level });
    else {
      cell.lon += p.point.lon;
      cell.lat += p.point.lat;
      cell.ids.push(p.id);
      if (LEVEL_RANK[p.level] > LEVEL_RANK[cell.level]) cell.level = p.level;
    }
  }
  return [...cells.values()].map((c) => ({
    lon: c.lon / c.ids.length,
    lat: c.lat / c.ids.length,
    count: c.ids.length,
    level: c.level,
    ids: c.ids,
  }));
}

/** A dispatch order drawn as a line from the team to its incident, with the time left to arrival. */
export interface DispatchLine {
  orderId: string;
  teamName: string;
  incidentTitle: string;
  status: DispatchOrder['status'];
  from: [number, number];
  to: [number, number];
  /** Milliseconds to the estimated arrival; negative once late. Absent without an estimate. */
  remainingMs?: number;
  late: boolean;
}

/** Orders still under way (issued, acknowledged) whose team and incident the map can place. */
export function dispatchLines(
  orders: readonly DispatchOrder[],
  teams: readonly Team[],
  incidents: readonly Incident[],
  nowMs: number,
): DispatchLine[] {
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const incidentById = new Map(incidents.map((i) => [i.id, i]));
  return orders.flatMap((order) => {
    if (order.status !== 'issued' && order.status !== 'acknowledged') return [];
    const team = teamById.get(order.teamId);
    const target = incidentById.get(order.incidentId)?.facts.location.point;
    if (!team || !target) return [];
    const at = team.position?.point ?? team.base;
    const countdown = etaCountdown(order, nowMs);
    return [
      {
        orderId: order.id,
        teamName: team.name,
        incidentTitle: incidentById.get(order.incidentId)?.facts.title ?? '',
        status: order.status,
        from: [at.lon, at.lat],
        to: [target.lon, target.lat],
        ...(countdown ? { remainingMs: countdown.remainingMs } : {}),
        late: countdown?.late ?? false,
      },
    ];
  });
}
