// Deadline scheduler benchmarks (issue 5, "Report clocks"), both over a real station store:
// 1. 500 open incidents holding ~5,000 report obligations (Henan profile): the next alarm from the
//    scheduler's plan, the re-plan after one event, an idle wake, a cold start (goal: next alarm < 5 ms).
// 2. 1,000 real alarms on real timers, rung over ~25 s: how late each reached a listener (goal: p99 < 1 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import henanJson from '../../resources/rules/henan.json';
import type { Actor } from '../../shared/domain/common';
import type { IncidentFacts } from '../../shared/domain/incident';
import { newId } from '../../shared/ids';
import { loadRuleProfile } from '../../shared/rules/profile';
import type { IncidentHistory } from '../../shared/rules/rules.testing';
import { MINUTE, toInstant, toMs } from '../../shared/time';
import { leader, officer, updateFactsCommand } from '../../station/store/store.testing';
import { openStationStore, type StationStore } from '../../station/store/index';
import { DeadlineScheduler, ManualTime, type LadderAlarm } from '../../station/scheduler';
import { goal, percentile, type Bench, timeSamples } from './harness';
import { openIncidentHistories, workloadNow } from './workloads';


const historyNow = workloadNow;

/**
 * The commands by which a station would have made an incident history, in order, each with the instant
 * it was given at and who gave it: a written report is submitted by the officer and signed by the leader.
 */
function asCommands(h: IncidentHistory): Array<{ at: number; command: unknown; actor: Actor }> {
  const out: Array<{ at: number; command: unknown; actor: Actor }> = [];
  const give = (at: string, type: string, payload: object, actor: Actor = officer) =>
    out.push({ at: toMs(at), command: { id: newId(), type, payload }, actor });
  for (const e of h.events) {
    const id = e.stream.slice(e.stream.indexOf(':') + 1);
    switch (e.type) {
      case 'incident.registered':
        give(e.occurredAt, 'incident.register', { incidentId: id, facts: e.payload.facts });
        break;
      case 'incident.facts_updated':
        give(e.occurredAt, 'incident.update_facts', { incidentId: id, changes: e.payload.changes });
        break;
      case 'incident.response_started':
        give(e.occurredAt, 'incident.start_response', { incidentId: id });
        break;
      case 'report.drafted':
        give(e.occurredAt, 'report.draft', { reportId: id, ...e.payload });
        break;
      case 'report.approved':
        give(e.occurredAt, 'report.submit', { reportId: id });
        give(e.occurredAt, 'report.approve', { reportId: id }, leader);
        break;
      case 'report.sent':
        give(e.occurredAt, 'report.send', { reportId: id, addressedTo: e.payload.addressedTo });
        break;
      default:
        throw new Error(`no command for ${e.type} in the workload`);
    }
  }
  return out;
}

/** Make the histories through the store's one write path, each command at its own time on the store's clock. */
function executeHistories(store: StationStore, time: ManualTime, histories: IncidentHistory[]): void {
  const commands = histories.flatMap(asCommands).sort((a, b) => a.at - b.at); // stable: each history in order
  const resumeAt = time.now();
  for (const { at, command, actor } of commands) {
    time.setWallClock(at);
    const r = store.execute(command, actor);
    if (!r.ok) throw new Error(`a workload command was refused: ${JSON.stringify(r.errors)}`);
  }
  time.setWallClock(resumeAt);
}

