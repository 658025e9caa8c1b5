import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import henanJson from '../../resources/rules/henan.json';
import type { DomainEvent } from '../events/envelope';
import { MINUTE, toInstant } from '../time';
import type { Obligation } from './obligation';
import { obligationsFor } from './obligations';
import { defaultRuleProfile, loadRuleProfile, type RuleProfile } from './profile';
import { buildScenario, cst, IncidentHistory, scenario } from './rules.testing';

/*
 * Issue 16, point 1: every rule compares the times of the facts (sent at, changed at, closed at,
 * received at), never their positions in the log. Each case below records its events in a log order
 * that differs from the order they happened in — as when a report or a change reaches the station late
 * from the hub — and expects what the times say.
 */

const henanResult = loadRuleProfile(henanJson);
if (!henanResult.ok) throw new Error('henan profile invalid');
const henan = henanResult.value;

const at = (text: string) => toInstant(cst(text));
const byKey = (list: Obligation[], key: string) => {
  const found = list.find((o) => o.key === key);
  if (!found) throw new Error(`no obligation ${key} in ${list.map((o) => o.key).join(', ')}`);
  return found;
};
const own = (h: IncidentHistory, now: string, profile: RuleProfile = defaultRuleProfile) =>
  obligationsFor(h.events, profile, cst(now), h.jurisdiction);

