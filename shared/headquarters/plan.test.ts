import { describe, expect, it } from 'vitest';
import { loadPlan, organisationAt, planFor } from './plan';
import { shippedPlanFiles, shippedPlans } from './shippedPlans';
import floodJson from '../../resources/plans/flood.json';

describe('contingency plan templates (应急预案)', () => {
  it('every shipped plan file validates', () => {
    expect(Object.keys(shippedPlanFiles).length).toBeGreaterThanOrEqual(4);
    for (const [file, json] of Object.entries(shippedPlanFiles)) {
      const result = loadPlan(json);
      expect(result.ok ? 'valid' : result.errors, file).toBe('valid');
    }
  });

  it('the shipped plans cover flood, geological disaster, forest fire and work-safety accidents', () => {
    expect(planFor(shippedPlans, 'natural_disaster', 'flood')?.id).toBe('flood-district');
    expect(planFor(shippedPlans, 'natural_disaster', 'landslide')?.id).toBe('geological-district');
    expect(planFor(shippedPlans, 'natural_disaster', 'forest_fire')?.id).toBe('forest-fire-district');
    expect(planFor(shippedPlans, 'accident', 'hazardous_chemicals')?.id).toBe('work-safety-district');
    expect(planFor(shippedPlans, 'public_health', 'epidemic')).toBeUndefined();
  });

  it('a city or township station gets the flood plan of its own level, with its own posts; others the district’s', () => {
    const township = planFor(shippedPlans, 'natural_disaster', 'flood', 'township');
    expect(township?.id).toBe('flood-township');
    expect(township?.roles.government_head?.zh).toBe('乡镇长（街道办事处主任）');
    expect(Object.values(township?.roles ?? {}).some((r) => r.zh.startsWith('区'))).toBe(false);
    const city = planFor(shippedPlans, 'natural_disaster', 'flood', 'city');
    expect(city?.id).toBe('flood-city');
    expect(city?.roles.party_secretary?.zh).toBe('市委书记');
    expect(planFor(shippedPlans, 'natural_disaster', 'flood', 'district')?.id).toBe('flood-district');
    // No province or township template for landslides yet: the district's stands in.
    expect(planFor(shippedPlans, 'natural_disaster', 'flood', 'province')?.id).toBe('flood-district');
    expect(planFor(shippedPlans, 'natural_disaster', 'landslide', 'township')?.id).toBe('geological-district');
  });

  it('the flood plan has all four response levels, each commanded by a top party or government official', () => {
    const flood = planFor(shippedPlans, 'natural_disaster', 'flood')!;
    for (const level of ['I', 'II', 'III', 'IV'] as const) {
      const org = organisationAt(flood, level)!;
      expect(['party_secretary', 'government_head']).toContain(org.commander);
      expect(org.groups.length).toBeGreaterThan(0);
      expect(org.groups.every((g) => g.tasks.length > 0)).toBe(true);
    }
    expect(organisationAt(flood, 'I')!.groups.map((g) => g.kind)).toEqual([
      'coordination',
      'rescue',
      'medical',
      'security',
      'logistics',
      'press',
      'experts',
      'aftermath',
    ]);
  });

  it('a task restricted to levels I–II is not set at level III', () => {
    const flood = planFor(shippedPlans, 'natural_disaster', 'flood')!;
    const rescueTasks = (level: 'I' | 'III') =>
      organisationAt(flood, level)!
        .groups.find((g) => g.kind === 'rescue')!
        .tasks.map((t) => t.key);
    expect(rescueTasks('I')).toContain('reservoir_check');
    expect(rescueTasks('III')).not.toContain('reservoir_check');
  });

  it('a plan naming an undefined role is refused with the field of each reference', () => {
    const broken = structuredClone<typeof floodJson>(floodJson);
    broken.groups[0].members.push('harbour_master');
    broken.levels.III.deputies[0] = 'nobody_in_particular';
    const result = loadPlan(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.field])).toEqual([
      ['PLAN_UNKNOWN_ROLE', 'groups.0.members.3'],
      ['PLAN_UNKNOWN_ROLE', 'levels.III.deputies.0'],
    ]);
  });

  it('a plan whose commander is not the top official of the level is refused', () => {
    const broken = structuredClone<typeof floodJson>(floodJson);
    broken.levels.IV.commander = 'deputy_head_in_charge';
    const result = loadPlan(broken);
    expect(!result.ok && result.errors.map((e) => [e.code, e.field])).toEqual([
      ['PLAN_COMMANDER_NOT_TOP_OFFICIAL', 'levels.IV.commander'],
    ]);
  });

  it('a malformed plan is refused with one error per bad field', () => {
    const broken = structuredClone(floodJson) as Record<string, unknown>;
    broken.category = 'weather';
    (broken.groups as Array<{ tasks: Array<{ dueMinutes: number }> }>)[1].tasks[0].dueMinutes = -5;
    const result = loadPlan(broken);
    expect(!result.ok && result.errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_FIELD', 'category'],
      ['INVALID_FIELD', 'groups.1.tasks.0.dueMinutes'],
    ]);
    expect(loadPlan('not a plan').ok).toBe(false);
  });
});
