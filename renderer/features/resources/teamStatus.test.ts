import { describe, expect, it } from 'vitest';
import type { DispatchOrder } from '../../../shared/domain/operations';
import { validateCommand } from '../../../shared/commands/catalog';
import { newId } from '../../../shared/ids';
import { activeOrderOf, statusCommand } from './teamStatus';

const order = (status: DispatchOrder['status'], issuedAt = '2026-07-01T01:00:00.000Z'): DispatchOrder => ({
  id: newId(),
  teamId: 'ws-rescue',
  incidentId: newId(),
  issuedBy: 'op-li',
  issuedAt,
  status,
});

describe('recording a team’s status at the console', () => {
  it('records a team on an order through the order’s step: 出动 acknowledges, 到场 arrives, 返回 completes', () => {
    const issued = order('issued');
    expect(statusCommand('ws-rescue', issued, 'en_route', 'phone')).toEqual({
      type: 'dispatch.acknowledge',
      payload: { dispatchId: issued.id, source: 'phone' },
    });
    expect(statusCommand('ws-rescue', issued, 'on_scene', 'console').type).toBe('dispatch.arrive');
    expect(statusCommand('ws-rescue', order('acknowledged'), 'on_scene', 'terminal').type).toBe(
      'dispatch.arrive',
    );
    expect(statusCommand('ws-rescue', order('arrived'), 'returning', 'phone').type).toBe('dispatch.complete');
  });

  it('records any other status as the team’s own, with its source', () => {
    expect(statusCommand('ws-rescue', order('arrived'), 'working', 'terminal')).toEqual({
      type: 'team.change_status',
      payload: { teamId: 'ws-rescue', status: 'working', source: 'terminal' },
    });
    expect(statusCommand('ws-rescue', undefined, 'assembling', 'console').type).toBe('team.change_status');
    expect(statusCommand('ws-rescue', order('issued'), 'returning', 'console').type).toBe(
      'team.change_status',
    );
  });

  it('every command it builds is one the station accepts', () => {
    for (const status of ['standby', 'assembling', 'en_route', 'on_scene', 'working', 'returning'] as const)
      for (const o of [undefined, order('issued'), order('acknowledged'), order('arrived')]) {
        const body = statusCommand('ws-rescue', o, status, 'phone');
        expect(
          validateCommand({ id: newId(), ...body, actor: { id: 'op-li' } }).ok,
          `${status} ${o?.status}`,
        ).toBe(true);
      }
  });

  it('finds the team’s order still under way, the latest first', () => {
    const done = order('completed', '2026-07-01T01:30:00.000Z');
    const older = order('arrived', '2026-07-01T00:30:00.000Z');
    const newer = order('issued', '2026-07-01T01:10:00.000Z');
    expect(activeOrderOf('ws-rescue', [done, older, newer])).toBe(newer);
    expect(activeOrderOf('ws-rescue', [done])).toBeUndefined();
    expect(activeOrderOf('other', [older])).toBeUndefined();
  });
});
