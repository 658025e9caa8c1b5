import { describe, expect, it } from 'vitest';
import henanJson from '../../resources/rules/henan.json';
import { MINUTE, toInstant } from '../time';
import type { Obligation } from './obligation';
import { nextDue, obligationsFor } from './obligations';
import { defaultRuleProfile, loadRuleProfile, type RuleProfile } from './profile';
import { cst, IncidentHistory } from './rules.testing';

const henanResult = loadRuleProfile(henanJson);
if (!henanResult.ok) throw new Error('henan profile invalid');
const henan = henanResult.value;

const at = (text: string) => toInstant(cst(text));

/** Obligations of the incident's own station (district 500101) as of `now` (China time). */
function own(h: IncidentHistory, now: string, profile: RuleProfile = defaultRuleProfile, viewpoint = h.jurisdiction) {
  return obligationsFor(h.events, profile, cst(now), viewpoint);
}
const byKey = (list: Obligation[], key: string) => {
  const found = list.find((o) => o.key === key);
  if (!found) throw new Error(`no obligation ${key} in ${list.map((o) => o.key).join(', ')}`);
  return found;
};
const brief = (o: Obligation) => ({ key: o.key, kind: o.kind, dueAt: o.dueAt, state: o.state });

describe('first report (首报)', () => {
  it('first written report is overdue 60 min after the call when no report was sent', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const list = own(h, '2026-11-25 11:01');
    expect(list.map(brief)).toEqual([
      { key: 'initial.phone', kind: 'initial_phone', dueAt: at('2026-11-25 10:30'), state: 'overdue' },
      { key: 'initial.written', kind: 'initial_written', dueAt: at('2026-11-25 11:00'), state: 'overdue' },
    ]);
    expect(byKey(list, 'initial.written').rule).toEqual({
      id: 'default:accident.III.initialWritten',
      path: 'categories.accident.levels.III.initialWritten',
      source: expect.stringContaining('第九条'),
    });
  });

  it.each([
    ['I', '10:15', '10:30'],
    ['II', '10:15', '10:30'],
    ['III', '10:30', '11:00'],
    ['IV', null, '12:00'],
  ] as const)('a level %s accident owes a phone report by %s and a written one by %s', (level, phone, written) => {
    const h = new IncidentHistory().register({ level, receivedAt: '2026-11-25 10:00' });
    const list = own(h, '2026-11-25 10:05');
    expect(list.find((o) => o.key === 'initial.phone')?.dueAt).toBe(phone ? at(`2026-11-25 ${phone}`) : undefined);
    expect(byKey(list, 'initial.written').dueAt).toBe(at(`2026-11-25 ${written}`));
    expect(list.every((o) => o.state === 'pending')).toBe(true);
  });

  it('under the Henan profile a 重大 incident owes a phone report in 15 minutes and a written one in 35', () => {
    const h = new IncidentHistory('410102').register({ level: 'II', receivedAt: '2026-11-25 10:00' });
    const list = own(h, '2026-11-25 10:05', henan);
    expect(byKey(list, 'initial.phone').dueAt).toBe(at('2026-11-25 10:15'));
    expect(byKey(list, 'initial.written').dueAt).toBe(at('2026-11-25 10:35'));
    expect(byKey(list, 'initial.written').rule.id).toBe('henan:accident.II.initialWritten');
  });

  it.each([
    ['natural_disaster', 'flood', 'IV', '12:00', 'default:natural_disaster.IV.initialWritten'],
    ['public_health', 'food_poisoning', 'III', '11:00', 'default:public_health.III.initialWritten'],
    ['social_security', 'mass_incident', 'II', '10:30', 'default:social_security.II.initialWritten'],
  ] as const)('a %s (%s) of level %s owes its written first report by %s', (category, subtype, level, written, rule) => {
    const h = new IncidentHistory().register({ category, subtype, level, receivedAt: '2026-11-25 10:00' });
    expect(byKey(own(h, '2026-11-25 10:05'), 'initial.written')).toMatchObject({ dueAt: at(`2026-11-25 ${written}`), rule: { id: rule } });
  });

  it('deadlines count from received-at, not from occurred-at', () => {
    const h = new IncidentHistory().register({ level: 'III', occurredAt: '2026-11-25 08:00', receivedAt: '2026-11-25 10:00' });
    expect(byKey(own(h, '2026-11-25 10:05'), 'initial.written').dueAt).toBe(at('2026-11-25 11:00'));
  });

  it('a phone report sent in time meets the phone obligation but not the written one', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const phone = h.report('2026-11-25 10:20', 'initial', 'phone');
    const list = own(h, '2026-11-25 10:40');
    expect(byKey(list, 'initial.phone')).toMatchObject({ state: 'met', metByReportId: phone, metAt: at('2026-11-25 10:20') });
    expect(byKey(list, 'initial.written').state).toBe('pending');
  });

  it('a written first report also meets a still-open phone obligation, late when after the phone limit', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const written = h.report('2026-11-25 10:45', 'initial', 'written');
    const list = own(h, '2026-11-25 10:50');
    expect(byKey(list, 'initial.phone')).toMatchObject({ state: 'met_late', metByReportId: written });
    expect(byKey(list, 'initial.written')).toMatchObject({ state: 'met', metByReportId: written });
  });

  it('a first report sent after its limit is met late (迟报), and stays so', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 12:30', 'initial', 'written');
    expect(byKey(own(h, '2026-11-26 10:00'), 'initial.written').state).toBe('met_late');
  });

  it('a written report sent without 签发 does not count where sign-off is required', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    const id = h.draft('2026-11-25 10:30', 'initial', 'written');
    h.send(id, '2026-11-25 10:40');
    expect(byKey(own(h, '2026-11-25 12:01'), 'initial.written').state).toBe('overdue');
    const lenient = { ...defaultRuleProfile, signOff: { required: false, source: '某地不要求签发' } };
    expect(byKey(own(h, '2026-11-25 12:01', lenient), 'initial.written').state).toBe('met');
  });

  it('a follow-up report does not meet the first-report obligation', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:30', 'follow_up', 'written');
    expect(byKey(own(h, '2026-11-25 11:00'), 'initial.written').state).toBe('pending');
  });

  it('an upgrade to 重大 counts the new 15-minute phone limit from the change, never giving more time', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    h.update('2026-11-25 10:40', { level: 'II' });
    const list = own(h, '2026-11-25 10:41');
    expect(byKey(list, 'initial.phone')).toMatchObject({ dueAt: at('2026-11-25 10:55'), opensAt: at('2026-11-25 10:40') });
    expect(byKey(list, 'initial.written').dueAt).toBe(at('2026-11-25 11:10'));
    // A downgrade keeps the earlier due time.
    h.update('2026-11-25 10:50', { level: 'IV' });
    expect(byKey(own(h, '2026-11-25 10:51'), 'initial.written').dueAt).toBe(at('2026-11-25 11:10'));
  });

  it('an upgrade after the first report went out opens no new first report', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:30', 'initial', 'written');
    h.update('2026-11-25 11:00', { level: 'II' });
    const list = own(h, '2026-11-25 11:05');
    expect(list.find((o) => o.key === 'initial.phone')).toBeUndefined();
    expect(byKey(list, 'initial.written').dueAt).toBe(at('2026-11-25 12:00'));
  });
});

