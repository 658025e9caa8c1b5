// Station store benchmarks: batched write throughput through the store's one write path (executeAll of
// commands) against raw better-sqlite3 inserts of the same rows, durable single-command latency, and
// opening a store that holds 1,000,000 events.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newId } from '../../shared/ids';
import { openDatabase } from '../../station/store/db';
import { openStationStore, type StationStore } from '../../station/store/index';
import { latestSchemaVersion } from '../../station/store/migrations';
import {
  officer,
  registerIncidentCommand,
  registerTeamCommand,
  updateFactsCommand,
} from '../../station/store/store.testing';
import { goal, percentile, type Bench } from './harness';

const station = { stationId: 'district-500101', jurisdiction: '500101' };
const TEAMS = 50;
const BASE_MS = Date.parse('2026-11-25T00:00:00.000Z');
/**
 * Where the throughput benches' store clock starts: the feed's own night, after its last position
 * (BASE_MS + one per second) and hours after the fixture incidents' receipt (01:52). On the real
 * clock a new incident, received 2026-11-25, owed one more daily follow-up for every day the bench was
 * run after it (3 obligations on the day, 15 on 2026-12-07, 46 a month later): the store's work, and the
 * ratio, drifted with the calendar.
 */
const FEED_CLOCK_START = Date.parse('2026-11-25T09:00:00.000Z');

/** A clock that starts at the feed's night and runs at the real pace from now. */
function feedClock(): () => number {
  const offset = FEED_CLOCK_START - Date.now();
  return () => Date.now() + offset;
}

type TrafficKind = 'position' | 'incident_update' | 'new_incident';

/** What each event of a workload is, by its number. */
interface TrafficMix {
  label: string;
  kindOf: (tick: number) => TrafficKind;
}

/** A hard mix for the store: 70% positions, 20% incident updates, 10% new incidents (each with obligations). */
const STRESS_MIX: TrafficMix = {
  label: '70% team positions, 20% incident updates, 10% new incidents',
  kindOf: (tick) => (tick % 10 < 7 ? 'position' : tick % 10 < 9 ? 'incident_update' : 'new_incident'),
};

/** A flood night's live feed: teams report every few seconds, incidents change far less often. */
const LIVE_MIX: TrafficMix = {
  label: '97% team positions, 2% incident updates, 1% new incidents',
  kindOf: (tick) => (tick % 100 < 97 ? 'position' : tick % 100 < 99 ? 'incident_update' : 'new_incident'),
};

/**
 * A duty room's traffic as the commands that carry it: mostly team positions, some incident changes and
 * new incidents. Updates name incidents registered in an earlier batch (a feed updates what the station
 * already holds). Each command decides into exactly one event.
 */
function makeWorkload(incidents: string[], mix: TrafficMix = STRESS_MIX) {
  let tick = 0;
  return (count: number): unknown[] => {
    const known = incidents.length;
    const commands: unknown[] = [];
    for (let i = 0; i < count; i += 1) {
      tick += 1;
      const kind = mix.kindOf(tick);
      if (kind === 'position') {
        const team = `team-${String(tick % TEAMS).padStart(2, '0')}`;
        commands.push({
          id: newId(),
          type: 'team.report_position',
          payload: {
            teamId: team,
            position: {
              point: { lon: 106.5 + (tick % 1000) / 10_000, lat: 29.5 + (tick % 777) / 10_000 },
              speedKmh: tick % 80,
              at: new Date(BASE_MS + tick * 1000).toISOString(),
            },
          },
        });
      } else if (kind === 'incident_update' && known > 0) {
        const id = incidents[tick % known];
        commands.push(updateFactsCommand(id, { affectedPeople: tick % 500 }));
      } else {
        const id = newId();
        incidents.push(id);
        commands.push(registerIncidentCommand({ incidentId: id, title: `事件${tick}` }));
      }
    }
    return commands;
  };
}

/** Execute a batch through the store's one write path; every command must be accepted, one event each. */
function executeBatch(store: StationStore, commands: readonly unknown[]): number {
  const results = store.executeAll(commands, officer);
  let events = 0;
  for (const r of results) {
    if (!r.ok) throw new Error(`a bench command was refused: ${JSON.stringify(r.errors)}`);
    events += r.value.length;
  }
  if (events !== commands.length) throw new Error(`${commands.length} commands made ${events} events`);
  return events;
}

