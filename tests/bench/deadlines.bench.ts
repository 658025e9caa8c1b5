// Deadline engine benchmark: 500 open incidents holding about 5,000 obligations. Measures a full
// recompute of every incident, finding the next due among all obligations, and the "next alarm"
// after one new event (recompute that incident and its next due, then take the earliest of the
// per-incident next dues, as a scheduler would) — issue 5's
// goal is a next alarm in under 5 ms.
import henanJson from '../../resources/rules/henan.json';
import type { Obligation } from '../../shared/rules/obligation';
import { nextDue, obligationsFor } from '../../shared/rules/obligations';
import { loadRuleProfile } from '../../shared/rules/profile';
import { goal, percentile, type Bench, timeSamples } from './harness';
import { openIncidentHistories, workloadNow } from './workloads';

const now = workloadNow;

export const benches: Bench[] = [
  {
    name: 'deadlines',
    run: async () => {
      const loaded = loadRuleProfile(henanJson);
      if (!loaded.ok) throw new Error('henan profile invalid');
      const profile = loaded.value;
      const histories = openIncidentHistories().map((h) => ({ events: h.events, jurisdiction: h.jurisdiction }));
      const events = histories.reduce((n, h) => n + h.events.length, 0);
      const perIncident: Obligation[][] = histories.map((h) => obligationsFor(h.events, profile, now, h.jurisdiction));
      const all = perIncident.flat();

      // Warm up the JIT before timing.
      for (let i = 0; i < 5; i += 1) for (const h of histories) obligationsFor(h.events, profile, now, h.jurisdiction);

      const full = timeSamples(30, () => {
        const list = histories.flatMap((h) => obligationsFor(h.events, profile, now, h.jurisdiction));
        nextDue(list);
      });
      const scan = timeSamples(500, () => nextDue(all));
      // A scheduler keeps each incident's next due; an event recomputes only its incident.
      const nextPerIncident = perIncident.map((list) => nextDue(list));
      let i = 0;
      const incremental = timeSamples(1000, () => {
        const k = (i += 37) % histories.length;
        const h = histories[k];
        nextPerIncident[k] = nextDue(obligationsFor(h.events, profile, now + i * 1000, h.jurisdiction));
        let next: Obligation | undefined;
        for (const candidate of nextPerIncident) {
          if (candidate && (!next || candidate.dueAt < next.dueAt)) next = candidate;
        }
      });

      const figures = {
        incidents: { value: histories.length, unit: 'incidents' },
        obligations: { value: all.length, unit: 'obligations' },
        events: { value: events, unit: 'events' },
        full_recompute_p50: { value: percentile(full, 50), unit: 'ms' },
        full_recompute_p99: { value: percentile(full, 99), unit: 'ms' },
        next_due_scan_p50: { value: percentile(scan, 50), unit: 'ms' },
        next_due_scan_p99: { value: percentile(scan, 99), unit: 'ms' },
        next_alarm_after_event_p50: { value: percentile(incremental, 50), unit: 'ms' },
        next_alarm_after_event_p99: { value: percentile(incremental, 99), unit: 'ms' },
      };
      return {
        name: 'deadlines',
        description:
          'Henan profile, 500 open incidents (~5,000 obligations): full recompute of all obligations + next due; next due over all; next alarm after one event (recompute that incident\'s obligations and next due, then the earliest of the 500 per-incident next dues)',
        figures,
        goals: [goal(figures, 'next_alarm_after_event_p99', '<=', 5), goal(figures, 'next_due_scan_p99', '<=', 5)],
        // Tail figures on a shared machine follow its load; record it beside them.
      };
    },
  },
];
