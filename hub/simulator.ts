import type { Logger } from 'pino';
import wansheng from '../resources/demo/wansheng.json';
import { z } from 'zod';
import { GeoPoint } from '../shared/domain/common';
import { eventPayloads } from '../shared/events/catalog';
import { sealEvents, type DomainEvent, type EventDraft } from '../shared/events/envelope';
import type { StationPrincipal } from '../shared/sync/protocol';
import { toInstant, MINUTE } from '../shared/time';
import type { TeamStatus } from '../shared/domain/resources';
import { nodeSha256, type Hub } from './server';
import type { HubEventStore } from './store';

/**
 * The demo live feed: a district with townships and villages, rescue teams that move on the map and
 * change status, incoming incidents and warnings. Everything random comes from one seeded PRNG and
 * every time from the clock passed in, so a seed and a clock give the same events every run.
 */

const Place = z.object({ code: z.string(), name: z.string(), point: GeoPoint });
export const DemoJurisdiction = z.object({
  code: z.string(),
  name: z.string(),
  center: GeoPoint,
  townships: z.array(Place.extend({ villages: z.array(Place) })).min(1),
  teams: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(['comprehensive', 'professional', 'social', 'militia']),
        jurisdiction: z.string(),
        headcount: z.number(),
        skills: z.array(z.string()),
        base: GeoPoint,
      }),
    )
    .min(1),
});
export type DemoJurisdiction = z.infer<typeof DemoJurisdiction>;

export function loadDemoJurisdiction(): DemoJurisdiction {
  return DemoJurisdiction.parse(wansheng);
}

/** mulberry32: small, fast, good enough for a simulation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** ULIDs from the seeded PRNG, strictly increasing so the log's id order follows creation order. */
export function seededUlids(random: () => number) {
  let lastMs = -1;
  return (nowMs: number): string => {
    const ms = Math.max(nowMs, lastMs + 1);
    lastMs = ms;
    let time = '';
    let t = ms;
    for (let i = 0; i < 10; i += 1) {
      time = CROCKFORD.charAt(t % 32) + time;
      t = Math.floor(t / 32);
    }
    let rand = '';
    for (let i = 0; i < 16; i += 1) rand += CROCKFORD.charAt(Math.floor(random() * 32));
    return time + rand;
  };
}

interface TeamState {
  id: string;
  status: TeamStatus;
  at: { lon: number; lat: number };
  base: { lon: number; lat: number };
  target?: { lon: number; lat: number };
  incidentId?: string;
  /** The dispatch order (调度指令) a duty room sent this team on; its incident is the duty room's, not the feed's. */
  dispatchId?: string;
  /** Ticks left in the current working phase. */
  workTicks: number;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const KM_PER_DEG = 111;
const distanceKm = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) =>
  Math.hypot((a.lon - b.lon) * Math.cos((a.lat * Math.PI) / 180), a.lat - b.lat) * KM_PER_DEG;

const incidentKinds = [
  { title: '山体滑坡', category: 'natural_disaster', subtype: 'landslide' },
  { title: '道路交通事故', category: 'accident', subtype: 'road_traffic' },
  { title: '民房火灾', category: 'accident', subtype: 'fire' },
  { title: '森林火情', category: 'natural_disaster', subtype: 'forest_fire' },
  { title: '内涝积水', category: 'natural_disaster', subtype: 'flood' },
] as const;

/** Chance that at least one event of a Poisson process with this hourly rate falls in the step. */
const chance = (perHour: number, hours: number) => 1 - Math.exp(-perHour * hours);

const statusAfter: Partial<Record<TeamStatus, TeamStatus>> = { assembling: 'en_route', on_scene: 'working' };

/**
 * The feed's state machine. `tick(now)` returns the drafts for one step; the first tick registers
 * the teams (when `registerTeams`), later ticks move teams, raise incidents and warnings.
 */
