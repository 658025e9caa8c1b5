// Issue 18 benchmarks: what the sync checks cost the hub's fan-out at saturation (checks on vs off,
// alternated in the same run), and how long a hole in a station's live stream lasts before it is
// repaired (≥ 100 injected holes; the previous-sequence check vs the periodic anti-entropy check).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { issueToken } from '../../hub/auth';
import { nodeSha256, startHub, type HubFaults } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import { newId } from '../../shared/ids';
import { sealEvents, type DomainEvent } from '../../shared/events/envelope';
import type { PublishReply } from '../../shared/sync/protocol';
import { openStationStore } from '../../station/store/index';
import { startSyncClient } from '../../station/sync/client';
import { goal, percentile, type Bench, type BenchResult } from './harness';
import type { Done } from './sync-subscribers';

const here = dirname(fileURLToPath(import.meta.url));
const key = new TextEncoder().encode('bench-signing-key-0123456789-abcdefghij');
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Team position reports from one township station, sealed once and sent to every run. */
function feedEvents(count: number, station = 'town-500110101', jurisdiction = '500110101'): DomainEvent[] {
  let at = Date.parse('2026-11-25T02:00:00.000Z');
  return sealEvents(
    Array.from({ length: count }, (_, i) => ({
      type: 'team.position_reported' as const,
      stream: `team:ws-team-${i % 20}`,
      payload: {
        position: {
          point: { lon: 106.9 + (i % 97) / 1000, lat: 28.9 + (i % 89) / 1000 },
          headingDeg: 90,
          speedKmh: 40,
          at: new Date((at += 100)).toISOString(),
        },
      },
    })),
    {
      station,
      jurisdiction,
      actor: { id: 'feed', role: 'feed' },
      now: '2026-11-25T02:00:00.000Z',
      lastStationSeq: 0,
      lastHash: null,
      newId: () => newId(),
    },
    nodeSha256,
  );
}

// ---------------------------------------------------------------------------------------------------
// Fan-out at saturation, checks on vs off.

const STATIONS = 50;
const EVENTS = 20_000;
const BATCH = 20;
/** Publishes in flight at once: enough to keep the hub busy (saturation), not a fixed rate. */
const WINDOW = 8;
/** Each subscriber asks for a digest of everything it should hold this often: the sync client's default. */
const BENCH_CHECK_MS = Number(process.env.SYNC_BENCH_CHECK_MS ?? 5000);
/** Off/on pairs, alternated: a 2-core machine shared with other work is noisy, so several. */
const PAIRS = Number(process.env.SYNC_BENCH_PAIRS ?? 6);

interface FanOutRun {
  checks: boolean;
  /** Hub process CPU (user + system) per 1,000 deliveries: what bounds fan-out at saturation. */
  cpuPerThousand: number;
  throughput: number;
  delivered: number;
  p50: number;
  p99: number;
  gaps: number;
  digests: number;
}

