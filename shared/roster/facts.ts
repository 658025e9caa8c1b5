import type { Shift } from '../domain/operations';
import { HOUR, chinaParts, chinaWallTime, toMs } from '../time';
import { addDays, chinaDateKey, chinaDay, type ChinaDay } from './calendar';
import type { KeyPeriod } from './schemas';

/** Everything time-related about a shift that checks and tables need, computed once. */
export const shiftStart = (s: Pick<Shift, 'startsAt'>): number => toMs(s.startsAt);
export const shiftEnd = (s: Pick<Shift, 'endsAt'>): number => toMs(s.endsAt);
export const shiftHours = (s: Pick<Shift, 'startsAt' | 'endsAt'>): number =>
  (shiftEnd(s) - shiftStart(s)) / HOUR;

/** Two half-open spans [a, b) and [c, d) share some time. */
export const overlaps = (a: number, b: number, c: number, d: number): boolean => a < d && c < b;

/**
 * A night shift (夜班) is one holding at least an hour of 00:00–06:00 China time, the hours fairness
 * rules count; a 24-hour shift always does, a 08:00–20:00 day shift never.
 */
export function isNightShift(s: Pick<Shift, 'startsAt' | 'endsAt'>): boolean {
  const start = shiftStart(s);
  const end = shiftEnd(s);
  const p = chinaParts(start);
  let day = chinaDateKey(p.year, p.month, p.day);
  for (let guard = 0; guard < 8; guard++) {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const from = chinaWallTime(y, m, d, 0, 0);
    if (from >= end) return false;
    const to = chinaWallTime(y, m, d, 6, 0);
    if (Math.min(end, to) - Math.max(start, from) >= HOUR) return true;
    const next = addDays(day, 1);
    day = chinaDateKey(next.year, next.month, next.day);
  }
  return false;
}

/** The China calendar day a shift starts on: holiday counts follow the day the shift begins. */
export function startDay(s: Pick<Shift, 'startsAt'>): ChinaDay {
  const p = chinaParts(shiftStart(s));
  return chinaDay(p.year, p.month, p.day);
}

/** Key periods the shift shares any time with. */
export const keyPeriodsOf = (
  s: Pick<Shift, 'startsAt' | 'endsAt'>,
  periods: readonly KeyPeriod[],
): KeyPeriod[] =>
  periods.filter((k) => overlaps(shiftStart(s), shiftEnd(s), toMs(k.startsAt), toMs(k.endsAt)));

/** Departments a shift must seat for joint duty, from every key period it touches, without repeats. */
export const requiredDepartmentsOf = (
  s: Pick<Shift, 'startsAt' | 'endsAt'>,
  periods: readonly KeyPeriod[],
): string[] => [...new Set(keyPeriodsOf(s, periods).flatMap((k) => k.requiredDepartments))];