export function createDemoFeed(options: { seed: number; demo?: DemoJurisdiction; registerTeams?: boolean; speedKmh?: number; incidentsPerHour?: number; warningsPerHour?: number }) {
  const demo = options.demo ?? loadDemoJurisdiction();
  const random = seededRandom(options.seed);
  const id = seededUlids(random);
  const speed = options.speedKmh ?? 40;
  const incidentsPerHour = options.incidentsPerHour ?? 30;
  const warningsPerHour = options.warningsPerHour ?? 3;
  const pick = <T>(items: readonly [T, ...T[]] | readonly T[]): T => items[Math.floor(random() * items.length)] ?? items[0];
  const teams: TeamState[] = demo.teams.map((t) => ({ id: t.id, status: 'standby', at: t.base, base: t.base, workTicks: 0 }));
  const warnings: Array<{ id: string; liftAt: number }> = [];
  let lastTick: number | null = null;
  let started = false;
  let ticks = -1;

  const draft = (d: EventDraft): EventDraft => {
    // Payloads are sealed in their parsed form (defaults filled), as parseEvent demands.
    const schema = eventPayloads[d.type] as z.ZodType;
    return { ...d, payload: schema.parse(d.payload) } as EventDraft;
  };

  // Orders from duty rooms, answered on the next step: 出动 (acknowledged), then 到场, 处置, 返回 as the team moves.
  const orders: Array<{ dispatchId: string; teamId: string; target: { lon: number; lat: number } }> = [];

  function tick(now: number): EventDraft[] {
    const out: EventDraft[] = [];
    for (const order of orders.splice(0)) {
      const team = teams.find((t) => t.id === order.teamId);
      // A team already out on a job does not take the order: it stays 待命 at the duty room (issued, unanswered).
      if (!team || (team.status !== 'standby' && team.status !== 'returning')) continue;
      team.status = 'en_route';
      team.target = order.target;
      team.dispatchId = order.dispatchId;
      delete team.incidentId;
      const eta = toInstant(now + Math.ceil((distanceKm(team.at, order.target) / speed) * 60) * MINUTE);
      out.push(draft({ type: 'dispatch.acknowledged', stream: `dispatch:${order.dispatchId}`, payload: { etaAt: eta } }));
      out.push(draft({ type: 'team.status_changed', stream: `team:${team.id}`, payload: { status: 'en_route' } }));
    }
    ticks += 1;
    const at = toInstant(now);
    const hours = lastTick === null ? 0 : (now - lastTick) / 3_600_000;
    lastTick = now;
    if (!started) {
      started = true;
      if (options.registerTeams ?? true) {
        for (const t of demo.teams) {
          out.push(
            draft({
              type: 'team.registered',
              stream: `team:${t.id}`,
              payload: { team: { ...t, equipment: [], status: 'standby', position: { point: t.base, at } } },
            }),
          );
        }
      }
      return out;
    }

    for (const team of teams) {
      const next = statusAfter[team.status];
      if (next && (team.status !== 'on_scene' || random() < 0.5)) {
        team.status = next;
        if (next === 'working') team.workTicks = 3 + Math.floor(random() * 6);
        out.push(draft({ type: 'team.status_changed', stream: `team:${team.id}`, payload: { status: next } }));
        continue;
      }
      if (team.status === 'working' && --team.workTicks <= 0) {
        team.status = 'returning';
        team.target = team.base;
        out.push(draft({ type: 'team.status_changed', stream: `team:${team.id}`, payload: { status: 'returning' } }));
        if (team.dispatchId) {
          out.push(draft({ type: 'dispatch.completed', stream: `dispatch:${team.dispatchId}`, payload: {} }));
          delete team.dispatchId;
        }
        if (team.incidentId && teams.every((t) => t.incidentId !== team.incidentId || t === team)) {
          out.push(draft({ type: 'incident.closed', stream: `incident:${team.incidentId}`, payload: { summary: '现场处置完毕（演示）' } }));
        }
        delete team.incidentId;
        continue;
      }
      if (team.target && (team.status === 'en_route' || team.status === 'returning')) {
        const left = distanceKm(team.at, team.target);
        const step = speed * hours;
        const f = left <= step || left === 0 ? 1 : step / left;
        const heading = (Math.atan2(team.target.lon - team.at.lon, team.target.lat - team.at.lat) * 180) / Math.PI;
        team.at = { lon: round6(team.at.lon + (team.target.lon - team.at.lon) * f), lat: round6(team.at.lat + (team.target.lat - team.at.lat) * f) };
        out.push(
          draft({
            type: 'team.position_reported',
            stream: `team:${team.id}`,
            payload: { position: { point: team.at, headingDeg: round6((heading + 360) % 360), speedKmh: speed, at } },
          }),
        );
        if (f === 1) {
          const arrived: TeamStatus = team.status === 'en_route' ? 'on_scene' : 'standby';
          team.status = arrived;
          delete team.target;
          out.push(draft({ type: 'team.status_changed', stream: `team:${team.id}`, payload: { status: arrived } }));
          if (arrived === 'on_scene' && team.dispatchId) {
            out.push(draft({ type: 'dispatch.arrived', stream: `dispatch:${team.dispatchId}`, payload: { point: team.at } }));
          }
          if (arrived === 'on_scene' && team.incidentId) {
            out.push(draft({ type: 'incident.response_started', stream: `incident:${team.incidentId}`, payload: {} }));
          }
        }
      }
    }

    // The first step after start-up raises an incident and a warning so the map is never idle at first.
    const opening = ticks === 1;
    if (opening || random() < chance(incidentsPerHour, hours)) {
      const township = pick(demo.townships);
      const village = pick(township.villages);
      const kind = pick(incidentKinds);
      const point = { lon: round6(village.point.lon + (random() - 0.5) * 0.01), lat: round6(village.point.lat + (random() - 0.5) * 0.01) };
      const incidentId = id(now);
      const injured = Math.floor(random() * 4);
      out.push(
        draft({
          type: 'incident.registered',
          stream: `incident:${incidentId}`,
          payload: {
            facts: {
              title: `${township.name}${village.name}${kind.title}`,
              category: kind.category,
              subtype: kind.subtype,
              level: random() < 0.1 ? 'III' : 'IV',
              location: { point, areaCode: village.code, address: `${township.name}${village.name}` },
              occurredAt: toInstant(now - Math.floor(random() * 20) * MINUTE),
              receivedAt: at,
              source: pick(['phone', 'grid_worker', 'feed'] as const),
              casualties: { dead: 0, injured, missing: 0, trapped: random() < 0.2 ? 1 : 0 },
              affectedPeople: Math.floor(random() * 50),
              description: '演示数据',
            },
          },
        }),
      );
      const free = teams.filter((t) => t.status === 'standby');
      if (free.length > 0) {
        const team = free.reduce((a, b) => (distanceKm(a.at, point) <= distanceKm(b.at, point) ? a : b));
        team.status = 'assembling';
        team.target = point;
        team.incidentId = incidentId;
        out.push(draft({ type: 'team.status_changed', stream: `team:${team.id}`, payload: { status: 'assembling' } }));
      }
    }

    if (opening || random() < chance(warningsPerHour, hours)) {
      const warningId = id(now);
      const areas = demo.townships.filter(() => random() < 0.5).map((t) => t.code);
      const colour = pick(['blue', 'yellow', 'orange', 'red'] as const);
      out.push(
        draft({
          type: 'warning.issued',
          stream: `warning:${warningId}`,
          payload: {
            warning: {
              id: warningId,
              hazard: '暴雨',
              colour,
              areas: areas.length > 0 ? areas : [demo.code],
              text: `${demo.name}气象台发布暴雨预警（演示）`,
              issuedAt: at,
              issuedBy: 'simulator',
              recipients: [],
            },
          },
        }),
      );
      warnings.push({ id: warningId, liftAt: now + 2 * 3_600_000 });
    }
    for (const w of warnings.filter((x) => x.liftAt <= now)) {
      out.push(draft({ type: 'warning.lifted', stream: `warning:${w.id}`, payload: { reason: '预警解除（演示）' } }));
      warnings.splice(warnings.indexOf(w), 1);
    }
    return out;
  }

  /** A duty room's dispatch order for one of the feed's teams, to the incident's point. */
  const dispatched = (order: { dispatchId: string; teamId: string; target: { lon: number; lat: number } }) => {
    orders.push(order);
  };

  return { tick, dispatched, newId: id, jurisdiction: demo.code };
}

