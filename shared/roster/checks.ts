import type { Shift } from '../domain/operations';
import { domainError, type DomainError, type ErrorCode } from '../errors';
import { HOUR, formatChinaTime, toInstant, toMs, type Instant } from '../time';
import { isNightShift, requiredDepartmentsOf, shiftEnd, shiftHours, shiftStart, startDay } from './facts';
import { belongsTo, qualifiesFor } from './generate';
import type { Roster, RosterSettings, StaffMember } from './schemas';

/** One thing wrong (error) or about to go wrong (warning) with a roster, with a stable code. */
export interface RosterFinding extends DomainError {
  severity: 'error' | 'warning';
  shiftId?: string;
  positionIndex?: number;
  personId?: string;
  /** When the problem begins, for sorting and for the UI to scroll to. */
  at: Instant;
}

const finding = (
  code: ErrorCode,
  severity: RosterFinding['severity'],
  at: number,
  where: { shiftId?: string; positionIndex?: number; personId?: string; field?: string },
  detail?: string,
): RosterFinding => ({
  ...domainError(code, where.field, detail),
  severity,
  at: toInstant(at),
  ...(where.shiftId !== undefined ? { shiftId: where.shiftId } : {}),
  ...(where.positionIndex !== undefined ? { positionIndex: where.positionIndex } : {}),
  ...(where.personId !== undefined ? { personId: where.personId } : {}),
});

const roleZh = { leader: '带班领导', officer: '值班员', liaison: '联络员' } as const;
const seatField = (s: Shift, i: number) => `shifts.${s.id}.positions.${i}`;
const byStart = (a: Shift, b: Shift) => shiftStart(a) - shiftStart(b) || a.id.localeCompare(b.id);

/**
 * Every rule a roster must keep, checked at `now`: seats without a person, a shift without exactly one
 * leader on duty, a person on overlapping shifts or resting less than the minimum, joint duty missing
 * a required department, holes in the 24-hour coverage, and a warning for uncovered seats of a shift
 * starting within the warning window (48 h by default) or already running.
 * `previousShifts` (last month's end) lets rest be checked across the month edge.
 */
export function checkRoster(
  roster: Roster,
  staff: readonly StaffMember[],
  settings: RosterSettings,
  now: number,
  options: { previousShifts?: readonly Shift[] } = {},
): RosterFinding[] {
  const out: RosterFinding[] = [];
  const people = new Map(staff.map((p) => [p.id, p]));
  const shifts = [...roster.shifts].sort(byStart);

  for (const shift of shifts) {
    const start = shiftStart(shift);
    const leaders = shift.positions.filter((p) => p.role === 'leader');
    if (leaders.length > 1)
      out.push(
        finding('SHIFT_MULTIPLE_LEADERS', 'error', start, { shiftId: shift.id }, String(leaders.length)),
      );
    if (!leaders.some((p) => p.personId !== undefined))
      out.push(finding('SHIFT_WITHOUT_LEADER', 'error', start, { shiftId: shift.id }));

    const seen = new Set<string>();
    const openRoles: string[] = [];
    shift.positions.forEach((seat, i) => {
      const where = { shiftId: shift.id, positionIndex: i, field: seatField(shift, i) };
      if (seat.personId === undefined) {
        openRoles.push(seat.department ? `${roleZh[seat.role]}(${seat.department})` : roleZh[seat.role]);
        // An empty leader seat is already SHIFT_WITHOUT_LEADER.
        if (seat.role !== 'leader')
          out.push(finding('POSITION_UNCOVERED', 'error', start, where, roleZh[seat.role]));
        return;
      }
      const person = people.get(seat.personId);
      if (!person)
        out.push(
          finding('UNKNOWN_PERSON', 'error', start, { ...where, personId: seat.personId }, seat.personId),
        );
      else if (!qualifiesFor(person, seat)) {
        out.push(
          finding(
            'NOT_QUALIFIED_FOR_POSITION',
            'error',
            start,
            { ...where, personId: seat.personId },
            roleZh[seat.role],
          ),
        );
      }
      if (seen.has(seat.personId))
        out.push(
          finding('DOUBLE_BOOKED', 'error', start, { ...where, personId: seat.personId }, '同一班次两个岗位'),
        );
      seen.add(seat.personId);
    });

    const end = shiftEnd(shift);
    if (openRoles.length > 0 && end > now && start - now <= settings.uncoveredWarningHours * HOUR) {
      out.push(
        finding(
          'UNCOVERED_SOON',
          'warning',
          start,
          { shiftId: shift.id },
          `${formatChinaTime(start)} ${openRoles.join('、')}`,
        ),
      );
    }

    for (const department of requiredDepartmentsOf(shift, roster.keyPeriods)) {
      const present = shift.positions.some((seat) => {
        const person = seat.personId !== undefined ? people.get(seat.personId) : undefined;
        return person !== undefined && belongsTo(person, department);
      });
      if (!present)
        out.push(finding('JOINT_DUTY_DEPARTMENT_MISSING', 'error', start, { shiftId: shift.id }, department));
    }
  }

  out.push(...personalTimeFindings(shifts, settings, options.previousShifts ?? []));
  out.push(...coverageGaps(roster, shifts));
  return out.sort(
    (a, b) =>
      toMs(a.at) - toMs(b.at) ||
      a.code.localeCompare(b.code) ||
      (a.shiftId ?? '').localeCompare(b.shiftId ?? ''),
  );
}

