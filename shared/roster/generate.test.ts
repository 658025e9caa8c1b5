import { describe, expect, it } from 'vitest';
import { generateMonth, monthSkeleton, segmentsOf } from './generate';
import { RosterSettings, StaffMember } from './schemas';

describe('month skeleton', () => {
  it('starts a night shift at 00:00 on the next date when the day shift starts at 12:00', () => {
    expect(
      segmentsOf({ kind: 'dayNight12', dayStartsAt: '12:00' }).map((s) => [s.startsAt, s.dayOffset]),
    ).toEqual([
      ['12:00', 0],
      ['00:00', 1],
    ]);
    const r = monthSkeleton({
      jurisdiction: '110101',
      year: 2025,
      month: 1,
      pattern: { kind: 'dayNight12', dayStartsAt: '12:00' },
      positions: { officers: 1, liaison: false },
    });
    // 2025-01-01 12:00 CST is 04:00Z; its night runs 2025-01-02 00:00–12:00 CST.
    expect(r.shifts.slice(0, 2).map((s) => [s.startsAt, s.endsAt])).toEqual([
      ['2025-01-01T04:00:00.000Z', '2025-01-01T16:00:00.000Z'],
      ['2025-01-01T16:00:00.000Z', '2025-01-02T04:00:00.000Z'],
    ]);
    expect(r.coversFrom).toBe('2025-01-01T04:00:00.000Z');
    expect(r.coversUntil).toBe('2025-02-01T04:00:00.000Z');
    expect(r.shifts.at(-1)!.endsAt).toBe(r.coversUntil);
  });

  it('keeps a custom pattern in the order given, the first segment being the handover', () => {
    const segments = segmentsOf({
      kind: 'custom',
      segments: [
        { label: '白班', startsAt: '08:00', hours: 10 },
        { label: '晚班', startsAt: '18:00', hours: 6 },
        { label: '夜班', startsAt: '00:00', hours: 8 },
      ],
    });
    expect(segments.map((s) => s.dayOffset)).toEqual([0, 0, 1]);
  });

  it('seats exactly one leader, the planned officers and an optional liaison on every shift', () => {
    const r = monthSkeleton({
      jurisdiction: '110101',
      year: 2026,
      month: 2,
      pattern: { kind: 'daily24', handoverAt: '08:30' },
      positions: { officers: 3, liaison: true },
    });
    expect(r.shifts).toHaveLength(28);
    for (const s of r.shifts)
      expect(s.positions.map((p) => p.role)).toEqual(['leader', 'officer', 'officer', 'officer', 'liaison']);
    expect(r.shifts.find((s) => s.id === '110101-20260201-1')).toBeDefined();
  });
});

describe('generateMonth', () => {
  it('refuses a directory with the same person twice, and an impossible month', () => {
    const p = StaffMember.parse({ id: 'P1', name: '甲' });
    const base = {
      jurisdiction: '110101',
      year: 2026,
      month: 1,
      pattern: { kind: 'daily24', handoverAt: '08:30' },
      positions: { officers: 1, liaison: false },
      settings: RosterSettings.parse({}),
    } as const;
    const twice = generateMonth({ ...base, staff: [p, p] });
    expect(!twice.ok && twice.errors[0].code).toBe('ALREADY_EXISTS');
    const bad = generateMonth({ ...base, month: 13, staff: [p] });
    expect(!bad.ok && bad.errors[0].field).toBe('month');
  });

  it('leaves out people marked inactive', () => {
    const staff = [
      StaffMember.parse({ id: 'L1', name: '甲', dutyRoles: ['leader'] }),
      StaffMember.parse({ id: 'L2', name: '乙', dutyRoles: ['leader'], active: false }),
      StaffMember.parse({ id: 'O1', name: '丙' }),
    ];
    const r = generateMonth({
      jurisdiction: '110101',
      year: 2026,
      month: 1,
      pattern: { kind: 'daily24', handoverAt: '08:30' },
      positions: { officers: 1, liaison: false },
      staff,
      settings: RosterSettings.parse({ minRestHours: 0 }),
    });
    const people = new Set(r.ok ? r.value.shifts.flatMap((s) => s.positions.map((p) => p.personId)) : []);
    expect([...people].sort()).toEqual(['L1', 'O1']);
  });
});
