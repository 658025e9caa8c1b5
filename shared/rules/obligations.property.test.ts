import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import henanJson from '../../resources/rules/henan.json';
import { chinaParts, DAY, MINUTE, toInstant, toMs } from '../time';
import { Obligation } from './obligation';
import { canMoveObligations, nextDue, obligationsFor } from './obligations';
import { defaultRuleProfile, loadRuleProfile, type RuleProfile } from './profile';
import { buildScenario, cst, scenario } from './rules.testing';

const henanResult = loadRuleProfile(henanJson);
if (!henanResult.ok) throw new Error('henan profile invalid');
const profiles = fc.constantFrom<RuleProfile>(defaultRuleProfile, henanResult.value);
const runs = { numRuns: 300 };

describe('deadline engine properties', () => {
  it('the same history gives the same list, with unique keys, valid obligations, sorted by due time', () => {
    fc.assert(
      fc.property(scenario, profiles, (s, profile) => {
        const { history, now } = buildScenario(s);
        const first = obligationsFor(history.events, profile, now, history.jurisdiction);
        const again = obligationsFor(structuredClone(history.events), profile, now, history.jurisdiction);
        expect(again).toEqual(first);
        expect(new Set(first.map((o) => o.key)).size).toBe(first.length);
        for (const o of first) expect(Obligation.safeParse(o).success).toBe(true);
        const due = first.map((o) => toMs(o.dueAt));
        expect(due).toEqual([...due].sort((a, b) => a - b));
      }),
      runs,
    );
  });

  it('meeting an obligation never creates an earlier one', () => {
    const sending = fc.record({
      after: fc.integer({ min: 0, max: 24 * 60 }),
      kind: fc.constantFrom('initial', 'follow_up', 'final', 'supplementary' as const),
      channel: fc.constantFrom('phone', 'written' as const),
      toProvince: fc.boolean(),
    });
    fc.assert(
      fc.property(scenario, profiles, sending, (s, profile, send) => {
        const { history, now, lastAt } = buildScenario(s);
        const sentAt = lastAt + send.after * MINUTE;
        const asOf = Math.max(now, sentAt);
        const before = obligationsFor(history.events, profile, asOf, history.jurisdiction);
        history.report(sentAt, send.kind, send.channel, send.toProvince ? { addressedTo: '50' } : {});
        const after = obligationsFor(history.events, profile, asOf, history.jurisdiction);

        const dueBefore = new Map(before.map((o) => [o.key, o.dueAt]));
        for (const o of after) expect(dueBefore.get(o.key)).toBe(o.dueAt);
        const nextBefore = nextDue(before);
        const nextAfter = nextDue(after);
        if (nextAfter) expect(toMs(nextAfter.dueAt)).toBeGreaterThanOrEqual(toMs(nextBefore!.dueAt));
        const open = (l: Obligation[]) => l.filter((o) => o.state === 'pending' || o.state === 'overdue').length;
        expect(open(after)).toBeLessThanOrEqual(open(before));
      }),
      runs,
    );
  });

  it('moving a whole history by whole days moves every deadline and every daily-slot date by the same days', () => {
    const shiftKey = (key: string, days: number) => {
      const m = /^follow_up\.daily\.(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(key);
      if (!m) return key;
      const p = chinaParts(cst(`${m[1]} ${m[2]}`) + days * DAY);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `follow_up.daily.${p.year}-${pad(p.month)}-${pad(p.day)}T${m[2]}`;
    };
    const shift = (instant: string | undefined, days: number) => (instant === undefined ? undefined : toInstant(toMs(instant) + days * DAY));
    fc.assert(
      fc.property(scenario, profiles, fc.integer({ min: -400, max: 400 }), (s, profile, days) => {
        const base = buildScenario(s);
        const moved = buildScenario({ ...s, receivedAt: s.receivedAt + days * DAY });
        const expected = obligationsFor(base.history.events, profile, base.now, '500101').map((o) => ({
          ...o,
          key: shiftKey(o.key, days),
          dueAt: shift(o.dueAt, days)!,
          ...(o.opensAt ? { opensAt: shift(o.opensAt, days) } : {}),
          ...(o.metAt ? { metAt: shift(o.metAt, days) } : {}),
          ...(o.schedule
            ? {
                schedule: {
                  ...o.schedule,
                  startsAt: shift(o.schedule.startsAt, days)!,
                  ...(o.schedule.stopsAt ? { stopsAt: shift(o.schedule.stopsAt, days) } : {}),
                },
              }
            : {}),
        }));
        expect(obligationsFor(moved.history.events, profile, moved.now, '500101')).toEqual(expected);
      }),
      runs,
    );
  });
  it('a facts update that canMoveObligations calls inert leaves every obligation as it was', () => {
    // Every fact the rules do not read, with values of its own type: title, place, source, caller, numbers, text.
    const inert = fc.record(
      {
        title: fc.string({ minLength: 1, maxLength: 20 }),
        location: fc.record({ areaCode: fc.constant('500101001'), address: fc.string({ maxLength: 30 }) }),
        source: fc.constantFrom('phone', 'feed', 'grid_worker' as const),
        caller: fc.record({ name: fc.string({ maxLength: 10 }) }),
        affectedPeople: fc.nat({ max: 100_000 }),
        estimatedLossYuan: fc.nat({ max: 1e9 }),
        description: fc.string({ maxLength: 60 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(scenario, profiles, inert, fc.integer({ min: 0, max: 3 * 24 * 60 }), (s, profile, changes, after) => {
        const { history, now, lastAt } = buildScenario(s);
        const at = lastAt + after * MINUTE;
        const asOf = Math.max(now, at);
        const before = obligationsFor(history.events, profile, asOf, history.jurisdiction);
        history.update(at, changes);
        expect(canMoveObligations(history.events.at(-1)!)).toBe(false);
        expect(obligationsFor(history.events, profile, asOf, history.jurisdiction)).toEqual(before);
      }),
      runs,
    );
  });

  it('a change of level, casualties, kind or times is never called inert', () => {
    const { history } = buildScenario({ category: 'accident', subtypeIndex: 0, level: 'IV', receivedAt: cst('2026-07-01 10:00'), steps: [], nowAfter: 0 });
    for (const changes of [
      { level: 'III' as const },
      { casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 } },
      { category: 'natural_disaster' as const, subtype: 'flood' as const },
      { receivedAt: '2026-07-01T02:00:00.000Z' },
      { occurredAt: '2026-07-01T01:00:00.000Z' },
      { description: '更新', level: 'II' as const },
    ]) {
      history.update(cst('2026-07-01 11:00'), changes);
      expect(canMoveObligations(history.events.at(-1)!)).toBe(true);
    }
    history.close(cst('2026-07-01 12:00'));
    expect(canMoveObligations(history.events.at(-1)!)).toBe(true);
  });
});