/** Overlapping shifts and short rest, person by person. */
function personalTimeFindings(
  shifts: readonly Shift[],
  settings: RosterSettings,
  previous: readonly Shift[],
): RosterFinding[] {
  const out: RosterFinding[] = [];
  const own = new Set(shifts.map((s) => s.id));
  const byPerson = new Map<string, Shift[]>();
  for (const s of [...previous.filter((p) => !own.has(p.id)), ...shifts]) {
    for (const personId of new Set(
      s.positions.flatMap((p) => (p.personId !== undefined ? [p.personId] : [])),
    )) {
      byPerson.set(personId, [...(byPerson.get(personId) ?? []), s]);
    }
  }
  const minRest = settings.minRestHours * HOUR;
  for (const [personId, list] of byPerson) {
    list.sort(byStart);
    let latest: Shift | undefined;
    for (const s of list) {
      if (latest) {
        const rest = shiftStart(s) - shiftEnd(latest);
        const where = { shiftId: s.id, personId };
        // Only this roster's shifts are reported; the previous month is context.
        if (own.has(s.id) && rest < 0)
          out.push(finding('DOUBLE_BOOKED', 'error', shiftStart(s), where, `与 ${latest.id} 重叠`));
        else if (own.has(s.id) && rest < minRest) {
          out.push(
            finding(
              'REST_TOO_SHORT',
              'error',
              shiftStart(s),
              where,
              `${(rest / HOUR).toFixed(1)} h < ${settings.minRestHours} h`,
            ),
          );
        }
      }
      if (!latest || shiftEnd(s) > shiftEnd(latest)) latest = s;
    }
  }
  return out;
}

/** Holes in the around-the-clock coverage the roster owes, from coversFrom to coversUntil. */
function coverageGaps(roster: Roster, shifts: readonly Shift[]): RosterFinding[] {
  const out: RosterFinding[] = [];
  let covered = toMs(roster.coversFrom);
  const until = toMs(roster.coversUntil);
  const gap = (from: number, to: number) =>
    finding('SHIFT_GAP', 'error', from, {}, `${formatChinaTime(from)} – ${formatChinaTime(to)}`);
  for (const s of shifts) {
    if (covered >= until) break;
    if (shiftStart(s) > covered) out.push(gap(covered, Math.min(shiftStart(s), until)));
    covered = Math.max(covered, shiftEnd(s));
  }
  if (covered < until) out.push(gap(covered, until));
  return out;
}

/** One person's duty load over a roster: what fairness (公平轮值) is judged on. */
export interface FairnessRow {
  personId: string;
  name: string;
  shifts: number;
  leaderShifts: number;
  /** Shifts holding at least an hour of 00:00–06:00. */
  nights: number;
  /** Shifts starting on a statutory holiday (法定节假日). */
  holidays: number;
  /** Shifts starting on an ordinary weekend day (not a 调休 working day). */
  weekends: number;
  hours: number;
}

/** The fairness table: one row per active person in directory order, then anyone rostered but not in it. */
export function fairnessTable(roster: Roster, staff: readonly StaffMember[]): FairnessRow[] {
  const rows = new Map<string, FairnessRow>();
  const row = (personId: string, name: string) => {
    let r = rows.get(personId);
    if (!r)
      rows.set(
        personId,
        (r = { personId, name, shifts: 0, leaderShifts: 0, nights: 0, holidays: 0, weekends: 0, hours: 0 }),
      );
    return r;
  };
  for (const p of staff) if (p.active) row(p.id, p.name);
  const names = new Map(staff.map((p) => [p.id, p.name]));
  for (const s of [...roster.shifts].sort(byStart)) {
    const night = isNightShift(s);
    const day = startDay(s).kind;
    const hours = shiftHours(s);
    const holders = new Set(s.positions.flatMap((p) => (p.personId !== undefined ? [p.personId] : [])));
    for (const personId of holders) {
      const r = row(personId, names.get(personId) ?? personId);
      r.shifts += 1;
      r.hours += hours;
      if (s.positions.some((p) => p.role === 'leader' && p.personId === personId)) r.leaderShifts += 1;
      if (night) r.nights += 1;
      if (day === 'holiday') r.holidays += 1;
      if (day === 'weekend') r.weekends += 1;
    }
  }
  return [...rows.values()];
}
