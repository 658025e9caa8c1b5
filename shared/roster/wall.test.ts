import { describe, expect, it } from 'vitest';
import { generateMonth } from './generate';
import { RosterSettings, StaffMember } from './schemas';
import { wallTable } from './wall';

const staff = [
  StaffMember.parse({ id: 'L1', name: '王局长', dutyRoles: ['leader'], phones: ['13800000001'] }),
  StaffMember.parse({ id: 'L2', name: '陈副局长', dutyRoles: ['leader'] }),
  ...['O1', 'O2', 'O3', 'O4'].map((id, i) => StaffMember.parse({ id, name: `值班员${i + 1}` })),
];

describe('wallTable', () => {
  it('prints one row per duty day with weekday, holiday and the names on each shift', () => {
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
    if (!r.ok) return;
    const table = wallTable(r.value, staff);
    expect(table.rows).toHaveLength(31);
    const first = table.rows[0];
    expect(first).toMatchObject({
      date: '2026-10-01',
      weekday: '周四',
      dayKind: 'holiday',
      holidayName: '国庆节',
    });
    expect(first.cells.map((c) => c.time)).toEqual(['08:00–20:00', '20:00–次日08:00']);
    expect(first.cells[0]).toMatchObject({ leader: '王局长', officers: ['值班员1'], vacancies: 0 });
    expect(table.rows[9]).toMatchObject({ date: '2026-10-10', dayKind: 'adjusted_workday' });
    expect(table.contacts[0]).toEqual({ name: '王局长', phones: ['13800000001'] });
  });

  it('shows an empty seat as 空缺', () => {
    const r = generateMonth({
      jurisdiction: '110101',
      year: 2026,
      month: 12,
      pattern: { kind: 'daily24', handoverAt: '08:30' },
      positions: { officers: 1, liaison: false },
      staff: staff.slice(0, 3),
      settings: RosterSettings.parse({ minRestHours: 24 }),
    });
    if (!r.ok) throw new Error('generation failed');
    const cells = wallTable(r.value, staff).rows.flatMap((row) => row.cells);
    // One officer with a day of rest after each 24-hour shift covers every other day: the others show 空缺.
    expect(cells.filter((c) => c.officers[0] === '空缺' && c.vacancies === 1)).toHaveLength(15);
    expect(cells.filter((c) => c.officers[0] === '值班员1')).toHaveLength(16);
    expect(cells[0].time).toBe('08:30–次日08:30');
  });
});