async function planBench() {
  const dir = mkdtempSync(join(tmpdir(), 'duty-scheduler-bench-'));
  const profile = loadRuleProfile(henanJson);
  if (!profile.ok) throw new Error('henan profile invalid');
  const time = new ManualTime(historyNow);
  const store = openStationStore({
    path: join(dir, 'station.db'),
    stationId: 'district-410102',
    jurisdiction: '410102',
    ruleProfile: profile.value,
    clock: time.now,
  });
  try {
    const built = openIncidentHistories();
    executeHistories(store, time, built);
    const obligations = built.reduce((n, h) => n + store.obligationsOf(h.incidentId).length, 0);

    // Listeners run in the order they subscribed: these two bracket the scheduler's own.
    let enteredAt = 0;
    const replans: number[] = [];
    store.onAppended(() => {
      enteredAt = performance.now();
    });
    const tr = performance.now();
    store.refreshObligations();
    const recomputeAllMs = performance.now() - tr;
    const first = new DeadlineScheduler({ store, clock: time, timers: time });
    let raisedAtStart = 0;
    first.onAlarm(() => (raisedAtStart += 1));
    const t0 = performance.now();
    first.start();
    const coldStartMs = performance.now() - t0;
    first.stop();
    // A restart is a new process: nothing in memory, every rung already rung is found on record.
    let scheduler = first;
    const restart = timeSamples(3, () => {
      scheduler.stop();
      scheduler = new DeadlineScheduler({ store, clock: time, timers: time });
      scheduler.start();
    });
    store.onAppended(() => replans.push(performance.now() - enteredAt));
    if (!scheduler.nextAlarm()) throw new Error('nothing planned');
    for (let i = 0; i < 200; i += 1) scheduler.nextAlarm();
    const next = timeSamples(1000, () => scheduler.nextAlarm());
    const wake = timeSamples(200, () => scheduler.recheck());

    // One casualty update at a time, to incidents in turn: the store recomputes that incident, the
    // scheduler re-plans it and arms its one timer for the nearest rung.
    const endToEnd = timeSamples(200, (i) => {
      const h = built[(i * 37) % built.length];
      if (!h) return;
      time.advance(1000);
      const r = store.execute(
        updateFactsCommand(h.incidentId, { casualties: { dead: 0, injured: 10 + i, missing: 0, trapped: 0 } }),
        officer,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      scheduler.nextAlarm();
    });
    replans.sort((a, b) => a - b);
    scheduler.stop();

    const openItems = built.reduce(
      (n, h) =>
        n +
        store.obligationsOf(h.incidentId).filter((o) => o.state === 'pending' || o.state === 'overdue')
          .length,
      0,
    );
    const figures = {
      incidents: { value: built.length, unit: 'incidents' },
      obligations: { value: obligations, unit: 'obligations' },
      open_obligations_planned: { value: openItems, unit: 'obligations' },
      next_alarm_p50: { value: percentile(next, 50), unit: 'ms' },
      next_alarm_p99: { value: percentile(next, 99), unit: 'ms' },
      replan_after_event_p50: { value: percentile(replans, 50), unit: 'ms' },
      replan_after_event_p99: { value: percentile(replans, 99), unit: 'ms' },
      event_append_and_replan_p50: { value: percentile(endToEnd, 50), unit: 'ms' },
      event_append_and_replan_p99: { value: percentile(endToEnd, 99), unit: 'ms' },
      idle_wake_p50: { value: percentile(wake, 50), unit: 'ms' },
      idle_wake_p99: { value: percentile(wake, 99), unit: 'ms' },
      store_recompute_all_incidents: { value: recomputeAllMs, unit: 'ms' },
      cold_start: { value: coldStartMs, unit: 'ms' },
      alarms_raised_late_at_cold_start: { value: raisedAtStart, unit: 'alarms' },
      restart_p50: { value: percentile(restart, 50), unit: 'ms' },
    };
    return {
      name: 'scheduler-plan',
      description:
        'Real station store (Henan profile), 500 open incidents: nextAlarm() over the plan; re-plan of the scheduler after one casualty update (its store listener: reload that incident, arm the one timer); the same with the durable execute of the update command; an idle wake (recheck) over every planned rung; a cold start (recompute every incident, ring the missed rungs late, one append) and a restart of a new scheduler (rungs found on record); both include the store recompute of every incident',
      figures,
      goals: [goal(figures, 'next_alarm_p99', '<=', 5), goal(figures, 'replan_after_event_p99', '<=', 5)],
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ALARMS = 1000;
const SPREAD_MS = 25_000;

/** A 较大 landslide received at `receivedAt` (default profile: phone first report 30 min later). */
function landslide(receivedAt: number, n: number): IncidentFacts {
  return {
    title: `某镇山体滑坡${n}`,
    category: 'natural_disaster',
    subtype: 'landslide',
    level: 'III',
    location: { areaCode: '500101001', address: '某村三组', point: { lon: 106.55, lat: 29.56 } },
    occurredAt: toInstant(receivedAt - 5 * MINUTE),
    receivedAt: toInstant(receivedAt),
    source: 'phone',
    casualties: { dead: 0, injured: 1, missing: 0, trapped: 0 },
    affectedPeople: 10,
    description: '村民报告后山滑坡。',
  };
}

async function latenessBench() {
  const dir = mkdtempSync(join(tmpdir(), 'duty-scheduler-bench-'));
  const store = openStationStore({
    path: join(dir, 'station.db'),
    stationId: 'district-500101',
    jurisdiction: '500101',
  });
  const scheduler = new DeadlineScheduler({ store });
  try {
    // Reminders (T−10 min of the phone report, due 30 min after the call) spread over the 25 s window.
    const windowStart = Date.now() + 5000;
    const commands: unknown[] = [];
    for (let i = 0; i < ALARMS; i += 1) {
      const reminderAt = windowStart + Math.floor((i * SPREAD_MS) / ALARMS);
      commands.push({
        id: newId(),
        type: 'incident.register',
        payload: { incidentId: newId(), facts: landslide(reminderAt - 20 * MINUTE, i) },
      });
    }
    for (let i = 0; i < commands.length; i += 100) {
      for (const r of store.executeAll(commands.slice(i, i + 100), officer))
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
    }
    if (Date.now() > windowStart - 1000)
      throw new Error('registering took too long: the first alarm is already due');

    const lateness: number[] = [];
    const byStep = new Map<string, number>();
    const done = new Promise<void>((resolve) => {
      scheduler.onAlarm((a: LadderAlarm) => {
        lateness.push(Date.now() - toMs(a.stepAt));
        byStep.set(a.step, (byStep.get(a.step) ?? 0) + 1);
        if (lateness.length >= ALARMS) resolve();
      });
    });
    scheduler.start();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, SPREAD_MS + 15_000));
    await Promise.race([done, timeout]);
    scheduler.stop();
    lateness.sort((a, b) => a - b);
    const figures = {
      alarms_expected: { value: ALARMS, unit: 'alarms' },
      alarms_raised: { value: lateness.length, unit: 'alarms' },
      reminders_raised: { value: byStep.get('reminder') ?? 0, unit: 'alarms' },
      lateness_p50: { value: percentile(lateness, 50), unit: 'ms' },
      lateness_p99: { value: percentile(lateness, 99), unit: 'ms' },
      lateness_max: { value: lateness[lateness.length - 1] ?? Number.NaN, unit: 'ms' },
      raised_early: { value: lateness.filter((l) => l < 0).length, unit: 'alarms' },
    };
    return {
      name: 'scheduler-lateness',
      description: `${ALARMS} incidents in a real station store whose phone-report reminders fall over ${SPREAD_MS / 1000} s; real Date.now and setTimeout; lateness = when the onAlarm listener got the alarm (after its alarm.raised event was committed) minus the rung's time`,
      figures,
      goals: [
        goal(figures, 'lateness_p99', '<=', 1000),
        goal(figures, 'alarms_raised', '>=', ALARMS),
        goal(figures, 'raised_early', '<=', 0),
      ],
    };
  } finally {
    scheduler.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [
  { name: 'scheduler-plan', run: planBench },
  { name: 'scheduler-lateness', run: latenessBench },
];