describe('rules compare the times of the facts, not their places in the log', () => {
  it('a phone 首报 sent in time but recorded after a written 首报 sent later meets the phone limit in time', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const written = h.report('2026-11-25 10:40', 'initial', 'written');
    const phone = h.report('2026-11-25 10:10', 'initial', 'phone'); // recorded afterwards, made at 10:10
    const list = own(h, '2026-11-25 10:45');
    expect(byKey(list, 'initial.phone')).toMatchObject({ state: 'met', metByReportId: phone, metAt: at('2026-11-25 10:10') });
    expect(byKey(list, 'initial.written')).toMatchObject({ state: 'met', metByReportId: written });
  });

  it('an upgrade recorded after the first report that went out before it opens no new first report', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    h.update('2026-11-25 11:00', { level: 'II' });
    h.report('2026-11-25 10:30', 'initial', 'written'); // sent at 10:30, before the 11:00 upgrade
    const list = own(h, '2026-11-25 11:05');
    expect(list.find((o) => o.key === 'initial.phone')).toBeUndefined();
    expect(byKey(list, 'initial.written')).toMatchObject({ dueAt: at('2026-11-25 12:00'), state: 'met' });
  });

  it('a follow-up sent after a casualty change meets the change follow-up even when the log holds it before the change', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:25', 'initial', 'written');
    const followUp = h.report('2026-11-25 11:30', 'follow_up', 'written');
    h.update('2026-11-25 11:00', { casualties: { dead: 1, injured: 2, missing: 0, trapped: 0 } });
    const key = `follow_up.change.${h.events.at(-1)!.id}`;
    expect(byKey(own(h, '2026-11-25 12:30'), key)).toMatchObject({ state: 'met', metByReportId: followUp, dueAt: at('2026-11-25 12:00') });
  });

  it('a written report sent after a change is not the account that opens its follow-up, wherever the log holds it', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 11:20', 'initial', 'written'); // the first written account goes out after the change
    h.update('2026-11-25 11:00', { casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 } });
    expect(own(h, '2026-11-25 12:30').filter((o) => o.key.startsWith('follow_up.change'))).toEqual([]);
  });

  it('a final report sent after closure meets it even when the log holds the closure later', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:30', 'initial', 'written');
    const fin = h.report('2026-11-26 12:00', 'final', 'written');
    h.close('2026-11-26 10:00');
    expect(byKey(own(h, '2026-11-27 12:00'), 'final')).toMatchObject({ state: 'met', metByReportId: fin });
  });

  it('a final report sent before a reopening meets the closure it followed; one sent after it does not', () => {
    const h = new IncidentHistory().register({ level: 'IV', receivedAt: '2026-11-25 10:00' });
    h.close('2026-11-25 12:00');
    h.reopen('2026-11-25 14:00');
    const fin = h.report('2026-11-25 13:00', 'final', 'written'); // before the reopening, recorded after it
    expect(own(h, '2026-11-25 15:00').filter((o) => o.kind === 'final').map((o) => [o.key, o.state, o.metByReportId])).toEqual([
      ['final', 'met', fin],
    ]);
  });

  it('a supplementary report sent after a casualty change after closure meets it wherever the log holds it', () => {
    const h = new IncidentHistory().register({ subtype: 'mine', level: 'III', receivedAt: '2026-11-01 10:00' });
    h.close('2026-11-01 20:00');
    const sup = h.report('2026-11-03 10:30', 'supplementary', 'written');
    h.update('2026-11-03 10:00', { casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 } });
    const list = own(h, '2026-11-03 12:00').filter((o) => o.kind === 'supplementary');
    expect(list.map((o) => [o.state, o.metByReportId])).toEqual([['met', sup]]);
  });

  it('a report to the province after 10 dead or missing meets the direct report wherever the log holds it', () => {
    const h = new IncidentHistory().register({ category: 'natural_disaster', subtype: 'flood', level: 'III', receivedAt: '2026-11-25 10:00' });
    const direct = h.report('2026-11-25 11:40', 'follow_up', 'written', { addressedTo: '50' });
    h.report('2026-11-25 10:30', 'initial', 'written', { addressedTo: '50' }); // before the deaths: not it
    h.update('2026-11-25 11:00', { casualties: { dead: 6, injured: 0, missing: 4, trapped: 0 } });
    expect(byKey(own(h, '2026-11-25 11:45'), 'direct.province')).toMatchObject({ state: 'met', metByReportId: direct });
  });

  it('a relay sent after the receipt meets it even when the log holds the receipt later', () => {
    const h = new IncidentHistory('500101001').register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const r = h.report('2026-11-25 10:20', 'initial', 'written');
    const up = h.report('2026-11-25 11:00', 'initial', 'written', { jurisdiction: '500101' });
    h.receive(r, '2026-11-25 10:25', '500101');
    const list = obligationsFor(h.events, defaultRuleProfile, cst('2026-11-25 11:05'), '500101');
    expect(list.map((o) => [o.key, o.state, o.metByReportId])).toEqual([[`relay.${r}`, 'met', up]]);
  });

  it('a receipt merged ahead of the report it acknowledges, and a waiver ahead of the incident, still count', () => {
    const h = new IncidentHistory('500101001').register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const r = h.report('2026-11-25 10:20', 'initial', 'phone');
    h.receive(r, '2026-11-25 10:25', '500101');
    h.waive('2026-11-25 10:40', 'initial.written', '书面报告由区局代报', '500101');
    // The district's events first, then the township's: a merge that keeps each station's own order.
    const merged = [...h.events.filter((e) => e.jurisdiction === '500101'), ...h.events.filter((e) => e.jurisdiction !== '500101')];
    expect(obligationsFor(merged, defaultRuleProfile, cst('2026-11-25 12:30'), '500101').map((o) => [o.key, o.state])).toEqual([
      [`relay.${r}`, 'overdue'],
    ]);
    expect(byKey(obligationsFor(merged, defaultRuleProfile, cst('2026-11-25 11:05'), '500101001'), 'initial.written')).toMatchObject({
      state: 'waived',
      waivedReason: '书面报告由区局代报',
    });
  });

  it('a daily follow-up recorded out of order meets the slot whose window it was sent in', () => {
    const h = new IncidentHistory('410102').register({ level: 'III', receivedAt: '2026-11-24 20:00' });
    h.report('2026-11-24 20:50', 'initial', 'written');
    const second = h.report('2026-11-25 16:00', 'follow_up', 'written');
    const first = h.report('2026-11-25 07:30', 'follow_up', 'written');
    const daily = own(h, '2026-11-25 18:00', henan).filter((o) => o.key.startsWith('follow_up.daily'));
    expect(daily.map((o) => [o.key, o.state, o.metByReportId])).toEqual([
      ['follow_up.daily.2026-11-25T08:00', 'met', first],
      ['follow_up.daily.2026-11-25T17:00', 'met', second],
      ['follow_up.daily.2026-11-26T08:00', 'pending', undefined],
    ]);
  });

  it('two facts at the same minute are ordered by their station’s own sequence, not by where the log puts them', () => {
    // The written report and the casualty change are both stamped 11:00; the station sent the report first.
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 11:00', 'initial', 'written');
    h.update('2026-11-25 11:00', { casualties: { dead: 1, injured: 0, missing: 0, trapped: 0 } });
    const change = h.events.at(-1)!;
    const moved = [...h.events.slice(0, 1), change, ...h.events.slice(1, -1)];
    const key = `follow_up.change.${change.id}`;
    for (const history of [h.events, moved]) {
      expect(byKey(obligationsFor(history, defaultRuleProfile, cst('2026-11-25 11:30'), '500101'), key).state).toBe('pending');
    }
  });
});

