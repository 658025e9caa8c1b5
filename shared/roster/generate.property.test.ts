import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOUR, chinaWallTime, toInstant } from '../time';
import { checkRoster } from './checks';
import { whoIsOnDuty } from './duty';
import { generateMonth, segmentsOf, type GenerateMonthInput } from './generate';
import { KeyPeriod, RosterSettings, StaffMember, type ShiftPattern } from './schemas';

const hhmm = (h: number, m: number) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

/** Patterns that cut the whole day, so a roster made from them owes no gap. */
const coveringPattern: fc.Arbitrary<ShiftPattern> = fc.oneof(
  fc
    .record({ h: fc.integer({ min: 0, max: 23 }), m: fc.constantFrom(0, 30) })
    .map(({ h, m }) => ({ kind: 'daily24' as const, handoverAt: hhmm(h, m) })),
  fc
    .record({ h: fc.integer({ min: 0, max: 23 }), m: fc.constantFrom(0, 30) })
    .map(({ h, m }) => ({ kind: 'dayNight12' as const, dayStartsAt: hhmm(h, m) })),
  // Custom: 24 hours cut at 1–3 whole-hour points, starting at any hour.
  fc
    .record({
      first: fc.integer({ min: 0, max: 23 }),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { minLength: 1, maxLength: 3 }),
    })
    .map(({ first, cuts }) => {
      const points = [0, ...[...cuts].sort((a, b) => a - b), 24];
      const segments = points.slice(0, -1).map((p, i) => ({
        label: `班${i + 1}`,
        startsAt: hhmm((first + p) % 24, 0),
        hours: points[i + 1] - p,
      }));
      return { kind: 'custom' as const, segments };
    }),
);

const DEPARTMENTS = ['水利局', '气象局'];

const monthInput = (
  staffFor: (
    need: (seats: number) => number,
  ) => fc.Arbitrary<{ leaders: number; officers: number; liaisons: number; perDepartment: number }>,
) =>
  fc
    .record({
      year: fc.constantFrom(2025, 2026, 2027),
      month: fc.integer({ min: 1, max: 12 }),
      pattern: coveringPattern,
      officersPerShift: fc.integer({ min: 1, max: 3 }),
      liaison: fc.boolean(),
      minRestHours: fc.constantFrom(0, 8, 12, 24, 36, 48),
      periods: fc.array(
        fc.record({
          from: fc.integer({ min: 1, max: 28 }),
          days: fc.integer({ min: 1, max: 5 }),
          departments: fc.subarray(DEPARTMENTS),
        }),
        { maxLength: 2 },
      ),
    })
    .chain((base) => {
      const segments = segmentsOf(base.pattern);
      const longest = Math.max(...segments.map((s) => s.hours));
      const shortestGap = Math.min(...segments.map((s) => s.hours));
      // A seat-holder is out of the pool from the start of their shift until its end plus rest, and at
      // most ceil((rest + longest) / gap) other shifts start in that time.
      const need = (seats: number) => seats * (1 + Math.ceil((base.minRestHours + longest) / shortestGap));
      return staffFor(need).map((counts) => ({ ...base, counts, need }));
    })
    .map(({ year, month, pattern, officersPerShift, liaison, minRestHours, periods, counts }) => {
      const staff: StaffMember[] = [
        ...Array.from({ length: counts.leaders }, (_, i) =>
          StaffMember.parse({ id: `L${i}`, name: `领导${i}`, dutyRoles: ['leader'] }),
        ),
        ...Array.from({ length: counts.officers }, (_, i) =>
          StaffMember.parse({ id: `O${i}`, name: `值班员${i}` }),
        ),
        ...Array.from({ length: counts.liaisons }, (_, i) =>
          StaffMember.parse({ id: `C${i}`, name: `联络员${i}`, dutyRoles: ['liaison'] }),
        ),
        ...DEPARTMENTS.flatMap((d, k) =>
          Array.from({ length: counts.perDepartment }, (_, i) =>
            StaffMember.parse({ id: `D${k}${i}`, name: `${d}${i}`, unit: d, dutyRoles: ['liaison'] }),
          ),
        ),
      ];
      const keyPeriods = periods.map((p, i) =>
        KeyPeriod.parse({
          id: `kp${i}`,
          name: `重点时段${i}`,
          kind: 'major_event',
          startsAt: toInstant(chinaWallTime(year, month, p.from, 0, 0)),
          endsAt: toInstant(chinaWallTime(year, month, p.from + p.days, 0, 0)),
          requiredDepartments: p.departments,
        }),
      );
      const input: GenerateMonthInput = {
        jurisdiction: '110101',
        year,
        month,
        pattern,
        positions: { officers: officersPerShift, liaison },
        staff,
        settings: RosterSettings.parse({ minRestHours }),
        keyPeriods,
      };
      return input;
    });