async function saturatedRun(events: DomainEvent[], checks: boolean): Promise<FanOutRun> {
  const dir = mkdtempSync(join(tmpdir(), 'duty-bench-sync-'));
  const store = openSqliteHubStore(join(dir, 'hub.sqlite'));
  const hub = await startHub({
    store,
    key,
    sequenceChecks: checks,
    rateLimit: { messagesPerSecond: 10_000, burst: 10_000 },
  });
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'sync-subscribers.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const stations = await Promise.all(
      Array.from({ length: STATIONS }, async (_, i) => {
        const station = `room-500110-${i}`;
        return {
          station,
          jurisdiction: '500110',
          token: (await issueToken(key, { station, jurisdiction: '500110' })).token,
        };
      }),
    );
    const done = new Promise<Done>((resolve) =>
      child.on('message', (m: unknown) => {
        if (m && typeof m === 'object') resolve(m as Done);
      }),
    );
    const ready = new Promise<void>((resolve) =>
      child.on('message', (m: unknown) => m === 'ready' && resolve()),
    );
    child.send({ url: hub.url, stations, expected: events.length, checks, checkMs: BENCH_CHECK_MS });
    await ready;

    const publisher = io(hub.url, {
      transports: ['websocket'],
      auth: {
        token: (await issueToken(key, { station: 'town-500110101', jurisdiction: '500110101' })).token,
      },
    });
    await new Promise((r) => publisher.once('connect', () => r(undefined)));
    const sent = new Float64Array(events.length + 1);
    const cpu = process.cpuUsage();
    const start = now();
    let next = 0;
    let inFlight = 0;
    await new Promise<void>((resolve) => {
      const send = () => {
        while (inFlight < WINDOW && next < events.length) {
          const batch = events.slice(next, next + BATCH);
          next += batch.length;
          inFlight += 1;
          const t = now();
          for (const e of batch) sent[e.stationSeq] = t;
          publisher.emit('publish', batch, (r: PublishReply) => {
            inFlight -= 1;
            if (!r.ok) throw new Error('publish refused');
            if (next >= events.length && inFlight === 0) resolve();
            else send();
          });
        }
      };
      send();
    });
    const stop = setTimeout(() => child.connected && child.send('stop'), 30_000);
    const result = await done;
    const used = process.cpuUsage(cpu);
    clearTimeout(stop);
    publisher.disconnect();
    const latencies: number[] = [];
    let last = 0;
    for (const r of result.receipts) {
      for (let seq = 1; seq <= events.length; seq += 1) {
        if (r[seq] > 0) {
          latencies.push(r[seq] - sent[seq]);
          last = Math.max(last, r[seq]);
        }
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      checks,
      cpuPerThousand: (used.user + used.system) / 1000 / (latencies.length / 1000),
      throughput: latencies.length / ((last - start) / 1000),
      delivered: latencies.length / (events.length * STATIONS),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      gaps: result.gaps,
      digests: result.digestsAnswered,
    };
  } finally {
    if (child.exitCode === null) child.kill();
    await hub.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function fanOutWithChecks(): Promise<BenchResult> {
  const events = feedEvents(EVENTS);
  const load = loadavg()[0] ?? 0;
  // Alternated so that a machine whose load drifts favours neither.
  const runs: FanOutRun[] = [];
  // One run first, not counted: the JIT and the page cache warm up on it.
  await saturatedRun(events.slice(0, 5000), false);
  // Off-on, on-off, …: the order flips each pair, so neither side always runs first or after a drift.
  for (let i = 0; i < PAIRS; i += 1) {
    for (const checks of i % 2 === 0 ? [false, true] : [true, false])
      runs.push(await saturatedRun(events, checks));
  }
  const off = runs.filter((r) => !r.checks);
  const on = runs.filter((r) => r.checks);
  const ratios = off.map((o, i) => on[i].throughput / o.throughput);
  const cpuOn = median(on.map((r) => r.cpuPerThousand));
  const cpuOff = median(off.map((r) => r.cpuPerThousand));
  const figures: BenchResult['figures'] = {
    // At saturation the hub is CPU-bound: its capacity with checks vs without is the inverse ratio of
    // its CPU per delivery, a figure a shared, loaded machine cannot skew the way it skews wall time.
    capacity_ratio_on_vs_off: { value: cpuOff / cpuOn, unit: 'ratio (hub CPU per delivery, off / on)' },
    hub_cpu_per_1000_deliveries_checks_on: { value: cpuOn, unit: 'ms (median)' },
    hub_cpu_per_1000_deliveries_checks_off: { value: cpuOff, unit: 'ms (median)' },
    throughput_checks_on: { value: median(on.map((r) => r.throughput)), unit: 'deliveries/s (median)' },
    throughput_checks_off: { value: median(off.map((r) => r.throughput)), unit: 'deliveries/s (median)' },
    throughput_ratio_on_vs_off: {
      value: median(on.map((r) => r.throughput)) / median(off.map((r) => r.throughput)),
      unit: 'ratio of medians',
    },
    throughput_ratio_pairs_min: { value: Math.min(...ratios), unit: 'ratio' },
    throughput_ratio_pairs_max: { value: Math.max(...ratios), unit: 'ratio' },
    latency_p50_checks_on: { value: median(on.map((r) => r.p50)), unit: 'ms' },
    latency_p50_checks_off: { value: median(off.map((r) => r.p50)), unit: 'ms' },
    latency_p99_checks_on: { value: median(on.map((r) => r.p99)), unit: 'ms' },
    latency_p99_checks_off: { value: median(off.map((r) => r.p99)), unit: 'ms' },
    delivered_checks_on: { value: 100 * Math.min(...on.map((r) => r.delivered)), unit: '%' },
    delivered_checks_off: { value: 100 * Math.min(...off.map((r) => r.delivered)), unit: '%' },
    digests_answered_per_run: { value: median(on.map((r) => r.digests)), unit: 'digests (median)' },
    gaps_seen_checks_on: { value: on.reduce((s, r) => s + r.gaps, 0), unit: 'batches' },
  };
  runs.forEach((r, i) => {
    const name = `run_${i + 1}_${r.checks ? 'on' : 'off'}`;
    figures[name] = { value: r.throughput, unit: 'deliveries/s' };
    figures[`${name}_hub_cpu_per_1000`] = { value: r.cpuPerThousand, unit: 'ms' };
  });
  return {
    name: 'sync-checks-fanout',
    description:
      `${EVENTS} events from one township station published as fast as the hub acknowledges (${WINDOW} publishes of ${BATCH} in flight) ` +
      `to ${STATIONS} district stations (subscribers in a child process): the hub with its sync checks (each batch tagged ` +
      `with the previous visible sequence; every station asking for a digest of all it should hold every ${BENCH_CHECK_MS} ms) ` +
      `vs without, ${PAIRS} runs each, alternated (off-on, on-off, …) after a warm-up run`,
    figures,
    goals: [
      goal(figures, 'capacity_ratio_on_vs_off', '>=', 0.95),
      goal(figures, 'throughput_ratio_on_vs_off', '>=', 0.95),
      goal(figures, 'delivered_checks_on', '>=', 100),
    ],
    environment: {
      stations: STATIONS,
      events: EVENTS,
      batch: BATCH,
      window: WINDOW,
      check_period_ms: BENCH_CHECK_MS,
      loadavg_1m_at_start: Number(load.toFixed(1)),
      loadavg_1m_at_end: Number((loadavg()[0] ?? 0).toFixed(1)),
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Time from a hole to its repair.

/** The sync client's default anti-entropy period, used unchanged here. */
const CHECK_MS = 5000;
/** Holes with live traffic after them (the previous-sequence check finds them at the next batch). */
const MID_STREAM_HOLES = 100;
/** Holes with nothing after them for longer than the period: only anti-entropy can find them. */
const TAIL_HOLES = 10;
const RATE_BATCHES_PER_S = 20;
const EVENTS_PER_BATCH = 5;

async function holeToRepair(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'duty-bench-holes-'));
  /** Batches (first hub sequence) to leave out of the victim's live stream, and when each was lost. */
  const toLose = new Set<number>();
  const lostAt = new Map<number, number>();
  const faults: HubFaults = {
    omit(station, event, via) {
      if (station !== 'district-500110' || via !== 'live' || event.hubSeq === null) return false;
      const first = [...toLose].find((s) => event.hubSeq! >= s && event.hubSeq! < s + EVENTS_PER_BATCH);
      if (first === undefined) return false;
      if (!lostAt.has(first)) lostAt.set(first, now());
      return true;
    },
  };
  const hubStore = openSqliteHubStore(join(dir, 'hub.sqlite'));
  const hub = await startHub({ store: hubStore, key, faults });
  const store = openStationStore({
    path: join(dir, 'district.sqlite'),
    stationId: 'district-500110',
    jurisdiction: '500110',
  });
  const heldAt = new Map<string, number>();
  store.onAppended((events) => {
    const t = now();
    for (const e of events) heldAt.set(e.id, t);
  });
  const { token } = await issueToken(key, { station: 'district-500110', jurisdiction: '500110' });
  const client = startSyncClient({ url: hub.url, token, store, antiEntropyMs: CHECK_MS });
  const principal = {
    station: 'town-500110101',
    jurisdiction: '500110101',
    tokenId: 'feed',
    issuedAt: 0,
    expiresAt: Date.now() + 3_600_000,
  };
  const total = (MID_STREAM_HOLES * 10 + TAIL_HOLES * 3) * EVENTS_PER_BATCH;
  const events = feedEvents(total);
  let next = 0;
  const holes: Array<{ first: number; ids: string[]; tail: boolean }> = [];
  const publish = (lose: boolean, tail = false) => {
    const batch = events.slice(next, next + EVENTS_PER_BATCH);
    next += batch.length;
    const first = hubStore.head() + 1;
    if (lose) {
      toLose.add(first);
      holes.push({ first, ids: batch.map((e) => e.id), tail });
    }
    const reply = hub.ingest(batch, principal);
    if (!reply.ok || reply.acks[0]?.hubSeq !== first) throw new Error('unexpected hub sequence');
  };
  try {
    while (client.state().status !== 'online') await sleep(20);
    const started = now();
    // Steady traffic, one batch in ten lost: each hole is followed by live batches.
    for (let i = 0; i < MID_STREAM_HOLES * 10; i += 1) {
      publish(i % 10 === 5);
      await sleep(1000 / RATE_BATCHES_PER_S);
    }
    // A lost batch, then silence longer than the period.
    for (let i = 0; i < TAIL_HOLES; i += 1) {
      publish(false);
      await sleep(1000 / RATE_BATCHES_PER_S);
      publish(true, true);
      await sleep(CHECK_MS + 1500);
      publish(false);
      await sleep(200);
    }
    const deadline = now() + 3 * CHECK_MS;
    while (holes.some((h) => h.ids.some((id) => !heldAt.has(id))) && now() < deadline) await sleep(50);
    const durations = holes.map((h) => {
      const t0 = lostAt.get(h.first) ?? Number.NaN;
      const t1 = Math.max(...h.ids.map((id) => heldAt.get(id) ?? Number.POSITIVE_INFINITY));
      return { tail: h.tail, ms: t1 - t0 };
    });
    const all = durations.map((d) => d.ms).sort((a, b) => a - b);
    const mid = durations
      .filter((d) => !d.tail)
      .map((d) => d.ms)
      .sort((a, b) => a - b);
    const tail = durations
      .filter((d) => d.tail)
      .map((d) => d.ms)
      .sort((a, b) => a - b);
    const state = client.state();
    const figures: BenchResult['figures'] = {
      holes: { value: holes.length, unit: 'holes' },
      repaired: { value: all.filter((ms) => Number.isFinite(ms)).length, unit: 'holes' },
      repair_p50: { value: percentile(all, 50), unit: 'ms' },
      repair_p90: { value: percentile(all, 90), unit: 'ms' },
      repair_p99: { value: percentile(all, 99), unit: 'ms' },
      repair_max: { value: all.at(-1) ?? Number.NaN, unit: 'ms' },
      mid_stream_repair_p50: { value: percentile(mid, 50), unit: 'ms' },
      mid_stream_repair_p99: { value: percentile(mid, 99), unit: 'ms' },
      tail_repair_p50: { value: percentile(tail, 50), unit: 'ms' },
      tail_repair_max: { value: tail.at(-1) ?? Number.NaN, unit: 'ms' },
      repairs_by_sequence_check_and_anti_entropy: { value: state.repairs, unit: 'repairs recorded' },
      run_time: { value: (now() - started) / 1000, unit: 's' },
    };
    return {
      name: 'sync-hole-repair',
      description:
        `a township feed at ${RATE_BATCHES_PER_S} batches/s of ${EVENTS_PER_BATCH} events; the hub loses ${MID_STREAM_HOLES} batches ` +
        `on the way to a district station mid-stream (one in ten) and ${TAIL_HOLES} more each followed by ${CHECK_MS + 1500} ms of silence; ` +
        `time from the lost batch's emission to the station holding all of it, with the anti-entropy period at its default ${CHECK_MS} ms`,
      figures,
      goals: [goal(figures, 'repair_p99', '<=', 10_000), goal(figures, 'repaired', '>=', holes.length)],
      environment: { anti_entropy_period_ms: CHECK_MS },
    };
  } finally {
    client.stop();
    store.close();
    await hub.close();
    hubStore.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [
  { name: 'sync-checks-fanout', run: fanOutWithChecks },
  { name: 'sync-hole-repair', run: holeToRepair },
];
