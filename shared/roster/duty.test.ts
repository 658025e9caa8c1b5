import { describe, expect, it } from 'vitest';
import { MINUTE, toInstant } from '../time';
import { lateCheckIns, whoIsOnDuty } from './duty';
import { generateMonth } from './generate';
import { RosterSettings, StaffMember, type Roster } from './schemas';

const staff = [
  ...['L1', 'L2', 'L3', 'L4'].map((id) => StaffMember.parse({ id, name: id, dutyRoles: ['leader'] })),
  ...['O1', 'O2', 'O3', 'O4', 'O5', 'O6'].map((id) => StaffMember.parse({ id, name: id })),
  ...['C1', 'C2', 'C3'].map((id) => StaffMember.parse({ id, name: id, dutyRoles: ['liaison'] })),
];
function december(): Roster {
  const r = generateMonth({
    jurisdiction: '110101',
    year: 2026,
    month: 12,
    pattern: { kind: 'dayNight12', dayStartsAt: '08:00' },
    positions: { officers: 2, liaison: true },
    staff,
    settings: RosterSettings.parse({ minRestHours: 12 }),
  });
  if (!r.ok) throw new Error('generation failed');
  return r.value;
}
const roster = december();
const day1 = roster.shifts[0];
const night1 = roster.shifts[1];
const checkIn = (r: Roster, shiftId: string, index: number, at: number): Roster => ({
  ...r,
  shifts: r.shifts.map((s) =>
    s.id !== shiftId
      ? s
      : {
          ...s,
          positions: s.positions.map((p, i) => (i === index ? { ...p, checkedInAt: toInstant(at) } : p)),
        },
  ),
});

describe('whoIsOnDuty', () => {
  it('names the leader, officers and liaison of the shift running at the instant', () => {
    const duty = whoIsOnDuty(roster, Date.parse(day1.startsAt) + 3 * 60 * MINUTE);
    expect(duty.shiftIds).toEqual([day1.id]);
    expect(duty.leader?.personId).toBe(day1.positions[0].personId);
    expect(duty.officers.map((o) => o.personId)).toEqual([
      day1.positions[1].personId,
      day1.positions[2].personId,
    ]);
    expect(duty.liaisons).toHaveLength(1);
  });

  it('hands the watch to the incoming shift at the handover instant', () => {
    const at = Date.parse(night1.startsAt);
    expect(whoIsOnDuty(roster, at - 1).leader?.shiftId).toBe(day1.id);
    expect(whoIsOnDuty(roster, at).leader?.shiftId).toBe(night1.id);
  });

  it('names nobody outside the roster’s month', () => {
    const duty = whoIsOnDuty(roster, Date.parse(roster.coversFrom) - 1);
    expect(duty.leader).toBeUndefined();
    expect(duty.officers).toEqual([]);
  });
});

describe('lateCheckIns', () => {
  const start = Date.parse(day1.startsAt);
  it('raises nothing within the grace minutes after shift start', () => {
    expect(lateCheckIns(roster, start + 14 * MINUTE, 15)).toEqual([]);
  });

  it('lists every seat not checked in once the grace has passed, and alarms the leader on duty', () => {
    const leaderIn = checkIn(roster, day1.id, 0, start - 5 * MINUTE);
    const late = lateCheckIns(leaderIn, start + 20 * MINUTE, 15);
    expect(late.map((l) => l.positionIndex)).toEqual([1, 2, 3]);
    expect(late[0]).toMatchObject({
      minutesLate: 5,
      dueBy: toInstant(start + 15 * MINUTE),
      alarmTo: day1.positions[0].personId,
    });
  });

  it('stops alarming for a seat once its holder checks in, even late', () => {
    let r = roster;
    for (const i of [0, 1, 2]) r = checkIn(r, day1.id, i, start + 30 * MINUTE);
    expect(lateCheckIns(r, start + 40 * MINUTE, 15).map((l) => l.positionIndex)).toEqual([3]);
  });

  it('does not name the missing leader as the one to alarm about himself', () => {
    const late = lateCheckIns(roster, start + 20 * MINUTE, 15);
    expect(late.find((l) => l.role === 'leader')?.alarmTo).toBeUndefined();
  });
});

describe('whoIsOnDuty across a month edge', () => {
  it('finds the last shift of one month and the first of the next when given both rosters', () => {
    const next = generateMonth({
      jurisdiction: '110101',
      year: 2027,
      month: 1,
      pattern: { kind: 'dayNight12', dayStartsAt: '08:00' },
      positions: { officers: 2, liaison: true },
      staff,
      settings: RosterSettings.parse({ minRestHours: 12 }),
    });
    if (!next.ok) throw new Error('generation failed');
    const edge = Date.parse(next.value.coversFrom);
    expect(whoIsOnDuty(roster, edge).leader).toBeUndefined();
    expect(whoIsOnDuty([roster, next.value], edge - 1).leader?.shiftId).toBe(roster.shifts.at(-1)!.id);
    expect(whoIsOnDuty([roster, next.value], edge).leader?.shiftId).toBe(next.value.shifts[0].id);
  });
});
