import type { Incident } from '../../../shared/domain/incident';
import type { DispatchOrder, Warning } from '../../../shared/domain/operations';
import type { Depot, RiskPoint, Shelter, Team } from '../../../shared/domain/resources';
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

const NO_LINES: DispatchLine[] = [];

/** Orders still under way (issued, acknowledged) whose team and incident the map can place. */
export function dispatchLines(
  orders: readonly DispatchOrder[],
  teams: readonly Team[],
  incidents: readonly Incident[],
  nowMs: number,
): DispatchLine[] {
  // Most of a shift has no order under way: skip indexing 2,000 teams on every push and every tick.
  if (!orders.some((o) => o.status === 'issued' || o.status === 'acknowledged')) return NO_LINES;
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

/** Recent positions per team, oldest first, as [lon, lat]. */
export type Trails = Record<string, Array<[number, number]>>;

/**
 * Each team's trail after the station sent these teams: a new position is added when it differs from
 * the last one kept, and only the newest `max` stay. Teams not sent keep their trail.
 */
export function appendTrails(trails: Trails, teams: readonly Team[], max: number): Trails {
  const next: Trails = { ...trails };
  for (const team of teams) {
    const at = team.position?.point;
    if (!at) continue;
    const trail = next[team.id] ?? [];
    const last = trail.at(-1);
    if (last && last[0] === at.lon && last[1] === at.lat) continue;
    next[team.id] = [...trail, [at.lon, at.lat] as [number, number]].slice(-max);
  }
  // Frozen, so Immer takes it as it is instead of walking (and freezing) every trail on each update;
  // trails are only ever replaced, never changed in place.
  return Object.freeze(next);
}

/** An incident as the map draws it: symbol by category, colour by level, pulsing while a report is overdue. */
export interface IncidentMarker {
  id: string;
  title: string;
  category: Incident['facts']['category'];
  level: Incident['facts']['level'];
  subtype: string;
  status: Incident['status'];
  lon: number;
  lat: number;
  /** A report owed for this incident is past its due time. */
  overdue: boolean;
}

interface OwedReport {
  state: string;
  dueAt: string;
}

/** Open incidents with a point; an owed report (pending or overdue) past its due time makes the marker pulse. */
export function incidentMarkers(
  incidents: readonly Incident[],
  obligationsByIncident: Readonly<Record<string, readonly OwedReport[] | undefined>>,
  nowMs: number,
): IncidentMarker[] {
  return incidents.flatMap((i) => {
    const p = i.facts.location.point;
    if (!p) return [];
    const overdue = (obligationsByIncident[i.id] ?? []).some(
      (o) => o.state === 'overdue' || (o.state === 'pending' && Date.parse(o.dueAt) < nowMs),
    );
    return [
      {
        id: i.id,
        title: i.facts.title,
        category: i.facts.category,
        level: i.facts.level,
        subtype: i.facts.subtype,
        status: i.status,
        lon: p.lon,
        lat: p.lat,
        overdue,
      },
    ];
  });
}

/** A team as the map draws it: where it is, which way it heads, its status. */
export interface TeamMarker {
  id: string;
  name: string;
  kind: Team['kind'];
  status: Team['status'];
  headcount: number;
  lon: number;
  lat: number;
  /** Degrees clockwise from north; absent when the team has not reported one. */
  headingDeg?: number;
  /** At its base (no live position reported). */
  atBase: boolean;
}

export function teamMarkers(teams: readonly Team[]): TeamMarker[] {
  return teams.map((t) => {
    const at = t.position?.point ?? t.base;
    const heading = t.position?.headingDeg;
    return {
      id: t.id,
      name: t.name,
      kind: t.kind,
      status: t.status,
      headcount: t.headcount,
      lon: at.lon,
      lat: at.lat,
      ...(heading !== undefined ? { headingDeg: heading } : {}),
      atBase: !t.position,
    };
  });
}

/** A shelter with how full it is: 0 empty, 1 full (capped at 1 when over capacity). */
export interface ShelterMarker {
  id: string;
  name: string;
  lon: number;
  lat: number;
  capacity: number;
  occupancy: number;
  fill: number;
  band: 'room' | 'filling' | 'full';
}

export function shelterMarkers(shelters: readonly Shelter[]): ShelterMarker[] {
  return shelters.map((s) => {
    const fill = s.capacity > 0 ? Math.min(s.occupancy / s.capacity, 1) : 1;
    return {
      id: s.id,
      name: s.name,
      lon: s.point.lon,
      lat: s.point.lat,
      capacity: s.capacity,
      occupancy: s.occupancy,
      fill,
      band: fill >= 0.95 ? 'full' : fill >= 0.7 ? 'filling' : 'room',
    };
  });
}

/** A depot with its stock, largest quantities first, for the tooltip. */
export interface DepotMarker {
  id: string;
  name: string;
  lon: number;
  lat: number;
  items: number;
  stock: Array<{ item: string; quantity: number; unit: string }>;
}

export function depotMarkers(depots: readonly Depot[]): DepotMarker[] {
  return depots.map((d) => ({
    id: d.id,
    name: d.name,
    lon: d.point.lon,
    lat: d.point.lat,
    items: d.stock.length,
    stock: [...d.stock].sort((a, b) => b.quantity - a.quantity),
  }));
}

/** What the map needs of a warning (the state `evolveWarning` folds; see shared/warnings). */
export type MapWarning = Pick<Warning, 'id' | 'hazard' | 'colour' | 'areas' | 'polygon' | 'liftedAt'>;

/** A warning area as a polygon ring of [lon, lat], coloured by the warning's level. */
export interface WarningArea {
  warningId: string;
  hazard: string;
  colour: Warning['colour'];
  /** The area's name where it comes from a district outline. */
  areaName?: string;
  rings: Array<Array<[number, number]>>;
}

/** An outline from the basemap (any GeoJSON feature: only polygons give rings). */
interface AdminFeature {
  properties: { code?: string; name?: string } | null;
  geometry: { type: string; coordinates?: unknown };
}

const ringsOf = (geometry: AdminFeature['geometry']): Array<Array<[number, number]>> =>
  geometry.type === 'Polygon'
    ? [(geometry.coordinates as Array<Array<[number, number]>>)[0] ?? []]
    : geometry.type === 'MultiPolygon'
      ? (geometry.coordinates as Array<Array<Array<[number, number]>>>).map((p) => p[0] ?? [])
      : [];

/**
 * Warnings still in force as areas: the drawn polygon when the warning has one, else the outline of
 * each named area the basemap holds (an area code naming the district or anything inside it).
 * Lifted warnings are not drawn; gravest colour last so it lies on top.
 */
export function warningAreas(warnings: readonly MapWarning[], admin: readonly AdminFeature[]): WarningArea[] {
  const rank: Record<Warning['colour'], number> = { blue: 0, yellow: 1, orange: 2, red: 3 };
  const areas = warnings.flatMap((w): WarningArea[] => {
    if (w.liftedAt) return [];
    if (w.polygon && w.polygon.length >= 3) {
      return [
        {
          warningId: w.id,
          hazard: w.hazard,
          colour: w.colour,
          rings: [w.polygon.map((p) => [p.lon, p.lat] as [number, number])],
        },
      ];
    }
    return admin.flatMap((f) => {
      const code = f.properties?.code;
      if (!code || !w.areas.some((a) => a === code || a.startsWith(code) || code.startsWith(a))) return [];
      return [
        {
          warningId: w.id,
          hazard: w.hazard,
          colour: w.colour,
          ...(f.properties?.name ? { areaName: f.properties.name } : {}),
          rings: ringsOf(f.geometry),
        },
      ];
    });
  });
  return areas.sort((a, b) => rank[a.colour] - rank[b.colour]);
}

/** What the map needs of a headquarters (the state `evolveHeadquarters` folds; see shared/headquarters). */
export interface MapHeadquarters {
  id: string;
  incidentId: string;
  responseLevel: string;
  site?: { lon: number; lat: number };
  siteAddress?: string;
  status: 'active' | 'terminated';
}

/** On-site headquarters (现场指挥部) of active responses that have placed a site. */
export function headquartersSites(
  hqs: readonly MapHeadquarters[],
  incidents: readonly Pick<Incident, 'id' | 'facts'>[],
): Array<{
  id: string;
  lon: number;
  lat: number;
  responseLevel: string;
  incidentTitle: string;
  address?: string;
}> {
  const titles = new Map(incidents.map((i) => [i.id, i.facts.title]));
  return hqs.flatMap((h) =>
    h.status === 'active' && h.site
      ? [
          {
            id: h.id,
            lon: h.site.lon,
            lat: h.site.lat,
            responseLevel: h.responseLevel,
            incidentTitle: titles.get(h.incidentId) ?? '',
            ...(h.siteAddress ? { address: h.siteAddress } : {}),
          },
        ]
      : [],
  );
}

/** "mm:ss" to arrival, "+mm:ss" once late; hours shown as "h:mm:ss". */
export function formatCountdown(remainingMs: number): string {
  const late = remainingMs < 0;
  const total = Math.floor(Math.abs(remainingMs) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${late ? '+' : ''}${h > 0 ? `${h}:${pad(m)}` : pad(m)}:${pad(s)}`;
}

/**
 * The box to fit the map to so every point shows (the wall display frames the open incidents), at
 * least `minSpanDeg` wide and high so a single incident does not zoom to street level. Null when there
 * is nothing to frame.
 */
export function boundsOf(
  points: ReadonlyArray<{ lon: number; lat: number }>,
  minSpanDeg: number,
): [[number, number], [number, number]] | null {
  if (points.length === 0) return null;
  let [minLon, minLat, maxLon, maxLat] = [180, 90, -180, -90];
  for (const p of points) {
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
  }
  const grow = (lo: number, hi: number): [number, number] => {
    const pad = Math.max(minSpanDeg - (hi - lo), 0) / 2;
    return [lo - pad, hi + pad];
  };
  const [w, e] = grow(minLon, maxLon);
  const [s, n] = grow(minLat, maxLat);
  return [
    [w, s],
    [e, n],
  ];
}

/** Grid cell size for risk-point clusters at a zoom: about `px` screen pixels; none when zoomed in close. */
export function clusterCellDeg(zoom: number, px = 40): number | null {
  if (zoom >= 13) return null;
  return (px * 360) / (256 * 2 ** Math.floor(zoom));
}
