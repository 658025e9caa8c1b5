import { describe, expect, it } from 'vitest';
import {
  chinaDay,
  floodSeasonKeyPeriod,
  holidayKeyPeriods,
  isArrangementKnown,
  keyPeriodsForMonth,
} from './calendar';

describe('China holiday calendar', () => {
  it('knows National Day as a holiday and the Saturday worked in lieu as a working day', () => {
    expect(chinaDay(2026, 10, 1)).toMatchObject({
      kind: 'holiday',
      holidayName: '国庆节',
      arrangementKnown: true,
    });
    // 2026-10-10 is a Saturday worked to pay for the National Day week (调休).
    expect(chinaDay(2026, 10, 10)).toMatchObject({ kind: 'adjusted_workday', holidayName: '国庆节' });
    expect(chinaDay(2026, 10, 12).kind).toBe('workday');
    expect(chinaDay(2026, 10, 17).kind).toBe('weekend');
  });

  it('reads dates the same whatever zone the host runs in (plain calendar arithmetic)', () => {
    // 2026-12-06 is a Sunday in every zone.
    expect(chinaDay(2026, 12, 6).kind).toBe('weekend');
    expect(chinaDay(2026, 12, 7).kind).toBe('workday');
  });

  it('says when a year’s arrangement is not published yet, and still knows its weekends', () => {
    expect(isArrangementKnown(2026)).toBe(true);
    expect(isArrangementKnown(2099)).toBe(false);
    expect(chinaDay(2099, 1, 3)).toMatchObject({ kind: 'weekend', arrangementKnown: false });
  });

  it('turns the Spring Festival week into one key period from 00:00 to 00:00 China time', () => {
    const periods = holidayKeyPeriods(2026, 2, ['公安局', '卫健委']);
    expect(periods).toEqual([
      {
        id: 'holiday-2026-02-15',
        name: '春节',
        kind: 'holiday',
        startsAt: '2026-02-14T16:00:00.000Z',
        endsAt: '2026-02-23T16:00:00.000Z',
        requiredDepartments: ['公安局', '卫健委'],
      },
    ]);
  });

  it('returns a holiday run that began last month whole', () => {
    // 元旦 2026 is 01-01..01-03; asking for January gives it once, starting on 01-01.
    const jan = holidayKeyPeriods(2026, 1);
    expect(jan.map((p) => [p.name, p.startsAt])).toEqual([['元旦', '2025-12-31T16:00:00.000Z']]);
    expect(holidayKeyPeriods(2026, 11)).toEqual([]);
  });

  it('makes the flood season a key period with both end days included', () => {
    const flood = floodSeasonKeyPeriod(2026, '06-01', '09-30', ['水利局', '气象局']);
    expect(flood).toMatchObject({
      kind: 'flood_season',
      startsAt: '2026-05-31T16:00:00.000Z',
      endsAt: '2026-09-30T16:00:00.000Z',
    });
  });
});

describe('keyPeriodsForMonth', () => {
  const calendar = {
    holidayDepartments: ['公安局'],
    floodSeason: { from: '06-01', to: '09-30', departments: ['水利局'] },
    others: [
      {
        id: 'expo',
        name: '博览会',
        kind: 'major_event' as const,
        startsAt: '2026-10-20T00:00:00.000Z',
        endsAt: '2026-10-25T00:00:00.000Z',
        requiredDepartments: ['交通局'],
      },
    ],
  };

  it('gathers the holidays, the flood season and hand-entered periods touching the month', () => {
    expect(keyPeriodsForMonth(2026, 9, calendar).map((p) => p.name)).toEqual(['中秋', '汛期']);
    expect(keyPeriodsForMonth(2026, 10, calendar).map((p) => p.name)).toEqual(['国庆节', '博览会']);
    expect(keyPeriodsForMonth(2026, 11, calendar)).toEqual([]);
  });
});
