import { describe, expect, it } from 'vitest';
import { dispatchStep, withoutOrderedTeams } from './progress';

describe('an order on the step line 待命 → 出动 → 到场 → 处置 → 返回', () => {
  it('issued and not yet acknowledged, the team still stands by', () => {
    expect(dispatchStep({ status: 'issued' }, { status: 'standby' })).toBe('standby');
  });
  it('acknowledged is en route, arrived is on scene, and working once the team reports it', () => {
    expect(dispatchStep({ status: 'acknowledged' }, { status: 'en_route' })).toBe('en_route');
    expect(dispatchStep({ status: 'arrived' }, { status: 'on_scene' })).toBe('on_scene');
    expect(dispatchStep({ status: 'arrived' }, { status: 'working' })).toBe('working');
    expect(dispatchStep({ status: 'arrived' }, undefined)).toBe('on_scene');
  });
  it('completed is returning; a cancelled order has no step', () => {
    expect(dispatchStep({ status: 'completed' }, { status: 'returning' })).toBe('returning');
    expect(dispatchStep({ status: 'cancelled' }, { status: 'standby' })).toBe('cancelled');
  });
});

describe('a team already sent is not offered again', () => {
  it('a team with an order not yet acknowledged moves from the ranked list to the unavailable ones', () => {
    const ranking = {
      ranked: [{ team: { id: 'a' } }, { team: { id: 'b' } }],
      unavailable: [{ teamId: 'c', status: 'en_route' as const }],
    };
    const shown = withoutOrderedTeams(ranking, [
      { teamId: 'a', status: 'issued' },
      { teamId: 'b', status: 'completed' },
    ]);
    expect(shown.ranked.map((r) => r.team.id)).toEqual(['b']);
    expect(shown.unavailable).toEqual([
      { teamId: 'a', status: 'ordered' },
      { teamId: 'c', status: 'en_route' },
    ]);
  });
});
