import type { Shift } from '../domain/operations';
import type { JurisdictionCode } from '../domain/jurisdiction';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { HOUR, chinaWallTime, toInstant } from '../time';
import { addDays, chinaDateKey, daysInMonth } from './calendar';
import { isNightShift, keyPeriodsOf, requiredDepartmentsOf, shiftEnd, shiftHours, shiftStart } from './facts';
import type {
  KeyPeriod,
  PositionPlan,
  Roster,
  RosterSettings,
  ShiftPattern,
  ShiftSegment,
  StaffMember,
} from './schemas';

type Position = Shift['positions'][number];

/** A shift of the duty day, and how many calendar days after the duty day's date it starts. */
export type DaySegment = ShiftSegment & { dayOffset: number };

/**
 * The shifts of one duty day (值班日) in order. The duty day begins at the first segment's start (the
 * handover); a later segment whose clock time is not after the one before it starts on the next
 * calendar date (a night shift starting 00:00 after a 12:00 day shift).
 */
export function segmentsOf(pattern: ShiftPattern): DaySegment[] {
  const list: ShiftSegment[] = (() => {
    switch (pattern.kind) {
      case 'daily24':
        return [{ label: '24h', startsAt: pattern.handoverAt, hours: 24 }];
      case 'dayNight12': {
        const [h, m] = pattern.dayStartsAt.split(':');
        const night = `${String((Number(h) + 12) % 24).padStart(2, '0')}:${m}`;
        return [
          { label: 'day', startsAt: pattern.dayStartsAt, hours: 12 },
          { label: 'night', startsAt: night, hours: 12 },
        ];
      }
      case 'custom':
        return pattern.segments;
    }
  })();
  let dayOffset = 0;
  let previous: string | undefined;
  return list.map((seg) => {
    if (previous !== undefined && seg.startsAt <= previous) dayOffset += 1;
    previous = seg.startsAt;
    return { ...seg, dayOffset };
  });
}

const clock = (hhmm: string): [number, number] => hhmm.split(':').map(Number) as [number, number];
const pad2 = (n: number) => String(n).padStart(2, '0');

export const rosterIdOf = (jurisdiction: JurisdictionCode, year: number, month: number): string =>
  `${jurisdiction}-${year}${pad2(month)}`;

/** Empty shifts of a month: every segment of every day, the positions each must seat. */
export function monthSkeleton(input: {
  jurisdiction: JurisdictionCode;
  year: number;
  month: number;
  pattern: ShiftPattern;
  positions: PositionPlan;
  keyPeriods?: readonly KeyPeriod[];
}): Roster {
  const { jurisdiction, year, month, pattern, positions } = input;
  const keyPeriods = [...(input.keyPeriods ?? [])];
  const segments = segmentsOf(pattern);
  const id = rosterIdOf(jurisdiction, year, month);
  const shifts: Shift[] = [];
  for (let day = 1; day <= daysInMonth(year, month); day++) {
    segments.forEach((seg, i) => {
      const [hh, mm] = clock(seg.startsAt);
      const date = addDays(chinaDateKey(year, month, day), seg.dayOffset);
      const start = chinaWallTime(date.year, date.month, date.day, hh, mm);
      const span = { startsAt: toInstant(start), endsAt: toInstant(start + seg.hours * HOUR) };
      const periods = keyPeriodsOf(span, keyPeriods);
      const seats: Position[] = [
        { role: 'leader' },
        ...Array.from({ length: positions.officers }, (): Position => ({ role: 'officer' })),
        // 联合值守: one seat per department a key period asks for.
        ...requiredDepartmentsOf(span, keyPeriods).map((department): Position => ({
          role: 'liaison',
          department,
        })),
        ...(positions.liaison ? [{ role: 'liaison' } as Position] : []),
      ];
      shifts.push({
        id: `${jurisdiction}-${year}${pad2(month)}${pad2(day)}-${i + 1}`,
        jurisdiction,
        ...span,
        ...(periods[0]
          ? {
              keyPeriod: periods
                .map((p) => p.name)
                .join('、')
                .slice(0, 100),
            }
          : {}),
        positions: seats,
      });
    });
  }
  // A pattern has at least one segment (schema); coverage starts with the day's first handover.
  const [fh, fm] = clock(segments[0]?.startsAt ?? '00:00');
  const nextYear = month === 12 ? year + 1 : year;
  const nextMonth = month === 12 ? 1 : month + 1;
  return {
    id,
    jurisdiction,
    month: `${year}-${pad2(month)}`,
    coversFrom: toInstant(chinaWallTime(year, month, 1, fh, fm)),
    coversUntil: toInstant(chinaWallTime(nextYear, nextMonth, 1, fh, fm)),
    shifts,
    keyPeriods,
  };
}

/** Who may sit in a seat: the right duty role, or for a joint-duty seat, someone of that department. */
export function qualifiesFor(person: StaffMember, position: Pick<Position, 'role' | 'department'>): boolean {
  if (!person.active) return false;
  if (position.department !== undefined) return belongsTo(person, position.department);
  return person.dutyRoles.includes(position.role);
}

