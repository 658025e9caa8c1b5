import { describe, expect, it } from 'vitest';
import henanJson from '../../resources/rules/henan.json';
import defaultJson from '../../resources/rules/default.json';
import { defaultRuleProfile, loadRuleProfile, RuleProfile, ruleOf, ruleProfileFor } from './profile';

const loaded = (json: unknown) => {
  const r = loadRuleProfile(json);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

describe('rule profiles', () => {
  it('the default profile is complete and every rule names its source', () => {
    expect(RuleProfile.safeParse(defaultJson).success).toBe(true);
    const rules = Object.values(defaultRuleProfile.categories).flatMap((c) => [
      ...Object.values(c.levels).flatMap((l) => Object.values(l)),
      ...Object.values(c.subtypes ?? {}).flatMap(({ levels, ...named } = {}) => [
        ...Object.values(named),
        ...Object.values(levels ?? {}).flatMap((l) => Object.values(l ?? {})),
      ]),
    ]);
    expect(rules.length).toBeGreaterThan(40);
    for (const rule of rules) expect(rule?.source.length).toBeGreaterThan(10);
  });

  it('loading the default through loadRuleProfile gives the default unchanged', () => {
    expect(loaded(defaultJson)).toEqual(defaultRuleProfile);
  });

  it.each([
    ['accident', 'hazardous_chemicals', 'II', 'initialPhone', 15, 'henan:accident.II.initialPhone'],
    ['accident', 'hazardous_chemicals', 'II', 'initialWritten', 35, 'henan:accident.II.initialWritten'],
    ['accident', 'mine', 'III', 'initialWritten', 60, 'henan:accident.III.initialWritten'],
    ['accident', 'mine', 'IV', 'initialWritten', 360, 'henan:accident.IV.initialWritten'],
    // Henan says nothing about 一般 natural disasters: the national 2-hour statistics rule stays.
    ['natural_disaster', 'flood', 'IV', 'initialWritten', 120, 'henan:natural_disaster.IV.initialWritten'],
  ] as const)('Henan %s/%s level %s: %s within %i minutes', (category, subtype, level, name, minutes, id) => {
    const found = ruleOf(loaded(henanJson), { category, subtype, level }, name);
    expect(found?.rule.minutes).toBe(minutes);
    expect(found?.ref.id).toBe(id);
  });

  it('Henan keeps the default rules it does not mention, with their own sources', () => {
    const henan = loaded(henanJson);
    expect(henan.relay).toEqual(defaultRuleProfile.relay);
    const fire = ruleOf(henan, { category: 'accident', subtype: 'fire', level: 'II' }, 'supplementary');
    expect(fire?.rule.windowDays).toBe(7);
    expect(fire?.ref.source).toContain('第十三条');
    const daily = ruleOf(henan, { category: 'accident', subtype: 'mine', level: 'III' }, 'followUpDaily');
    expect(daily?.rule.times).toEqual(['08:00', '17:00']);
    expect(ruleOf(henan, { category: 'accident', subtype: 'mine', level: 'IV' }, 'followUpDaily')).toBeUndefined();
  });

  it('road-traffic and fire accidents have a 7-day supplementary window, other accidents 30 days', () => {
    const window = (subtype: string) =>
      ruleOf(defaultRuleProfile, { category: 'accident', subtype, level: 'III' }, 'supplementary')?.rule.windowDays;
    expect([window('road_traffic'), window('fire'), window('mine')]).toEqual([7, 7, 30]);
  });

  it('an override can switch a default rule off with null', () => {
    const p = loaded({ id: 'no-final', name: '无终报', categories: { accident: { levels: { IV: { final: null } } } } });
    expect(ruleOf(p, { category: 'accident', subtype: 'mine', level: 'IV' }, 'final')).toBeUndefined();
    expect(ruleOf(p, { category: 'accident', subtype: 'mine', level: 'III' }, 'final')?.rule.hoursAfterClosure).toBe(24);
  });

  it('a bad profile is refused with one error per bad field', () => {
    const r = loadRuleProfile({
      id: 'Bad Id',
      name: '坏配置',
      relay: { minutesPerLevel: 0, source: '第十条' },
      categories: {
        accident: {
          levels: {
            II: { initialPhone: { minutes: 15 }, initalWritten: { minutes: 30, source: 'x' } },
            III: { followUpDaily: { times: ['8:00'], source: '地方规定' } },
          },
        },
        weather: {},
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.every((e) => e.code === 'INVALID_FIELD')).toBe(true);
    expect(r.errors.map((e) => e.field).sort()).toEqual([
      'categories',
      'categories.accident.levels.II',
      'categories.accident.levels.II.initialPhone.source',
      'categories.accident.levels.III.followUpDaily.times.0',
      'id',
      'relay.minutesPerLevel',
    ]);
  });

  it('a rule without a source is refused', () => {
    const r = loadRuleProfile({ id: 'x', name: 'x', signOff: { required: false, source: ' ' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ field: 'signOff.source' })]);
  });
});

describe('choosing a station profile', () => {
  // The station reads the list from resources/rules (station/rules/profiles.ts, tested in tests/rules).
  const shippedRuleProfiles = [defaultRuleProfile, loaded(henanJson)];

  it('a Henan station (410102) uses the Henan profile, a Chongqing station the default', () => {
    expect(ruleProfileFor('410102', shippedRuleProfiles).id).toBe('henan');
    expect(ruleProfileFor('41', shippedRuleProfiles).id).toBe('henan');
    expect(ruleProfileFor('500101', shippedRuleProfiles).id).toBe('default');
  });

  it('the longest matching appliesTo wins', () => {
    const henan = ruleProfileFor('41', shippedRuleProfiles);
    const r = loadRuleProfile({ id: 'zhengzhou', name: '郑州市', appliesTo: '4101', relay: { minutesPerLevel: 60, source: '某市规定' } }, henan);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const profiles = [...shippedRuleProfiles, r.value];
    expect(ruleProfileFor('410102', profiles)).toMatchObject({ id: 'zhengzhou', relay: { minutesPerLevel: 60 } });
    // Laid over Henan's rules, not the default's.
    expect(ruleOf(r.value, { category: 'accident', subtype: 'mine', level: 'II' }, 'initialWritten')?.rule.minutes).toBe(35);
    expect(ruleProfileFor('4102', profiles).id).toBe('henan');
  });
});