describe('follow-up after a material change (续报)', () => {
  it('a casualty change after the first written report opens a follow-up due 60 minutes later, met by the next report', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:25', 'initial', 'written');
    h.update('2026-11-25 11:00', { casualties: { dead: 1, injured: 2, missing: 0, trapped: 0 } });
    const change = h.events.at(-1)!.id;
    const key = `follow_up.change.${change}`;
    expect(brief(byKey(own(h, '2026-11-25 12:01'), key))).toEqual({
      key,
      kind: 'follow_up',
      dueAt: at('2026-11-25 12:00'),
      state: 'overdue',
    });
    const followUp = h.report('2026-11-25 12:10', 'follow_up', 'written');
    expect(byKey(own(h, '2026-11-25 12:11'), key)).toMatchObject({ state: 'met_late', metByReportId: followUp });
  });

  it('a level change is material too; a change of the description is not', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:25', 'initial', 'written');
    h.update('2026-11-25 11:00', { description: '现场明火已扑灭' });
    h.update('2026-11-25 11:10', { level: 'II' });
    const follow = own(h, '2026-11-25 11:20').filter((o) => o.kind === 'follow_up');
    expect(follow.map((o) => o.dueAt)).toEqual([at('2026-11-25 12:10')]);
  });

  it('a casualty change before any written report opens no follow-up: the first report carries it', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:10', 'initial', 'phone');
    h.update('2026-11-25 10:20', { casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 } });
    expect(own(h, '2026-11-25 10:30').filter((o) => o.kind === 'follow_up')).toEqual([]);
  });
});

