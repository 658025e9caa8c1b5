import { formatChinaTime } from '../../../shared/time';

/** 蓝黄橙红: the warning colours from the least to the most severe. */
export const COLOURS = ['blue', 'yellow', 'orange', 'red'] as const;

/** A warning's instant on the China clock, with seconds. */
export const time = (iso: string | undefined) => (iso ? formatChinaTime(Date.parse(iso), true) : '');

/** Within one warning's board the day is the issue's: the time of day is enough. */
export const clock = (iso: string | undefined) => time(iso).slice(11);

/** mm:ss of a countdown; past the limit it counts up. */
export function clockText(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
