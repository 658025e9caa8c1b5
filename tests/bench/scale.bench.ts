// `npm run bench -- scale` (issue 21, outside CI): a province's duty rooms on two hub nodes on one
// PostgreSQL. Stations are socket.io clients in at most four child processes (tests/bench/scale-stations.ts),
// the hubs real `npm run hub` processes; a flood-night model (tests/bench/scale-harness.ts) offers a fixed
// load. Figures: delivery p99 with every station connected, hub memory per connection, the reconnect
// storm when one node is killed (p99 time until its stations are live on the other, caught up), and
// the saturation throughput of one node on PostgreSQL vs on SQLite in the same run.
// SCALE_STATIONS (default 2000), SCALE_SECONDS (default 60), SCALE_NICE (default 10): the machine is shared.
import { loadavg } from 'node:os';
import { goal, type Bench, type BenchResult } from './harness';
import { FLOOD_NIGHT, percentileOf, runSaturation, runScale } from './scale-harness';

const STATIONS = Number(process.env.SCALE_STATIONS ?? 2000);
const SECONDS = Number(process.env.SCALE_SECONDS ?? 60);
const NICE = Number(process.env.SCALE_NICE ?? 10);
const SATURATION_PUBLISHERS = 20;
// 30,000 events a round: a round of a second or less (as 300 each gave at a quiet moment) measured mostly its start.
const SATURATION_PER_STATION = Number(process.env.SCALE_SATURATION_EVENTS ?? 1500);

