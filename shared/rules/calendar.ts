import { chinaParts, chinaWallTime, DAY, HOUR } from '../time';

/*
 * China-calendar arithmetic for daily deadlines, memoised: the zone conversions in shared/time cost
 * microseconds each (Intl under the hood), and every incident of a station walks the same few days.
 * The memo holds pure results keyed by their inputs, so it changes no answer; it is cleared when large.
 */

export interface ChinaDay {
  year: number;
  month: number;
  day: number;
}

const MAX_ENTRIES = 20_000;
const wallTimes = new Map<string, number>();
const nextDays = new Map<string, ChinaDay>();

const remember = <V>(memo: Map<string, V>, key: string, compute: () => V): V => {
  const known = memo.get(key);
  if (known !== undefined) return known;
  if (memo.size >= MAX_ENTRIES) memo.clear();
  const value = compute();
  memo.set(key, value);
  return value;
};

const pad = (n: number) => String(n).padStart(2, '0');
export const dayKey = (d: ChinaDay) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

const computeDay = (ms: number): ChinaDay => {
  const { year, month, day } = chinaParts(ms);
  return { year, month, day };
};
const daysByHint = new Map<string, ChinaDay>();

/** The China calendar day an instant falls on. */
export function chinaDayOf(ms: number): ChinaDay {
  // The hint (UTC+8 day number) only picks a memo slot; the answer is checked against that day's
  // own midnights, so a wrong hint costs a conversion, never a wrong day.
  const hint = String(Math.floor((ms + 8 * HOUR) / DAY));
  const day = remember(daysByHint, hint, () => computeDay(ms));
  if (chinaInstant(day, 0, 0) <= ms && ms < chinaInstant(nextChinaDay(day), 0, 0)) return day;
  return computeDay(ms);
}

/** The instant of a China clock time on a China calendar day. */
export const chinaInstant = (d: ChinaDay, hour: number, minute: number): number =>
  remember(wallTimes, `${dayKey(d)}T${pad(hour)}:${pad(minute)}`, () => chinaWallTime(d.year, d.month, d.day, hour, minute));

/** The following China calendar day (stepping from its noon, so no offset can skip or repeat a date). */
export const nextChinaDay = (d: ChinaDay): ChinaDay => remember(nextDays, dayKey(d), () => computeDay(chinaInstant(d, 12, 0) + DAY));

/** The China calendar day `n` days after `d` (stepping from its noon, as nextChinaDay does). */
export const chinaDaysAfter = (d: ChinaDay, n: number): ChinaDay => (n === 0 ? d : computeDay(chinaInstant(d, 12, 0) + n * DAY));

/**
 * The end of a period of `days` calendar days counted from an instant (Civil Code arts. 201 and 203):
 * the starting day is not counted and the last day ends at 24:00 China time, so the period is open
 * while t < the returned instant (00:00 China time of the day after its last day).
 */
export const calendarPeriodEnd = (from: number, days: number): number => chinaInstant(chinaDaysAfter(chinaDayOf(from), days + 1), 0, 0);
