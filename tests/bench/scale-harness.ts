// The province on two hub nodes (issue 21): simulated duty rooms as socket.io clients in at most four
// child processes (tests/bench/scale-stations.ts), hub nodes as real `npm run hub` processes on one
// PostgreSQL, a flood-night feed from a model of the province. Used by `npm run bench -- scale`
// (2,000 stations, figures) and by the fault suite's smoke (200 stations, completeness and order only).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueToken } from '../../hub/auth';
import { openPgHubStore } from '../../hub/pg-store';
import type { HubEventStore } from '../../hub/store';
import { TEST_PG_URL, pgTestSchema } from '../../hub/test-stores.testing';
import { newId } from '../../shared/ids';
import {
  draftReportCommand,
  registerIncidentCommand,
  registerTeamCommand,
} from '../../station/store/store.testing';
import { freePort, killRunningHubs, spawnHub } from '../fault/hub-process';
import type { Due, Received, Report, SimStation } from './scale-stations';

const here = dirname(fileURLToPath(import.meta.url));
/** How long every station may take to have its events acknowledged (env SCALE_DRAIN_MS). */
const DRAIN_MS = Number(process.env.SCALE_DRAIN_MS ?? 180_000);
const KEY = 'scale-harness-signing-key-0123456789-abcdef';
const key = new TextEncoder().encode(KEY);

/** A province's flood night, per 2,000 duty rooms (scaled with the station count). */
export const FLOOD_NIGHT = {
  /** One team per station; each reports its position every 5 s (0.2 Hz). */
  teamsPerStation: 1,
  positionHz: 0.2,
  incidentsPerSecond: 5,
  /** A report is two events (drafted, then sent to the county). */
  reportsPerSecond: 2,
  per: 2000,
} as const;

export interface ScaleOptions {
  stations: number;
  /** Seconds of offered load in all; the second node is killed after `killAfterSeconds` when given. */
  seconds: number;
  killAfterSeconds?: number;
  /** Child processes holding the stations (at most 4). */
  children?: number;
  /** Run the hubs and the children under `nice` (a machine shared with others). */
  niceness?: number;
  log?: (line: string) => void;
}

export interface Mismatch {
  station: string;
  expected: { count: number; last: number; sum: number };
  received: Received;
}

export interface ScaleOutcome {
  stations: number;
  tiers: { province: number; cities: number; counties: number; townships: number };
  events: number;
  published: number;
  refused: number;
  /** Publishes and pulls a station gave up waiting for and sent again (30 s). */
  unanswered: number;
  firstRefusal: string | null;
  /** Stations whose received log is not the hub's, exactly once and in order. */
  mismatches: Mismatch[];
  /**
   * Live delivery latencies of events sent at the offered load, before the kill (all of them without
   * one), ms, sorted.
   */
  latencies: number[];
  /**
   * Live delivery latencies of the set-up burst (every team registered at once, before the load starts),
   * ms, sorted: reported apart, as it is not the offered load.
   */
  latenciesOfSetUp: number[];
  /** Live delivery latencies from the kill on, ms, sorted. */
  latenciesAfterKill: number[];
  /** Per station that was on the killed node: ms from the kill to live again, sorted. */
  caughtUp: number[];
  stationsOnKilledNode: number;
  /** Stations of the killed node not live again by the end of the run. */
  failedToCatchUp: number;
  /** Stations that lost a live link to the surviving node after the kill (its load, not the kill). */
  lostOnSurvivor: number;
  /** Stations not live at the end of the run, and the last trouble of a few of them. */
  offlineAtEnd: number;
  offlineTrouble: string[];
  /** Bytes of hub RSS per connected station (both nodes, after every station is live, minus before). */
  memoryPerConnection: number;
  hubCpuMs: number[];
  childCpuMs: number[];
  childRssBytes: number[];
  loadSeconds: number;
}

/** Process CPU (user + system) in ms and RSS in bytes, from /proc. */
function procUsage(pid: number): { cpuMs: number; rss: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { cpuMs: ticks * 10, rss: Number(rss ?? 0) * 1024 };
  } catch {
    return { cpuMs: Number.NaN, rss: Number.NaN };
  }
}

