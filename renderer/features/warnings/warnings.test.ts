import { describe, expect, it } from 'vitest';
import type { WarningRecordWire, WarningStateWire } from '../../../shared/api/warnings-calls';
import { changesReceived, clockTicked } from '../../app/actions';
import { rootReducer, type RootState } from '../../app/store';
import { answerChannelFor, fetchWarningRecord } from './commands';
import { selectAnswerCounts, selectBoard, selectWarnings } from './selectors';
import { warningSelected } from './slice';

const issuedAt = '2026-07-10T01:00:00.000Z';
const warning = (over: Partial<WarningStateWire> = {}): WarningStateWire => ({
  id: '01J2B3C4D5E6F7G8H9J0K1M2N3',
  hazard: '暴雨',
  colour: 'red',
  areas: ['500110101', '500110102'],
  text: '强降雨',
  issuedAt,
  issuedBy: 'officer-1',
  status: 'active',
  recipients: [
    {
      id: 'ws-101-duty',
      name: '南桐镇应急值班室',
      jurisdiction: '500110101',
      tier: 1,
      superiorId: 'ws-101-head',
      deliveredAt: '2026-07-10T01:00:05.000Z',
      deliveredBy: 'sms',
      acknowledgedAt: '2026-07-10T01:04:00.000Z',
      acknowledgedBy: 'phone',
      renotifiedAt: [],
    },
    {
      id: 'ws-102-duty',
      name: '青年镇应急值班室',
      jurisdiction: '500110102',
      tier: 1,
      superiorId: 'ws-102-head',
      deliveredAt: '2026-07-10T01:00:05.000Z',
      deliveredBy: 'sms',
      renotifiedAt: [],
    },
  ],
  ...over,
});
const record = (w: WarningStateWire): WarningRecordWire => ({
  asOf: issuedAt,
  warning: w,
  steps: [],
  loop: w.recipients.map((r) => ({
    recipientId: r.id,
    stage: r.acknowledgedAt ? 'acknowledged' : 'delivered',
    ackDueAt: '2026-07-10T01:10:00.000Z',
    late: false,
    renotifications: 0,
  })),
  closed: false,
  names: { 'ws-102-head': '青年镇镇长 张明华' },
});

const reduce = (state: RootState | undefined, ...actions: Array<{ type: string }>) =>
  actions.reduce((s, a) => rootReducer(s, a as never), state ?? rootReducer(undefined, { type: '@@init' }));

const changes = (warnings: WarningStateWire[]) =>
  changesReceived({
    kind: 'changes',
    events: [],
    incidents: [],
    reports: [],
    obligations: [],
    teams: [],
    shelters: [],
    dispatchOrders: [],
    depots: [],
    riskPoints: [],
    warnings,
  } as never);

describe('the warnings board in the window', () => {
  it('counts the answers per warning and lists those in force before the lifted ones', () => {
    const lifted = warning({
      id: '01J2B3C4D5E6F7G8H9J0K1M2N9',
      issuedAt: '2026-07-10T02:00:00.000Z',
      status: 'lifted',
    });
    const s = reduce(undefined, changes([warning(), lifted]));
    expect(selectWarnings(s).map((w) => w.status)).toEqual(['active', 'lifted']);
    expect(selectAnswerCounts(s)[warning().id]).toEqual({ answered: 1, total: 2 });
  });

  it("counts down each silent recipient's answer limit on the window's one tick, and counts up once it passes", () => {
    const w = warning();
    let s = reduce(
      undefined,
      changes([w]),
      warningSelected(w.id),
      clockTicked(Date.parse(issuedAt)),
      fetchWarningRecord.fulfilled({ record: record(w), tickAt: Date.parse(issuedAt) }, 'req', {
        warningId: w.id,
      }),
      clockTicked(Date.parse('2026-07-10T01:07:30.000Z')),
    );
    const rows = () =>
      selectBoard(s).map((r) => [r.id, r.stage, r.remainingMs ?? null, r.late, r.superiorName ?? null]);
    expect(rows()).toEqual([
      ['ws-101-duty', 'acknowledged', null, false, null],
      ['ws-102-duty', 'delivered', 150_000, false, '青年镇镇长 张明华'],
    ]);
    s = reduce(s, clockTicked(Date.parse('2026-07-10T01:11:00.000Z')));
    expect(rows()[1]).toEqual(['ws-102-duty', 'delivered', -60_000, true, '青年镇镇长 张明华']);
    // The station pushes the re-notification: the row shows it, the countdown goes on.
    s = reduce(
      s,
      changes([
        warning({
          recipients: [w.recipients[0], { ...w.recipients[1], renotifiedAt: ['2026-07-10T01:10:01.000Z'] }],
        }),
      ]),
    );
    expect(selectBoard(s)[1]?.renotifiedAt).toEqual(['2026-07-10T01:10:01.000Z']);
  });

  it("a recipient's own duty room answers at its station; anyone else's answer is a call taken by phone", () => {
    expect(answerChannelFor('500110101', '500110101')).toBe('station');
    expect(answerChannelFor('500110101', '500110')).toBe('phone');
    expect(answerChannelFor('500110101', undefined)).toBe('phone');
  });

  it("follows the station's clock when it differs from the window's: the record's time sets the countdown", () => {
    const w = warning();
    // The station says 01:09:00 when the window's tick reads 01:05:00: four minutes ahead.
    const s = reduce(
      undefined,
      changes([w]),
      warningSelected(w.id),
      fetchWarningRecord.fulfilled(
        {
          record: { ...record(w), asOf: '2026-07-10T01:09:00.000Z' },
          tickAt: Date.parse('2026-07-10T01:05:00.000Z'),
        },
        'req',
        { warningId: w.id },
      ),
      clockTicked(Date.parse('2026-07-10T01:05:30.000Z')),
    );
    expect(selectBoard(s)[1]?.remainingMs).toBe(30_000);
  });
});
