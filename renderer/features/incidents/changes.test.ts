import { describe, expect, it } from 'vitest';
import { eventPayloads } from '../../../shared/events/catalog';
import { changesFrom, formFromIncident, isMaterial } from './changes';
import { lifeIncident } from '../../test/incidents';

const slide = lifeIncident('01KAXR0000000000000000LIFE', '青年镇板辽村山体滑坡');

describe('what an update of the facts changes', () => {
  it('nothing, when the form holds the facts as recorded', () => {
    const result = changesFrom(slide, formFromIncident(slide));
    expect(result.ok && result.value).toEqual({ changes: {}, lines: [] });
  });

  it('sends the casualties whole and lists each figure that changed', () => {
    const result = changesFrom(slide, { ...formFromIncident(slide), injured: '5', missing: ' 1 ' });
    expect(result.ok && result.value.changes).toEqual({
      casualties: { dead: 0, injured: 5, missing: 1, trapped: 0 },
    });
    expect(result.ok && result.value.lines).toEqual([
      { field: 'injured', from: '2', to: '5' },
      { field: 'missing', from: '0', to: '1' },
    ]);
    expect(result.ok && isMaterial(result.value.lines)).toBe(true);
  });

  it('sends level, location and description as the event carries them, and a place change is not material', () => {
    const form = {
      ...formFromIncident(slide),
      level: 'II' as const,
      address: '青年镇板辽村三组',
      description: '又有一处塌方。',
    };
    const result = changesFrom(slide, form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.changes).toEqual({
      level: 'II',
      location: { ...slide.facts.location, address: '青年镇板辽村三组' },
      description: '又有一处塌方。',
    });
    expect(eventPayloads['incident.facts_updated'].safeParse({ changes: result.value.changes }).success).toBe(
      true,
    );
    const placeOnly = changesFrom(slide, { ...formFromIncident(slide), address: '别处' });
    expect(placeOnly.ok && isMaterial(placeOnly.value.lines)).toBe(false);
  });

  it('refuses a count that is blank, negative or not whole, by field', () => {
    const result = changesFrom(slide, {
      ...formFromIncident(slide),
      dead: '',
      injured: '-1',
      trapped: '2.5',
    });
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['dead', 'injured', 'trapped']);
  });
});
