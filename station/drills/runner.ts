import type { Actor } from '../../shared/domain/common';
import { newId } from '../../shared/ids';
import { dueDeliveries, nextDueMs, type DrillState } from '../../shared/drills/aggregate';
import type { DrillScenario } from '../../shared/drills/scenario';
import type { DomainEvent } from '../../shared/events/envelope';
import type { Result } from '../../shared/result';
import { realTimers, type SchedulerTimers } from '../scheduler/scheduler';
import type { DrillQueries } from './drills.store';

/*
 * The organiser station's drill runner (issue 22): it delivers each inject of each running drill to
 * each drilled station when the drill clock reaches the inject's offset, through the one write path
 * (the system command `drill.deliver_inject`; the hub then carries the event to the drilled room).
 * It sleeps until the next inject is due (never longer than `maxSleepMs`, so a changed wall clock is
 * seen), and wakes at once when a drill starts, pauses, resumes or ends here.
 */

export const DRILL_RUNNER: Actor = { id: 'drill-runner', name: '演练情景注入', role: 'system' };

export interface DrillRunnerStore {
  readonly jurisdiction: string;
  readonly drills: Pick<DrillQueries, 'open'>;
  drillScenario(id: string, version?: number): DrillScenario | undefined;
  executeAll(commands: readonly unknown[], actor: Actor): Array<Result<DomainEvent[]>>;
  onAppended(listener: (events: DomainEvent[]) => void): () => void;
}

export interface DrillRunnerOptions {
  store: DrillRunnerStore;
  now?: () => number;
  timers?: SchedulerTimers;
  /** Longest single sleep (default 1 s). */
  maxSleepMs?: number;
  /** A delivery was refused (logged by the caller); the runner goes on with the rest. */
  onRefused?: (drillId: string, injectKey: string, drilled: string, reason: string) => void;
  /** Each delivery made: when it was due and when it was made (the benchmark reads the lateness). */
  onDelivered?: (delivery: {
    drillId: string;
    injectKey: string;
    drilled: string;
    dueMs: number;
    atMs: number;
  }) => void;
}

export interface DrillRunner {
  /** Deliver what is due now; returns how many deliveries were made. */
  tick(): number;
  stop(): void;
}

/** The drills this station organises and can run (a drilled station holds others' drills: not its to run). */
const runnable = (store: DrillRunnerStore) =>
  store.drills.open().filter((d: DrillState) => d.organiser === store.jurisdiction && d.plan !== undefined);

export function startDrillRunner(options: DrillRunnerOptions): DrillRunner {
  const { store } = options;
  const now = options.now ?? (() => Date.now());
  const timers = options.timers ?? realTimers;
  const maxSleepMs = options.maxSleepMs ?? 1000;
  let handle: unknown = null;
  let stopped = false;

  function tick(): number {
    const nowMs = now();
    const commands: unknown[] = [];
    const meta: Array<{ drillId: string; injectKey: string; drilled: string; dueMs: number }> = [];
    for (const drill of runnable(store)) {
      const plan = drill.plan;
      const scenario = plan ? store.drillScenario(plan.scenarioId, plan.scenarioVersion) : undefined;
      if (!scenario) continue;
      for (const due of dueDeliveries(drill, scenario, nowMs)) {
        commands.push({
          id: newId(nowMs),
          type: 'drill.deliver_inject',
          payload: { drillId: drill.id, injectKey: due.injectKey, drilled: due.drilled },
        });
        meta.push({ drillId: drill.id, ...due });
      }
    }
    if (commands.length === 0) return 0;
    const results = store.executeAll(commands, DRILL_RUNNER);
    const atMs = now();
    let delivered = 0;
    results.forEach((r, i) => {
      const m = meta[i];
      if (!m) return;
      if (r.ok) {
        delivered += 1;
        options.onDelivered?.({ ...m, atMs });
      } else
        options.onRefused?.(m.drillId, m.injectKey, m.drilled, r.errors.map((e) => e.message.en).join('; '));
    });
    return delivered;
  }

  function schedule(): void {
    if (stopped) return;
    if (handle !== null) timers.clearTimeout(handle);
    let next: number | undefined;
    for (const drill of runnable(store)) {
      const plan = drill.plan;
      const scenario = plan ? store.drillScenario(plan.scenarioId, plan.scenarioVersion) : undefined;
      const due = scenario ? nextDueMs(drill, scenario) : undefined;
      if (due !== undefined && (next === undefined || due < next)) next = due;
    }
    const sleep = next === undefined ? maxSleepMs : Math.max(0, Math.min(maxSleepMs, next - now()));
    handle = timers.setTimeout(wake, sleep);
  }

  function wake(): void {
    handle = null;
    if (stopped) return;
    try {
      tick();
    } finally {
      schedule();
    }
  }

  const unsubscribe = store.onAppended((events) => {
    if (events.some((e) => e.type.startsWith('drill.') && e.type !== 'drill.inject_delivered')) schedule();
  });
  schedule();

  return {
    tick,
    stop() {
      stopped = true;
      unsubscribe();
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}
