import { describe, expect, it } from 'vitest';
import type { HeadquartersObligation } from '../../../shared/headquarters/obligations';
import { countdownsAt } from './selectors';

const base = {
  headquartersId: '01JZ0000000000000000000000',
  incidentId: '01JZ0000000000000000000001',
  opensAt: '2026-07-10T02:00:00.000Z',
  title: { zh: 'x', en: 'x' },
  rule: { id: 'r', source: 's' },
};
const checkIn = (personId: string, dueAt: string): HeadquartersObligation => ({
  ...base,
  key: `check_in.${personId}`,
  kind: 'hq_check_in',
  dueAt,
  state: 'pending',
  personId,
});
const task: HeadquartersObligation = {
  ...base,
  key: 'task.rescue.cordon',
  kind: 'hq_task',
  dueAt: '2026-07-10T02:30:00.000Z',
  state: 'pending',
  group: 'rescue',
  taskKey: 'cordon',
};

describe('headquarters countdowns on the shared clock', () => {
  const obligations = [
    checkIn('a', '2026-07-10T02:45:00.000Z'),
    checkIn('b', '2026-07-10T02:45:00.000Z'),
    task,
  ];
  const at = (iso: string, checkedIn: string[] = [], tasks: string[] = [], terminated = false) =>
    countdownsAt(
      obligations,
      { checkedIn: new Set(checkedIn), tasks: new Set(tasks), terminated },
      Date.parse(iso),
    ).map((c) => [c.obligation.key, c.state, c.remainingMs]);

  it('a member not checked in turns overdue when the limit passes; one who arrived counts as done at once', () => {
    expect(at('2026-07-10T02:40:00.000Z', ['a'])).toEqual([
      ['check_in.a', 'done', 5 * 60_000],
      ['check_in.b', 'soon', 5 * 60_000],
      ['task.rescue.cordon', 'overdue', -10 * 60_000],
    ]);
    expect(at('2026-07-10T02:45:01.000Z', ['a'], ['rescue.cordon'])[1]).toEqual([
      'check_in.b',
      'overdue',
      -1000,
    ]);
    expect(at('2026-07-10T02:45:01.000Z', ['a'], ['rescue.cordon'])[2]?.[1]).toBe('done');
  });

  it('after termination what is still open is waived, not overdue', () => {
    expect(at('2026-07-10T03:00:00.000Z', ['a'], [], true).map((r) => r[1])).toEqual([
      'done',
      'waived',
      'waived',
    ]);
  });
});

describe('headquarters slice', () => {
  it('takes the snapshot whole, then each changed headquarters as the station projects it', async () => {
    const { headquartersSlice } = await import('./slice');
    const { changesReceived, snapshotLoaded } = await import('../../app/actions');
    const hq = (id: string, status: 'active' | 'terminated', activatedAt: string) =>
      ({
        id,
        incidentId: base.incidentId,
        planId: 'flood-district',
        planVersion: 1,
        responseLevel: 'III',
        jurisdiction: '500110',
        activatedAt,
        activatedBy: 'leader-1',
        status,
        members: [],
        levels: [],
        tasksDone: [],
        record: [],
      }) as const;
    const a = hq('01JZ00000000000000000000AA', 'active', '2026-07-10T02:00:00.000Z');
    const b = hq('01JZ00000000000000000000BB', 'active', '2026-07-10T03:00:00.000Z');
    let state = headquartersSlice.reducer(
      undefined,
      snapshotLoaded({ headquarters: [a] } as unknown as Parameters<typeof snapshotLoaded>[0]),
    );
    expect(state.items.ids).toEqual([a.id]);
    state = headquartersSlice.reducer(
      state,
      changesReceived({
        kind: 'changes',
        headquarters: [b, { ...a, status: 'terminated' }],
      } as unknown as Parameters<typeof changesReceived>[0]),
    );
    expect(state.items.ids).toEqual([b.id, a.id]);
    expect(state.items.entities[a.id]?.status).toBe('terminated');
  });
});
