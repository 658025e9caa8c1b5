import { describe, expect, it } from 'vitest';
import henanJson from '../../resources/rules/henan.json';
import { handoverSheet } from '../roster/handover';
import { toInstant } from '../time';
import type { FollowUpStartsBy } from './obligation';
import { followUpScheduleOf, obligationsFor } from './obligations';
import { defaultRuleProfile, loadRuleProfile, type RuleProfile } from './profile';
import { cst, IncidentHistory } from './rules.testing';

/*
 * Issue 16, point 3: daily follow-ups (续报) cannot silently stop being owed. What starts them is a
 * profile setting — the written first report's due time (the default), registration, or 处置中 — and
 * closure stops them; the incident shows what started them and what stops them.
 */

const henanResult = loadRuleProfile(henanJson);
if (!henanResult.ok) throw new Error('henan profile invalid');
const henan = henanResult.value;

const at = (text: string) => toInstant(cst(text));
const startingBy = (base: RuleProfile, startsFrom: FollowUpStartsBy): RuleProfile => ({
  ...base,
  dailyFollowUps: { startsFrom, source: `测试：每日续报自${startsFrom}起` },
});
const daily = (h: IncidentHistory, now: string, profile: RuleProfile) =>
  obligationsFor(h.events, profile, cst(now), h.jurisdiction).filter((o) => o.key.startsWith('follow_up.daily'));

describe('daily follow-ups without anyone marking 处置中', () => {
  // The case: a 较大 flood with a death, reported, never marked 处置中.
  const flood = () => {
    const h = new IncidentHistory().register({ category: 'natural_disaster', subtype: 'flood', level: 'III', receivedAt: '2026-07-10 14:00' });
    h.update('2026-07-10 14:10', { casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 } });
    h.report('2026-07-10 14:40', 'initial', 'written');
    return h;
  };

  it('a 较大 flood with a death, reported but never marked, owes a daily follow-up by 09:00 each day', () => {
    const list = daily(flood(), '2026-07-12 10:00', defaultRuleProfile);
    expect(list.map((o) => [o.key, o.state])).toEqual([
      ['follow_up.daily.2026-07-11T09:00', 'overdue'],
      ['follow_up.daily.2026-07-12T09:00', 'overdue'],
      ['follow_up.daily.2026-07-13T09:00', 'pending'],
    ]);
    // The slots say what started them: the written first report's due time (14:00 + 60 min).
    for (const o of list) expect(o.schedule).toEqual({ startsBy: 'first_report', startsAt: at('2026-07-10 15:00') });
    expect(list[0].opensAt).toBe(at('2026-07-10 15:00'));
  });

  it('the handover lists the follow-ups owed on it', () => {
    const h = flood();
    const handoverAt = cst('2026-07-11 08:30');
    const sheet = handoverSheet({
      at: handoverAt,
      openIncidents: [],
      pendingObligations: obligationsFor(h.events, defaultRuleProfile, handoverAt, h.jurisdiction),
      unacknowledgedWarnings: [],
      teamsOut: [],
      notes: '',
    });
    expect(sheet.pendingObligations.map((o) => [o.key, o.minutesLeft])).toEqual([['follow_up.daily.2026-07-11T09:00', 30]]);
  });

  it('the incident shows what starts its follow-ups and that closure will stop them', () => {
    const h = flood();
    expect(followUpScheduleOf(h.events, defaultRuleProfile)).toEqual({
      startsBy: 'first_report',
      startsAt: at('2026-07-10 15:00'),
      times: ['09:00'],
      rule: { id: 'default:natural_disaster.III.followUpDaily', path: 'categories.natural_disaster.levels.III.followUpDaily', source: expect.stringContaining('每日续报') },
      start: { path: 'dailyFollowUps', source: defaultRuleProfile.dailyFollowUps.source },
    });
    h.close('2026-07-12 18:00');
    expect(followUpScheduleOf(h.events, defaultRuleProfile)).toMatchObject({ startsAt: at('2026-07-10 15:00'), stopsAt: at('2026-07-12 18:00') });
    // A city station's times; none for a station that does not own the incident.
    expect(followUpScheduleOf(h.events, defaultRuleProfile, '5001')).toBeUndefined();
  });
});

