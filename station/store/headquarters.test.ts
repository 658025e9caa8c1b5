import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { headquartersRecord } from '../../shared/headquarters/aggregate';
import { shippedPlans } from '../../shared/headquarters/shippedPlans';
import { previewActivation as preview } from '../../shared/headquarters/preview';
import { openStationStore, type StationStore } from './index';
import { leader, officer, registerIncidentCommand } from './store.testing';

/** The headquarters and plan projections on a real SQLite file: activation, check-ins, restart, plan edits. */
let dir: string;
const stores: StationStore[] = [];
let now = Date.parse('2026-11-25T02:00:00.000Z');
const open = () => {
  const s = openStationStore({
    path: join(dir, 'district.db'),
    stationId: 'district-500101',
    jurisdiction: '500101',
    clock: () => now,
  });
  stores.push(s);
  return s;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-hq-'));
  now = Date.parse('2026-11-25T02:00:00.000Z');
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const flood = shippedPlans.find((p) => p.id === 'flood-district')!;
const person = (id: string, name: string) => ({ id, name, phones: ['13800001111'] });
const directory = [
  { role: 'government_head', person: person('p-zhang', '张区长') },
  { role: 'em_director', person: person('p-wang', '王局长') },
  { role: 'fire_rescue_chief', person: person('p-qian', '钱大队长') },
];
const members = () => {
  const p = preview(flood, 'III', directory);
  if (!p.ok) throw new Error('no preview');
  return p.value.lines.map((l) => l.member);
};
/** A command and who gives it (the station stamps that actor on the events; a command carries none). */
const cmd = (type: string, payload: Record<string, unknown>, actor = officer) =>
  [{ id: newId(), type, payload }, actor] as const;

function floodIncident(store: StationStore): string {
  const register = registerIncidentCommand({ title: '綦江河洪水' });
  const r = store.execute(
    {
      ...register,
      payload: { ...register.payload, facts: { ...register.payload.facts, subtype: 'flood' } },
    },
    officer,
  );
  expect(r.ok).toBe(true);
  return register.payload.incidentId;
}

const activate = (incidentId: string, headquartersId: string, actor = leader) =>
  cmd(
    'headquarters.activate',
    {
      headquartersId,
      incidentId,
      planId: flood.id,
      planVersion: 1,
      responseLevel: 'III',
      members: members(),
    },
    actor,
  );

describe('headquarters projection (real SQLite)', () => {
  it('a level III flood headquarters is projected with notices and check-ins, listed by incident, and survives a restart', () => {
    let store = open();
    const incidentId = floodIncident(store);
    const hqId = newId(now);
    expect(store.execute(...activate(incidentId, hqId)).ok).toBe(true);
    now += 60_000;
    for (const personId of ['p-zhang', 'p-wang', 'p-qian'])
      expect(
        store.execute(
          ...cmd('headquarters.record_notification', {
            headquartersId: hqId,
            personId,
            channel: 'sms',
            outcome: 'sent',
          }),
        ).ok,
      ).toBe(true);
    now += 20 * 60_000;
    expect(
      store.execute(...cmd('headquarters.check_in', { headquartersId: hqId, personId: 'p-wang' })).ok,
    ).toBe(true);

    const hq = store.headquartersById(hqId);
    expect(hq?.status).toBe('active');
    expect(hq?.members.map((m) => [m.personId, m.notifiedAt ?? null, m.checkedInAt ?? null])).toEqual([
      ['p-zhang', '2026-11-25T02:01:00.000Z', null],
      ['p-wang', '2026-11-25T02:01:00.000Z', '2026-11-25T02:21:00.000Z'],
      ['p-qian', '2026-11-25T02:01:00.000Z', null],
    ]);
    expect(store.headquartersOf(incidentId).map((h) => h.id)).toEqual([hqId]);
    expect(store.headquarters().map((h) => h.id)).toEqual([hqId]);

    store.close();
    stores.splice(0);
    store = open();
    expect(store.headquartersById(hqId)).toEqual(hq);
    expect(headquartersRecord(store.headquartersById(hqId)!).map((s) => s.step)).toEqual([
      'activated',
      'member_notified',
      'member_notified',
      'member_notified',
      'member_checked_in',
    ]);
  });

  it('a second headquarters for the same incident is refused while one is active, and allowed after termination', () => {
    const store = open();
    const incidentId = floodIncident(store);
    const first = newId(now);
    expect(store.execute(...activate(incidentId, first)).ok).toBe(true);
    const second = store.execute(...activate(incidentId, newId(now)));
    expect(second.ok ? [] : second.errors.map((e) => [e.code, e.field])).toEqual([
      ['ALREADY_EXISTS', 'payload.incidentId'],
    ]);
    expect(
      store.execute(...cmd('headquarters.terminate', { headquartersId: first, reason: '汛情解除' }, leader))
        .ok,
    ).toBe(true);
    expect(store.headquartersById(first)?.status).toBe('terminated');
    expect(store.execute(...activate(incidentId, newId(now))).ok).toBe(true);
    expect(store.headquartersOf(incidentId)).toHaveLength(2);
  });

  it('an officer cannot activate: the leader on duty must confirm', () => {
    const store = open();
    const incidentId = floodIncident(store);
    const r = store.execute(...activate(incidentId, newId(now), officer));
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toEqual(['HQ_LEADER_CONFIRMATION_REQUIRED']);
    expect(store.headquartersOf(incidentId)).toEqual([]);
  });

  it('an edited plan is saved as version 2, the headquarters running on version 1 keeps it, and a stale edit is refused', () => {
    const store = open();
    const incidentId = floodIncident(store);
    const hqId = newId(now);
    expect(store.execute(...activate(incidentId, hqId)).ok).toBe(true);

    const edited = structuredClone(flood);
    edited.levels.III!.checkInLimitMinutes = 20;
    const saved = store.execute(...cmd('hq_plan.save', { plan: edited }, leader));
    expect(saved.ok ? [] : saved.errors).toEqual([]);
    expect(store.plan(flood.id)?.version).toBe(2);
    expect(store.plan(flood.id)?.levels.III?.checkInLimitMinutes).toBe(20);
    expect(store.plan(flood.id, 1)?.levels.III?.checkInLimitMinutes).toBe(45);
    expect(store.plans().find((p) => p.id === flood.id)?.version).toBe(2);
    expect(store.planHistory(flood.id)?.saves.map((s) => [s.version, s.by])).toEqual([[2, leader.id]]);

    // Edited from version 1 again: someone saved in between.
    const stale = store.execute(...cmd('hq_plan.save', { plan: edited }, leader));
    expect(stale.ok ? [] : stale.errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_FIELD', 'plan.version'],
    ]);
    // A broken plan is refused with the field named, nothing saved.
    const broken = structuredClone({ ...flood, version: 2 });
    broken.levels.III!.commander = 'nobody_here';
    const refused = store.execute(...cmd('hq_plan.save', { plan: broken }, leader));
    expect(refused.ok ? [] : refused.errors.map((e) => e.field)).toContain('levels.III.commander');
    expect(store.plan(flood.id)?.version).toBe(2);

    // The running headquarters still completes a task of its own version; a new activation must use v2.
    expect(
      store.execute(
        ...cmd('headquarters.complete_task', {
          headquartersId: hqId,
          group: 'coordination',
          taskKey: 'duty_line_open',
        }),
      ).ok,
    ).toBe(true);
    expect(
      store.execute(...cmd('headquarters.terminate', { headquartersId: hqId, reason: '演练结束' }, leader))
        .ok,
    ).toBe(true);
    const old = store.execute(...activate(incidentId, newId(now)));
    expect(old.ok ? [] : old.errors.map((e) => e.field)).toEqual(['payload.planVersion']);
  });
});
