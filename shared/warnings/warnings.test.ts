import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors';
import { newId } from '../ids';
import type { Result } from '../result';
import { cst, Desk, hhmm } from '../headquarters/headquarters.testing';
import {
  decideWarning,
  evolveWarning,
  warningRecord,
  type WarningEvent,
  type WarningState,
} from './aggregate';
import { dueSteps, warningLoop } from './loop';
import { defaultWarningPolicy, loadWarningPolicy, type WarningPolicy } from './policy';
import { chooseRecipients, type WarningContact } from './recipients';

const district = '500101';
const townships = ['500101001', '500101002', '500101003', '500101004', '500101005'];

/** Each township has a duty room answering to its township head; each has one grid person in charge in a village. */
const contacts: WarningContact[] = [
  { id: 'district-duty', name: '区应急值班室', jurisdiction: district, kind: 'duty_room', phones: [] },
  ...townships.flatMap((code, i): WarningContact[] => [
    {
      id: `town-${i + 1}`,
      name: `第${i + 1}镇值班室`,
      jurisdiction: code,
      kind: 'duty_room',
      superiorId: `head-${i + 1}`,
      phones: ['023-4000000'],
    },
    {
      id: `head-${i + 1}`,
      name: `第${i + 1}镇镇长`,
      jurisdiction: code,
      kind: 'official',
      phones: ['13900000000'],
    },
    {
      id: `grid-${i + 1}`,
      name: `第${i + 1}镇一村网格员`,
      jurisdiction: `${code}001`,
      kind: 'grid_person',
      phones: ['13700000000'],
    },
  ]),
];

const at = (text: string) => new Date(cst(text)).toISOString();
const codes = (r: Result<unknown>) => (r.ok ? [] : r.errors.map((e: DomainError) => [e.code, e.field]));

const desk = (start: string, station = { id: 'district-a', jurisdiction: district }) =>
  new Desk<WarningState, WarningEvent>(decideWarning, evolveWarning, start, station);

/** Given a red rainstorm warning issued by the district at 01:00 to its five township duty rooms, delivered through the hub at 01:01. */
function issuedToFiveTownships(
  policyRecipients = chooseRecipients(contacts, district, townships, { tiers: [1], gridPersons: false }),
) {
  const d = desk('2026-07-10 01:00');
  const warningId = newId(d.now);
  d.must('warning.issue', {
    warningId,
    hazard: '暴雨',
    colour: 'red',
    areas: townships,
    text: '预计未来3小时我区将出现100毫米以上强降雨，请立即启动防汛应急响应，落实危险区人员转移。',
    recipients: policyRecipients,
  });
  d.at('2026-07-10 01:01');
  for (const r of policyRecipients)
    d.must('warning.record_delivery', { warningId, recipientId: r.id, channel: 'hub' });
  return { d, warningId };
}

describe('choosing recipients (by tier and grid person in charge)', () => {
  it('tier 1 gives the township duty rooms, each answering to its township head', () => {
    const chosen = chooseRecipients(contacts, district, townships, { tiers: [1], gridPersons: false });
    expect(chosen.map((r) => [r.id, r.tier, r.superiorId])).toEqual(
      townships.map((_, i) => [`town-${i + 1}`, 1, `head-${i + 1}`]),
    );
  });

  it('grid persons in charge are reached directly, answering to their township duty room when no superior is on record', () => {
    const chosen = chooseRecipients(contacts, district, ['500101002'], { tiers: [1], gridPersons: true });
    expect(chosen.map((r) => [r.id, r.tier, r.superiorId])).toEqual([
      ['town-2', 1, 'head-2'],
      ['grid-2', 2, 'town-2'],
    ]);
  });

  it('nobody outside the areas or above the issuer is chosen', () => {
    const chosen = chooseRecipients(contacts, district, ['500101003'], {
      tiers: [0, 1, 2],
      gridPersons: true,
      officials: true,
    });
    expect(chosen.map((r) => r.id)).toEqual(['town-3', 'head-3', 'grid-3']);
  });
});