function seedTeams(store: StationStore) {
  for (let t = 0; t < TEAMS; t += 1) {
    const r = store.execute(registerTeamCommand(`team-${String(t).padStart(2, '0')}`), officer);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  }
}

function appendThroughput(name: string, mix: TrafficMix): Bench {
  return {
    name,
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
      try {
        const TOTAL = 30_000;
        const BATCH = 500;
        const store = openStationStore({ path: join(dir, 'store.db'), ...station, clock: feedClock() });
        seedTeams(store);
        const incidents: string[] = [];
        const next = makeWorkload(incidents, mix);

        // The raw baseline: the same serialised rows, an equivalent table (same columns, keys and
        // indexes), the same pragmas and batch size, plain INSERTs in one transaction per batch.
        const raw = openDatabase(join(dir, 'raw.db'));
        raw.exec(`
        CREATE TABLE events (pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, stream TEXT NOT NULL,
          station TEXT NOT NULL, station_seq INTEGER NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL,
          envelope TEXT NOT NULL, hash TEXT NOT NULL, chain TEXT NOT NULL) STRICT;
        CREATE UNIQUE INDEX events_byStationSeq ON events (station, station_seq);
        CREATE INDEX events_byStream ON events (stream, pos);`);
        const insert = raw.prepare(
          'INSERT INTO events (id, type, stream, station, station_seq, occurred_at, recorded_at, envelope, hash, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        );
        const insertBatch = raw.transaction((batch: unknown[][]) => {
          for (const row of batch) insert.run(...row);
        });
        // A second, like-for-like baseline (reported beside the headline ratio, which it does not
        // change): the rows the command path cannot do without — each event, its command's record
        // (idempotency by command id) and its outbox entry — as plain INSERTs into the store's own
        // shapes of those tables (executed_commands WITHOUT ROWID, outbox keyed by station sequence).
        const rawAll = openDatabase(join(dir, 'raw-all.db'));
        rawAll.exec(`
        CREATE TABLE events (pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, stream TEXT NOT NULL,
          station TEXT NOT NULL, station_seq INTEGER NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL,
          envelope TEXT NOT NULL, hash TEXT NOT NULL, chain TEXT NOT NULL) STRICT;
        CREATE UNIQUE INDEX events_byStationSeq ON events (station, station_seq);
        CREATE INDEX events_byStream ON events (stream, pos);
        CREATE TABLE executed_commands (command_id TEXT PRIMARY KEY, type TEXT NOT NULL, event_ids TEXT NOT NULL,
          executed_at TEXT NOT NULL) STRICT, WITHOUT ROWID;
        CREATE TABLE outbox (station_seq INTEGER PRIMARY KEY) STRICT;`);
        const insertAll = rawAll.prepare(
          'INSERT INTO events (id, type, stream, station, station_seq, occurred_at, recorded_at, envelope, hash, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        );
        const insertExecuted = rawAll.prepare(
          'INSERT INTO executed_commands (command_id, type, event_ids, executed_at) VALUES (?, ?, ?, ?)',
        );
        const insertOutbox = rawAll.prepare('INSERT INTO outbox (station_seq) VALUES (?)');
        /** Rows with the command each came from: one event per command, in order. */
        const insertAllBatch = rawAll.transaction((batch: unknown[][], commands: readonly unknown[]) => {
          batch.forEach((row, i) => {
            insertAll.run(...row);
            const command = commands[i] as { id: string; type: string };
            insertExecuted.run(command.id, command.type, JSON.stringify([row[0]]), row[6]);
            insertOutbox.run(row[4]);
          });
        });
        const reader = openDatabase(join(dir, 'store.db'));
        const rowsAfter = reader.prepare(
          'SELECT id, type, stream, station, station_seq, occurred_at, recorded_at, envelope, hash, chain FROM events WHERE pos > ? ORDER BY pos',
        );
        const copyNewRows = () => {
          const rows = rowsAfter.raw().all(copied) as unknown[][];
          copied += rows.length;
          return rows;
        };
        let copied = 0;
        insertBatch(copyNewRows()); // the teams
        const warmUp = next(2_000); // JIT and page cache, for both sides
        executeBatch(store, warmUp);
        insertBatch(copyNewRows());

        // Interleaved, batch by batch, so both sides see the same machine load (the host is shared).
        let storeMs = 0;
        let rawMs = 0;
        let rawAllMs = 0;
        // Processor time beside wall time: on a shared host the wall clock also counts waits for the
        // disk (each batch's fsync) and for the other processes, which come and go from batch to batch.
        let storeCpuMs = 0;
        let rawCpuMs = 0;
        const cpuMs = (since: NodeJS.CpuUsage) => {
          const used = process.cpuUsage(since);
          return (used.user + used.system) / 1000;
        };
        for (let i = 0; i < TOTAL / BATCH; i += 1) {
          const batch = next(BATCH);
          const t0 = performance.now();
          const c0 = process.cpuUsage();
          executeBatch(store, batch);
          storeMs += performance.now() - t0;
          storeCpuMs += cpuMs(c0);
          const rows = copyNewRows();
          const t1 = performance.now();
          const c1 = process.cpuUsage();
          insertBatch(rows);
          rawMs += performance.now() - t1;
          rawCpuMs += cpuMs(c1);
          const t2 = performance.now();
          insertAllBatch(rows, batch);
          rawAllMs += performance.now() - t2;
        }
        reader.close();
        store.close();
        raw.close();
        rawAll.close();

        const figures = {
          store_events_per_s: { value: (TOTAL / storeMs) * 1000, unit: 'events/s' },
          raw_inserts_per_s: { value: (TOTAL / rawMs) * 1000, unit: 'rows/s' },
          throughput_ratio: { value: rawMs / storeMs, unit: 'store/raw' },
          raw_event_command_outbox_rows_per_s: { value: (TOTAL / rawAllMs) * 1000, unit: 'events/s' },
          throughput_ratio_vs_all_rows: { value: rawAllMs / storeMs, unit: 'store/raw (all rows)' },
          cpu_time_ratio: { value: rawCpuMs / storeCpuMs, unit: 'raw/store processor time (event rows)' },
        };
        return {
          name,
          description: `executeAll of ${TOTAL} commands (one event each) in batches of ${BATCH} (validate, decide, seal, hash chain, log, outbox, projections, command ids in one transaction) vs raw INSERTs of the same event rows (throughput_ratio, the goal); beside it, vs raw INSERTs of each event with its command record and outbox row, the rows the command path cannot do without (throughput_ratio_vs_all_rows); and the processor time of the first two sides (cpu_time_ratio: no disk waits); traffic: ${mix.label}`,
          figures,
          goals: [goal(figures, 'throughput_ratio', '>=', 0.5)],
          environment: {
            loadAverage1m: loadavg()[0],
            batch: BATCH,
            events: TOTAL,
            mix: mix.label,
            storeClockFrom: new Date(FEED_CLOCK_START).toISOString(),
          },
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const durableLatency: Bench = {
  name: 'store-durable-append-latency',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
    try {
      const store = openStationStore({ path: join(dir, 'store.db'), ...station });
      // Fifty open incidents, each updated in turn: a busy duty room's afternoon.
      const incidentIds = Array.from({ length: 50 }, () => newId());
      for (const incidentId of incidentIds) store.execute(registerIncidentCommand({ incidentId }), officer);
      const samples: number[] = [];
      for (let i = 0; i < 1_100; i += 1) {
        const cmd = updateFactsCommand(incidentIds[i % incidentIds.length], { affectedPeople: i });
        const t0 = performance.now();
        const r = store.execute(cmd, officer);
        const ms = performance.now() - t0;
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        if (i >= 100) samples.push(ms); // the first hundred warm up
      }
      store.close();
      samples.sort((a, b) => a - b);
      return {
        name: 'store-durable-append-latency',
        description:
          "execute() of one command = one event = one transaction, synchronous=FULL (fsync per commit), with its projections and the incident's obligations; 50 open incidents updated in turn",
        figures: {
          p50: { value: percentile(samples, 50), unit: 'ms' },
          p99: { value: percentile(samples, 99), unit: 'ms' },
          max: { value: samples[samples.length - 1], unit: 'ms' },
        },
        environment: { samples: samples.length, loadAverage1m: loadavg()[0] },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const MILLION = 1_000_000;
const cacheDir = join(tmpdir(), 'duty-room-bench');
/** Bump when the generated workload changes, so a stale cached store is not reused. */
const WORKLOAD_VERSION = 3;
const millionPath = join(cacheDir, `store-1m-schema${latestSchemaVersion}-workload${WORKLOAD_VERSION}.db`);

/** Build (once, then reuse) a store holding a million events, executed as commands in large batches. */
function millionEventStore(): { path: string; buildMs: number | null } {
  if (existsSync(millionPath)) return { path: millionPath, buildMs: null };
  mkdirSync(cacheDir, { recursive: true });
  const building = `${millionPath}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  const t0 = performance.now();
  const store = openStationStore({ path: building, ...station });
  seedTeams(store);
  const incidents: string[] = [];
  const next = makeWorkload(incidents);
  // Most incidents of a long log are over: all but the last thousand get closed, and the closures
  // count toward the million.
  const closures = () => Math.max(0, incidents.length - 1_000);
  let written = TEAMS;
  while (written + closures() < MILLION) {
    const n = Math.max(1, Math.min(5_000, Math.floor((MILLION - written - closures()) * 0.9)));
    written += executeBatch(store, next(n));
  }
  const toClose = incidents.slice(0, closures());
  for (let i = 0; i < toClose.length; i += 5_000) {
    executeBatch(
      store,
      toClose
        .slice(i, i + 5_000)
        .map((incidentId) => ({
          id: newId(),
          type: 'incident.close',
          payload: { incidentId, summary: '处置完毕' },
        })),
    );
  }
  store.close();
  const ckpt = openDatabase(building);
  ckpt.pragma('wal_checkpoint(TRUNCATE)');
  ckpt.close();
  for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, { force: true });
  renameSync(building, millionPath);
  return { path: millionPath, buildMs: performance.now() - t0 };
}

const openMillion: Bench = {
  name: 'store-open-1m',
  async run() {
    const { path, buildMs } = millionEventStore();
    const t0 = performance.now();
    // A store this size checks its integrity in a worker thread: reads are served at once.
    const store = openStationStore({ path, ...station, integrityCheck: 'in-background' });
    const t1 = performance.now();
    const open = store.openIncidents();
    const t2 = performance.now();
    const owed = store.pendingObligations(100);
    const t2b = performance.now();
    const events = store.lastPosition();
    const sound = await store.integrityChecked;
    const t3 = performance.now();
    store.close();
    if (!sound) throw new Error(`the cached store ${path} failed its integrity check`);
    if (owed.length !== 100) throw new Error(`expected 100 obligations owed, got ${owed.length}`);
    const figures = {
      open_ms: { value: t1 - t0, unit: 'ms' },
      open_incidents_query_ms: { value: t2 - t1, unit: 'ms' },
      open_and_answer_ms: { value: t2 - t0, unit: 'ms' },
      integrity_checked_writes_open_s: { value: (t3 - t0) / 1000, unit: 's' },
      first_100_obligations_owed_ms: { value: t2b - t2, unit: 'ms' },
      open_incidents: { value: open.length, unit: 'incidents' },
      events: { value: events, unit: 'events' },
      database_mb: { value: statSync(path).size / 2 ** 20, unit: 'MiB' },
      ...(buildMs !== null ? { build_s: { value: buildMs / 1000, unit: 's' } } : {}),
    };
    return {
      name: 'store-open-1m',
      description:
        'open a store of 1,000,000 events (pragmas asserted, schema checked, integrity_check started in a worker thread) and list open incidents from the persisted projection; then wait for the integrity check that opens writes',
      figures,
      goals: [goal(figures, 'open_and_answer_ms', '<=', 1000)],
      environment: { cachedDatabase: path, loadAverage1m: loadavg()[0] },
    };
  },
};

/**
 * `STORE_BENCH=store-append-throughput,store-durable-append-latency npm run bench store` runs only the
 * named parts: the million-event store takes long to build after a schema change.
 */
const only = process.env.STORE_BENCH?.split(',')
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
export const benches: Bench[] = [
  appendThroughput('store-append-throughput', STRESS_MIX),
  appendThroughput('store-append-throughput-live-mix', LIVE_MIX),
  durableLatency,
  openMillion,
].filter((b) => only === undefined || only.length === 0 || only.includes(b.name));