describe('what starts the slots is the profile’s choice', () => {
  // Henan 较大: written first report within 60 min, daily follow-ups before 08:00 and 17:00.
  const history = () => {
    const h = new IncidentHistory('410102').register({ level: 'III', receivedAt: '2026-11-25 07:30' });
    h.respond('2026-11-25 10:00');
    return h;
  };

  it.each([
    // startsFrom, slots by 2026-11-26 09:00 [key, opensAt], startsAt
    ['registration', [['2026-11-25T08:00', '2026-11-25 07:30'], ['2026-11-25T17:00', '2026-11-25 08:00'], ['2026-11-26T08:00', '2026-11-25 17:00'], ['2026-11-26T17:00', '2026-11-26 08:00']], '2026-11-25 07:30'],
    ['first_report', [['2026-11-25T17:00', '2026-11-25 08:30'], ['2026-11-26T08:00', '2026-11-25 17:00'], ['2026-11-26T17:00', '2026-11-26 08:00']], '2026-11-25 08:30'],
    ['responding', [['2026-11-25T17:00', '2026-11-25 10:00'], ['2026-11-26T08:00', '2026-11-25 17:00'], ['2026-11-26T17:00', '2026-11-26 08:00']], '2026-11-25 10:00'],
  ] as const)('starting from %s', (startsFrom, slots, startsAt) => {
    const profile = startingBy(henan, startsFrom);
    const list = daily(history(), '2026-11-26 09:00', profile);
    expect(list.map((o) => [o.key.slice('follow_up.daily.'.length), o.opensAt])).toEqual(slots.map(([k, opens]) => [k, at(opens)]));
    expect(list.every((o) => o.schedule?.startsBy === startsFrom && o.schedule.startsAt === at(startsAt))).toBe(true);
    expect(followUpScheduleOf(history().events, profile)).toMatchObject({ startsBy: startsFrom, startsAt: at(startsAt), times: ['08:00', '17:00'] });
  });

  it('a profile that waits for 处置中 shows it is waiting: no slots, no start yet', () => {
    const profile = startingBy(henan, 'responding');
    const h = new IncidentHistory('410102').register({ level: 'III', receivedAt: '2026-11-25 07:30' });
    expect(daily(h, '2026-11-26 09:00', profile)).toEqual([]);
    const schedule = followUpScheduleOf(h.events, profile);
    expect(schedule).toMatchObject({ startsBy: 'responding' });
    expect(schedule?.startsAt).toBeUndefined();
  });

  it.each(['registration', 'first_report', 'responding'] as const)('starting from %s, closure stops the slots and a reopening starts them again', (startsFrom) => {
    const profile = startingBy(henan, startsFrom);
    const h = history();
    h.close('2026-11-26 12:00');
    const closed = daily(h, '2026-11-28 12:00', profile);
    expect(closed.map((o) => o.key).at(-1)).toBe('follow_up.daily.2026-11-26T08:00');
    expect(closed.every((o) => o.schedule?.stopsAt === at('2026-11-26 12:00'))).toBe(true);
    h.reopen('2026-11-28 09:00');
    const reopened = daily(h, '2026-11-28 12:00', profile).filter((o) => o.dueAt > at('2026-11-26 12:00'));
    // A reopening after 处置中 goes back to responding, so every kind starts again at the reopening.
    expect(reopened.map((o) => [o.key, o.opensAt, o.schedule])).toEqual([
      ['follow_up.daily.2026-11-28T17:00', at('2026-11-28 09:00'), { startsBy: startsFrom, startsAt: at('2026-11-28 09:00') }],
    ]);
    expect(followUpScheduleOf(h.events, profile)).toMatchObject({ startsAt: at('2026-11-28 09:00') });
    expect(followUpScheduleOf(h.events, profile)?.stopsAt).toBeUndefined();
  });

  it('a level whose rules ask no daily follow-up has no schedule', () => {
    const h = new IncidentHistory('410102').register({ level: 'IV', receivedAt: '2026-11-25 07:30' });
    expect(followUpScheduleOf(h.events, henan)).toBeUndefined();
    expect(daily(h, '2026-11-27 09:00', henan)).toEqual([]);
  });

  it('an upgrade to a level with daily follow-ups starts them without anyone marking anything', () => {
    const h = new IncidentHistory('410102').register({ level: 'IV', receivedAt: '2026-11-25 07:30' });
    h.report('2026-11-25 09:00', 'initial', 'written');
    h.update('2026-11-25 12:00', { level: 'III' });
    expect(daily(h, '2026-11-25 18:00', henan).map((o) => [o.key, o.state])).toEqual([
      ['follow_up.daily.2026-11-25T17:00', 'overdue'],
      ['follow_up.daily.2026-11-26T08:00', 'pending'],
    ]);
  });

  it('a profile with an unknown start is refused, naming the field', () => {
    const r = loadRuleProfile({ id: 'x', name: 'x', dailyFollowUps: { startsFrom: 'marked', source: '某地' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['dailyFollowUps.startsFrom']);
  });
});
