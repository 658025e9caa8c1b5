import { describe, expect, it } from 'vitest';
import { validateCommand } from '../commands/catalog';
import type { DomainEvent } from '../events/envelope';
import { newId } from '../ids';
import { etaCountdown, hasArrived, teamCommandsAfter, teamStatusAfter } from './progress';

const actor = { id: 'system', role: 'system' as const };
const order = { id: newId(), teamId: 'ws-1' };
const event = (type: DomainEvent['type']) => ({ type, payload: {} }) as unknown as Extract<DomainEvent, { type: `dispatch.${string}` }>;

describe('team status following its dispatch order', () => {
  it('walks a team from standby through en route and on scene back to returning', () => {
    let status = 'standby' as const as Parameters<typeof teamStatusAfter>[1];
    const seen: string[] = [status];
    for (const step of ['dispatch.issued', 'dispatch.acknowledged', 'dispatch.arrived', 'dispatch.completed'] as const) {
      status = teamStatusAfter(step, status) ?? status;
      seen.push(status);
    }
    expect(seen).toEqual(['standby', 'standby', 'en_route', 'on_scene', 'returning']);
  });

  it('keeps a team that reports working on scene when the arrival is recorded late', () => {
    expect(teamStatusAfter('dispatch.arrived', 'working')).toBeUndefined();
  });

  it('sends a moving team back on cancellation and stands down one that had not left', () => {
    expect(teamStatusAfter('dispatch.cancelled', 'en_route')).toBe('returning');
    expect(teamStatusAfter('dispatch.cancelled', 'assembling')).toBe('standby');
  });

  it('produces a valid status command for the dispatched team only', () => {
    const commands = teamCommandsAfter(event('dispatch.acknowledged'), order, { id: 'ws-1', status: 'standby' }, actor, () => newId());
    expect(commands).toHaveLength(1);
    expect(commands[0].payload).toMatchObject({ teamId: 'ws-1', status: 'en_route' });
    expect(validateCommand(commands[0]).ok).toBe(true);
    expect(teamCommandsAfter(event('dispatch.acknowledged'), order, { id: 'other', status: 'standby' }, actor, () => newId())).toEqual([]);
    expect(teamCommandsAfter(event('dispatch.issued'), order, { id: 'ws-1', status: 'standby' }, actor, () => newId())).toEqual([]);
  });
});

describe('arrival and countdown', () => {
  const scene = { lon: 106.927, lat: 28.958 };
  it('counts a team within 300 m of the incident as arrived, and one without a position as not', () => {
    expect(hasArrived({ position: { point: { lon: 106.928, lat: 28.959 }, at: '2026-07-10T02:00:00.000Z' } }, scene)).toBe(true);
    expect(hasArrived({ position: { point: { lon: 106.94, lat: 28.958 }, at: '2026-07-10T02:00:00.000Z' } }, scene)).toBe(false);
    expect(hasArrived({}, scene)).toBe(false);
  });

  it('counts down to the estimated arrival and turns late after it, only while the team is on its way', () => {
    const eta = { etaAt: '2026-07-10T02:10:00.000Z', status: 'acknowledged' as const };
    expect(etaCountdown(eta, Date.parse('2026-07-10T02:04:00.000Z'))).toEqual({ remainingMs: 360_000, late: false });
    expect(etaCountdown(eta, Date.parse('2026-07-10T02:11:00.000Z'))).toEqual({ remainingMs: -60_000, late: true });
    expect(etaCountdown({ ...eta, status: 'arrived' }, Date.parse('2026-07-10T02:04:00.000Z'))).toBeUndefined();
  });
});