describe('daily follow-ups at fixed China times', () => {
  it('under the Henan profile a 较大 incident being responded to owes follow-ups before 08:00 and 17:00, up to the next one after now', () => {
    const h = new IncidentHistory('410102').register({ level: 'III', receivedAt: '2026-11-24 20:00' });
    h.report('2026-11-24 20:50', 'initial', 'written');
    h.respond('2026-11-24 21:00');
    h.report('2026-11-25 07:30', 'follow_up', 'written');
    const daily = own(h, '2026-11-25 18:00', henan).filter((o) => o.key.startsWith('follow_up.daily'));
    expect(daily.map(brief)).toEqual([
      { key: 'follow_up.daily.2026-11-25T08:00', kind: 'follow_up', dueAt: at('2026-11-25 08:00'), state: 'met' },
      { key: 'follow_up.daily.2026-11-25T17:00', kind: 'follow_up', dueAt: at('2026-11-25 17:00'), state: 'overdue' },
      { key: 'follow_up.daily.2026-11-26T08:00', kind: 'follow_up', dueAt: at('2026-11-26 08:00'), state: 'pending' },
    ]);
    expect(daily[0].opensAt).toBe(at('2026-11-24 21:00'));
    expect(daily[1].opensAt).toBe(at('2026-11-25 08:00'));
  });

  it('a daily slot missed is met late by the next follow-up, which does not also count for the following slot', () => {
    const h = new IncidentHistory('410102').register({ level: 'II', receivedAt: '2026-11-24 20:00' });
    h.report('2026-11-24 20:30', 'initial', 'written');
    h.respond('2026-11-24 21:00');
    h.report('2026-11-25 08:30', 'follow_up', 'written');
    const daily = own(h, '2026-11-25 09:00', henan).filter((o) => o.key.startsWith('follow_up.daily'));
    expect(daily.map((o) => [o.key, o.state])).toEqual([
      ['follow_up.daily.2026-11-25T08:00', 'met_late'],
      ['follow_up.daily.2026-11-25T17:00', 'pending'],
    ]);
  });

  // Issue 16: daily follow-ups used to wait for 处置中; by default they now start when the written first
  // report is due, marked or not. The old behaviour is a profile's explicit choice (`startsFrom: responding`).
  it('no daily follow-up is asked before the first written report is due; none waits for 处置中 by default', () => {
    const h = new IncidentHistory('410102').register({ level: 'III', receivedAt: '2026-11-25 07:30' });
    const daily = own(h, '2026-11-25 09:00', henan).filter((o) => o.key.startsWith('follow_up.daily'));
    expect(daily.map((o) => [o.key, o.opensAt, o.schedule])).toEqual([
      ['follow_up.daily.2026-11-25T17:00', at('2026-11-25 08:30'), { startsBy: 'first_report', startsAt: at('2026-11-25 08:30') }],
    ]);
  });

  it('a profile whose follow-ups start at 处置中 asks none before the response starts, nor before the written report is due', () => {
    const responding = { ...henan, dailyFollowUps: { startsFrom: 'responding' as const, source: '某地：处置期间每日续报' } };
    const h = new IncidentHistory('410102').register({ level: 'III', receivedAt: '2026-11-25 07:30' });
    expect(own(h, '2026-11-25 09:00', responding).filter((o) => o.key.startsWith('follow_up.daily'))).toEqual([]);
    h.respond('2026-11-25 07:35');
    const keys = own(h, '2026-11-25 09:00', responding).filter((o) => o.key.startsWith('follow_up.daily')).map((o) => o.key);
    expect(keys).toEqual(['follow_up.daily.2026-11-25T17:00']);
  });

  it('a natural disaster owes its daily report by 09:00 at a county and by 10:00 at a city station', () => {
    for (const [jurisdiction, time] of [['500101', '09:00'], ['5001', '10:00']] as const) {
      const h = new IncidentHistory(jurisdiction).register({ category: 'natural_disaster', subtype: 'flood', level: 'IV', receivedAt: '2026-11-25 01:00' });
      h.respond('2026-11-25 01:30');
      const daily = own(h, '2026-11-25 06:00').filter((o) => o.key.startsWith('follow_up.daily'));
      expect(daily.map((o) => [o.key, o.rule.id])).toEqual([[`follow_up.daily.2026-11-25T${time}`, 'default:natural_disaster.IV.followUpDaily']]);
    }
  });

  it('daily slots are dated by the China calendar when the response starts just before CST midnight', () => {
    // 23:50 CST on the 24th is 15:50 UTC on the 24th; 09:00 CST on the 25th is 01:00 UTC on the 25th.
    const h = new IncidentHistory().register({ category: 'natural_disaster', subtype: 'flood', level: 'IV', receivedAt: '2026-11-24 23:40' });
    h.respond('2026-11-24 23:50');
    const daily = own(h, '2026-11-25 00:10').filter((o) => o.key.startsWith('follow_up.daily'));
    expect(daily.map((o) => [o.key, o.dueAt])).toEqual([['follow_up.daily.2026-11-25T09:00', '2026-11-25T01:00:00.000Z']]);
  });

  it('daily follow-ups stop at closure', () => {
    const h = new IncidentHistory('410102').register({ level: 'III', receivedAt: '2026-11-24 20:00' });
    h.respond('2026-11-24 21:00');
    h.close('2026-11-25 12:00');
    const daily = own(h, '2026-11-27 12:00', henan).filter((o) => o.key.startsWith('follow_up.daily'));
    expect(daily.map((o) => o.key)).toEqual(['follow_up.daily.2026-11-25T08:00']);
  });
});

