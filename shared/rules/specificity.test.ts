import { describe, expect, it } from 'vitest';
import { toInstant } from '../time';
import { obligationsFor } from './obligations';
import { defaultRuleProfile, loadRuleProfile, ruleOf, type RuleProfile } from './profile';
import { cst, IncidentHistory } from './rules.testing';

/*
 * Issue 16, point 4: rules by category × subtype × level, the most specific winning — subtype at the
 * level, then subtype at every level, then the category's level — and every obligation names the rule
 * that produced it (its path in the profile and its text) for the report dialog.
 */

const load = (json: unknown, base: RuleProfile = defaultRuleProfile): RuleProfile => {
  const r = loadRuleProfile(json, base);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

// The example, in one profile: road traffic Ⅱ by phone in 15 min, fire Ⅱ in 30; other 重大
// accidents by the category's level (20 here, so that each tier shows).
const city = load({
  id: 'city',
  name: '某市',
  categories: {
    accident: {
      levels: { II: { initialPhone: { minutes: 20, source: '某市：重大事故电话20分钟' } } },
      subtypes: {
        road_traffic: {
          initialWritten: { minutes: 40, source: '某市：道路交通事故书面40分钟（各等级）' },
          levels: { II: { initialPhone: { minutes: 15, source: '某市：重大道路交通事故电话15分钟' } } },
        },
        fire: {
          initialPhone: { minutes: 25, source: '某市：火灾电话25分钟（各等级）' },
          levels: { II: { initialPhone: { minutes: 30, source: '某市：重大火灾电话30分钟' } }, IV: { initialPhone: null } },
        },
      },
    },
  },
});

describe('the most specific rule wins', () => {
  it.each([
    // subtype, level, rule, minutes, path
    ['road_traffic', 'II', 'initialPhone', 15, 'categories.accident.subtypes.road_traffic.levels.II.initialPhone'],
    ['fire', 'II', 'initialPhone', 30, 'categories.accident.subtypes.fire.levels.II.initialPhone'],
    ['mine', 'II', 'initialPhone', 20, 'categories.accident.levels.II.initialPhone'],
    ['fire', 'III', 'initialPhone', 25, 'categories.accident.subtypes.fire.initialPhone'],
    ['road_traffic', 'III', 'initialPhone', 30, 'categories.accident.levels.III.initialPhone'],
    ['road_traffic', 'II', 'initialWritten', 40, 'categories.accident.subtypes.road_traffic.initialWritten'],
    ['road_traffic', 'IV', 'initialWritten', 40, 'categories.accident.subtypes.road_traffic.initialWritten'],
    ['fire', 'II', 'initialWritten', 30, 'categories.accident.levels.II.initialWritten'],
    ['fire', 'IV', 'initialPhone', null, null], // switched off at the most specific place: the subtype's 25 does not apply
  ] as const)('accident/%s level %s: %s %s min (%s)', (subtype, level, name, minutes, path) => {
    const found = ruleOf(city, { category: 'accident', subtype, level }, name);
    if (minutes === null) {
      expect(found).toBeUndefined();
      return;
    }
    expect(found?.rule.minutes).toBe(minutes);
    expect(found?.ref.path).toBe(path);
  });

  it('each obligation carries the winning rule: its id, its path in the profile and its text', () => {
    const due = (subtype: string) => {
      const h = new IncidentHistory().register({ subtype, level: 'II', receivedAt: '2026-11-25 10:00' });
      return obligationsFor(h.events, city, cst('2026-11-25 10:01'), h.jurisdiction).find((o) => o.key === 'initial.phone')!;
    };
    expect(due('road_traffic')).toMatchObject({
      dueAt: toInstant(cst('2026-11-25 10:15')),
      rule: {
        id: 'city:accident.road_traffic.II.initialPhone',
        path: 'categories.accident.subtypes.road_traffic.levels.II.initialPhone',
        source: '某市：重大道路交通事故电话15分钟',
      },
    });
    expect(due('fire')).toMatchObject({ dueAt: toInstant(cst('2026-11-25 10:30')), rule: { id: 'city:accident.fire.II.initialPhone', source: '某市：重大火灾电话30分钟' } });
    expect(due('mine')).toMatchObject({ dueAt: toInstant(cst('2026-11-25 10:20')), rule: { id: 'city:accident.II.initialPhone' } });
  });

  it('an upgrade takes the new level’s most specific rule', () => {
    const h = new IncidentHistory().register({ subtype: 'fire', level: 'III', receivedAt: '2026-11-25 10:00' });
    h.update('2026-11-25 10:05', { level: 'II' });
    const phone = obligationsFor(h.events, city, cst('2026-11-25 10:06'), h.jurisdiction).find((o) => o.key === 'initial.phone')!;
    // Level III (subtype, every level) gives 10:25; level II (subtype at the level) from the change gives 10:35.
    expect(phone).toMatchObject({ dueAt: toInstant(cst('2026-11-25 10:25')), rule: { path: 'categories.accident.subtypes.fire.initialPhone' } });
  });

  it('an override merges subtype-and-level rules into those it extends, by name', () => {
    const over = load(
      {
        id: 'district',
        name: '某区',
        categories: { accident: { subtypes: { fire: { levels: { II: { initialWritten: { minutes: 45, source: '某区：重大火灾书面45分钟' } } } } } } },
      },
      city,
    );
    expect(ruleOf(over, { category: 'accident', subtype: 'fire', level: 'II' }, 'initialPhone')?.rule.minutes).toBe(30);
    expect(ruleOf(over, { category: 'accident', subtype: 'fire', level: 'II' }, 'initialWritten')?.rule.minutes).toBe(45);
    expect(ruleOf(over, { category: 'accident', subtype: 'fire', level: 'III' }, 'initialPhone')?.rule.minutes).toBe(25);
    expect(ruleOf(over, { category: 'accident', subtype: 'fire', level: 'IV' }, 'initialPhone')).toBeUndefined();
    // The default's fire rules (7-day supplementary window) are still there underneath.
    expect(ruleOf(over, { category: 'accident', subtype: 'fire', level: 'II' }, 'supplementary')?.rule.windowDays).toBe(7);
  });

  it('a subtype-and-level rule in the wrong place is refused, naming the field', () => {
    const r = loadRuleProfile({
      id: 'bad',
      name: '坏',
      categories: { accident: { subtypes: { fire: { levels: { V: {}, II: { initialPhone: { minutes: 0, source: '某地' } } } } } } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.field).sort()).toEqual([
        'categories.accident.subtypes.fire.levels',
        'categories.accident.subtypes.fire.levels.II.initialPhone.minutes',
      ]);
      expect(r.errors.find((e) => e.field === 'categories.accident.subtypes.fire.levels')?.message.zh).toContain('未知字段 V');
      expect(r.errors.find((e) => e.field?.endsWith('minutes'))?.message).toEqual({
        zh: '事故灾难 › 火灾 › 重大(II) › 电话首报 › 分钟数：不能小于 1',
        en: 'categories › accident › subtypes › fire › levels › II › initialPhone › minutes: Too small: expected number to be >=1',
      });
    }
  });
});
