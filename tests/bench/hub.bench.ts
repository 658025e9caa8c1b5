// Hub benchmarks: fan-out to 50 stations at 1,000 events/s against a bare socket.io broadcast of the
// same payloads in the same run, and the outbox drain rate of a station coming back online.
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
import { sealEvents, type DomainEvent } from '../../shared/events/envelope';
import { openStationStore } from '../../station/store/index';
import { startSyncClient } from '../../station/sync/client';
import type { PublishReply } from '../../shared/sync/protocol';
import { goal, percentile, type Bench, type BenchResult } from './harness';
import { benchNow as now, publishAtRate } from './publish-at-rate';

const here = dirname(fileURLToPath(import.meta.url));
const key = new TextEncoder().encode('bench-signing-key-0123456789-abcdefghij');
const STATIONS = 50;
const RATE = 1000;
const SECONDS = 10;
const BATCH = 10;

/** 10,000 team position reports from one township station, sealed once and sent to both servers. */
function feedEvents(count: number): DomainEvent[] {
  let at = Date.parse('2026-11-25T02:00:00.000Z');
  return sealEvents(
    Array.from({ length: count }, (_, i) => ({
      type: 'team.position_reported' as const,
      stream: `team:ws-team-${i % 20}`,
      payload: { position: { point: { lon: 106.9 + (i % 97) / 1000, lat: 28.9 + (i % 89) / 1000 }, headingDeg: 90, speedKmh: 40, at: new Date((at += 100)).toISOString() } },
    })),
    {
      station: 'town-500110101',
      jurisdiction: '500110101',
      actor: { id: 'feed', role: 'feed' },
      now: '2026-11-25T02:00:00.000Z',
      lastStationSeq: 0,
      lastHash: null,
      newId: () => newId(),
    },
    nodeSha256,
  );
}

interface Run {
  deliveries: number;
  expected: number;
  throughput: number;
  p50: number;
  p99: number;
}