async function scaleBench(): Promise<BenchResult> {
  const loadAtStart = loadavg()[0] ?? 0;
  const killAfter = Math.round(SECONDS * 0.6);
  const o = await runScale({
    stations: STATIONS,
    seconds: SECONDS,
    killAfterSeconds: killAfter,
    niceness: NICE,
    log: (line) => console.log(`   ${line}`),
  });
  const loadAfterScale = loadavg()[0] ?? 0;
  // Saturation of one node, PostgreSQL and SQLite taking turns twice, so that a drifting load favours neither.
  const rounds: Array<{
    store: 'pg' | 'sqlite';
    eventsPerSecond: number;
    hubCpuMs: number;
    childCpuMs: number;
    refused: number;
  }> = [];
  for (const store of ['pg', 'sqlite', 'pg', 'sqlite'] as const) {
    const r = await runSaturation({
      store,
      publishers: SATURATION_PUBLISHERS,
      perStation: SATURATION_PER_STATION,
      niceness: NICE,
    });
    console.log(
      `   saturation on ${store}: ${Math.round(r.eventsPerSecond)} events/s (${r.events} in ${r.seconds.toFixed(1)} s)`,
    );
    rounds.push({ store, ...r });
  }
  const best = (s: 'pg' | 'sqlite') =>
    Math.max(...rounds.filter((r) => r.store === s).map((r) => r.eventsPerSecond));
  const cpu = (s: 'pg' | 'sqlite') => rounds.filter((r) => r.store === s).reduce((a, r) => a + r.hubCpuMs, 0);
  const events = (s: 'pg' | 'sqlite') =>
    rounds.filter((r) => r.store === s).length * SATURATION_PUBLISHERS * SATURATION_PER_STATION;
  const figures: BenchResult['figures'] = {
    stations_connected: { value: o.stations, unit: 'stations' },
    events_logged: { value: o.events, unit: 'events' },
    offered_load: {
      value: (o.events - FLOOD_NIGHT.teamsPerStation * o.stations) / o.loadSeconds,
      unit: 'events/s',
    },
    live_deliveries_before_kill: { value: o.latencies.length, unit: 'deliveries' },
    delivery_p50: { value: percentileOf(o.latencies, 50), unit: 'ms' },
    delivery_p99: { value: percentileOf(o.latencies, 99), unit: 'ms' },
    delivery_p99_after_kill: { value: percentileOf(o.latenciesAfterKill, 99), unit: 'ms' },
    // Not the offered load: every team registered at once before it starts (reported, not a goal).
    setup_burst_deliveries: { value: o.latenciesOfSetUp.length, unit: 'deliveries' },
    setup_burst_delivery_p99: { value: percentileOf(o.latenciesOfSetUp, 99), unit: 'ms' },
    stations_not_matching_log: { value: o.mismatches.length, unit: 'stations' },
    events_refused: { value: o.refused, unit: 'events' },
    messages_unanswered_30s: { value: o.unanswered, unit: 'messages' },
    hub_memory_per_connection: { value: o.memoryPerConnection / 1024, unit: 'KiB' },
    storm_stations_on_killed_node: { value: o.stationsOnKilledNode, unit: 'stations' },
    storm_caught_up_p50: { value: percentileOf(o.caughtUp, 50) / 1000, unit: 's' },
    storm_caught_up_p99: { value: percentileOf(o.caughtUp, 99) / 1000, unit: 's' },
    storm_caught_up_max: { value: (o.caughtUp.at(-1) ?? Number.NaN) / 1000, unit: 's' },
    storm_stations_not_caught_up: {
      value: o.failedToCatchUp + Math.max(0, o.stationsOnKilledNode - o.caughtUp.length),
      unit: 'stations',
    },
    stations_lost_link_on_surviving_node: { value: o.lostOnSurvivor, unit: 'stations' },
    stations_offline_at_end: { value: o.offlineAtEnd, unit: 'stations' },
    hub_node_1_cpu: { value: o.hubCpuMs[0] / 1000, unit: 's' },
    hub_node_2_cpu_until_killed: { value: o.hubCpuMs[1] / 1000, unit: 's' },
    station_processes_cpu: { value: o.childCpuMs.reduce((a, b) => a + b, 0) / 1000, unit: 's' },
    station_processes_rss: { value: o.childRssBytes.reduce((a, b) => a + b, 0) / 2 ** 20, unit: 'MiB' },
    saturation_pg: { value: best('pg'), unit: 'events/s' },
    saturation_sqlite: { value: best('sqlite'), unit: 'events/s' },
    saturation_ratio_pg_vs_sqlite: { value: best('pg') / best('sqlite'), unit: 'ratio' },
    saturation_hub_cpu_per_event_pg: { value: (1000 * cpu('pg')) / events('pg'), unit: 'µs' },
    saturation_hub_cpu_per_event_sqlite: { value: (1000 * cpu('sqlite')) / events('sqlite'), unit: 'µs' },
  };
  rounds.forEach(
    (r, i) =>
      (figures[`saturation_round_${i + 1}_${r.store}`] = { value: r.eventsPerSecond, unit: 'events/s' }),
  );
  return {
    name: 'hub-scale',
    description:
      `${o.stations} stations (${o.tiers.province} province, ${o.tiers.cities} cities, ${o.tiers.counties} counties, ${o.tiers.townships} townships) as socket.io clients in ${o.childCpuMs.length} child processes, ` +
      `half starting on each of two hub processes on one PostgreSQL; a flood night for ${Math.round(o.loadSeconds)} s: ${o.stations * FLOOD_NIGHT.teamsPerStation} teams' positions at ${FLOOD_NIGHT.positionHz} Hz, ` +
      `${((FLOOD_NIGHT.incidentsPerSecond * o.stations) / FLOOD_NIGHT.per).toFixed(1)} incidents/s, ${((FLOOD_NIGHT.reportsPerSecond * o.stations) / FLOOD_NIGHT.per).toFixed(1)} reports/s (drafted + sent) from the townships; ` +
      `node 2 killed with SIGKILL after ${killAfter} s, its stations failing over to node 1 (caught up = live again on node 1, from the kill); every station's log checked against the hub's. ` +
      `Delivery latency is receipt minus the event's sealing time, for events sent at the offered load (the teams' registration, all at once before it, is reported apart as the set-up burst). ` +
      `Then one node saturated by ${SATURATION_PUBLISHERS} publishing townships (${SATURATION_PER_STATION} positions each, one batch in flight each) on PostgreSQL vs its SQLite file, taking turns twice. ` +
      `Hubs and station processes at nice ${NICE} on a machine shared with others (load average given).`,
    figures,
    goals: [
      goal(figures, 'delivery_p99', '<=', 500),
      goal(figures, 'storm_caught_up_max', '<=', 60),
      // All of the killed node's stations back, not only the ones that came: none left behind.
      goal(figures, 'storm_stations_not_caught_up', '<=', 0),
      goal(figures, 'stations_offline_at_end', '<=', 0),
      goal(figures, 'stations_not_matching_log', '<=', 0),
      goal(figures, 'saturation_ratio_pg_vs_sqlite', '>=', 0.5),
    ],
    environment: {
      stations: STATIONS,
      load_seconds: SECONDS,
      nice: NICE,
      loadavg_1m_at_start: Number(loadAtStart.toFixed(1)),
      loadavg_1m_after_scale_run: Number(loadAfterScale.toFixed(1)),
      loadavg_1m_at_end: Number((loadavg()[0] ?? 0).toFixed(1)),
      offline_at_end_last_trouble: o.offlineTrouble.join(' | '),
    },
  };
}

export const benches: Bench[] = [{ name: 'hub-scale', run: scaleBench }];
