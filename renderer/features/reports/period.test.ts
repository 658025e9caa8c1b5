import { describe, expect, it } from 'vitest';
import { periodOf } from './period';

// 2026-11-25 09:30 in China (01:30 UTC): the China day began at 2026-11-24T16:00Z.
const now = Date.parse('2026-11-25T01:30:00.000Z');

describe('statistics periods in China-time days', () => {
  it('today, the last 7 days, this month and last month start at China midnight', () => {
    expect(periodOf('today', now)).toEqual({
      from: '2026-11-24T16:00:00.000Z',
      to: '2026-11-25T16:00:00.000Z',
    });
    expect(periodOf('last7d', now)).toEqual({
      from: '2026-11-18T16:00:00.000Z',
      to: '2026-11-25T16:00:00.000Z',
    });
    expect(periodOf('thisMonth', now)).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
    });
    expect(periodOf('lastMonth', now)).toEqual({
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-10-31T16:00:00.000Z',
    });
  });

  it('just after China midnight on 1 January, last month is December of the year before', () => {
    const newYear = Date.parse('2026-12-31T16:30:00.000Z'); // 2027-01-01 00:30 in China
    expect(periodOf('today', newYear)?.from).toBe('2026-12-31T16:00:00.000Z');
    expect(periodOf('lastMonth', newYear)).toEqual({
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
    });
    expect(periodOf('thisMonth', newYear)?.to).toBe('2027-01-31T16:00:00.000Z');
  });

  it('a custom period covers both days given, and refuses reversed or impossible dates', () => {
    expect(periodOf('custom', now, { from: '2026-11-01', to: '2026-11-01' })).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-01T16:00:00.000Z',
    });
    expect(periodOf('custom', now, { from: '2026-11-10', to: '2026-11-01' })).toBeNull();
    expect(periodOf('custom', now, { from: '2026-02-30', to: '2026-03-01' })).toBeNull();
    expect(periodOf('custom', now, { from: '', to: '2026-03-01' })).toBeNull();
    expect(periodOf('custom', now)).toBeNull();
  });
});
