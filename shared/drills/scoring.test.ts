import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreDrill, type ObservedAction } from './scoring';
import { scriptedActions, type DrillScenario } from './scenario';
import { shippedScenario, shippedScenarios } from './shippedScenarios';
import { MINUTE, toInstant, toMs } from '../time';

const START = '2026-07-10T02:00:00.000Z';
const at = (minute: number) => toInstant(toMs(START) + minute * MINUTE);
const flood = shippedScenario('flash-flood-township')!;

/** Every inject delivered at its scripted offset. */
const onSchedule = (s: DrillScenario) => Object.fromEntries(s.injects.map((i) => [i.key, at(i.atMinute)]));

/** Every expected action done `afterMinutes` after its inject came. */
function doneAll(s: DrillScenario, afterMinutes: (dueWithin: number) => number): ObservedAction[] {
  return scriptedActions(s).map((a, i) => ({
    action: a.expected.action,
    subject: a.subject,
    at: at(a.inject.atMinute + afterMinutes(a.expected.dueWithinMinutes)),
    ref: `e${i}`,
  }));
}

describe('drill scoring (演练评估)', () => {
  it('a room that does everything on time scores 100 in every criterion', () => {
    const ev = scoreDrill({
      scenario: flood,
      delivered: onSchedule(flood),
      observed: doneAll(flood, () => 1),
      asOf: at(180),
    });
    expect(ev.total).toBe(100);
    expect(ev.criteria.every((c) => c.score === 100)).toBe(true);
    expect(ev.actions.every((a) => a.outcome === 'on_time' && a.lateMinutes === 0)).toBe(true);
  });

  it('a room that does nothing scores 0 and every action is missed once the drill is over', () => {
    const ev = scoreDrill({ scenario: flood, delivered: onSchedule(flood), observed: [], asOf: at(180) });
    expect(ev.total).toBe(0);
    expect(ev.actions.every((a) => a.outcome === 'missed')).toBe(true);
  });

  it('a 首报 sent 12 minutes after its 30-minute limit is late by 12 minutes and earns half its weight', () => {
    const observed = doneAll(flood, () => 1).map((o) =>
      o.action === 'initial_report' ? { ...o, at: at(20 + 42) } : o,
    );
    const ev = scoreDrill({ scenario: flood, delivered: onSchedule(flood), observed, asOf: at(180) });
    const first = ev.actions.find((a) => a.action === 'first_report')!;
    expect(first).toMatchObject({
      outcome: 'late',
      lateMinutes: 12,
      doneAt: at(62),
      dueAt: at(50),
      credit: 0.5,
    });
    // reporting: weights 2 (first report, half) + 1 + 2 + 1 = 6, earned 5 → 83.3
    expect(ev.criteria.find((c) => c.key === 'reporting')!.score).toBe(83.3);
    // total: (20·100 + 35·83.33 + 30·100 + 15·100) / 100
    expect(ev.total).toBe(94.2);
  });

  it('one 续报 answers one change: two changes about the same incident need two reports', () => {
    const observed = doneAll(flood, () => 1).filter((o) => o.action !== 'follow_up_report');
    observed.push({ action: 'follow_up_report', subject: 'flood_call', at: at(80), ref: 'only' });
    const ev = scoreDrill({ scenario: flood, delivered: onSchedule(flood), observed, asOf: at(180) });
    const road = ev.actions.find((a) => a.inject === 'road_cut')!;
    const casualties = ev.actions.find((a) => a.inject === 'more_casualties')!;
    expect(road).toMatchObject({ outcome: 'on_time', ref: 'only' });
    expect(casualties.outcome).toBe('missed');
  });

  it('an action done before its inject came does not answer it (a 续报 before the change is not about it)', () => {
    const observed = doneAll(flood, () => 1).filter((o) => o.action !== 'follow_up_report');
    observed.push({ action: 'follow_up_report', subject: 'flood_call', at: at(30) });
    const ev = scoreDrill({ scenario: flood, delivered: onSchedule(flood), observed, asOf: at(180) });
    expect(ev.actions.filter((a) => a.type === 'follow_up_report').map((a) => a.outcome)).toEqual([
      'missed',
      'missed',
    ]);
  });

  it('an action about another incident does not count', () => {
    const observed = doneAll(flood, () => 1).map((o) =>
      o.action === 'dispatch' ? { ...o, subject: 'another_call' } : o,
    );
    const ev = scoreDrill({ scenario: flood, delivered: onSchedule(flood), observed, asOf: at(180) });
    expect(ev.actions.find((a) => a.type === 'dispatch')!.outcome).toBe('missed');
  });

  it('an inject that never came (the drill ended first) is not scored; a live drill shows actions not yet due as pending', () => {
    const delivered = onSchedule(flood);
    delete delivered.county_asks;
    const ev = scoreDrill({
      scenario: flood,
      delivered,
      observed: doneAll(flood, () => 1).filter((o) => o.action !== 'question_answer'),
      asOf: at(180),
    });
    expect(ev.actions.find((a) => a.inject === 'county_asks')!.outcome).toBe('not_delivered');
    expect(ev.total).toBe(100);
    const live = scoreDrill({
      scenario: flood,
      delivered: { rain_warning: at(0), flood_call: at(20) },
      observed: [],
      asOf: at(22),
    });
    expect(live.actions.find((a) => a.action === 'first_report')!.outcome).toBe('pending');
    expect(live.actions.find((a) => a.inject === 'rain_warning')!.outcome).toBe('missed');
    expect(live.criteria.find((c) => c.key === 'reporting')!.score).toBeNull();
  });

  it('once the drill is over, an action not done is missed even before its due time', () => {
    const ev = scoreDrill({
      scenario: flood,
      delivered: { rain_warning: at(0), flood_call: at(20) },
      observed: [],
      asOf: at(22),
      final: true,
    });
    expect(ev.actions.find((a) => a.action === 'first_report')!.outcome).toBe('missed');
    expect(ev.total).toBe(0);
  });

  it('an action recorded after the evaluation time is not counted', () => {
    const ev = scoreDrill({
      scenario: flood,
      delivered: onSchedule(flood),
      observed: doneAll(flood, () => 1),
      asOf: at(20),
    });
    expect(ev.actions.find((a) => a.action === 'first_report')!.outcome).toBe('pending');
  });
});