/** Long before any generated month, so the 48-hour warning stays out of the picture. */
const farBefore = Date.UTC(2020, 0, 1);

describe('generateMonth (property)', () => {
  it('never double-books, never cuts rest short, never leaves a gap, and is deterministic, whatever the staff', () => {
    const anyStaff = () =>
      fc.record({
        leaders: fc.integer({ min: 0, max: 6 }),
        officers: fc.integer({ min: 0, max: 10 }),
        liaisons: fc.integer({ min: 0, max: 3 }),
        perDepartment: fc.integer({ min: 0, max: 3 }),
      });
    fc.assert(
      fc.property(monthInput(anyStaff), (input) => {
        const result = generateMonth(input);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const findings = checkRoster(result.value, input.staff, input.settings, farBefore);
        // Only shortages may remain; a shortage is always an empty seat, never a broken rule.
        const allowed = new Set([
          'POSITION_UNCOVERED',
          'SHIFT_WITHOUT_LEADER',
          'JOINT_DUTY_DEPARTMENT_MISSING',
        ]);
        expect(findings.filter((f) => !allowed.has(f.code))).toEqual([]);
        for (const f of findings.filter((x) => x.code === 'SHIFT_WITHOUT_LEADER')) {
          const shift = result.value.shifts.find((s) => s.id === f.shiftId)!;
          expect(shift.positions.filter((p) => p.role === 'leader')).toEqual([{ role: 'leader' }]);
        }
        for (const f of findings.filter((x) => x.code === 'JOINT_DUTY_DEPARTMENT_MISSING')) {
          const shift = result.value.shifts.find((s) => s.id === f.shiftId)!;
          expect(shift.positions.find((p) => p.department === f.detail)?.personId).toBeUndefined();
        }
        expect(generateMonth(input)).toEqual(result);
      }),
      { numRuns: 60 },
    );
  });

  it('fills every seat and keeps every rule when the staff is large enough for the pattern and the rest', () => {
    const enough = (need: (seats: number) => number) =>
      fc.record({
        leaders: fc.integer({ min: need(1), max: need(1) + 3 }),
        officers: fc.integer({ min: need(3), max: need(3) + 3 }),
        liaisons: fc.integer({ min: need(1), max: need(1) + 2 }),
        // Delegates hold the liaison role, so they may also take the general liaison seat: two seats a shift.
        perDepartment: fc.integer({ min: need(2), max: need(2) + 2 }),
      });
    fc.assert(
      fc.property(monthInput(enough), fc.double({ min: 0, max: 1, noNaN: true }), (input, when) => {
        const result = generateMonth(input);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const roster = result.value;
        expect(checkRoster(roster, input.staff, input.settings, farBefore)).toEqual([]);
        for (const shift of roster.shifts) {
          expect(shift.positions.filter((p) => p.role === 'leader' && p.personId !== undefined)).toHaveLength(
            1,
          );
        }
        // A leader on duty at any instant of the month.
        const from = Date.parse(roster.coversFrom);
        const at = from + Math.floor(when * (Date.parse(roster.coversUntil) - from - 1));
        expect(whoIsOnDuty(roster, at).leader).toBeDefined();
        expect(Date.parse(roster.coversUntil) - from).toBeGreaterThanOrEqual(28 * 24 * HOUR);
      }),
      { numRuns: 60 },
    );
  });
});