/** A province of `n` duty rooms: 1 province, cities and counties in the real ratio, the rest townships. */
export function province(n: number) {
  const cities = Math.max(1, Math.round((16 * n) / FLOOD_NIGHT.per));
  const counties = Math.max(2, Math.round((130 * n) / FLOOD_NIGHT.per));
  const townships = n - 1 - cities - counties;
  if (townships < 2) throw new Error(`a province needs more than ${n} stations`);
  const stations: Array<{ id: string; jurisdiction: string }> = [{ id: 'prov-51', jurisdiction: '51' }];
  const cityCodes = Array.from({ length: cities }, (_, i) => `51${String(i + 1).padStart(2, '0')}`);
  const countyCodes = Array.from(
    { length: counties },
    (_, i) => `${cityCodes[i % cities]}${String(Math.floor(i / cities) + 1).padStart(2, '0')}`,
  );
  const townshipCodes = Array.from(
    { length: townships },
    (_, i) => `${countyCodes[i % counties]}${String(Math.floor(i / counties) + 1).padStart(3, '0')}`,
  );
  for (const c of [...cityCodes, ...countyCodes, ...townshipCodes])
    stations.push({ id: `st-${c}`, jurisdiction: c });
  return { stations, townshipCodes, tiers: { province: 1, cities, counties, townships } };
}

interface ChildLink {
  child: ChildProcess;
  next(pred: (m: unknown) => boolean, timeoutMs: number, what: string): Promise<unknown>;
}

