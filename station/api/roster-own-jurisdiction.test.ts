import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/common';
import { newId } from '../../shared/ids';
import { chinaWallTime } from '../../shared/time';
import { StaffMember } from '../../shared/roster/schemas';
import { openTestStation, type TestStation } from './api.testing';

/*
 * Issue 15 (critical): a city started with its own leader and officers showed the district's published
 * roster in its header and 值班人员 pane, because the roster that reached it through sync overrode its own.
 */

const opened: TestStation[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const districtLeader: Actor = { id: 'leader-1', name: '张局长', role: 'leader' };
const staff = [
  StaffMember.parse({ id: 'leader-1', name: '张局长', dutyRoles: ['leader'] }),
  StaffMember.parse({ id: 'leader-2', name: '王副局长', dutyRoles: ['leader'] }),
  ...['甲', '乙', '丙', '丁'].map((n, i) => StaffMember.parse({ id: `officer-${i + 1}`, name: `区值班员${n}` })),
];

describe('who is on duty is read from the station’s own roster', () => {
  it('a district roster synced to the city does not replace the city’s own people on duty', async () => {
    let now = chinaWallTime(2026, 11, 20, 10, 0);
    const district = openTestStation({
      stationId: 'district-500110',
      jurisdiction: '500110',
      name: '万盛经开区应急值班室',
      operator: districtLeader,
      clock: () => now,
    });
    opened.push(district);
    for (const member of staff)
      expect((await district.client.execute({ id: newId(), type: 'staff.register', payload: { member } })).ok).toBe(true);
    const generated = await district.client.generateRoster({
      month: '2026-12',
      pattern: { kind: 'daily24', handoverAt: '08:30' },
      positions: { officers: 1, liaison: false },
    });
    if (!generated.ok) throw new Error(JSON.stringify(generated.errors));
    const published = await district.client.execute({
      id: newId(),
      type: 'roster.publish',
      payload: { roster: generated.value.roster },
    });
    expect(published.ok, JSON.stringify(published)).toBe(true);

    const city = openTestStation({
      stationId: 'city-5001',
      jurisdiction: '5001',
      name: '重庆市应急值班室',
      onDuty: { leader: '市带班领导刘', officers: ['市值班员陈'] },
      clock: () => now,
    });
    opened.push(city);
    // Everything the district wrote reaches the city as the hub delivers it.
    const events = district.store.eventsSince(0, 10_000).map(({ event }, i) => ({ ...event, hubSeq: i + 1 }));
    const ingested = city.store.ingestRemote(events);
    expect(ingested.rejected).toEqual([]);
    expect(ingested.applied).toBe(events.length);

    now = chinaWallTime(2026, 12, 1, 10, 0);
    const firstShift = generated.value.roster.shifts[0];
    const districtOnDuty = staff.find((p) => p.id === firstShift.positions[0].personId)!.name;
    const districtSnap = await district.client.snapshot({});
    expect(districtSnap.ok && districtSnap.value.station.onDuty.leader).toBe(districtOnDuty);

    const citySnap = await city.client.snapshot({});
    if (!citySnap.ok) throw new Error(JSON.stringify(citySnap.errors));
    expect(citySnap.value.station.onDuty).toEqual({ leader: '市带班领导刘', officers: ['市值班员陈'] });
    expect(citySnap.value.rosters.map((r) => r.roster.jurisdiction)).not.toContain('500110');
  });
});
