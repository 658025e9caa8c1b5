import { afterEach, describe, expect, it } from 'vitest';
import { leader, registerIncidentCommand } from '../store/store.testing';
import { openTestStation } from './api.testing';
import { newId } from '../../shared/ids';
import { HolderBook, demoHolderDirectoryPath, readHolderDirectory } from '../headquarters/directory';

/** The headquarters calls over a real store, through a client speaking JSON as a transport would. */
function setup() {
  let now = Date.parse('2026-07-10T02:00:00.000Z');
  const holders = new HolderBook(readHolderDirectory(demoHolderDirectoryPath));
  const station = openTestStation({
    stationId: 'district-500110',
    jurisdiction: '500110',
    name: '万盛经开区应急值班室',
    clock: () => now,
    headquarters: { directory: holders.directory, stationOf: holders.stationOf },
    // The leader on duty is at this console: activations, level changes and plan edits are theirs.
    operator: leader,
  });
  return { ...station, advance: (ms: number) => (now += ms) };
}

let current: ReturnType<typeof setup> | null = null;
afterEach(() => {
  current?.close();
  current = null;
});

async function floodIncident(c: ReturnType<typeof setup>) {
  const register = registerIncidentCommand({ title: '綦江河万盛段洪水' });
  const r = await c.client.execute({
    ...register,
    payload: { ...register.payload, facts: { ...register.payload.facts, subtype: 'flood' } },
  });
  expect(r.ok).toBe(true);
  return register.payload.incidentId;
}

describe('headquarters API', () => {
  it('previews a level III flood activation with commander, groups, members and phones; the leader confirms; the record and countdowns follow', async () => {
    const c = (current = setup());
    const incidentId = await floodIncident(c);
    const preview = await c.client.hqPreview({ incidentId, level: 'III' });
    if (!preview.ok) throw new Error(JSON.stringify(preview.errors));
    const p = preview.value;
    expect(p.planId).toBe('flood-district');
    expect(p.checkInLimitMinutes).toBe(45);
    expect(p.lines[0]?.member).toMatchObject({ personId: 'ws-head', role: 'commander' });
    expect(p.lines[0]?.phones).toEqual(['13800000002']);
    expect(p.lines.find((l) => l.member.personId === 'ws-town-500110101')?.station).toBe('500110101');
    expect(p.groups.map((g) => g.kind)).toContain('rescue');
    expect(p.unfilled).toEqual([]);

    const hqId = newId();
    const activated = await c.client.execute({
      id: newId(),
      type: 'headquarters.activate',
      payload: {
        headquartersId: hqId,
        incidentId,
        planId: p.planId,
        planVersion: p.planVersion,
        responseLevel: 'III',
        members: p.lines.map((l) => l.member),
      },
    } as never);
    expect(activated.ok).toBe(true);
    const pushed = c.pushes.flatMap((x) => (x.kind === 'changes' ? (x.headquarters ?? []) : []));
    expect(pushed.map((h) => h.id)).toContain(hqId);

    const snapshot = await c.client.snapshot({});
    if (!snapshot.ok) throw new Error('no snapshot');
    expect(snapshot.value.headquarters.map((h) => [h.id, h.status, h.responseLevel])).toEqual([
      [hqId, 'active', 'III'],
    ]);
    // A second preview names the active headquarters.
    const again = await c.client.hqPreview({ incidentId, level: 'III' });
    expect(again.ok && again.value.activeHeadquartersId).toBe(hqId);

    c.advance(50 * 60_000);
    const record = await c.client.hqRecord({ headquartersId: hqId });
    if (!record.ok) throw new Error(JSON.stringify(record.errors));
    expect(record.value.record.map((s) => s.step)).toEqual(['activated']);
    expect(record.value.phones['ws-em']).toEqual(['13800000006']);
    const checkIn = record.value.obligations.find((o) => o.key === 'check_in.ws-em');
    expect(checkIn?.state).toBe('overdue');
    const task = record.value.obligations.find((o) => o.key === 'task.coordination.duty_line_open');
    expect(task?.dueAt).toBe('2026-07-10T02:15:00.000Z');
    expect(Object.keys(record.value.raisePreview).sort()).toEqual(['I', 'II']);
    expect(record.value.raisePreview.I?.some((l) => l.member.personId === 'ws-party-secretary')).toBe(true);

    // 升级 to I with the people the preview adds: the party secretary takes command, the district head deputises.
    const raised = await c.client.execute({
      id: newId(),
      type: 'headquarters.change_level',
      payload: {
        headquartersId: hqId,
        level: 'I',
        reason: '洪峰超历史极值',
        addMembers: record.value.raisePreview.I?.map((l) => l.member) ?? [],
      },
    } as never);
    expect(raised.ok ? [] : raised.errors).toEqual([]);
    const afterRaise = await c.client.hqRecord({ headquartersId: hqId });
    if (!afterRaise.ok) throw new Error('no record');
    const roleOf = (id: string) => afterRaise.value.headquarters.members.find((m) => m.personId === id)?.role;
    expect([
      afterRaise.value.headquarters.responseLevel,
      roleOf('ws-party-secretary'),
      roleOf('ws-head'),
    ]).toEqual(['I', 'commander', 'deputy']);
    expect(afterRaise.value.raisePreview).toEqual({});
    // 降级 back to III adds nobody; both changes are on the record with their reasons.
    const lowered = await c.client.execute({
      id: newId(),
      type: 'headquarters.change_level',
      payload: { headquartersId: hqId, level: 'III', reason: '水位回落' },
    } as never);
    expect(lowered.ok).toBe(true);
    const final = await c.client.hqRecord({ headquartersId: hqId });
    expect(final.ok && final.value.record.map((s) => [s.step, s.detail])).toEqual([
      ['activated', expect.any(String)],
      ['level_raised', 'III → I: 洪峰超历史极值'],
      ['level_lowered', 'I → III: 水位回落'],
    ]);
    expect(c.bugs).toEqual([]);
  });

  it('lists the plans, saves an edited one as version 2, and refuses a broken one naming the field', async () => {
    const c = (current = setup());
    const plans = await c.client.hqPlans({});
    if (!plans.ok) throw new Error('no plans');
    const flood = plans.value.find((e) => e.plan.id === 'flood-district');
    expect(flood?.saves).toEqual([]);
    const edited = structuredClone(flood!.plan);
    edited.groups[0].tasks[0].dueMinutes = 10;
    const saved = await c.client.execute({
      id: newId(),
      type: 'hq_plan.save',
      payload: { plan: edited },
    } as never);
    expect(saved.ok).toBe(true);
    const after = await c.client.hqPlans({});
    const entry = after.ok ? after.value.find((e) => e.plan.id === 'flood-district') : undefined;
    expect(entry?.plan.version).toBe(2);
    expect(entry?.saves.map((s) => [s.version, s.by])).toEqual([[2, leader.id]]);

    const broken = structuredClone(entry!.plan);
    broken.groups[0].lead = 'nobody';
    const refused = await c.client.execute({
      id: newId(),
      type: 'hq_plan.save',
      payload: { plan: broken },
    } as never);
    expect(refused.ok ? [] : refused.errors.map((e) => [e.code, e.field])).toEqual([
      ['PLAN_UNKNOWN_ROLE', 'groups.0.lead'],
    ]);
  });

  it('a preview for an unknown incident is refused with the field named', async () => {
    const c = (current = setup());
    const r = await c.client.hqPreview({ incidentId: newId(), level: 'III' });
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', 'input.incidentId']]);
  });
});
