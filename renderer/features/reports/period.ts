import { DAY, chinaParts, chinaWallTime, toInstant } from '../../../shared/time';

export type PeriodPreset = 'today' | 'last7d' | 'thisMonth' | 'lastMonth' | 'custom';
export const PERIOD_PRESETS: readonly PeriodPreset[] = [
  'today',
  'last7d',
  'thisMonth',
  'lastMonth',
  'custom',
];

/** A China-time calendar day as the statistics' day fields take it (YYYY-MM-DD). */
export function chinaDateInput(ms: number): string {
  const p = chinaParts(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

const dayStart = (value: string): number | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const ms = chinaWallTime(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0);
  return Number.isFinite(ms) && chinaDateInput(ms) === value ? ms : null;
};

/**
 * The statistics period for a preset, in whole China-time days, half-open [from, to): today; the last 7
 * days including today; this month; last month; or the custom days `from`…`to` inclusive. Null when the
 * custom dates are not dates or end before they start.
 */
export function periodOf(
  preset: PeriodPreset,
  now: number,
  custom?: { from: string; to: string },
): { from: string; to: string } | null {
  const today = dayStart(chinaDateInput(now)) as number;
  const { year, month } = chinaParts(now);
  const monthStart = (y: number, m: number) => chinaWallTime(y, m, 1, 0, 0);
  let range: [number, number] | null;
  switch (preset) {
    case 'today':
      range = [today, today + DAY];
      break;
    case 'last7d':
      range = [today - 6 * DAY, today + DAY];
      break;
    case 'thisMonth':
      range = [monthStart(year, month), month === 12 ? monthStart(year + 1, 1) : monthStart(year, month + 1)];
      break;
    case 'lastMonth':
      range = [month === 1 ? monthStart(year - 1, 12) : monthStart(year, month - 1), monthStart(year, month)];
      break;
    case 'custom': {
      const from = custom ? dayStart(custom.from) : null;
      const to = custom ? dayStart(custom.to) : null;
      range = from !== null && to !== null && from <= to ? [from, to + DAY] : null;
      break;
    }
  }
  return range ? { from: toInstant(range[0]), to: toInstant(range[1]) } : null;
}
