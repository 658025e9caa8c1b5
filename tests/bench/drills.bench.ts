// Drill benchmark (issue 22): a drill of 200 injects to 20 drilled stations, run by the organiser's
// drill runner on a real store, on a clock 600 times faster than real time (one drill minute = 100 ms;
// the runner's sleeps scaled alike). Each delivery's lateness is the real time between the moment its
// inject fell due and the commit of its delivery event (decided, appended with its outbox row and
// projection); the hub's fan-out to the drilled stations is measured by the hub benches. Goal: p99 under
// 1 s of its planned time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../../shared/ids';
import { loadScenario } from '../../shared/drills/scenario';
import { openStationStore } from '../../station/store/index';
import { startDrillRunner } from '../../station/drills/runner';
import { goal, percentile, type Bench } from './harness';

const INJECTS = 200;
const STATIONS = 20;
const SPEED = 600;
const DRILL_MINUTES = 60;

function benchScenario() {
  const loaded = loadScenario({
    id: 'bench-200-injects',
    version: 1,
    title: { zh: '基准演练', en: 'Benchmark drill' },
    kind: 'special',
    source: 'tests/bench/drills.bench.ts',
    drilledLevel: 'district',
    category: 'accident',
    subtype: 'other_accident',
    durationMinutes: DRILL_MINUTES + 10,
    criteria: [{ key: 'answers', title: { zh: '回复', en: 'Answers' }, weight: 1 }],
    injects: Array.from({ length: INJECTS }, (_, i) => ({
      key: `q_${String(i).padStart(3, '0')}`,
      atMinute: Math.floor((i * DRILL_MINUTES) / INJECTS),
      kind: 'upper_level_question',
      title: { zh: `询问${i}`, en: `Question ${i}` },
      question: `第${i}次询问：请报告最新情况。`,
      expected:
        i === 0
          ? [{ key: 'answer', action: 'question_answer', dueWithinMinutes: 15, criterion: 'answers' }]
          : [],
    })),
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.value;
}

export const benches: Bench[] = [
  {
    name: 'drill-injects',
    run: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-drill-'));
      const scenario = benchScenario();
      const r0 = performance.now();
      const t0 = Date.now();
      const clock = () => Math.floor(t0 + (performance.now() - r0) * SPEED);
      const store = openStationStore({
        path: join(dir, 'city.sqlite'),
        stationId: 'city-5001',
        jurisdiction: '5001',
        clock,
        drillScenarios: [scenario],
      });
      const lateness: number[] = [];
      let refused = 0;
      const drilled = Array.from({ length: STATIONS }, (_, i) => `5001${String(i + 1).padStart(2, '0')}`);
      try {
        const drillId = newId();
        const started = store.execute(
          {
            id: newId(),
            type: 'drill.start',
            payload: { drillId, scenarioId: scenario.id, drilled, mode: 'blind' },
          },
          { id: 'leader-city', role: 'leader' },
        );
        if (!started.ok) throw new Error(JSON.stringify(started.errors));
        const runner = startDrillRunner({
          store,
          now: clock,
          timers: {
            setTimeout: (cb, ms) => setTimeout(cb, ms / SPEED),
            clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
          },
          onDelivered: (d) => lateness.push((d.atMs - d.dueMs) / SPEED),
          onRefused: () => (refused += 1),
        });
        const end = performance.now() + ((DRILL_MINUTES + 1) * 60_000) / SPEED + 5_000;
        while (lateness.length < INJECTS * STATIONS && performance.now() < end)
          await new Promise((r) => setTimeout(r, 50));
        runner.stop();
        lateness.sort((a, b) => a - b);
        const figures = {
          deliveries: { value: lateness.length, unit: 'count' },
          refused: { value: refused, unit: 'count' },
          p50: { value: percentile(lateness, 50), unit: 'ms' },
          p99: { value: percentile(lateness, 99), unit: 'ms' },
          max: { value: lateness[lateness.length - 1] ?? Number.NaN, unit: 'ms' },
        };
        return {
          name: 'drill-injects',
          description: `${INJECTS} injects over ${DRILL_MINUTES} drill minutes to ${STATIONS} stations (${INJECTS * STATIONS} deliveries) by the organiser's drill runner on a real store, clock ${SPEED}× real time; lateness = real time from due to committed delivery`,
          figures,
          goals: [goal(figures, 'p99', '<=', 1000), goal(figures, 'deliveries', '>=', INJECTS * STATIONS)],
        };
      } finally {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