export const belongsTo = (person: Pick<StaffMember, 'department' | 'unit'>, department: string): boolean =>
  person.department === department || person.unit === department;

export interface GenerateMonthInput {
  jurisdiction: JurisdictionCode;
  year: number;
  month: number;
  pattern: ShiftPattern;
  positions: PositionPlan;
  staff: readonly StaffMember[];
  settings: RosterSettings;
  keyPeriods?: readonly KeyPeriod[];
  /** Shifts already worked (the end of last month), so rest is kept across the month edge. */
  previousShifts?: readonly Shift[];
}

/**
 * A month generated by rotation (轮班): shifts in time order, each seat given to the qualified person
 * with the fewest hours so far (fewest nights first for a night shift), ties broken by directory order.
 * The generator never breaks a hard rule to fill a seat: a seat nobody can take without overlapping
 * shifts or cutting rest below the minimum stays empty, and the checks report it. Deterministic: the
 * same input gives the same roster.
 */
export function generateMonth(input: GenerateMonthInput): Result<Roster> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
    return fail(domainError('INVALID_FIELD', 'year'));
  if (!Number.isInteger(input.month) || input.month < 1 || input.month > 12)
    return fail(domainError('INVALID_FIELD', 'month'));
  const ids = new Set<string>();
  for (const p of input.staff) {
    if (ids.has(p.id)) return fail(domainError('ALREADY_EXISTS', 'staff', p.id));
    ids.add(p.id);
  }
  const roster = monthSkeleton(input);
  const minRest = input.settings.minRestHours * HOUR;
  const load = new Map<string, { hours: number; nights: number; busyUntil: number }>();
  const of = (id: string) => {
    let l = load.get(id);
    if (!l) load.set(id, (l = { hours: 0, nights: 0, busyUntil: -Infinity }));
    return l;
  };
  for (const s of input.previousShifts ?? []) {
    for (const p of s.positions)
      if (p.personId) of(p.personId).busyUntil = Math.max(of(p.personId).busyUntil, shiftEnd(s));
  }
  const order = new Map(input.staff.map((p, i) => [p.id, i]));

  const shifts = [...roster.shifts].sort((a, b) => shiftStart(a) - shiftStart(b));
  for (const shift of shifts) {
    const start = shiftStart(shift);
    const night = isNightShift(shift);
    const seated = new Set<string>();
    // Department seats first: they have the fewest candidates.
    const seatOrder = shift.positions
      .map((seat, index) => ({ seat, index }))
      .sort((a, b) => rank(a.seat) - rank(b.seat));
    for (const { seat, index } of seatOrder) {
      const candidates = input.staff
        .filter((p) => !seated.has(p.id) && qualifiesFor(p, seat))
        .filter((p) => start - of(p.id).busyUntil >= minRest)
        .sort((a, b) => {
          const la = of(a.id);
          const lb = of(b.id);
          return (
            (night ? la.nights - lb.nights : 0) ||
            la.hours - lb.hours ||
            (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)
          );
        });
      const chosen = candidates[0];
      if (!chosen) continue;
      seated.add(chosen.id);
      shift.positions[index] = { ...seat, personId: chosen.id };
      const l = of(chosen.id);
      l.hours += shiftHours(shift);
      if (night) l.nights += 1;
      l.busyUntil = Math.max(l.busyUntil, shiftEnd(shift));
    }
  }
  return ok(roster);
}

const rank = (p: Position): number =>
  p.department !== undefined ? 0 : p.role === 'leader' ? 1 : p.role === 'officer' ? 2 : 3;

/** A hand edit: put a person in a seat (or clear it). Checks run on the result; this refuses only nonsense. */
export function assignPosition(
  roster: Roster,
  shiftId: string,
  positionIndex: number,
  personId: string | undefined,
  staff: readonly StaffMember[],
): Result<Roster> {
  const shift = roster.shifts.find((s) => s.id === shiftId);
  if (!shift) return fail(domainError('NOT_FOUND', 'shiftId', shiftId));
  const seat = shift.positions[positionIndex];
  if (!seat) return fail(domainError('NOT_FOUND', 'positionIndex', String(positionIndex)));
  if (personId !== undefined) {
    const person = staff.find((p) => p.id === personId);
    if (!person) return fail(domainError('UNKNOWN_PERSON', 'personId', personId));
    if (!qualifiesFor(person, seat))
      return fail(domainError('NOT_QUALIFIED_FOR_POSITION', 'personId', `${personId} → ${seat.role}`));
  }
  const { personId: _old, checkedInAt: _checked, ...rest } = seat;
  const nextSeat = personId === undefined ? rest : { ...rest, personId };
  return ok({
    ...roster,
    shifts: roster.shifts.map((s) =>
      s.id !== shiftId
        ? s
        : { ...s, positions: s.positions.map((p, i) => (i === positionIndex ? nextSeat : p)) },
    ),
  });
}