describe('final report (终报)', () => {
  it('closure opens the final report, due 24 hours later and met by a final report', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:30', 'initial', 'written');
    h.respond('2026-11-25 10:35');
    h.close('2026-11-26 10:00');
    expect(brief(byKey(own(h, '2026-11-27 10:01'), 'final'))).toEqual({ key: 'final', kind: 'final', dueAt: at('2026-11-27 10:00'), state: 'overdue' });
    const fin = h.report('2026-11-27 09:00', 'final', 'written');
    expect(byKey(own(h, '2026-11-27 10:01'), 'final')).toMatchObject({ state: 'met', metByReportId: fin });
  });

  it('reopening drops an unmet final report and the next closure opens its own', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    h.close('2026-11-25 12:00');
    h.reopen('2026-11-25 14:00');
    expect(own(h, '2026-11-25 15:00').filter((o) => o.kind === 'final')).toEqual([]);
    h.close('2026-11-25 18:00');
    expect(own(h, '2026-11-25 19:00').filter((o) => o.kind === 'final').map((o) => [o.key, o.dueAt])).toEqual([['final.2', at('2026-11-26 18:00')]]);
  });
});

describe('supplementary report on casualty changes (核报, Reg. 493 art. 13)', () => {
  const afterClosure = (subtype: string, days: number) => {
    const h = new IncidentHistory().register({ subtype, level: 'III', receivedAt: '2026-11-01 10:00', occurredAt: '2026-11-01 09:00' });
    h.close('2026-11-01 20:00');
    const when = cst('2026-11-01 09:00') + days * 24 * 60 * MINUTE;
    h.update(when, { casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 } });
    return { h, when, list: obligationsFor(h.events, defaultRuleProfile, when + MINUTE, h.jurisdiction).filter((o) => o.kind === 'supplementary') };
  };

  it('a road-traffic casualty change 6 days after the accident opens a supplementary report due within 60 minutes', () => {
    const { list, when } = afterClosure('road_traffic', 6);
    expect(list.map((o) => [o.dueAt, o.state, o.rule.id])).toEqual([[toInstant(when + 60 * MINUTE), 'pending', 'default:accident.road_traffic.supplementary']]);
  });

  it('a road-traffic or fire casualty change 8 days after the accident opens none (7-day window)', () => {
    expect(afterClosure('road_traffic', 8).list).toEqual([]);
    expect(afterClosure('fire', 8).list).toEqual([]);
  });

  it('other accidents keep a 30-day window', () => {
    expect(afterClosure('mine', 29).list).toHaveLength(1);
    expect(afterClosure('mine', 31).list).toEqual([]);
  });

  it('a supplementary report meets it', () => {
    const { h, when } = afterClosure('mine', 10);
    const sup = h.report(when + 30 * MINUTE, 'supplementary', 'written');
    const list = obligationsFor(h.events, defaultRuleProfile, when + 2 * 60 * MINUTE, h.jurisdiction).filter((o) => o.kind === 'supplementary');
    expect(list.map((o) => [o.state, o.metByReportId])).toEqual([['met', sup]]);
  });
});

