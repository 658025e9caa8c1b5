import { z } from 'zod';
import { TZDate } from '@date-fns/tz';

/** Every instant is stored as a UTC ISO-8601 string with a trailing Z. */
export const Instant = z.iso.datetime({ precision: 3 }).or(z.iso.datetime({ precision: 0 }));
export type Instant = z.infer<typeof Instant>;

/** The zone in which every time is shown and every "daily at 08:00" rule is read. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const toInstant = (ms: number): Instant => new Date(ms).toISOString();
export const toMs = (instant: Instant): number => Date.parse(instant);

/** Wall-clock parts of an instant in China Standard Time, whatever the host zone. */
export function chinaParts(ms: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new TZDate(ms, CHINA_TIME_ZONE);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes() };
}

/** The instant of a given wall-clock time in China Standard Time. */
export function chinaWallTime(year: number, month: number, day: number, hour: number, minute: number): number {
  return new TZDate(year, month - 1, day, hour, minute, 0, 0, CHINA_TIME_ZONE).getTime();
}

/** 24-hour CST rendering, e.g. "2026-11-25 13:10". */
export function formatChinaTime(ms: number, withSeconds = false): string {
  const d = new TZDate(ms, CHINA_TIME_ZONE);
  const pad = (n: number) => String(n).padStart(2, '0');
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withSeconds ? `${base}:${pad(d.getSeconds())}` : base;
}