describe('warning call-and-response (预警叫应)', () => {
  it('given a warning to five townships, when two do not answer within 10 minutes, then each is re-notified once and then escalated to its superior', () => {
    const { d, warningId } = issuedToFiveTownships();

    // Township 1 answers from its own station; the acknowledgement reaches the district through the hub.
    const town1 = desk('2026-07-10 01:03', { id: 'town-1-station', jurisdiction: '500101001' });
    for (const e of d.events) town1.receive(e);
    const [ack1] = town1.must('warning.acknowledge', {
      warningId,
      recipientId: 'town-1',
      channel: 'station',
    });
    d.receive(ack1);
    // Townships 2 and 3 call back; the district duty officer logs the calls.
    d.at('2026-07-10 01:06').must('warning.acknowledge', {
      warningId,
      recipientId: 'town-2',
      channel: 'phone',
    });
    d.at('2026-07-10 01:09').must('warning.acknowledge', {
      warningId,
      recipientId: 'town-3',
      channel: 'phone',
    });

    const atLimit = warningLoop(d.state!, cst('2026-07-10 01:10'), defaultWarningPolicy);
    expect(atLimit.summary.overdue).toEqual([]);
    expect(dueSteps(atLimit).map((o) => [o.recipientId, o.kind, hhmm(o.dueAt), o.state])).toEqual([
      ['town-4', 'warning_renotify', '01:10', 'pending'],
      ['town-5', 'warning_renotify', '01:10', 'pending'],
    ]);

    const past = warningLoop(d.state!, cst('2026-07-10 01:11'), defaultWarningPolicy);
    expect(past.summary.overdue.map((o) => [o.recipientId, hhmm(o.ackDueAt), o.next])).toEqual([
      ['town-4', '01:10', 'warning_renotify'],
      ['town-5', '01:10', 'warning_renotify'],
    ]);
    d.at('2026-07-10 01:11');
    for (const id of ['town-4', 'town-5'])
      d.must('warning.renotify', { warningId, recipientId: id, channel: 'voice' });

    // Township 4 answers after the reminder: late, but answered. Township 5 stays silent.
    d.at('2026-07-10 01:13').must('warning.acknowledge', {
      warningId,
      recipientId: 'town-4',
      channel: 'phone',
    });
    const afterReminder = warningLoop(d.state!, cst('2026-07-10 01:16'), defaultWarningPolicy);
    expect(
      dueSteps(afterReminder).map((o) => [o.recipientId, o.kind, hhmm(o.dueAt), o.state, o.superiorId]),
    ).toEqual([['town-5', 'warning_escalate', '01:16', 'pending', 'head-5']]);
    expect(dueSteps(warningLoop(d.state!, cst('2026-07-10 01:17'), defaultWarningPolicy))[0].state).toBe(
      'overdue',
    );
    d.at('2026-07-10 01:17').must('warning.escalate', {
      warningId,
      recipientId: 'town-5',
      note: '已电话报告镇长',
    });

    const loop = warningLoop(d.state!, cst('2026-07-10 01:18'), defaultWarningPolicy);
    expect(dueSteps(loop)).toEqual([]);
    expect(loop.recipients.map((r) => [r.recipientId, r.stage, r.late])).toEqual([
      ['town-1', 'acknowledged', false],
      ['town-2', 'acknowledged', false],
      ['town-3', 'acknowledged', false],
      ['town-4', 'acknowledged', true],
      ['town-5', 'delivered', true],
    ]);
    expect(loop.summary.byStage).toEqual({ issued: 0, delivered: 1, acknowledged: 4, action_reported: 0 });
    expect(loop.summary.byTier).toEqual([{ tier: 1, total: 5, acknowledged: 4, overdue: 1 }]);
    expect(loop.obligations.find((o) => o.key === 'escalate.town-5')).toMatchObject({
      state: 'met_late',
      superiorId: 'head-5',
    });
    expect(loop.obligations.find((o) => o.key === 'ack.town-4')).toMatchObject({
      state: 'met_late',
      metAt: at('2026-07-10 01:13'),
    });
  });

  it('the record shows every step of the loop with its time, recipient and who recorded it', () => {
    const { d, warningId } = issuedToFiveTownships(
      chooseRecipients(contacts, district, ['500101001'], { tiers: [1], gridPersons: false }),
    );
    d.at('2026-07-10 01:11').must('warning.renotify', { warningId, recipientId: 'town-1', channel: 'voice' });
    // Logged at 01:20 for a call-back taken at 01:14.
    d.at('2026-07-10 01:20').must('warning.acknowledge', {
      warningId,
      recipientId: 'town-1',
      channel: 'phone',
      acknowledgedAt: at('2026-07-10 01:14'),
    });
    d.at('2026-07-10 02:05').must('warning.report_action', {
      warningId,
      recipientId: 'town-1',
      action: '已转移危险区群众23户61人',
      evacuatedPeople: 61,
    });
    d.at('2026-07-10 06:00').must('warning.lift', { warningId, reason: '降雨减弱' });
    expect(warningRecord(d.events).map((s) => [hhmm(s.at), s.step, s.recipientId ?? '', s.by])).toEqual([
      ['01:00', 'issued', '', 'officer-chen'],
      ['01:01', 'delivered', 'town-1', 'officer-chen'],
      ['01:11', 'renotified', 'town-1', 'officer-chen'],
      ['01:14', 'acknowledged', 'town-1', 'officer-chen'],
      ['02:05', 'action_reported', 'town-1', 'officer-chen'],
      ['06:00', 'lifted', '', 'officer-chen'],
    ]);
    const loop = warningLoop(d.state!, cst('2026-07-10 06:01'), defaultWarningPolicy);
    expect(loop.summary.closed).toBe(true);
    expect(loop.recipients[0]).toMatchObject({ stage: 'action_reported', renotifications: 1, late: true });
  });

  it('a notice the gateway could not carry is on record for the recipient and in the record, and the loop goes on', () => {
    const { d, warningId } = issuedToFiveTownships(
      chooseRecipients(contacts, district, ['500101002'], { tiers: [1], gridPersons: false }),
    );
    d.at('2026-07-10 01:11').must('warning.record_delivery_failure', {
      warningId,
      recipientId: 'town-2',
      channel: 'voice',
      notice: 'renotify',
      reason: '短信/语音网关暂不可用',
    });
    expect(d.state?.recipients[0]).toMatchObject({
      deliveryFailedAt: at('2026-07-10 01:11'),
      deliveryFailure: { notice: 'renotify', channel: 'voice' },
      renotifiedAt: [],
    });
    // The reminder is still owed: the failure does not count as one.
    const loop = warningLoop(d.state!, cst('2026-07-10 01:12'), defaultWarningPolicy);
    expect(loop.recipients[0]?.next?.kind).toBe('warning_renotify');
    expect(warningRecord(d.events).map((s) => [hhmm(s.at), s.step, s.detail])).toContainEqual([
      '01:11',
      'delivery_failed',
      'renotify voice: 短信/语音网关暂不可用',
    ]);
  });

  it('each tier has its own answer limit from the policy', () => {
    const policy: WarningPolicy = { ...defaultWarningPolicy, tiers: [{ tier: 2, ackLimitMinutes: 20 }] };
    const { d } = issuedToFiveTownships(
      chooseRecipients(contacts, district, ['500101002'], { tiers: [1], gridPersons: true }),
    );
    const loop = warningLoop(d.state!, cst('2026-07-10 01:15'), policy);
    expect(loop.recipients.map((r) => [r.recipientId, r.tier, hhmm(r.ackDueAt)])).toEqual([
      ['town-2', 1, '01:10'],
      ['grid-2', 2, '01:20'],
    ]);
    expect(loop.summary.overdue.map((o) => o.recipientId)).toEqual(['town-2']);
    expect(loop.summary.byTier).toEqual([
      { tier: 1, total: 1, acknowledged: 0, overdue: 1 },
      { tier: 2, total: 1, acknowledged: 0, overdue: 0 },
    ]);
  });

  it('an action report may be due by colour, and lifting the warning waives what is still open', () => {
    const policy: WarningPolicy = { ...defaultWarningPolicy, actionLimitMinutes: { red: 60 } };
    const { d, warningId } = issuedToFiveTownships(
      chooseRecipients(contacts, district, ['500101001'], { tiers: [1], gridPersons: false }),
    );
    d.at('2026-07-10 01:05').must('warning.acknowledge', {
      warningId,
      recipientId: 'town-1',
      channel: 'phone',
    });
    expect(
      warningLoop(d.state!, cst('2026-07-10 02:01'), policy).obligations.find(
        (o) => o.kind === 'warning_action',
      ),
    ).toMatchObject({
      key: 'action.town-1',
      state: 'overdue',
      dueAt: at('2026-07-10 02:00'),
    });
    d.at('2026-07-10 02:10').must('warning.lift', { warningId, reason: '预警解除' });
    const loop = warningLoop(d.state!, cst('2026-07-10 02:11'), policy);
    expect(loop.obligations.map((o) => [o.key, o.state])).toEqual([
      ['ack.town-1', 'met'],
      ['action.town-1', 'waived'],
    ]);
    expect(loop.summary.overdue).toEqual([]);
    expect(
      codes(d.run('warning.acknowledge', { warningId, recipientId: 'town-1', channel: 'phone' })),
    ).toEqual([['WARNING_LIFTED', 'payload.warningId']]);
  });

  it('a warning without recipients, outside the jurisdiction, or naming a recipient twice is refused whole', () => {
    const d = desk('2026-07-10 01:00');
    const base = { hazard: '暴雨', colour: 'orange', areas: [district], text: '暴雨橙色预警' };
    expect(codes(d.run('warning.issue', { ...base, recipients: [] }))).toEqual([
      ['WARNING_NO_RECIPIENTS', 'payload.recipients'],
    ]);
    const outside = { id: 'x-1', name: '外区值班室', jurisdiction: '500102001', tier: 1 };
    const town = { id: 'town-1', name: '第1镇值班室', jurisdiction: '500101001', tier: 1 };
    expect(
      codes(d.run('warning.issue', { ...base, areas: ['500102'], recipients: [outside, town, town] })),
    ).toEqual([
      ['INVALID_FIELD', 'payload.areas.0'],
      ['INVALID_FIELD', 'payload.recipients.0.jurisdiction'],
      ['INVALID_FIELD', 'payload.recipients.2.id'],
    ]);
    expect(codes(d.run('warning.issue', { ...base, colour: 'purple', recipients: [town] }))).toEqual([
      ['INVALID_FIELD', 'payload.colour'],
    ]);
    expect(d.events).toEqual([]);
  });

  it('the loop refuses answering twice, reporting action before answering, escalating without a superior, and strangers', () => {
    const noSuperior = [{ id: 'town-9', name: '第9镇值班室', jurisdiction: '500101009', tier: 1 }];
    const { d, warningId } = issuedToFiveTownships(noSuperior);
    d.at('2026-07-10 01:20');
    expect(
      codes(d.run('warning.report_action', { warningId, recipientId: 'town-9', action: '已巡查' })),
    ).toEqual([['WARNING_NOT_ACKNOWLEDGED', 'payload.recipientId']]);
    expect(codes(d.run('warning.escalate', { warningId, recipientId: 'town-9' }))).toEqual([
      ['WARNING_NO_SUPERIOR', 'payload.recipientId'],
    ]);
    expect(
      codes(d.run('warning.acknowledge', { warningId, recipientId: 'town-1', channel: 'phone' })),
    ).toEqual([['WARNING_UNKNOWN_RECIPIENT', 'payload.recipientId']]);
    expect(
      codes(
        d.run('warning.acknowledge', {
          warningId,
          recipientId: 'town-9',
          channel: 'phone',
          acknowledgedAt: at('2026-07-10 01:30'),
        }),
      ),
    ).toEqual([['TIME_IN_FUTURE', 'payload.acknowledgedAt']]);
    d.must('warning.acknowledge', { warningId, recipientId: 'town-9', channel: 'sms_reply' });
    expect(
      codes(d.run('warning.acknowledge', { warningId, recipientId: 'town-9', channel: 'phone' })),
    ).toEqual([['WARNING_ALREADY_ACKNOWLEDGED', 'payload.recipientId']]);
    expect(codes(d.run('warning.renotify', { warningId, recipientId: 'town-9', channel: 'sms' }))).toEqual([
      ['WARNING_ALREADY_ACKNOWLEDGED', 'payload.recipientId'],
    ]);
    // Answered, but no action reported yet: the loop is not closed.
    expect(warningLoop(d.state!, cst('2026-07-10 01:21'), defaultWarningPolicy).summary.closed).toBe(false);
  });

  it('a warning from the feed with no recipients folds, and its loop is empty and not closed', () => {
    const feedWarning = {
      id: newId(cst('2026-07-10 00:00')),
      hazard: '暴雨',
      colour: 'blue' as const,
      areas: [district],
      text: '气象台发布暴雨蓝色预警',
      issuedAt: at('2026-07-10 00:00'),
      issuedBy: 'feed',
      recipients: [],
    };
    const state = evolveWarning(undefined, {
      type: 'warning.issued',
      stream: `warning:${feedWarning.id}`,
      payload: { warning: feedWarning },
      occurredAt: feedWarning.issuedAt,
      actor: { id: 'feed', role: 'feed' },
    } as unknown as WarningEvent)!;
    const loop = warningLoop(state, cst('2026-07-10 01:00'), defaultWarningPolicy);
    expect([loop.summary.total, loop.summary.closed, loop.obligations]).toEqual([0, false, []]);
  });

  it('a warning to 3,000 grid persons is written as several events within the log size limit, and folds to all of them', () => {
    const gridPersons = Array.from({ length: 3000 }, (_, i) => ({
      id: `grid-${i}`,
      name: `第${(i % 5) + 1}镇第${i}网格网格责任人`,
      jurisdiction: `${townships[i % 5]}${String(100 + (i % 900)).padStart(3, '0')}`,
      tier: 2,
      superiorId: `town-${(i % 5) + 1}`,
    }));
    const d = desk('2026-07-10 01:00');
    // The desk re-parses every sealed event, so an event over the size limit would fail here.
    const events = d.must('warning.issue', {
      hazard: '山洪',
      colour: 'orange',
      areas: townships,
      text: '山洪灾害橙色预警',
      recipients: gridPersons,
    });
    expect(events.length).toBeGreaterThan(1);
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['warning.issued', 'warning.recipients_added']);
    expect(d.state!.recipients.map((r) => r.id)).toEqual(gridPersons.map((g) => g.id));
    expect(warningLoop(d.state!, cst('2026-07-10 01:25'), defaultWarningPolicy).summary.overdue).toHaveLength(
      3000,
    );
  });

  it('a warning whose area outline alone would overflow the log size limit is refused with the field named', () => {
    const d = desk('2026-07-10 01:00');
    const polygon = Array.from({ length: 3000 }, (_, i) => ({
      lon: 106.9 + Math.cos(i) / 10,
      lat: 28.9 + Math.sin(i) / 10,
    }));
    const town = { id: 'town-1', name: '第1镇值班室', jurisdiction: '500101001', tier: 1 };
    const r = d.run('warning.issue', {
      hazard: '暴雨',
      colour: 'red',
      areas: [district],
      polygon,
      text: '暴雨红色预警',
      recipients: [town],
    });
    expect(codes(r)).toEqual([['MESSAGE_TOO_LARGE', 'payload.polygon']]);
    expect(d.events).toEqual([]);
  });

  it('a policy file with bad limits is refused field by field', () => {
    const r = loadWarningPolicy({
      ...defaultWarningPolicy,
      ackLimitMinutes: 0,
      tiers: [{ tier: 7, ackLimitMinutes: 10 }],
    });
    expect(codes(r)).toEqual([
      ['INVALID_FIELD', 'ackLimitMinutes'],
      ['INVALID_FIELD', 'tiers.0.tier'],
    ]);
    expect(loadWarningPolicy(defaultWarningPolicy).ok).toBe(true);
  });
});