function startChild(niceness: number): ChildLink {
  const args = ['--import', 'tsx', join(here, 'scale-stations.ts')];
  const child =
    niceness > 0
      ? spawn('nice', ['-n', String(niceness), process.execPath, ...args], {
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        })
      : spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: unknown[] = [];
  let wake: (() => void) | null = null;
  child.on('message', (m: unknown) => {
    messages.push(m);
    wake?.();
  });
  child.on('exit', () => wake?.());
  return {
    child,
    async next(pred, timeoutMs, what) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const i = messages.findIndex(pred);
        if (i >= 0) return messages.splice(i, 1)[0];
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`station process exited waiting for ${what}`);
        if (Date.now() > until) {
          child.send('status');
          await new Promise((r) => setTimeout(r, 2000));
          const status = messages.find((m) => typeof m === 'object' && m !== null && 'status' in m);
          throw new Error(`station process: no ${what} within ${timeoutMs} ms; ${JSON.stringify(status)}`);
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

export const percentileOf = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export async function runScale(options: ScaleOptions): Promise<ScaleOutcome> {
  const log = options.log ?? (() => undefined);
  const niceness = options.niceness ?? 0;
  const schema = pgTestSchema();
  const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'duty-scale-'));
  const children: ChildLink[] = [];
  let store: HubEventStore | null = null;
  try {
    const ports = [await freePort(), await freePort()];
    const hubArgs = ['--pg', url];
    const start = (i: number) => spawnHub({ port: ports[i], dataDir, key: KEY, args: hubArgs });
    // One after another: the first makes the schema and the anchor key the second shares.
    const hubs = [await start(0), await start(1)];
    if (niceness > 0)
      for (const h of hubs) spawn('renice', ['-n', String(niceness), '-p', String(h.child.pid)]);
    const urls = ports.map((p) => `http://127.0.0.1:${p}`);
    const { stations, townshipCodes, tiers } = province(options.stations);
    const sims: SimStation[] = await Promise.all(
      stations.map(async (s, i) => ({
        ...s,
        token: (await issueToken(key, { station: s.id, jurisdiction: s.jurisdiction })).token,
        first: i % 2,
      })),
    );
    const childCount = Math.min(4, Math.max(1, options.children ?? Math.ceil(options.stations / 500)));
    const rssBefore = hubs.map((h) => procUsage(h.child.pid!).rss);
    const owner = new Map<string, number>();
    for (let c = 0; c < childCount; c += 1) {
      const share = sims.filter((_, i) => i % childCount === c);
      for (const s of share) owner.set(s.id, c);
      const link = startChild(niceness);
      children.push(link);
      link.child.send({ start: { urls, stations: share } });
    }
    await Promise.all(children.map((c) => c.next((m) => m === 'ready', 180_000, 'every station live')));
    const rssAfter = hubs.map((h) => procUsage(h.child.pid!).rss);
    const memoryPerConnection = (rssAfter[0] + rssAfter[1] - rssBefore[0] - rssBefore[1]) / sims.length;
    log(`${sims.length} stations live on two nodes (${childCount} station processes)`);

    const publish = (dues: Due[]) => {
      const per = children.map(() => [] as Due[]);
      for (const d of dues) per[owner.get(d.station)!].push(d);
      per.forEach((list, c) => list.length > 0 && children[c].child.send({ publish: list }));
    };
    let drains = 0;
    const drain = (what: string) => {
      const n = (drains += 1);
      return Promise.all(
        children.map((c) => {
          c.child.send({ drain: n });
          return c.next((m) => (m as { drained?: number } | null)?.drained === n, DRAIN_MS, what);
        }),
      );
    };

    // Teams registered by their townships first (positions are checked against their registrar).
    const scale = options.stations / FLOOD_NIGHT.per;
    const teams = Array.from(
      { length: Math.round(FLOOD_NIGHT.teamsPerStation * options.stations) },
      (_, i) => {
        const township = townshipCodes[i % townshipCodes.length];
        return { id: `team-${i}`, township, station: `st-${township}` };
      },
    );
    publish(
      teams.map((t) => ({
        station: t.station,
        type: 'team.registered',
        stream: `team:${t.id}`,
        payload: { team: { ...registerTeamCommand(t.id).payload.team, jurisdiction: t.township } },
      })),
    );
    await drain('the teams registered');
    log(`${teams.length} teams registered`);

    // The flood night, in ticks of 100 ms: positions round the teams, incidents and reports at random townships.
    const incidentsOf = new Map<string, string[]>();
    const tickMs = 100;
    const rates = {
      position: FLOOD_NIGHT.positionHz * teams.length,
      incident: FLOOD_NIGHT.incidentsPerSecond * scale,
      report: FLOOD_NIGHT.reportsPerSecond * scale,
    };
    const owed = { position: 0, incident: 0, report: 0 };
    let teamAt = 0;
    let random = 0x2026;
    const rand = () => (random = (random * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const t0 = Date.now();
    let killAt = 0;
    let killedCpu = 0;
    let killedStations = 0;
    while (Date.now() - t0 < options.seconds * 1000) {
      const dues: Due[] = [];
      for (const k of Object.keys(owed) as Array<keyof typeof owed>) owed[k] += (rates[k] * tickMs) / 1000;
      for (; owed.position >= 1; owed.position -= 1) {
        const t = teams[teamAt++ % teams.length];
        dues.push({
          station: t.station,
          type: 'team.position_reported',
          stream: `team:${t.id}`,
          payload: {
            position: {
              point: { lon: 103 + rand() * 3, lat: 29 + rand() * 3 },
              headingDeg: Math.floor(rand() * 360),
              speedKmh: Math.floor(rand() * 60),
              at: new Date().toISOString(),
            },
          },
        });
      }
      for (; owed.incident >= 1; owed.incident -= 1) {
        const township = townshipCodes[Math.floor(rand() * townshipCodes.length)];
        const c = registerIncidentCommand();
        const list = incidentsOf.get(township) ?? [];
        list.push(c.payload.incidentId);
        incidentsOf.set(township, list);
        dues.push({
          station: `st-${township}`,
          type: 'incident.registered',
          stream: `incident:${c.payload.incidentId}`,
          payload: { facts: c.payload.facts },
        });
      }
      for (; owed.report >= 1; owed.report -= 1) {
        const withIncidents = [...incidentsOf.keys()];
        if (withIncidents.length === 0) break;
        const township = withIncidents[Math.floor(rand() * withIncidents.length)];
        const incidentId = incidentsOf.get(township)!.at(-1)!;
        const reportId = newId();
        dues.push(
          {
            station: `st-${township}`,
            type: 'report.drafted',
            stream: `report:${reportId}`,
            payload: { ...draftReportCommand(incidentId).payload, reportId: undefined },
          },
          {
            station: `st-${township}`,
            type: 'report.sent',
            stream: `report:${reportId}`,
            payload: { addressedTo: township.slice(0, 6) },
          },
        );
      }
      publish(dues);
      if (
        options.killAfterSeconds !== undefined &&
        killAt === 0 &&
        Date.now() - t0 >= options.killAfterSeconds * 1000
      ) {
        killedCpu = procUsage(hubs[1].child.pid!).cpuMs;
        killedStations = sims.filter((s) => s.first === 1).length;
        killAt = Date.now();
        hubs[1].child.kill('SIGKILL');
        log(`node 2 killed with ${killedStations} stations on it`);
      }
      await new Promise((r) => setTimeout(r, tickMs));
    }
    const loadSeconds = (Date.now() - t0) / 1000;
    await drain('every event acknowledged');

    // What each station should hold: everything the log shows it, apart from its own.
    store = openPgHubStore(TEST_PG_URL, { schema: schema.schema });
    const expected = new Map<string, { count: number; last: number; sum: number }>();
    for (const s of sims) {
      const seqs = store
        .readSince({ station: s.id, jurisdiction: s.jurisdiction }, 0, 10_000_000)
        .map((e) => e.hubSeq ?? 0);
      expected.set(s.id, {
        count: seqs.length,
        last: seqs.at(-1) ?? 0,
        sum: seqs.reduce((a, b) => (a + b) >>> 0, 0),
      });
    }
    const events = store.count();
    const hubCpuMs = [
      procUsage(hubs[0].child.pid!).cpuMs,
      killAt > 0 ? killedCpu : procUsage(hubs[1].child.pid!).cpuMs,
    ];
    await Promise.all(
      children.map((c) => {
        c.child.send({
          expect: Object.fromEntries([...expected].map(([k, v]) => [k, v.last])),
          withinMs: 120_000,
        });
        return c.next((m) => m === 'caught', 180_000, 'every station caught up');
      }),
    );
    const reports = (await Promise.all(
      children.map((c) => {
        c.child.send('report');
        return c.next((m) => typeof m === 'object' && m !== null && 'received' in m, 60_000, 'its report');
      }),
    )) as Report[];
    const mismatches: Mismatch[] = [];
    const caughtUp: number[] = [];
    let failedToCatchUp = 0;
    let lostOnSurvivor = 0;
    const offline: Received[] = [];
    for (const r of reports.flatMap((x) => x.received)) {
      const want = expected.get(r.station)!;
      if (r.count !== want.count || r.last !== want.last || r.sum !== want.sum || r.backwards !== 0)
        mismatches.push({ station: r.station, expected: want, received: r });
      if (!r.liveAtEnd) offline.push(r);
      // The station's first outage of its link to the killed node (index 1), from the kill on: live
      // again when, or never within the run. A link lost to the surviving node is counted apart.
      let onSurvivor = false;
      for (let i = 0; killAt > 0 && i < r.outages.length; i += 2) {
        if (r.outages[i] < killAt) continue;
        if (r.outageFrom[i / 2] !== 1) {
          onSurvivor = true;
          continue;
        }
        if (r.outages[i + 1] > 0) caughtUp.push(r.outages[i + 1] - killAt);
        else failedToCatchUp += 1;
        break;
      }
      if (onSurvivor) lostOnSurvivor += 1;
    }
    caughtUp.sort((a, b) => a - b);
    const latencies: number[] = [];
    const latenciesAfterKill: number[] = [];
    const latenciesOfSetUp: number[] = [];
    for (const r of reports)
      for (let i = 0; i < r.deliveries.length; i += 2) {
        const [receivedAt, latency] = [r.deliveries[i], r.deliveries[i + 1]];
        // Sent (sealed) before the load began: the teams' registration burst.
        const list =
          receivedAt - latency < t0 ? latenciesOfSetUp : killAt > 0 && receivedAt >= killAt ? latenciesAfterKill : latencies;
        list.push(latency);
      }
    latencies.sort((a, b) => a - b);
    latenciesAfterKill.sort((a, b) => a - b);
    latenciesOfSetUp.sort((a, b) => a - b);
    return {
      stations: sims.length,
      tiers,
      events,
      published: reports.reduce((a, r) => a + r.published, 0),
      refused: reports.reduce((a, r) => a + r.refused, 0),
      unanswered: reports.reduce((a, r) => a + r.unanswered, 0),
      firstRefusal: reports.find((r) => r.firstRefusal)?.firstRefusal ?? null,
      mismatches,
      latencies,
      latenciesAfterKill,
      latenciesOfSetUp,
      caughtUp,
      stationsOnKilledNode: killedStations,
      failedToCatchUp,
      lostOnSurvivor,
      offlineAtEnd: offline.length,
      offlineTrouble: offline.slice(0, 5).map((r) => `${r.station}: ${r.trouble}`),
      memoryPerConnection,
      hubCpuMs,
      childCpuMs: reports.map((r) => r.cpuMs),
      childRssBytes: reports.map((r) => r.rssBytes),
      loadSeconds,
    };
  } finally {
    for (const c of children) c.child.kill('SIGKILL');
    killRunningHubs();
    store?.close();
    schema.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Saturation of one hub node: `publishers` township stations publish `perStation` positions each as fast
 * as acknowledgements come back (one batch of up to 50 in flight per station), a county station takes
 * them live; the figure is acknowledged events per second. `pg` puts the node on PostgreSQL, else on its
 * SQLite file; the teams are registered first and not timed.
 */
export async function runSaturation(options: {
  store: 'pg' | 'sqlite';
  publishers: number;
  perStation: number;
  niceness?: number;
}): Promise<{
  eventsPerSecond: number;
  events: number;
  seconds: number;
  hubCpuMs: number;
  childCpuMs: number;
  refused: number;
}> {
  const schema = options.store === 'pg' ? pgTestSchema() : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'duty-saturation-'));
  let link: ChildLink | null = null;
  try {
    const args = schema
      ? [
          '--pg',
          `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`,
        ]
      : [];
    const port = await freePort();
    const hub = await spawnHub({ port, dataDir, key: KEY, args });
    if ((options.niceness ?? 0) > 0)
      spawn('renice', ['-n', String(options.niceness), '-p', String(hub.child.pid)]);
    const codes = Array.from(
      { length: options.publishers },
      (_, i) => `510101${String(i + 1).padStart(3, '0')}`,
    );
    const stations = [
      { id: 'st-510101', jurisdiction: '510101' },
      ...codes.map((c) => ({ id: `st-${c}`, jurisdiction: c })),
    ];
    const sims: SimStation[] = await Promise.all(
      stations.map(async (s) => ({
        ...s,
        token: (await issueToken(key, { station: s.id, jurisdiction: s.jurisdiction })).token,
        first: 0,
      })),
    );
    const l = startChild(options.niceness ?? 0);
    link = l;
    l.child.send({ start: { urls: [`http://127.0.0.1:${port}`], stations: sims } });
    await l.next((m) => m === 'ready', 60_000, 'every station live');
    let drains = 0;
    const drain = () => {
      const n = (drains += 1);
      l.child.send({ drain: n });
      return l.next(
        (m) => (m as { drained?: number } | null)?.drained === n,
        600_000,
        'every event acknowledged',
      );
    };
    l.child.send({
      publish: codes.map((c) => ({
        station: `st-${c}`,
        type: 'team.registered',
        stream: `team:team-${c}`,
        payload: { team: { ...registerTeamCommand(`team-${c}`).payload.team, jurisdiction: c } },
      })),
    });
    await drain();
    const cpu0 = procUsage(hub.child.pid!).cpuMs;
    const dues: Due[] = [];
    for (let k = 0; k < options.perStation; k += 1)
      for (const c of codes)
        dues.push({
          station: `st-${c}`,
          type: 'team.position_reported',
          stream: `team:team-${c}`,
          payload: {
            position: {
              point: { lon: 104 + k / 1e4, lat: 30 },
              headingDeg: 90,
              speedKmh: 30,
              at: new Date(Date.now() + k).toISOString(),
            },
          },
        });
    const t0 = Date.now();
    l.child.send({ publish: dues });
    await drain();
    const seconds = (Date.now() - t0) / 1000;
    const hubCpuMs = procUsage(hub.child.pid!).cpuMs - cpu0;
    l.child.send('report');
    const report = (await l.next(
      (m) => typeof m === 'object' && m !== null && 'received' in m,
      60_000,
      'its report',
    )) as Report;
    const events = dues.length;
    return {
      eventsPerSecond: events / seconds,
      events,
      seconds,
      hubCpuMs,
      childCpuMs: report.cpuMs,
      refused: report.refused,
    };
  } finally {
    link?.child.kill('SIGKILL');
    killRunningHubs();
    schema?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