describe('direct report to the province (10 or more dead or missing)', () => {
  it('a flood with 10 dead or missing owes a report to the province within 2 hours, met only by one addressed there', () => {
    const h = new IncidentHistory().register({ category: 'natural_disaster', subtype: 'flood', level: 'III', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:20', 'initial', 'phone');
    h.update('2026-11-25 11:00', { casualties: { dead: 6, injured: 0, missing: 4, trapped: 0 } });
    expect(brief(byKey(own(h, '2026-11-25 11:05'), 'direct.province'))).toEqual({
      key: 'direct.province',
      kind: 'relay',
      dueAt: at('2026-11-25 13:00'),
      state: 'pending',
    });
    h.report('2026-11-25 11:30', 'follow_up', 'written'); // to the city only
    expect(byKey(own(h, '2026-11-25 11:35'), 'direct.province').state).toBe('pending');
    const direct = h.report('2026-11-25 11:40', 'follow_up', 'written', { addressedTo: '50' });
    expect(byKey(own(h, '2026-11-25 11:45'), 'direct.province')).toMatchObject({ state: 'met', metByReportId: direct });
  });

  it('fewer than 10 dead or missing owes none', () => {
    const h = new IncidentHistory().register({ category: 'natural_disaster', subtype: 'flood', level: 'III', receivedAt: '2026-11-25 10:00' });
    h.update('2026-11-25 11:00', { casualties: { dead: 5, injured: 40, missing: 4, trapped: 3 } });
    expect(own(h, '2026-11-25 11:05').find((o) => o.key === 'direct.province')).toBeUndefined();
  });
});

describe('relay upward by a station above (Reg. 493 art. 10)', () => {
  /** A township incident whose township sends its first report to the district. */
  const fromTownship = (level: 'II' | 'III' | 'IV') => {
    const h = new IncidentHistory('500101001').register({ level, receivedAt: '2026-11-25 10:00' });
    const r = h.report('2026-11-25 10:20', 'initial', 'written');
    return { h, r };
  };

  it('a district that recorded receipt of a township report owes the relay within 2 hours, met by its own report upward', () => {
    const { h, r } = fromTownship('III');
    h.receive(r, '2026-11-25 10:25', '500101');
    const list = obligationsFor(h.events, defaultRuleProfile, cst('2026-11-25 12:26'), '500101');
    expect(list.map(brief)).toEqual([{ key: `relay.${r}`, kind: 'relay', dueAt: at('2026-11-25 12:25'), state: 'overdue' }]);
    const up = h.report('2026-11-25 12:40', 'initial', 'written', { jurisdiction: '500101' });
    expect(obligationsFor(h.events, defaultRuleProfile, cst('2026-11-25 12:41'), '500101')[0]).toMatchObject({ state: 'met_late', metByReportId: up });
  });

  it('the reporting station itself owes no relay, and a station that recorded no receipt owes none', () => {
    const { h, r } = fromTownship('III');
    h.receive(r, '2026-11-25 10:25', '500101');
    expect(obligationsFor(h.events, defaultRuleProfile, cst('2026-11-25 10:30'), '500101001').some((o) => o.kind === 'relay')).toBe(false);
    expect(obligationsFor(h.events, defaultRuleProfile, cst('2026-11-25 10:30'), '5001')).toEqual([]);
  });

  it.each([
    ['IV', '5001', false],
    ['IV', '500101', true],
    ['III', '5001', true],
    ['III', '50', false],
    ['II', '50', true],
  ] as const)('a level %s accident report received at %s is relayed further: %s', (level, station, owed) => {
    const { h, r } = fromTownship(level);
    h.receive(r, '2026-11-25 10:25', station);
    const list = obligationsFor(h.events, defaultRuleProfile, cst('2026-11-25 10:30'), station);
    expect(list.length).toBe(owed ? 1 : 0);
  });
});

describe('waivers', () => {
  it('a waived obligation is kept with its reason and is no longer next due', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    h.waive('2026-11-25 10:05', 'initial.phone', '已并入事件 01J…');
    const list = own(h, '2026-11-25 10:40');
    expect(byKey(list, 'initial.phone')).toMatchObject({ state: 'waived', waivedReason: '已并入事件 01J…' });
    expect(nextDue(list)?.key).toBe('initial.written');
  });

  it('a met obligation stays met when waived afterwards', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:10', 'initial', 'phone');
    h.waive('2026-11-25 10:15', 'initial.phone', '误操作');
    expect(byKey(own(h, '2026-11-25 10:20'), 'initial.phone').state).toBe('met');
  });

  it('a waiver recorded by a lower station does not excuse the relay owed by the station above', () => {
    const h = new IncidentHistory('500101001').register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const r = h.report('2026-11-25 10:20', 'initial', 'written');
    h.receive(r, '2026-11-25 10:25', '500101');
    h.waive('2026-11-25 10:30', `relay.${r}`, '不需要', '500101001');
    expect(obligationsFor(h.events, defaultRuleProfile, cst('2026-11-25 10:40'), '500101')[0].state).toBe('pending');
    h.waive('2026-11-25 10:45', `relay.${r}`, '市局已直接掌握', '5001');
    expect(obligationsFor(h.events, defaultRuleProfile, cst('2026-11-25 10:50'), '500101')[0]).toMatchObject({ state: 'waived', waivedReason: '市局已直接掌握' });
  });
});

describe('nextDue', () => {
  it('is the earliest obligation still owed, overdue ones included', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    expect(nextDue(own(h, '2026-11-25 10:05'))?.key).toBe('initial.phone');
    expect(nextDue(own(h, '2026-11-25 10:45'))).toMatchObject({ key: 'initial.phone', state: 'overdue' });
    h.report('2026-11-25 10:50', 'initial', 'written');
    expect(nextDue(own(h, '2026-11-25 10:55'))).toBeUndefined();
  });

  it('gives nothing for an empty list', () => {
    expect(nextDue([])).toBeUndefined();
  });
});

describe('history that names no incident', () => {
  it('gives no obligations', () => {
    expect(obligationsFor([], defaultRuleProfile, cst('2026-11-25 10:00'), '500101')).toEqual([]);
  });
});
