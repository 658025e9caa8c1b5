import type { Incident } from '../../../shared/domain/incident';
import type { RiskPoint, Team } from '../../../shared/domain/resources';

/**
 * The map benchmark's workload, identical for the app page and the bare deck.gl page: 20,000 risk
 * points, 2,000 teams that move every second and 300 open incidents over the demo district, all from
 * one seeded generator so both pages draw exactly the same things.
 */
export const RISK_POINTS = 20_000;
export const TEAMS = 2_000;
export const INCIDENTS = 300;

/** The demo district's box (resources/basemap/admin.geojson, 万盛). */
const BOX = { lon: [106.8, 107.1], lat: [28.75, 29.05] } as const;

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const levels = ['major', 'high', 'medium', 'low', 'low', 'medium'] as const;
const kinds = ['comprehensive', 'professional', 'social', 'militia'] as const;
const statuses = ['standby', 'en_route', 'on_scene', 'working', 'returning'] as const;
const categories = [
  ['natural_disaster', 'landslide'],
  ['accident', 'fire'],
  ['accident', 'road_traffic'],
  ['natural_disaster', 'flood'],
] as const;

export function workload(startMs: number) {
  const rnd = random(6);
  const inBox = () => ({
    lon: Number((BOX.lon[0] + rnd() * (BOX.lon[1] - BOX.lon[0])).toFixed(6)),
    lat: Number((BOX.lat[0] + rnd() * (BOX.lat[1] - BOX.lat[0])).toFixed(6)),
  });
  const at = new Date(startMs).toISOString();
  const riskPoints: RiskPoint[] = Array.from({ length: RISK_POINTS }, (_, i) => ({
    id: `rp-${i}`,
    name: `隐患点${i}`,
    kind: '滑坡',
    level: levels[i % levels.length],
    jurisdiction: '500110',
    point: inBox(),
  }));
  const teams: Team[] = Array.from({ length: TEAMS }, (_, i) => {
    const base = inBox();
    return {
      id: `team-${i}`,
      name: `应急救援队${i}`,
      kind: kinds[i % kinds.length],
      jurisdiction: '500110',
      headcount: 10 + (i % 40),
      skills: ['抢险救援'],
      equipment: [],
      base,
      status: statuses[i % statuses.length],
      position: { point: base, headingDeg: (i * 37) % 360, speedKmh: 30, at },
    };
  });
  const incidents: Incident[] = Array.from({ length: INCIDENTS }, (_, i) => {
    const [category, subtype] = categories[i % categories.length];
    return {
      id: ulidLike(startMs, i),
      jurisdiction: '500110',
      status: 'responding',
      facts: {
        title: `演练事件${i}`,
        category,
        subtype,
        level: (['I', 'II', 'III', 'IV'] as const)[i % 4],
        location: { point: inBox(), areaCode: '500110', address: '万盛' },
        occurredAt: at,
        receivedAt: at,
        source: 'phone',
        casualties: { dead: 0, injured: i % 3, missing: 0, trapped: 0 },
        affectedPeople: 0,
        description: '',
      },
      version: 1,
    };
  });

  /** Every team one second further along its heading (a slow drift, wrapping inside the box). */
  const move = (tick: number): Team[] => {
    const now = new Date(startMs + tick * 1000).toISOString();
    for (let i = 0; i < teams.length; i++) {
      const t = teams[i];
      const p = t.position!.point;
      const rad = ((t.position!.headingDeg ?? 0) * Math.PI) / 180;
      let lon = p.lon + Math.sin(rad) * 0.0003;
      let lat = p.lat + Math.cos(rad) * 0.0003;
      if (lon < BOX.lon[0] || lon > BOX.lon[1]) lon = t.base.lon;
      if (lat < BOX.lat[0] || lat > BOX.lat[1]) lat = t.base.lat;
      teams[i] = { ...t, position: { ...t.position!, point: { lon: Number(lon.toFixed(6)), lat: Number(lat.toFixed(6)) }, at: now } };
    }
    return teams;
  };
  return { riskPoints, teams, incidents, move };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A valid ULID for incident i (ids of the incident schema). */
function ulidLike(ms: number, i: number): string {
  let time = '';
  let t = ms;
  for (let k = 0; k < 10; k++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  let rest = '';
  let n = i;
  for (let k = 0; k < 16; k++) {
    rest = CROCKFORD.charAt(n % 32) + rest;
    n = Math.floor(n / 32);
  }
  return time + rest;
}

/** What each page exposes to the bench driver. */
export interface BenchPage {
  ready: boolean;
  /** Start a 1 Hz update of every team's position. */
  startUpdates(): void;
  /** Record frame times (requestAnimationFrame deltas, and the gaps between frames that drew the map) until stopFrames. */
  startFrames(): void;
  stopFrames(): number[];
  /** When each frame of the last recording that drew the map to the screen began. */
  drawnFrames(): number[];
  ticks: number;
}