/** Every way to interleave the stations' logs that keeps each station's own order, as `picks` chooses. */
function merge(events: readonly DomainEvent[], picks: readonly number[]): DomainEvent[] {
  const queues = new Map<string, DomainEvent[]>();
  for (const e of events) {
    const q = queues.get(e.station);
    if (q) q.push(e);
    else queues.set(e.station, [e]);
  }
  const lanes = [...queues.values()];
  const merged: DomainEvent[] = [];
  let i = 0;
  while (lanes.length > 0) {
    const k = (picks[i % Math.max(1, picks.length)] ?? 0) % lanes.length;
    i += 1;
    const lane = lanes[k];
    merged.push(lane.shift()!);
    if (lane.length === 0) lanes.splice(k, 1);
  }
  return merged;
}

/** What the city (5001) and the province (50) do with the district's reports, in each one's own time order. */
const upperStep = fc.record({
  after: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 8 * 60 })),
  act: fc.constantFrom('city_receives', 'city_reports', 'city_waives', 'province_receives', 'province_waives'),
  pick: fc.nat(40),
});

describe('property: any merge of the stations’ logs that keeps each station’s order gives the same obligations', () => {
  const profiles = fc.constantFrom<RuleProfile>(defaultRuleProfile, henan);

  it('for the incident’s own station and for the stations above it', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(upperStep, { maxLength: 12 }),
        fc.array(fc.nat(99), { minLength: 1, maxLength: 200 }),
        profiles,
        (s, upper, picks, profile) => {
          const { history: h, now } = buildScenario(s);
          const districtSends = h.events.filter((e) => e.type === 'report.sent').map((e) => ({ id: e.stream.slice(7), at: Date.parse(e.occurredAt) }));
          const citySends: Array<{ id: string; at: number }> = [];
          const keys = ['initial.phone', 'initial.written', 'final', 'direct.province', ...districtSends.map((r) => `relay.${r.id}`)];
          let cityAt = s.receivedAt;
          let provinceAt = s.receivedAt;
          for (const step of upper) {
            const onCity = step.act.startsWith('city');
            let t = (onCity ? cityAt : provinceAt) + step.after * MINUTE;
            switch (step.act) {
              case 'city_receives': {
                const r = districtSends[step.pick % Math.max(1, districtSends.length)];
                if (!r) continue;
                t = Math.max(t, r.at + MINUTE);
                h.receive(r.id, t, '5001');
                break;
              }
              case 'city_reports':
                citySends.push({ id: h.report(t, step.pick % 2 ? 'initial' : 'follow_up', 'written', { jurisdiction: '5001' }), at: t });
                break;
              case 'province_receives': {
                const r = citySends[step.pick % Math.max(1, citySends.length)];
                if (!r) continue;
                t = Math.max(t, r.at + MINUTE);
                h.receive(r.id, t, '50');
                break;
              }
              case 'city_waives':
              case 'province_waives':
                h.waive(t, keys[step.pick % keys.length], '上级决定', onCity ? '5001' : '50');
                break;
            }
            if (onCity) cityAt = t;
            else provinceAt = t;
          }
          const asOf = Math.max(now, cityAt, provinceAt) + 30 * MINUTE;
          const merged = merge(h.events, picks);
          for (const viewpoint of ['500101', '5001', '50']) {
            expect(obligationsFor(merged, profile, asOf, viewpoint)).toEqual(obligationsFor(h.events, profile, asOf, viewpoint));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
