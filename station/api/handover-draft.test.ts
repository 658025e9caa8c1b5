import { afterEach, describe, expect, it } from 'vitest';
import { openTestStation } from './api.testing';
import { newId } from '../../shared/ids';
import { chinaWallTime, toInstant } from '../../shared/time';
import { StaffMember } from '../../shared/roster/schemas';

/** 交接班记录 drawn up during a shift: that shift hands over to the next one, not to itself (issue 15). */
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const staff = [
  ...['张局长', '王副局长', '赵副局长'].map((name, i) =>
    StaffMember.parse({ id: `leader-${i + 1}`, name, dutyRoles: ['leader'] }),
  ),
  ...['甲', '乙', '丙', '丁', '戊', '己'].map((n, i) =>
    StaffMember.parse({ id: `officer-${i + 1}`, name: `值班员${n}` }),
  ),
];
const cmd = (type: string, payload: Record<string, unknown>) => ({ id: newId(), type, payload });

describe('handover sheet drafted mid-shift', () => {
  it('outgoing is the shift on duty now, incoming the shift after it, and the handover is when one ends', async () => {
    let now = chinaWallTime(2026, 11, 20, 10, 0);
    const station = openTestStation({ name: '某区应急管理局值班室', clock: () => now });
    cleanups.push(station.close);
    const { client } = station;
    for (const member of staff)
      expect((await client.execute(cmd('staff.register', { member }) as never)).ok).toBe(true);
    const generated = await client.generateRoster({
      month: '2026-12',
      pattern: { kind: 'daily24', handoverAt: '08:30' },
      positions: { officers: 2, liaison: false },
    });
    if (!generated.ok) throw new Error(JSON.stringify(generated.errors));
    const roster = generated.value.roster;
    expect((await client.execute(cmd('roster.publish', { roster }) as never)).ok).toBe(true);

    // 02:40 on 3 December: the shift that began at 08:30 on the 2nd is on duty until 08:30 on the 3rd.
    now = chinaWallTime(2026, 12, 3, 2, 40);
    const sheet = await client.handoverDraft({ notes: '' });
    if (!sheet.ok) throw new Error(JSON.stringify(sheet.errors));
    const onDuty = roster.shifts.find((s) => s.startsAt === toInstant(chinaWallTime(2026, 12, 2, 8, 30)))!;
    const next = roster.shifts.find((s) => s.startsAt === toInstant(chinaWallTime(2026, 12, 3, 8, 30)))!;
    expect(sheet.value.handoverAt).toBe(toInstant(chinaWallTime(2026, 12, 3, 8, 30)));
    expect(sheet.value.outgoing.shiftId).toBe(onDuty.id);
    expect(sheet.value.incoming.shiftId).toBe(next.id);
    expect(sheet.value.outgoing.leader).toBe(onDuty.positions[0].personId);
    expect(sheet.value.incoming.leader).toBe(next.positions[0].personId);
    expect(sheet.value.incoming.leader).not.toBe(sheet.value.outgoing.leader);
  });
});
