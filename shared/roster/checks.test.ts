import { describe, expect, it } from 'vitest';
import { HOUR, chinaWallTime, toInstant } from '../time';
import { checkRoster, fairnessTable } from './checks';
import { assignPosition, generateMonth } from './generate';
import { KeyPeriod, RosterSettings, StaffMember, type Roster } from './schemas';

const settings = RosterSettings.parse({
  minRestHours: 24,
  checkInGraceMinutes: 15,
  uncoveredWarningHours: 48,
});
const staff = [
  ...['L1', 'L2', 'L3'].map((id) =>
    StaffMember.parse({ id, name: `领导${id}`, dutyRoles: ['leader'], unit: '应急管理局' }),
  ),
  ...['O1', 'O2', 'O3', 'O4', 'O5', 'O6'].map((id) =>
    StaffMember.parse({ id, name: `值班员${id}`, unit: '应急管理局' }),
  ),
  StaffMember.parse({ id: 'W1', name: '水利甲', unit: '水利局', dutyRoles: ['liaison'] }),
  StaffMember.parse({ id: 'W2', name: '水利乙', unit: '水利局', dutyRoles: ['liaison'] }),
];
// Long before the month, so no UNCOVERED_SOON unless a test asks for it.
const longBefore = chinaWallTime(2026, 10, 1, 0, 0);

