// `npm run bench hub-store`: the hub's log on PostgreSQL vs on SQLite, in the same run (issue #21,
// decision 0021). Group commits of 50 events from 20 stations (what the hub's group commit makes of a
// busy turn), and the per-message revocation check every socket message pays. The store alone: the
// scale bench of issue 21 (thousands of socket stations on two nodes) is not written yet.
import { sealEvents, type DomainEvent } from '../../shared/events/envelope';
import { newId } from '../../shared/ids';
import { flowsDownward } from '../../shared/sync/routing';
import { nodeSha256 } from '../../hub/server';
import type { HubEventStore } from '../../hub/store';
import { postgresKind, sqliteKind, type HubStoreKind } from '../../hub/test-stores.testing';
import { goal, percentile, type Bench, type BenchResult } from './harness';

const STATIONS = 20;
const PER_STATION = Number(process.env.HUB_STORE_BENCH_EVENTS ?? 250);
const GROUP = 50;

function workload(): DomainEvent[][] {
  const chains = Array.from({ length: STATIONS }, (_, i) =>
    sealEvents(
      Array.from({ length: PER_STATION }, () => ({
        type: 'incident.response_started' as const,
        stream: `incident:${newId()}`,
        payload: {},
      })),
      {
        station: `town-50011010${i}`,
        jurisdiction: `50011010${String(i).padStart(2, '0')}`,
        actor: { id: 'officer-1' },
        now: '2026-12-07T02:00:00.000Z',
        lastStationSeq: 0,
        lastHash: null,
        newId: () => newId(),
      },
      nodeSha256,
    ),
  );
  // Interleaved as stations would arrive: a few events of each in turn.
  const all: DomainEvent[] = [];
  for (let k = 0; k < PER_STATION; k += 5) for (const c of chains) all.push(...c.slice(k, k + 5));
  const groups: DomainEvent[][] = [];
  for (let i = 0; i < all.length; i += GROUP) groups.push(all.slice(i, i + GROUP));
  return groups;
}

function measure(kind: HubStoreKind, groups: DomainEvent[][]) {
  const where = kind.make();
  const store: HubEventStore = where.open();
  try {
    const route = (e: DomainEvent) => ({
      jurisdiction: e.jurisdiction,
      down: flowsDownward(e.type),
      extra: null,
      ceiling: null,
    });
    const commits: number[] = [];
    const started = performance.now();
    for (const g of groups) {
      const t = performance.now();
      store.append(g, route);
      commits.push(performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    const checks: number[] = [];
    for (let i = 0; i < 2000; i += 1) {
      const t = performance.now();
      store.isRevoked({ tokenId: `token-${i % 50}`, station: `town-${i % 20}`, issuedAt: 0 });
      checks.push(performance.now() - t);
    }
    commits.sort((a, b) => a - b);
    checks.sort((a, b) => a - b);
    return {
      eventsPerSecond: (groups.length * GROUP) / seconds,
      commitP50: percentile(commits, 50),
      commitP99: percentile(commits, 99),
      checkP50: percentile(checks, 50),
      checkP99: percentile(checks, 99),
    };
  } finally {
    store.close();
    where.cleanup();
  }
}

async function run(): Promise<BenchResult> {
  const groups = workload();
  const sqlite = measure(sqliteKind, groups);
  const pg = measure(postgresKind, groups);
  const r = (n: number, d = 2) => Number(n.toFixed(d));
  const figures: BenchResult['figures'] = {
    sqliteEventsPerSecond: { value: r(sqlite.eventsPerSecond, 0), unit: 'events/s' },
    pgEventsPerSecond: { value: r(pg.eventsPerSecond, 0), unit: 'events/s' },
    pgOverSqlite: { value: r(pg.eventsPerSecond / sqlite.eventsPerSecond), unit: '×' },
    sqliteCommitP50Ms: { value: r(sqlite.commitP50), unit: 'ms' },
    sqliteCommitP99Ms: { value: r(sqlite.commitP99), unit: 'ms' },
    pgCommitP50Ms: { value: r(pg.commitP50), unit: 'ms' },
    pgCommitP99Ms: { value: r(pg.commitP99), unit: 'ms' },
    sqliteRevocationCheckP50Us: { value: r(sqlite.checkP50 * 1000, 1), unit: 'µs' },
    pgRevocationCheckP50Us: { value: r(pg.checkP50 * 1000, 1), unit: 'µs' },
    pgRevocationCheckP99Us: { value: r(pg.checkP99 * 1000, 1), unit: 'µs' },
  };
  return {
    name: 'hub-store',
    description: `The hub's log alone, PostgreSQL (pg in a worker thread, counter-row order, local socket) vs SQLite (WAL, synchronous=FULL) in the same run: ${STATIONS} stations × ${PER_STATION} events appended in group commits of ${GROUP}, then 2,000 revocation checks (one per socket message)`,
    figures,
    goals: [goal(figures, 'pgOverSqlite', '>=', 0.5)],
  };
}

export const benches: Bench[] = [{ name: 'hub-store', run }];
