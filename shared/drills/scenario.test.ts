import { describe, expect, it } from 'vitest';
import { loadScenario, scriptedActions } from './scenario';
import { shippedScenarioFiles, shippedScenarios, shippedScenario } from './shippedScenarios';
import flashFlood from '../../resources/drills/flash-flood-mountain-township.json';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('drill scenario scripts (演练脚本)', () => {
  it('every shipped scenario file validates', () => {
    expect(Object.keys(shippedScenarioFiles)).toHaveLength(2);
    for (const [file, json] of Object.entries(shippedScenarioFiles)) {
      const result = loadScenario(json);
      expect(result.ok ? 'valid' : result.errors, file).toBe('valid');
    }
  });

  it('ships a mountain-township flash flood drill and a hazardous-chemicals road accident drill', () => {
    const flood = shippedScenario('flash-flood-township')!;
    expect(flood).toMatchObject({
      kind: 'comprehensive',
      drilledLevel: 'township',
      subtype: 'flood',
      version: 1,
    });
    const hazchem = shippedScenario('hazchem-road-district')!;
    expect(hazchem).toMatchObject({ kind: 'special', category: 'accident', subtype: 'hazardous_chemicals' });
    // Each exercises a call, a 首报, a 续报 after a change, a dispatch, an HQ activation and a question from above.
    for (const s of shippedScenarios) {
      const types = new Set(scriptedActions(s).map((a) => a.expected.action));
      for (const t of [
        'register',
        'initial_report',
        'follow_up_report',
        'dispatch',
        'hq_activation',
        'question_answer',
      ])
        expect(types.has(t as never), `${s.id} expects ${t}`).toBe(true);
    }
    expect(scriptedActions(flood).some((a) => a.expected.action === 'warning_answer')).toBe(true);
    expect(new Set(shippedScenarios.flatMap((s) => s.injects.map((i) => i.kind)))).toEqual(
      new Set([
        'incident_call',
        'casualty_change',
        'road_cut',
        'team_unavailable',
        'warning_from_above',
        'upper_level_question',
      ]),
    );
  });

  it('a 续报 expected after a casualty change is about the incident its call started', () => {
    const flood = shippedScenario('flash-flood-township')!;
    const followUp = scriptedActions(flood).find((a) => a.inject.key === 'more_casualties')!;
    expect(followUp.subject).toBe('flood_call');
    const answer = scriptedActions(flood).find((a) => a.inject.key === 'county_asks')!;
    expect(answer.subject).toBe('county_asks');
  });

  it('refuses a script whose references do not hold, naming each field', () => {
    const bad = clone(flashFlood) as typeof flashFlood & { injects: Array<Record<string, unknown>> };
    (bad.injects[2] as { incident: string }).incident = 'no_such_call';
    (bad.injects[1] as { expected: Array<{ criterion: string }> }).expected[0].criterion = 'nope';
    (bad.injects[0] as { atMinute: number }).atMinute = 999;
    const result = loadScenario(bad);
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['injects.2.incident', 'injects.1.expected.0.criterion', 'injects.0.atMinute']),
    );
  });

  it('refuses an inject about an incident before its call, a duplicate key and a register on a non-call', () => {
    const bad = clone(flashFlood) as unknown as { injects: Array<Record<string, unknown>> };
    bad.injects[2].atMinute = 10; // road cut before the call at minute 20
    bad.injects[3].key = 'road_cut';
    (bad.injects[4].expected as Array<{ action: string }>)[0].action = 'register';
    const result = loadScenario(bad);
    const fields = result.ok ? [] : result.errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['injects.2.atMinute', 'injects.3.key', 'injects.4.expected.0.action']),
    );
  });

  it('refuses bad shapes through the schema: an unknown inject kind, a negative offset', () => {
    const bad = clone(flashFlood) as unknown as { injects: Array<Record<string, unknown>> };
    bad.injects[0].kind = 'earthquake_rumour';
    bad.injects[1].atMinute = -5;
    const result = loadScenario(bad);
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['injects.0.kind', 'injects.1.atMinute']));
  });

  it('refuses a criterion that scores nothing', () => {
    const bad = clone(flashFlood);
    bad.criteria.push({ key: 'unused', title: { zh: '无', en: 'none' }, weight: 5 });
    const result = loadScenario(bad);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toContain('criteria.4.key');
  });
});