/** Publish `events` at RATE per second in batches through `publish`, 50 subscribers in a child process. */
async function fanOut(url: string, tokens: string[], pull: boolean, events: DomainEvent[], publish: (batch: DomainEvent[]) => void): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'hub-subscribers.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = new Promise<{ receipts: number[][]; counts: number[] }>((resolve) =>
    child.on('message', (m: unknown) => {
      if (m && typeof m === 'object') resolve(m as { receipts: number[][]; counts: number[] });
    }),
  );
  const ready = new Promise<void>((resolve) => child.on('message', (m: unknown) => m === 'ready' && resolve()));
  child.send({ url, tokens, pull, expected: events.length });
  await ready;

  const { sent, start } = await publishAtRate(events, { rate: RATE, batch: BATCH, tickMs: 2 }, publish);
  // Whatever has not arrived 10 s after the last send counts as not delivered.
  const stop = setTimeout(() => child.connected && child.send('stop'), 10_000);
  const { receipts } = await result;
  clearTimeout(stop);
  const latencies: number[] = [];
  let last = 0;
  for (const r of receipts) {
    for (let seq = 1; seq <= events.length; seq += 1) {
      if (r[seq] > 0) {
        latencies.push(r[seq] - sent[seq]);
        last = Math.max(last, r[seq]);
      }
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    deliveries: latencies.length,
    expected: events.length * tokens.length,
    throughput: latencies.length / ((last - start) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function bareRun(events: DomainEvent[]): Promise<Run> {
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
  const publisher = io(url, { transports: ['websocket'] });
  await new Promise((r) => publisher.once('connect', () => r(undefined)));
  try {
    return await fanOut(url, Array.from({ length: STATIONS }, () => 'none'), false, events, (batch) => publisher.emit('publish', batch, () => undefined));
  } finally {
    publisher.disconnect();
    await server.close();
  }
}

async function hubRun(events: DomainEvent[], dir: string): Promise<Run & { acked: number }> {
  const store = openSqliteHubStore(join(dir, 'hub.sqlite'));
  const hub = await startHub({ store, key, rateLimit: { messagesPerSecond: 10_000, burst: 10_000 } });
  const tokens = await Promise.all(
    Array.from({ length: STATIONS }, async (_, i) => (await issueToken(key, { station: `room-500110-${i}`, jurisdiction: '500110' })).token),
  );
  const publisher = io(hub.url, { transports: ['websocket'], auth: { token: (await issueToken(key, { station: 'town-500110101', jurisdiction: '500110101' })).token } });
  await new Promise((r) => publisher.once('connect', () => r(undefined)));
  let acked = 0;
  try {
    const run = await fanOut(hub.url, tokens, true, events, (batch) =>
      publisher.emit('publish', batch, (r: PublishReply) => {
        if (r.ok) acked += r.acks.length;
      }),
    );
    return { ...run, acked };
  } finally {
    publisher.disconnect();
    await hub.close();
    store.close();
  }
}

async function fanOutBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'duty-bench-hub-'));
  try {
    const events = feedEvents(RATE * SECONDS);
    const load = loadavg()[0] ?? 0;
    // Bare, hub, bare again: the baseline brackets the hub run, so a machine whose load drifts
    // during the run does not favour either side.
    const bareBefore = await bareRun(events);
    const hub = await hubRun(events, dir);
    const bareAfter = await bareRun(events);
    const bare: Run = {
      deliveries: (bareBefore.deliveries + bareAfter.deliveries) / 2,
      expected: bareBefore.expected,
      throughput: (bareBefore.throughput + bareAfter.throughput) / 2,
      p50: (bareBefore.p50 + bareAfter.p50) / 2,
      p99: (bareBefore.p99 + bareAfter.p99) / 2,
    };
    const figures: BenchResult['figures'] = {
      hub_throughput: { value: hub.throughput, unit: 'deliveries/s' },
      hub_delivered: { value: (100 * hub.deliveries) / hub.expected, unit: '%' },
      hub_latency_p50: { value: hub.p50, unit: 'ms' },
      hub_latency_p99: { value: hub.p99, unit: 'ms' },
      hub_committed_and_acked: { value: hub.acked, unit: 'events' },
      bare_throughput: { value: bare.throughput, unit: 'deliveries/s' },
      bare_delivered: { value: (100 * bare.deliveries) / bare.expected, unit: '%' },
      bare_latency_p50: { value: bare.p50, unit: 'ms' },
      bare_latency_p99: { value: bare.p99, unit: 'ms' },
      bare_throughput_run_before_hub: { value: bareBefore.throughput, unit: 'deliveries/s' },
      bare_throughput_run_after_hub: { value: bareAfter.throughput, unit: 'deliveries/s' },
      throughput_ratio_hub_vs_bare: { value: hub.throughput / bare.throughput, unit: 'ratio' },
    };
    return {
      name: 'hub-fanout',
      description: `${RATE} events/s for ${SECONDS} s from one township station to ${STATIONS} district stations (subscribers in a child process): hub (validate, commit, ack, route) vs bare socket.io broadcast of the same payloads`,
      figures,
      goals: [goal(figures, 'throughput_ratio_hub_vs_bare', '>=', 0.7), goal(figures, 'hub_delivered', '>=', 100)],
      environment: { stations: STATIONS, batch: BATCH, loadavg_1m_at_start: Number(load.toFixed(1)), loadavg_1m_at_end: Number((loadavg()[0] ?? 0).toFixed(1)) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function drainBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'duty-bench-drain-'));
  const QUEUED = 5000;
  try {
    const store = openStationStore({ path: join(dir, 'station.sqlite'), stationId: 'district-500110', jurisdiction: '500110' });
    // Queued offline through the store's one write path: a team registered, then its position reports
    // (small events, as a feed sends them), executed 50 commands to a transaction; one event each.
    const officer = { id: 'officer-1', role: 'officer' } as const;
    const team = { id: 'team-01', name: '综合应急救援队', kind: 'comprehensive', jurisdiction: '500110', headcount: 20, base: { lon: 106.92, lat: 28.96 } };
    const registered = store.execute({ id: newId(), type: 'team.register', payload: { team } }, officer);
    if (!registered.ok) throw new Error(JSON.stringify(registered.errors));
    const positions = Array.from({ length: QUEUED - 1 }, (_, i) => ({
      id: newId(),
      type: 'team.report_position',
      payload: { teamId: team.id, position: { point: { lon: 106.9 + (i % 100) / 1000, lat: 28.9 + (i % 77) / 1000 }, at: new Date(Date.UTC(2026, 6, 15) + i * 1000).toISOString() } },
    }));
    for (let i = 0; i < positions.length; i += 50) {
      const results = store.executeAll(positions.slice(i, i + 50), officer);
      for (const r of results) if (!r.ok) throw new Error(`a queued command was refused: ${JSON.stringify(r.errors)}`);
    }
    if (store.outboxDepth() !== QUEUED) throw new Error(`expected ${QUEUED} queued events, found ${store.outboxDepth()}`);
    const hubStore = openSqliteHubStore(join(dir, 'hub.sqlite'));
    const hub = await startHub({ store: hubStore, key });
    const { token } = await issueToken(key, { station: 'district-500110', jurisdiction: '500110' });
    const start = now();
    const client = startSyncClient({ url: hub.url, token, store });
    await new Promise<void>((resolve) => {
      const check = () => (store.outboxDepth() === 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    const ms = now() - start;
    client.stop();
    store.close();
    await hub.close();
    hubStore.close();
    const figures: BenchResult['figures'] = {
      queued: { value: QUEUED, unit: 'events' },
      drain_time: { value: ms, unit: 'ms' },
      drain_rate: { value: (QUEUED / ms) * 1000, unit: 'events/s' },
    };
    return {
      name: 'outbox-drain',
      description: `a station back online after an offline period pushes ${QUEUED} queued events (a team and its position reports, executed as commands) to the hub (connect, batches of up to 200, each committed and acknowledged)`,
      figures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [
  { name: 'hub-fanout', run: fanOutBench },
  { name: 'outbox-drain', run: drainBench },
];