/** Seal a feed's drafts as the next events of the simulator station's chain. */
export function sealFeed(
  drafts: readonly EventDraft[],
  tail: { stationSeq: number; hash: string } | null,
  ctx: { station: string; jurisdiction: string; now: number; newId: (nowMs: number) => string },
): DomainEvent[] {
  return sealEvents(
    drafts,
    {
      station: ctx.station,
      jurisdiction: ctx.jurisdiction,
      actor: { id: 'simulator', name: '演示数据源', role: 'feed' },
      now: toInstant(ctx.now),
      lastStationSeq: tail?.stationSeq ?? 0,
      lastHash: tail?.hash ?? null,
      newId: () => ctx.newId(ctx.now),
    },
    nodeSha256,
  );
}

/** Run the demo feed inside a hub: it publishes as its own station through the hub's ingest path. */
export function startDemoFeed(options: {
  hub: Hub;
  store: HubEventStore;
  seed: number;
  tickMs: number;
  clock?: () => number;
  logger?: Logger;
}): () => void {
  const clock = options.clock ?? Date.now;
  const demo = loadDemoJurisdiction();
  const station = `sim-${demo.code}`;
  const registerTeams = options.store.stationHead(station) === null;
  const feed = createDemoFeed({ seed: options.seed, demo, registerTeams });
  const principal: StationPrincipal = {
    station,
    jurisdiction: demo.code,
    tokenId: 'simulator',
    issuedAt: 0,
    expiresAt: Number.MAX_SAFE_INTEGER,
  };
  // Duty rooms' dispatch orders for the feed's teams, read from the hub's log (incidents give the target).
  const incidentPoints = new Map<string, { lon: number; lat: number }>();
  // The whole log once for the incidents' points; only orders issued after start-up are answered.
  const startHead = options.store.head();
  let cursor = 0;
  const notePoint = (stream: string, payload: unknown) => {
    const point = (payload as { facts?: { location?: { point?: { lon: number; lat: number } } } }).facts?.location?.point;
    if (point) incidentPoints.set(stream.slice('incident:'.length), point);
  };
  const readOrders = () => {
    for (;;) {
      const batch = options.store.readSince(principal, cursor, 500);
      for (const e of batch) {
        cursor = Math.max(cursor, e.hubSeq ?? cursor);
        if (e.type === 'incident.registered') notePoint(e.stream, e.payload);
        else if (e.type === 'dispatch.issued' && e.station !== station && (e.hubSeq ?? 0) > startHead) {
          const { teamId, incidentId } = e.payload as { teamId: string; incidentId: string };
          const target = incidentPoints.get(incidentId);
          if (target) feed.dispatched({ dispatchId: e.stream.slice('dispatch:'.length), teamId, target });
        }
      }
      if (batch.length < 500) return;
    }
  };
  const step = () => {
    const now = clock();
    readOrders();
    const drafts = feed.tick(now);
    // The feed's own incidents are not read back from the log (a station never reads its own events).
    for (const d of drafts) if (d.type === 'incident.registered') notePoint(d.stream, d.payload);
    if (drafts.length === 0) return;
    const events = sealFeed(drafts, options.store.stationHead(station), { station, jurisdiction: demo.code, now, newId: feed.newId });
    const reply = options.hub.ingest(events, principal);
    if (!reply.ok || reply.rejected.length > 0) options.logger?.error({ reply }, 'simulator events refused');
  };
  step();
  const timer = setInterval(step, options.tickMs);
  return () => clearInterval(timer);
}
