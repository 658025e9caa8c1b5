import { describe, expect, it } from 'vitest';
import { DAY, MINUTE, toInstant } from '../time';
import { calendarPeriodEnd } from './calendar';
import { obligationsFor } from './obligations';
import { defaultRuleProfile, loadRuleProfile, ruleOf, type DayCounting, type RuleProfile } from './profile';
import { cst, IncidentHistory } from './rules.testing';

/*
 * Issue 16, point 2: "自事故发生之日起7日内" counts calendar days in China time (Civil Code arts. 201 and
 * 203): the day of the accident is not counted and the last day runs to 24:00 CST — not to the same
 * minute seven 24-hour days later. The profile states the convention of each day-based rule.
 */

describe('a period of calendar days ends at 24:00 China time of its last day', () => {
  it.each([
    // from (CST), days, ends (CST: 00:00 of the day after the last day)
    ['2026-07-01 16:40', 7, '2026-07-09 00:00'], // DOMAIN.md's example: open until 24:00 on 8 July
    ['2026-07-01 00:00', 7, '2026-07-09 00:00'], // at midnight the day has begun: still not counted
    ['2026-07-01 23:59', 7, '2026-07-09 00:00'],
    ['2026-01-31 10:00', 7, '2026-02-08 00:00'], // across a month end
    ['2026-01-31 10:00', 30, '2026-03-03 00:00'], // February has 28 days in 2026: last day 2 March
    ['2028-01-31 10:00', 30, '2028-03-02 00:00'], // and 29 in 2028: last day 1 March
    ['2026-02-28 12:00', 1, '2026-03-02 00:00'],
    ['2026-12-31 23:00', 7, '2027-01-08 00:00'], // across a year end
    // 07:30 CST on 1 July is 23:30 UTC on 30 June: the China date counts, not the UTC one.
    ['2026-07-01 07:30', 7, '2026-07-09 00:00'],
    // 23:50 CST on 30 June is 15:50 UTC on 30 June: the same China date as UTC, and it still ends at CST midnight.
    ['2026-06-30 23:50', 7, '2026-07-08 00:00'],
  ] as const)('from %s, %i days: open until %s (exclusive)', (from, days, end) => {
    expect(toInstant(calendarPeriodEnd(cst(from), days))).toBe(toInstant(cst(end)));
  });
});

/** A closed accident whose casualties change at `changeAt`; the supplementary report owed, if any. */
function supplementaryOwed(subtype: string, occurredAt: string, changeAt: string, profile: RuleProfile = defaultRuleProfile) {
  const h = new IncidentHistory().register({ subtype, level: 'III', occurredAt, receivedAt: occurredAt });
  h.close(cst(occurredAt) + 2 * 60 * MINUTE);
  h.update(changeAt, { casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 } });
  return obligationsFor(h.events, profile, cst(changeAt) + MINUTE, h.jurisdiction).filter((o) => o.kind === 'supplementary');
}

