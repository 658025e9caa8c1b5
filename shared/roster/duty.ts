import type { Shift } from '../domain/operations';
import { MINUTE, toInstant, type Instant } from '../time';
import { shiftEnd, shiftStart } from './facts';
import type { Roster } from './schemas';

/** A person in a seat of a shift. */
export interface OnDuty {
  shiftId: string;
  positionIndex: number;
  role: Shift['positions'][number]['role'];
  personId: string;
  department?: string;
  checkedInAt?: Instant;
}

export interface DutyNow {
  at: Instant;
  /** Shifts running at the instant (two only where a custom pattern overlaps them). */
  shiftIds: string[];
  /** 带班领导 now: of the shift that began last when two overlap, since it holds the watch from then. */
  leader?: OnDuty;
  officers: OnDuty[];
  liaisons: OnDuty[];
}

/**
 * One month's roster, or several (the station passes the current and the neighbouring months, so
 * that the first shift of a month is found at its handover and the last one until its end).
 */
export type Rosters = Roster | readonly Roster[];
const shiftsOf = (rosters: Rosters): Shift[] =>
  'shifts' in rosters ? rosters.shifts : rosters.flatMap((r) => r.shifts);

const running = (rosters: Rosters, now: number): Shift[] =>
  shiftsOf(rosters)
    .filter((s) => shiftStart(s) <= now && now < shiftEnd(s))
    .sort((a, b) => shiftStart(b) - shiftStart(a) || a.id.localeCompare(b.id));

const seatsOf = (s: Shift): OnDuty[] =>
  s.positions.flatMap((p, positionIndex) =>
    p.personId === undefined
      ? []
      : [
          {
            shiftId: s.id,
            positionIndex,
            role: p.role,
            personId: p.personId,
            ...(p.department !== undefined ? { department: p.department } : {}),
            ...(p.checkedInAt !== undefined ? { checkedInAt: p.checkedInAt } : {}),
          },
        ],
  );

/**
 * Who is on duty at an instant: the leader on duty and the officers and liaisons of every running
 * shift. A shift holds [startsAt, endsAt): at the handover instant the incoming shift is on duty.
 * The reports alarm ladder asks this for its "leader on duty" rung.
 */
export function whoIsOnDuty(rosters: Rosters, now: number): DutyNow {
  const shifts = running(rosters, now);
  const seats = shifts.flatMap(seatsOf);
  const leader = seats.find((s) => s.role === 'leader');
  return {
    at: toInstant(now),
    shiftIds: shifts.map((s) => s.id),
    ...(leader ? { leader } : {}),
    officers: seats.filter((s) => s.role === 'officer'),
    liaisons: seats.filter((s) => s.role === 'liaison'),
  };
}

export interface LateCheckIn extends OnDuty {
  startsAt: Instant;
  /** Start plus grace: the moment the absence became an alarm. */
  dueBy: Instant;
  minutesLate: number;
  /** The leader on duty to alarm, unless the one missing is the leader (then the ladder goes up a rung). */
  alarmTo?: string;
}

/**
 * 到岗签到: seats of running shifts whose holder has not checked in `graceMinutes` after the start.
 * A seat checked in late but checked in is no longer an alarm; the check-in time stays on the shift.
 */
export function lateCheckIns(rosters: Rosters, now: number, graceMinutes: number): LateCheckIn[] {
  const leader = whoIsOnDuty(rosters, now).leader;
  return running(rosters, now)
    .sort((a, b) => shiftStart(a) - shiftStart(b) || a.id.localeCompare(b.id))
    .flatMap((s) => {
      const due = shiftStart(s) + graceMinutes * MINUTE;
      if (now < due) return [];
      return seatsOf(s)
        .filter((seat) => seat.checkedInAt === undefined)
        .map((seat) => ({
          ...seat,
          startsAt: s.startsAt,
          dueBy: toInstant(due),
          minutesLate: Math.floor((now - due) / MINUTE),
          ...(leader && leader.personId !== seat.personId ? { alarmTo: leader.personId } : {}),
        }));
    });
}
