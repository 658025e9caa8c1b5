import { describe, expect, it } from 'vitest';
import type { Report } from '../domain/report';
import { MINUTE, toInstant, toMs } from '../time';
import { median, timelinessStats, type ObligationLike, type TimelinessInput } from './timeliness';

const DAY_START = toMs('2026-11-24T16:00:00.000Z'); // 2026-11-25 00:00 Beijing time
const at = (min: number) => toInstant(DAY_START + min * MINUTE);

let seq = 0;
function ob(
  kind: ObligationLike['kind'],
  dueMin: number,
  state: ObligationLike['state'],
  metMin?: number,
  incidentId = 'INC-A',
): ObligationLike {
  return {
    key: `${kind}.${++seq}`,
    incidentId,
    kind,
    dueAt: at(dueMin),
    state,
    ...(metMin !== undefined ? { metAt: at(metMin) } : {}),
  };
}

function sentReport(incidentId: string, sentMin: number | undefined): Report {
  return {
    id: `R${++seq}`,
    incidentId,
    kind: 'initial',
    channel: 'written',
    jurisdiction: '500101',
    status: sentMin === undefined ? 'draft' : 'sent',
    ...(sentMin !== undefined ? { sentAt: at(sentMin) } : {}),
    versions: [],
  } as unknown as Report;
}

const period = { from: DAY_START, to: DAY_START + 24 * 60 * MINUTE };

describe('timeliness statistics for a period', () => {
  const input: TimelinessInput = {
    period,
    stations: [
      {
        station: 'district-500101',
        stationName: '某区应急管理局',
        obligations: [
          ob('initial_phone', 30, 'met', 20),
          ob('initial_written', 60, 'met_late', 75),
          ob('follow_up', 300, 'overdue'),
          ob('follow_up', 360, 'waived'),
          ob('final', 1500, 'pending'), // due the next day: outside the period
        ],
      },
      {
        station: 'district-500102',
        stationName: '某县应急管理局',
        obligations: [
          ob('initial_phone', 100, 'met', 90, 'INC-B'),
          ob('initial_written', 130, 'met', 120, 'INC-B'),
          ob('final', 1300, 'pending', undefined, 'INC-B'),
        ],
      },
    ],
    incidents: [
      { id: 'INC-A', station: 'district-500101', receivedAt: at(0) },
      { id: 'INC-B', station: 'district-500102', receivedAt: at(70) },
      { id: 'INC-C', station: 'district-500102', receivedAt: at(200) },
      { id: 'INC-OLD', station: 'district-500102', receivedAt: at(-100) },
    ],
    reports: [
      sentReport('INC-A', 20),
      sentReport('INC-A', 75),
      sentReport('INC-B', 90),
      sentReport('INC-C', undefined),
      sentReport('INC-OLD', -50),
    ],
  };
  const now = DAY_START + 600 * MINUTE; // 10:00 Beijing time
  const r = timelinessStats(input, now);
  if (!r.ok) throw new Error('stats refused');
  const stats = r.value;

  it('counts on time, late and missing per kind, leaving waived obligations out of what was owed', () => {
    const row = (k: string) => stats.byKind.find((x) => x.key === k);
    expect(row('initial_phone')).toMatchObject({
      label: '电话首报',
      due: 2,
      onTime: 2,
      late: 0,
      missing: 0,
      onTimeRate: 1,
    });
    expect(row('initial_written')).toMatchObject({
      label: '书面首报',
      due: 2,
      onTime: 1,
      late: 1,
      missing: 0,
      onTimeRate: 0.5,
    });
    expect(row('follow_up')).toMatchObject({ due: 1, onTime: 0, missing: 1, waived: 1, onTimeRate: 0 });
    expect(row('final')).toMatchObject({ due: 1, pending: 1, onTimeRate: null });
    expect(row('relay')).toMatchObject({ due: 0, onTimeRate: null });
    expect(stats.total).toMatchObject({
      due: 6,
      onTime: 3,
      late: 1,
      missing: 1,
      pending: 1,
      waived: 1,
      onTimeRate: 0.6,
    });
  });

  it('counts per station under the station name', () => {
    expect(stats.byStation.map((s) => [s.label, s.due, s.onTime, s.late, s.missing])).toEqual([
      ['某区应急管理局', 3, 1, 1, 1],
      ['某县应急管理局', 3, 2, 0, 0],
    ]);
  });

  it('lists the late and the missing, most late first, a missing one late as of now', () => {
    expect(stats.exceptions.map((e) => [e.kind, e.state, e.lateByMs / MINUTE])).toEqual([
      ['follow_up', 'overdue', 300],
      ['initial_written', 'met_late', 15],
    ]);
  });

  it('takes the median time from 接报 to the first report over incidents received in the period', () => {
    // INC-A: 20 min, INC-B: 20 min, INC-C: none yet; INC-OLD was received before the period.
    expect(stats.firstReport.total).toMatchObject({ incidents: 3, reported: 2, medianMs: 20 * MINUTE });
    expect(stats.firstReport.byStation).toEqual([
      {
        station: 'district-500101',
        stationName: '某区应急管理局',
        incidents: 1,
        reported: 1,
        medianMs: 20 * MINUTE,
      },
      {
        station: 'district-500102',
        stationName: '某县应急管理局',
        incidents: 2,
        reported: 1,
        medianMs: 20 * MINUTE,
      },
    ]);
  });

  it('is refused when the period ends before it starts', () => {
    const bad = timelinessStats({ ...input, period: { from: period.to, to: period.from } }, now);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ code: 'INVALID_FIELD', field: 'period' });
  });
});

describe('median', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
  ])('median of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