/** The default profile with road-traffic supplementary reports counted by the given convention. */
function roadTrafficCounting(dayCounting: DayCounting): RuleProfile {
  const r = loadRuleProfile({
    id: `road-${dayCounting}`,
    name: '测试',
    categories: {
      accident: {
        subtypes: { road_traffic: { supplementary: { windowDays: 7, dayCounting, dueMinutesAfterChange: 60, source: '测试：道路交通事故7日内补报' } } },
      },
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('supplementary reports (补报) inside the window counted in calendar days', () => {
  it.each([
    // subtype, occurred (CST), casualty change (CST), owed
    ['road_traffic', '2026-07-01 16:40', '2026-07-08 16:40', true],
    ['road_traffic', '2026-07-01 16:40', '2026-07-08 23:59', true], // the last day runs to 24:00
    ['road_traffic', '2026-07-01 16:40', '2026-07-09 00:00', false],
    ['fire', '2026-07-01 16:40', '2026-07-08 23:59', true],
    ['fire', '2026-07-01 16:40', '2026-07-09 00:01', false],
    ['road_traffic', '2026-01-31 10:00', '2026-02-07 23:30', true], // month end
    ['road_traffic', '2026-01-31 10:00', '2026-02-08 00:10', false],
    ['mine', '2026-01-31 10:00', '2026-03-02 23:59', true], // 30 days over a 28-day February
    ['mine', '2026-01-31 10:00', '2026-03-03 00:00', false],
    ['road_traffic', '2026-12-31 23:00', '2027-01-07 23:59', true], // year end
    ['road_traffic', '2026-12-31 23:00', '2027-01-08 00:00', false],
    // CST/UTC date line: 07:30 CST on 1 July is still 30 June in UTC. Counting UTC dates would close the
    // window at 08:00 CST on 8 July; the China calendar keeps it open until midnight.
    ['road_traffic', '2026-07-01 07:30', '2026-07-08 12:00', true],
    ['road_traffic', '2026-07-01 07:30', '2026-07-08 23:59', true],
    ['road_traffic', '2026-07-01 07:30', '2026-07-09 00:00', false],
    // 23:50 CST on 30 June: 1 July is the first day counted, 7 July the last.
    ['road_traffic', '2026-06-30 23:50', '2026-07-07 23:59', true],
    ['road_traffic', '2026-06-30 23:50', '2026-07-08 00:10', false],
  ] as const)('%s accident at %s, casualties change at %s: supplementary report owed: %s', (subtype, occurred, change, owed) => {
    const list = supplementaryOwed(subtype, occurred, change);
    expect(list.length).toBe(owed ? 1 : 0);
    if (owed) expect(list[0].dueAt).toBe(toInstant(cst(change) + 60 * MINUTE));
  });

  it('a profile that states 24-hour days closes the window at the same minute seven days later', () => {
    const elapsed = roadTrafficCounting('elapsed');
    expect(supplementaryOwed('road_traffic', '2026-07-01 16:40', '2026-07-08 16:40', elapsed)).toHaveLength(1);
    expect(supplementaryOwed('road_traffic', '2026-07-01 16:40', '2026-07-08 16:41', elapsed)).toEqual([]);
    // The same change under the calendar convention is still inside.
    expect(supplementaryOwed('road_traffic', '2026-07-01 16:40', '2026-07-08 16:41', roadTrafficCounting('calendar'))).toHaveLength(1);
  });

  it('every day-based rule of the shipped default states its convention, and it is the Civil Code’s', () => {
    for (const [category, subtype] of [['accident', 'road_traffic'], ['accident', 'fire'], ['accident', 'mine']] as const) {
      for (const level of ['I', 'II', 'III', 'IV'] as const) {
        const found = ruleOf(defaultRuleProfile, { category, subtype, level }, 'supplementary');
        expect(found?.rule.dayCounting).toBe('calendar');
        expect(found?.ref.source).toContain('民法典');
      }
    }
  });

  it('a profile whose day-based rule does not state its convention is refused, naming the field', () => {
    const r = loadRuleProfile({
      id: 'no-convention',
      name: '未写计法',
      categories: { accident: { subtypes: { fire: { supplementary: { windowDays: 7, dueMinutesAfterChange: 60, source: '条例第十三条' } } } } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['categories.accident.subtypes.fire.supplementary.dayCounting']);
  });

  it('the window counts from occurred-at, not received-at', () => {
    const h = new IncidentHistory().register({ subtype: 'road_traffic', level: 'III', occurredAt: '2026-07-01 22:00', receivedAt: '2026-07-02 01:00' });
    h.close('2026-07-02 06:00');
    h.update('2026-07-09 00:30', { casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 } });
    expect(obligationsFor(h.events, defaultRuleProfile, cst('2026-07-09 00:31'), h.jurisdiction).filter((o) => o.kind === 'supplementary')).toEqual([]);
    expect(cst('2026-07-09 00:30') - cst('2026-07-02 01:00')).toBeLessThan(7 * DAY);
  });
});