function december(keyPeriods: KeyPeriod[] = []): Roster {
  const r = generateMonth({
    jurisdiction: '110101',
    year: 2026,
    month: 12,
    pattern: { kind: 'daily24', handoverAt: '08:30' },
    positions: { officers: 2, liaison: false },
    staff,
    settings,
    keyPeriods,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}
const codes = (roster: Roster, now = longBefore) =>
  checkRoster(roster, staff, settings, now).map((f) => f.code);
const editShift = (
  roster: Roster,
  shiftId: string,
  edit: (s: Roster['shifts'][number]) => Roster['shifts'][number],
): Roster => ({
  ...roster,
  shifts: roster.shifts.map((s) => (s.id === shiftId ? edit(s) : s)),
});

describe('checkRoster', () => {
  it('finds nothing wrong with a generated month that has enough staff', () => {
    expect(checkRoster(december(), staff, settings, longBefore)).toEqual([]);
  });

  it('flags a shift whose leader was removed', () => {
    const roster = december();
    const shift = roster.shifts[3];
    const broken = assignPosition(roster, shift.id, 0, undefined, staff);
    expect(broken.ok).toBe(true);
    const findings = checkRoster(broken.ok ? broken.value : roster, staff, settings, longBefore);
    expect(findings).toEqual([
      expect.objectContaining({ code: 'SHIFT_WITHOUT_LEADER', shiftId: shift.id, severity: 'error' }),
    ]);
  });

  it('flags a shift with two leaders on duty', () => {
    const roster = december();
    const id = roster.shifts[0].id;
    const broken = editShift(roster, id, (s) => ({
      ...s,
      positions: [...s.positions, { role: 'leader', personId: 'L3' }],
    }));
    expect(codes(broken)).toContain('SHIFT_MULTIPLE_LEADERS');
  });

  it('flags an officer seat with nobody in it, and warns 48 hours before that shift', () => {
    const roster = december();
    const shift = roster.shifts[10];
    const r = assignPosition(roster, shift.id, 1, undefined, staff);
    const broken = r.ok ? r.value : roster;
    expect(codes(broken)).toEqual(['POSITION_UNCOVERED']);
    const start = Date.parse(shift.startsAt);
    expect(codes(broken, start - 49 * HOUR)).toEqual(['POSITION_UNCOVERED']);
    expect(codes(broken, start - 47 * HOUR)).toEqual(['POSITION_UNCOVERED', 'UNCOVERED_SOON']);
    // Still warned while the shift runs, no longer once it is over.
    expect(codes(broken, start + HOUR)).toContain('UNCOVERED_SOON');
    expect(codes(broken, Date.parse(shift.endsAt))).not.toContain('UNCOVERED_SOON');
  });

  it('flags one person booked on two overlapping shifts', () => {
    const roster = december();
    const a = roster.shifts[0];
    // An extra shift starting two hours into day 1, held by one of day 1's officers.
    const overlapping = {
      ...a,
      id: '110101-extra',
      startsAt: toInstant(Date.parse(a.startsAt) + 2 * HOUR),
      positions: [{ role: 'officer' as const, personId: a.positions[1].personId! }],
    };
    const broken = { ...roster, shifts: [...roster.shifts, overlapping] };
    const findings = checkRoster(broken, staff, settings, longBefore).filter(
      (f) => f.code === 'DOUBLE_BOOKED',
    );
    expect(findings).toEqual([
      expect.objectContaining({ personId: a.positions[1].personId, shiftId: '110101-extra' }),
    ]);
  });

  it('flags one person in two seats of the same shift as double-booked', () => {
    const roster = december();
    const s = roster.shifts[5];
    const r = assignPosition(roster, s.id, 2, s.positions[1].personId, staff);
    expect(r.ok && codes(r.value)).toEqual(['DOUBLE_BOOKED']);
  });

  it('flags rest below the minimum between two shifts of one person', () => {
    const roster = december();
    const [day1, day2] = roster.shifts;
    const officer = day1.positions[1].personId!;
    // Day 2 follows day 1 with no rest at all (24 h minimum).
    const r = assignPosition(roster, day2.id, 1, officer, staff);
    const findings = r.ok ? checkRoster(r.value, staff, settings, longBefore) : [];
    expect(findings).toEqual([
      expect.objectContaining({ code: 'REST_TOO_SHORT', personId: officer, shiftId: day2.id }),
    ]);
    expect(findings[0].message.zh).toContain('0.0 h < 24 h');
  });

  it('checks rest across the month edge against last month’s shifts', () => {
    const roster = december();
    const first = roster.shifts[0];
    const officer = first.positions[1].personId!;
    const lastOfNovember = {
      ...first,
      id: '110101-20261130-1',
      startsAt: toInstant(Date.parse(first.startsAt) - 24 * HOUR),
      endsAt: first.startsAt,
      positions: [{ role: 'officer' as const, personId: officer }],
    };
    const findings = checkRoster(roster, staff, settings, longBefore, { previousShifts: [lastOfNovember] });
    expect(findings.map((f) => [f.code, f.shiftId])).toEqual([['REST_TOO_SHORT', first.id]]);
  });

  it('flags joint duty in a key period missing a required department', () => {
    const flood = KeyPeriod.parse({
      id: 'flood-test',
      name: '防汛重点时段',
      kind: 'flood_season',
      startsAt: toInstant(chinaWallTime(2026, 12, 10, 0, 0)),
      endsAt: toInstant(chinaWallTime(2026, 12, 12, 0, 0)),
      requiredDepartments: ['水利局'],
    });
    const roster = december([flood]);
    expect(codes(roster)).toEqual([]);
    const seated = roster.shifts.filter((s) => s.positions.some((p) => p.department === '水利局'));
    // 12-10 00:00 to 12-12 00:00 touches the shifts starting 12-09, 12-10 and 12-11 at 08:30.
    expect(seated.map((s) => s.id)).toEqual(['110101-20261209-1', '110101-20261210-1', '110101-20261211-1']);
    const s = seated[1];
    const seat = s.positions.findIndex((p) => p.department === '水利局');
    const r = assignPosition(roster, s.id, seat, undefined, staff);
    const findings = r.ok ? checkRoster(r.value, staff, settings, longBefore) : [];
    expect(findings.map((f) => f.code).sort()).toEqual([
      'JOINT_DUTY_DEPARTMENT_MISSING',
      'POSITION_UNCOVERED',
    ]);
    expect(findings.find((f) => f.code === 'JOINT_DUTY_DEPARTMENT_MISSING')!.detail).toBe('水利局');
  });

  it('flags a gap in the 24-hour coverage when a shift is deleted', () => {
    const roster = december();
    const gone = roster.shifts[14];
    const broken = { ...roster, shifts: roster.shifts.filter((s) => s.id !== gone.id) };
    const findings = checkRoster(broken, staff, settings, longBefore);
    expect(findings).toEqual([expect.objectContaining({ code: 'SHIFT_GAP', at: gone.startsAt })]);
    expect(findings[0].message.zh).toContain('2026-12-15 08:30 – 2026-12-16 08:30');
  });

  it('flags a gap at the end of the month when the last shift ends early', () => {
    const roster = december();
    const last = roster.shifts.at(-1)!;
    const broken = editShift(roster, last.id, (s) => ({
      ...s,
      endsAt: toInstant(Date.parse(s.endsAt) - HOUR),
    }));
    expect(codes(broken)).toEqual(['SHIFT_GAP']);
  });

  it('flags a seat held by someone not in the directory or not allowed to hold it', () => {
    const roster = december();
    const id = roster.shifts[2].id;
    const stranger = editShift(roster, id, (s) => ({
      ...s,
      positions: s.positions.map((p, i) => (i === 1 ? { ...p, personId: 'X9' } : p)),
    }));
    expect(codes(stranger)).toContain('UNKNOWN_PERSON');
    const officerAsLeader = editShift(roster, id, (s) => ({
      ...s,
      positions: s.positions.map((p, i) => (i === 0 ? { ...p, personId: 'O6' } : p)),
    }));
    expect(codes(officerAsLeader)).toContain('NOT_QUALIFIED_FOR_POSITION');
  });
});

describe('fairnessTable', () => {
  it('counts shifts, nights, holidays, weekends and hours per person, summing to the roster', () => {
    const roster = december();
    const table = fairnessTable(roster, staff);
    expect(table.map((r) => r.personId)).toEqual(staff.map((p) => p.id));
    // 31 shifts of 24 h with a leader and two officers.
    expect(table.reduce((n, r) => n + r.hours, 0)).toBe(31 * 24 * 3);
    expect(table.reduce((n, r) => n + r.leaderShifts, 0)).toBe(31);
    // Every 24-hour shift holds a night.
    expect(table.reduce((n, r) => n + r.nights, 0)).toBe(31 * 3);
    // December 2026 has no statutory holiday; its weekends are 5,6,12,13,19,20,26,27.
    expect(table.reduce((n, r) => n + r.holidays, 0)).toBe(0);
    expect(table.reduce((n, r) => n + r.weekends, 0)).toBe(8 * 3);
    // Rotation spreads the load: leaders within one shift of each other, officers too.
    const spread = (ids: string[]) => {
      const shifts = table.filter((r) => ids.includes(r.personId)).map((r) => r.shifts);
      return Math.max(...shifts) - Math.min(...shifts);
    };
    expect(spread(['L1', 'L2', 'L3'])).toBeLessThanOrEqual(1);
    expect(spread(['O1', 'O2', 'O3', 'O4', 'O5', 'O6'])).toBeLessThanOrEqual(1);
  });

  it('counts a shift starting on National Day as a holiday shift', () => {
    const r = generateMonth({
      jurisdiction: '110101',
      year: 2026,
      month: 10,
      pattern: { kind: 'dayNight12', dayStartsAt: '08:00' },
      positions: { officers: 1, liaison: false },
      staff,
      settings: RosterSettings.parse({ minRestHours: 12 }),
    });
    expect(r.ok).toBe(true);
    const table = r.ok ? fairnessTable(r.value, staff) : [];
    // 国庆节 2026-10-01..07: 7 days × 2 shifts × 2 seats.
    expect(table.reduce((n, row) => n + row.holidays, 0)).toBe(7 * 2 * 2);
    // Only night shifts (20:00–08:00) count as nights.
    expect(table.reduce((n, row) => n + row.nights, 0)).toBe(31 * 2);
  });
});

describe('next month, broken by hand', () => {
  it('flags both a shift stripped of its leader and an officer double-booked onto an overlapping shift', () => {
    const roster = december();
    const noLeader = roster.shifts[7];
    const target = roster.shifts[20];
    const stripped = assignPosition(roster, noLeader.id, 0, undefined, staff);
    expect(stripped.ok).toBe(true);
    if (!stripped.ok) return;
    // Someone from day 20 also put on a 12-hour extra shift in the middle of it.
    const someone = target.positions[1].personId!;
    const extra = {
      id: '110101-extra-1',
      jurisdiction: '110101',
      startsAt: toInstant(Date.parse(target.startsAt) + 6 * HOUR),
      endsAt: toInstant(Date.parse(target.startsAt) + 18 * HOUR),
      positions: [
        { role: 'leader' as const, personId: 'L1' },
        { role: 'officer' as const, personId: someone },
      ],
    };
    const broken = { ...stripped.value, shifts: [...stripped.value.shifts, extra] };
    const findings = checkRoster(broken, staff, settings, longBefore);
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'SHIFT_WITHOUT_LEADER', shiftId: noLeader.id }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'DOUBLE_BOOKED', personId: someone, shiftId: extra.id }),
    );
  });
});