/* Property tests over the shipped scenarios, random delivery times and random records. */

const scenarioArb = fc.constantFrom(...shippedScenarios);
const actionArb = (s: DrillScenario) => {
  const subjects = [...new Set(scriptedActions(s).map((a) => a.subject)), 'elsewhere'];
  return fc.record({
    action: fc.constantFrom(
      ...([
        'register',
        'initial_report',
        'follow_up_report',
        'dispatch',
        'hq_activation',
        'warning_answer',
        'question_answer',
      ] as const),
    ),
    subject: fc.constantFrom(...subjects),
    at: fc.integer({ min: 0, max: 240 }).map(at),
    ref: fc.uuid(),
  });
};
const caseArb = scenarioArb.chain((scenario) =>
  fc.record({
    scenario: fc.constant(scenario),
    delays: fc.array(fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }), {
      minLength: scenario.injects.length,
      maxLength: scenario.injects.length,
    }),
    observed: fc.array(actionArb(scenario), { maxLength: 30 }),
    asOf: fc.integer({ min: 0, max: 300 }).map(at),
  }),
);
const deliveredOf = (s: DrillScenario, delays: Array<number | undefined>) =>
  Object.fromEntries(
    s.injects.flatMap((i, n) => (delays[n] === undefined ? [] : [[i.key, at(i.atMinute + delays[n])]])),
  );

describe('drill scoring properties', () => {
  it('scores stay within 0–100 and every action result is consistent with its times', () => {
    fc.assert(
      fc.property(caseArb, ({ scenario, delays, observed, asOf }) => {
        const ev = scoreDrill({ scenario, delivered: deliveredOf(scenario, delays), observed, asOf });
        if (ev.total !== null) expect(ev.total).toBeGreaterThanOrEqual(0);
        if (ev.total !== null) expect(ev.total).toBeLessThanOrEqual(100);
        for (const c of ev.criteria) if (c.score !== null) expect(c.score >= 0 && c.score <= 100).toBe(true);
        for (const a of ev.actions) {
          if (a.doneAt) {
            expect(toMs(a.doneAt)).toBeGreaterThanOrEqual(toMs(a.deliveredAt!));
            expect(toMs(a.doneAt)).toBeLessThanOrEqual(toMs(asOf));
            expect(a.outcome).toBe(toMs(a.doneAt) > toMs(a.dueAt!) ? 'late' : 'on_time');
          }
        }
        // Each observed action answers at most one expectation.
        const refs = ev.actions.flatMap((a) => (a.ref ? [a.ref] : []));
        expect(new Set(refs).size).toBe(refs.length);
      }),
      { numRuns: 300, seed: 22 },
    );
  });

  it('the order the record is read in does not change the score', () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), ({ scenario, delays, observed, asOf }, seed) => {
        const shuffled = [...observed].sort(
          (a, b) => ((a.ref.charCodeAt(seed & 7) ^ seed) & 15) - ((b.ref.charCodeAt(seed & 7) ^ seed) & 15),
        );
        const delivered = deliveredOf(scenario, delays);
        expect(scoreDrill({ scenario, delivered, observed: shuffled, asOf })).toEqual(
          scoreDrill({ scenario, delivered, observed, asOf }),
        );
      }),
      { numRuns: 200, seed: 23 },
    );
  });

  it('doing one more thing never lowers the score of a finished drill', () => {
    fc.assert(
      fc.property(caseArb, ({ scenario, delays, observed }) => {
        const delivered = deliveredOf(scenario, delays);
        const asOf = at(400);
        const before = scoreDrill({ scenario, delivered, observed: observed.slice(1), asOf }).total;
        const after = scoreDrill({ scenario, delivered, observed, asOf }).total;
        if (before !== null) expect(after!).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 300, seed: 24 },
    );
  });

  it('every action done on time scores 100 however late the injects came', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 10, maxLength: 10 }),
        (scenario, delays) => {
          const delivered = deliveredOf(scenario, delays);
          const observed = scriptedActions(scenario).map((a, i) => ({
            action: a.expected.action,
            subject: a.subject,
            at: toInstant(toMs(delivered[a.inject.key]) + (a.expected.dueWithinMinutes - 1) * MINUTE),
            ref: `r${i}`,
          }));
          expect(scoreDrill({ scenario, delivered, observed, asOf: at(500) }).total).toBe(100);
        },
      ),
      { numRuns: 100, seed: 25 },
    );
  });
});
