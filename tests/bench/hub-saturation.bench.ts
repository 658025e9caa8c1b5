// Hub fan-out at saturation (issue 17): the offered load is raised step by step until deliveries stop
// keeping up, for the hub (parse, hash, routing table with its owner and receipt lookups, commit, ack,
// sequence checks, fan-out by rooms) and for a bare socket.io broadcast of the same payloads, in the same
// run; the figure is each one's highest delivery rate and their ratio.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { issueToken } from '../../hub/auth';
import { nodeSha256, startHub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import { newId } from '../../shared/ids';
import { eventPayloads, type EventType } from '../../shared/events/catalog';
import { sealEvents, type DomainEvent, type EventDraft } from '../../shared/events/envelope';
import type { PublishReply } from '../../shared/sync/protocol';
import { draftReportCommand, registerIncidentCommand, registerTeamCommand } from '../../station/store/store.testing';
import { goal, type Bench, type BenchResult } from './harness';
import { publishAtRate } from './publish-at-rate';

const here = dirname(fileURLToPath(import.meta.url));
const key = new TextEncoder().encode('bench-signing-key-0123456789-abcdefghij');
const STATIONS = 50;
const STEP_SECONDS = 3;
const BATCH = 10;
/** Offered loads, events per second from the one publishing station; stops at the first step that falls behind. */
const RATES = [100, 250, 500, 1000, 2000, 4000, 8000];
/**
 * Kept up: ≥ 99 % of deliveries within GRACE_MS of the last send, at ≥ 90 % of the offered delivery rate
 * (events/s × stations). Latency is reported, not judged: on a loaded machine it is the scheduler's.
 */
const GRACE_MS = 3000;

const TEAMS = 20;
const INCIDENTS = 20;
const REPORTS = 10;
const publisher = { station: 'town-500110101', jurisdiction: '500110101' };

/**
 * A township's feed: its teams, incidents and report drafts first (each a stream the routing table will
 * look owners up for), then position reports (8 in 10), fact updates (1 in 10) and report sends to the
 * district (1 in 10, the addressee checked against the tree) — every one needs an owner lookup.
 */
function feed(count: number): DomainEvent[] {
  const drafts: Array<{ type: EventType; stream: string; payload: unknown }> = [];
  for (let i = 0; i < TEAMS; i += 1) {
    const team = { ...registerTeamCommand(`ws-team-${i}`).payload.team, jurisdiction: publisher.jurisdiction };
    drafts.push({ type: 'team.registered', stream: `team:ws-team-${i}`, payload: { team } });
  }
  const incidents = Array.from({ length: INCIDENTS }, () => registerIncidentCommand());
  for (const c of incidents) drafts.push({ type: 'incident.registered', stream: `incident:${c.payload.incidentId}`, payload: { facts: c.payload.facts } });
  const reports = Array.from({ length: REPORTS }, (_, i) => ({ id: newId(), incidentId: incidents[i].payload.incidentId }));
  for (const r of reports) drafts.push({ type: 'report.drafted', stream: `report:${r.id}`, payload: { ...draftReportCommand(r.incidentId).payload, reportId: undefined } });
  let at = Date.parse('2026-12-07T02:00:00.000Z');
  for (let i = 0; drafts.length < count; i += 1) {
    if (i % 10 === 3) {
      drafts.push({ type: 'incident.facts_updated', stream: `incident:${incidents[i % INCIDENTS].payload.incidentId}`, payload: { changes: { affectedPeople: i } } });
    } else if (i % 10 === 7) {
      drafts.push({ type: 'report.sent', stream: `report:${reports[i % REPORTS].id}`, payload: { addressedTo: '500110' } });
    } else {
      drafts.push({
        type: 'team.position_reported',
        stream: `team:ws-team-${i % TEAMS}`,
        payload: { position: { point: { lon: 106.9 + (i % 97) / 1000, lat: 28.9 + (i % 89) / 1000 }, headingDeg: 90, speedKmh: 40, at: new Date((at += 100)).toISOString() } },
      });
    }
  }
  // Payloads in their schema's normal form, as a station seals them.
  const normal = drafts.map((d) => ({ ...d, payload: eventPayloads[d.type].parse(d.payload) }) as EventDraft);
  return sealEvents(
    normal,
    { ...publisher, actor: { id: 'feed', role: 'feed' }, now: '2026-12-07T02:00:00.000Z', lastStationSeq: 0, lastHash: null, newId: () => newId() },
    nodeSha256,
  );
}

interface Step {
  rate: number;
  offered: number;
  deliveries: number;
  expected: number;
  throughput: number;
  p50: number;
  p99: number;
  keptUp: boolean;
}

/** One step: `events` offered at `rate` per second in batches of BATCH to STATIONS subscribers in a child process. */
async function step(url: string, tokens: string[], pull: boolean, rate: number, events: DomainEvent[], publish: (batch: DomainEvent[]) => void): Promise<Step> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'hub-saturation-subscribers.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: unknown[] = [];
  let wake: (() => void) | null = null;
  child.on('message', (m: unknown) => {
    messages.push(m);
    wake?.();
  });
  const next = async (pred: (m: unknown) => boolean): Promise<unknown> => {
    for (;;) {
      const i = messages.findIndex(pred);
      if (i >= 0) return messages.splice(i, 1)[0];
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  child.send({ url, tokens, pull, expected: events.length, graceMs: GRACE_MS });
  await next((m) => m === 'ready');

  const { sent, start } = await publishAtRate(events, { rate, batch: BATCH, tickMs: 1 }, publish);
  child.send({ sentDone: true });
  await next((m) => m === 'finished');
  child.send({ sent });
  const r = (await next((m) => typeof m === 'object' && m !== null && 'deliveries' in m)) as { deliveries: number; last: number; p50: number; p99: number };
  const expected = events.length * tokens.length;
  return {
    rate,
    offered: events.length,
    deliveries: r.deliveries,
    expected,
    throughput: r.deliveries / ((r.last - start) / 1000),
    p50: r.p50,
    p99: r.p99,
    keptUp: r.deliveries >= 0.99 * expected && r.deliveries / ((r.last - start) / 1000) >= 0.9 * rate * tokens.length,
  };
}

async function bareStep(rate: number, events: DomainEvent[]): Promise<Step> {
  const http = createServer();
  const server = new Server(http, { maxHttpBufferSize: 1024 * 1024 });
  server.on('connection', (socket) => {
    socket.on('publish', (batch: unknown[], ack: (r: unknown) => void) => {
      socket.broadcast.emit('events', { events: batch });
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const client = io(url, { transports: ['websocket'] });
  await new Promise((r) => client.once('connect', () => r(undefined)));
  try {
    return await step(url, Array.from({ length: STATIONS }, () => 'none'), false, rate, events, (batch) => client.emit('publish', batch, () => undefined));
  } finally {
    client.disconnect();
    await server.close();
  }
}

async function hubStep(rate: number, events: DomainEvent[], dir: string): Promise<Step & { acked: number; refused: number }> {
  const store = openSqliteHubStore(join(dir, `hub-${rate}.sqlite`));
  const hub = await startHub({ store, key, rateLimit: { messagesPerSecond: 1e6, burst: 1e6 } });
  const tokens = await Promise.all(
    Array.from({ length: STATIONS }, async (_, i) => (await issueToken(key, { station: `room-500110-${i}`, jurisdiction: '500110' })).token),
  );
  const client = io(hub.url, { transports: ['websocket'], auth: { token: (await issueToken(key, publisher)).token } });
  await new Promise((r) => client.once('connect', () => r(undefined)));
  let acked = 0;
  let refused = 0;
  try {
    const s = await step(hub.url, tokens, true, rate, events, (batch) =>
      client.emit('publish', batch, (r: PublishReply) => {
        if (r.ok) {
          acked += r.acks.length;
          refused += r.rejected.length;
        }
      }),
    );
    return { ...s, acked, refused };
  } finally {
    client.disconnect();
    await hub.close();
    store.close();
  }
}

const report = (name: string, s: Step): Step => {
  console.log(
    `   ${name} ${s.rate} ev/s offered: ${Math.round(s.throughput)} deliveries/s, ${((100 * s.deliveries) / s.expected).toFixed(1)} % delivered, p99 ${Math.round(s.p99)} ms${s.keptUp ? '' : ' — fell behind'}`,
  );
  return s;
};

async function saturationBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'duty-bench-hub-sat-'));
  try {
    const feeds = new Map(RATES.map((rate) => [rate, feed(rate * STEP_SECONDS)]));
    const load = loadavg()[0] ?? 0;
    // Raise the load until each side falls behind; bare and hub take turns at each rate, so a machine
    // whose load drifts during the run favours neither.
    const bare: Step[] = [];
    const hub: Step[] = [];
    let acked = 0;
    let refused = 0;
    for (const rate of RATES) {
      const events = feeds.get(rate)!;
      const bareBehind = bare.some((s) => !s.keptUp);
      const hubBehind = hub.some((s) => !s.keptUp);
      if (bareBehind && hubBehind) break;
      if (!bareBehind) bare.push(report('bare', await bareStep(rate, events)));
      if (!hubBehind) {
        const s = await hubStep(rate, events, dir);
        acked += s.acked;
        refused += s.refused;
        hub.push(report('hub ', s));
      }
    }
    const best = (steps: Step[]) => Math.max(...steps.map((s) => s.throughput));
    const sustained = (steps: Step[]) => Math.max(0, ...steps.filter((s) => s.keptUp).map((s) => s.rate));
    const figures: BenchResult['figures'] = {
      hub_saturated_throughput: { value: best(hub), unit: 'deliveries/s' },
      bare_saturated_throughput: { value: best(bare), unit: 'deliveries/s' },
      saturated_ratio_hub_vs_bare: { value: best(hub) / best(bare), unit: 'ratio' },
      hub_highest_rate_kept_up: { value: sustained(hub), unit: 'events/s offered' },
      bare_highest_rate_kept_up: { value: sustained(bare), unit: 'events/s offered' },
      hub_events_refused_by_routing: { value: refused, unit: 'events' },
      hub_events_acked: { value: acked, unit: 'events' },
    };
    for (const [name, steps] of [['hub', hub], ['bare', bare]] as const)
      for (const s of steps) {
        figures[`${name}_${s.rate}_throughput`] = { value: s.throughput, unit: 'deliveries/s' };
        figures[`${name}_${s.rate}_delivered`] = { value: (100 * s.deliveries) / s.expected, unit: '%' };
        figures[`${name}_${s.rate}_latency_p99`] = { value: s.p99, unit: 'ms' };
      }
    return {
      name: 'hub-fanout-saturation',
      description:
        `one township station publishes ${STEP_SECONDS} s steps of ${RATES.join(', ')} events/s (batches of ${BATCH}: position reports, fact updates, report sends, after its teams, incidents and drafts) ` +
        `to ${STATIONS} district stations in a child process, each step on a fresh server, until a step falls behind (< 99 % delivered within ${GRACE_MS / 1000} s of the last send, or delivered at < 90 % of the offered rate); ` +
        'the hub (parse, hash, routing table with its owner lookups, commit, ack, sequence checks, rooms) vs a bare socket.io broadcast of the same payloads, in the same run',
      figures,
      goals: [goal(figures, 'saturated_ratio_hub_vs_bare', '>=', 0.7), goal(figures, 'hub_events_refused_by_routing', '<=', 0)],
      environment: { stations: STATIONS, batch: BATCH, step_seconds: STEP_SECONDS, loadavg_1m_at_start: Number(load.toFixed(1)), loadavg_1m_at_end: Number((loadavg()[0] ?? 0).toFixed(1)) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [{ name: 'hub-fanout-saturation', run: saturationBench }];
