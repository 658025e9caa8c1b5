import holidayData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { DAY, chinaWallTime, toInstant } from '../time';
import type { KeyPeriod } from './schemas';

/*
 * The State Council's holiday arrangements (法定节假日 and the 调休 working days that pay for them) come
 * from the `chinese-days` package. Only its JSON table is used, never its functions: they read dates
 * through the host's local zone, while a China date here is a plain "YYYY-MM-DD" key.
 */
type DayTable = Record<string, string>;
const table = holidayData as { holidays: DayTable; workdays: DayTable; inLieuDays: DayTable };

/** A calendar date in China, "YYYY-MM-DD". */
export type ChinaDate = string;

export type ChinaDayKind =
  | 'workday' // 工作日
  | 'weekend' // 周末
  | 'holiday' // 法定节假日 (including the days taken in lieu)
  | 'adjusted_workday'; // 调休上班: a weekend day worked to pay for a holiday

export interface ChinaDay {
  date: ChinaDate;
  kind: ChinaDayKind;
  /** Festival name in Chinese (e.g. 国庆节) for holidays and adjusted working days. */
  holidayName?: string;
  /** False when the year lies outside the published arrangements: only weekends are known then. */
  arrangementKnown: boolean;
}

const knownYears = new Set(Object.keys(table.holidays).map((d) => Number(d.slice(0, 4))));

/** Years whose holiday arrangement has been published and is in the table. */
export const isArrangementKnown = (year: number): boolean => knownYears.has(year);

export const chinaDateKey = (year: number, month: number, day: number): ChinaDate =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Day of week of a calendar date (0 = Sunday), by arithmetic on the date alone, independent of any zone. */
export const weekdayOf = (year: number, month: number, day: number): number =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay();

export const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/** "Spring Festival,春节,4" → "春节" */
const chineseName = (entry: string): string => entry.split(',')[1] ?? entry;

export function chinaDay(year: number, month: number, day: number): ChinaDay {
  const date = chinaDateKey(year, month, day);
  const arrangementKnown = isArrangementKnown(year);
  const worked = table.workdays[date];
  if (worked !== undefined)
    return { date, kind: 'adjusted_workday', holidayName: chineseName(worked), arrangementKnown };
  const holiday = table.holidays[date];
  if (holiday !== undefined)
    return { date, kind: 'holiday', holidayName: chineseName(holiday), arrangementKnown };
  const weekday = weekdayOf(year, month, day);
  return { date, kind: weekday === 0 || weekday === 6 ? 'weekend' : 'workday', arrangementKnown };
}

/** A China calendar date plus n days. */
export function addDays(date: ChinaDate, n: number): { year: number; month: number; day: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d) + n * DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/**
 * Public holidays touching a month, one key period per run of consecutive holiday days (e.g. 国庆节
 * 10-01…10-07), from 00:00 of the first day to 00:00 after the last, China time. A run that crosses
 * the month edge is returned whole.
 */
export function holidayKeyPeriods(
  year: number,
  month: number,
  requiredDepartments: readonly string[] = [],
): KeyPeriod[] {
  const sameRun = (date: ChinaDate, name: string | undefined, step: number): ChinaDate | undefined => {
    const n = addDays(date, step);
    const d = chinaDay(n.year, n.month, n.day);
    return d.kind === 'holiday' && d.holidayName === name ? d.date : undefined;
  };
  const periods: KeyPeriod[] = [];
  const seen = new Set<ChinaDate>();
  for (let day = 1; day <= daysInMonth(year, month); day++) {
    const today = chinaDay(year, month, day);
    if (today.kind !== 'holiday') continue;
    let first = today.date;
    for (let p = sameRun(first, today.holidayName, -1); p; p = sameRun(first, today.holidayName, -1))
      first = p;
    if (seen.has(first)) continue;
    seen.add(first);
    let last = first;
    for (let n = sameRun(last, today.holidayName, 1); n; n = sameRun(last, today.holidayName, 1)) last = n;
    const [fy, fm, fd] = first.split('-').map(Number) as [number, number, number];
    const after = addDays(last, 1);
    periods.push({
      id: `holiday-${first}`,
      name: today.holidayName ?? '节假日',
      kind: 'holiday',
      startsAt: toInstant(chinaWallTime(fy, fm, fd, 0, 0)),
      endsAt: toInstant(chinaWallTime(after.year, after.month, after.day, 0, 0)),
      requiredDepartments: [...requiredDepartments],
    });
  }
  return periods;
}

/**
 * 汛期 flood season of a year as a key period. Its dates are set locally (commonly 06-01 to 09-30 in the
 * north, from 04-01 or 05-01 in the south), so they are parameters, "MM-DD", both days included.
 */
export function floodSeasonKeyPeriod(
  year: number,
  from: string,
  to: string,
  requiredDepartments: readonly string[],
): KeyPeriod {
  const [fm, fd] = from.split('-').map(Number) as [number, number];
  const [tm, td] = to.split('-').map(Number) as [number, number];
  const after = addDays(chinaDateKey(year, tm, td), 1);
  return {
    id: `flood-${year}`,
    name: '汛期',
    kind: 'flood_season',
    startsAt: toInstant(chinaWallTime(year, fm, fd, 0, 0)),
    endsAt: toInstant(chinaWallTime(after.year, after.month, after.day, 0, 0)),
    requiredDepartments: [...requiredDepartments],
  };
}

export interface KeyPeriodCalendar {
  /** Departments on joint duty over public holidays (e.g. 公安局, 卫健委). */
  holidayDepartments?: readonly string[];
  /** 汛期 as set locally, "MM-DD" both days included, with its joint-duty departments. */
  floodSeason?: { from: string; to: string; departments: readonly string[] };
  /** Major events and other periods entered by hand (重大活动). */
  others?: readonly KeyPeriod[];
}

/** Every key period touching a month: its public holidays, the flood season, and periods entered by hand. */
export function keyPeriodsForMonth(year: number, month: number, calendar: KeyPeriodCalendar): KeyPeriod[] {
  const monthStart = chinaWallTime(year, month, 1, 0, 0);
  const next = addDays(chinaDateKey(year, month, daysInMonth(year, month)), 1);
  const monthEnd = chinaWallTime(next.year, next.month, next.day, 0, 0);
  const touches = (p: KeyPeriod) => Date.parse(p.startsAt) < monthEnd && Date.parse(p.endsAt) > monthStart;
  return [
    ...holidayKeyPeriods(year, month, calendar.holidayDepartments ?? []),
    ...(calendar.floodSeason
      ? [
          floodSeasonKeyPeriod(
            year,
            calendar.floodSeason.from,
            calendar.floodSeason.to,
            calendar.floodSeason.departments,
          ),
        ]
      : []),
    ...(calendar.others ?? []),
  ].filter(touches);
}
