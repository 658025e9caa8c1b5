import { describe, expect, it } from 'vitest';
import { validateCommand } from '../commands/catalog';
import { parseEvent, sealEvents, type DomainEvent } from '../events/envelope';
import { newId } from '../ids';
import { MINUTE, chinaWallTime, toInstant } from '../time';
import type { Actor } from '../domain/common';
import {
  decideRoster,
  decideStaff,
  evolveRoster,
  foldRoster,
  type RosterCommand,
  type RosterEvent,
  type RosterState,
} from './aggregate';
import { checkRoster } from './checks';
import { generateMonth } from './generate';
import { handoverSheet } from './handover';
import { RosterSettings, StaffMember, type Roster } from './schemas';

const settings = RosterSettings.parse({ minRestHours: 24 });
const staff = [
  ...['L1', 'L2', 'L3'].map((id) => StaffMember.parse({ id, name: `领导${id}`, dutyRoles: ['leader'] })),
  ...['O1', 'O2', 'O3', 'O4', 'O5', 'O6'].map((id) => StaffMember.parse({ id, name: `值班员${id}` })),
];
const env = { staff, settings };
const leader: Actor = { id: 'L1', role: 'leader' };
const officer = (id: string): Actor => ({ id, role: 'officer' });

function december(): Roster {
  const r = generateMonth({
    jurisdiction: '110101',
    year: 2026,
    month: 12,
    pattern: { kind: 'daily24', handoverAt: '08:30' },
    positions: { officers: 2, liaison: false },
    staff,
    settings,
  });
  if (!r.ok) throw new Error('generation failed');
  return r.value;
}

/** The station's path in miniature: validate, decide, seal, parse back, evolve. */
function given(roster: Roster) {
  let state: RosterState | undefined;
  let seq = 0;
  let last: string | null = null;
  const log: DomainEvent[] = [];
  const when = (type: string, payload: object, actor: Actor, now: number) => {
    const cmd = validateCommand({ id: newId(), type, payload, actor });
    if (!cmd.ok) return cmd;
    const ctx = { now: toInstant(now), actor, jurisdiction: '110101', newId: () => newId() };
    const decided = decideRoster(cmd.value as RosterCommand, state, ctx, env);
    if (!decided.ok) return decided;
    const events = sealEvents(decided.value, {
      station: 's1',
      jurisdiction: '110101',
      actor,
      now: ctx.now,
      lastStationSeq: seq,
      lastHash: last,
      newId: () => newId(),
    });
    for (const e of events) {
      // Every event a decision emits must pass the log's own trust-boundary check.
      const parsed = parseEvent(e);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      state = evolveRoster(state, e as RosterEvent);
      log.push(e);
      seq = e.stationSeq;
      last = e.hash;
    }
    return decided;
  };
  when('roster.publish', { roster }, leader, chinaWallTime(2026, 11, 20, 9, 0));
  return { when, state: () => state!, log };
}

const before = chinaWallTime(2026, 11, 25, 9, 0);

describe('roster decisions', () => {
  it('publishes a month once; a second publication of the same month is refused', () => {
    const t = given(december());
    expect(t.state().roster.shifts).toHaveLength(31);
    const again = t.when('roster.publish', { roster: december() }, leader, before);
    expect(again.ok || again.errors[0].code).toBe('ALREADY_EXISTS');
  });

  it('refuses to publish a roster naming someone not in the directory, writing nothing', () => {
    const r = december();
    const broken = {
      ...r,
      shifts: r.shifts.map((s, i) =>
        i === 0 ? { ...s, positions: [{ role: 'leader' as const, personId: 'NOBODY' }] } : s,
      ),
    };
    const t = given(broken);
    expect(t.log).toHaveLength(0);
  });

  it('reassigns a seat by hand and refuses someone not allowed to hold it', () => {
    const t = given(december());
    const shift = t.state().roster.shifts[4];
    const asOfficer = t.when(
      'roster.assign_position',
      { rosterId: t.state().roster.id, shiftId: shift.id, positionIndex: 0, personId: 'O1' },
      leader,
      before,
    );
    expect(asOfficer.ok || asOfficer.errors[0].code).toBe('NOT_QUALIFIED_FOR_POSITION');
    const cleared = t.when(
      'roster.assign_position',
      { rosterId: t.state().roster.id, shiftId: shift.id, positionIndex: 0 },
      leader,
      before,
    );
    expect(cleared.ok).toBe(true);
    const now = t.state().roster;
    expect(now.shifts[4].positions[0].personId).toBeUndefined();
    expect(checkRoster(now, staff, settings, before).map((f) => f.code)).toEqual(['SHIFT_WITHOUT_LEADER']);
  });

  it('records check-in at the time it happens, only from the hour before the shift to its end, once', () => {
    const t = given(december());
    const shift = t.state().roster.shifts[0];
    const holder = shift.positions[1].personId!;
    const start = Date.parse(shift.startsAt);
    const payload = { rosterId: t.state().roster.id, shiftId: shift.id, positionIndex: 1 };
    const early = t.when('roster.check_in', payload, officer(holder), start - 61 * MINUTE);
    expect(early.ok || early.errors[0].code).toBe('CHECK_IN_OUTSIDE_SHIFT');
    const someoneElse = t.when('roster.check_in', payload, officer(holder === 'O6' ? 'O5' : 'O6'), start);
    expect(someoneElse.ok || someoneElse.errors[0].code).toBe('NOT_AUTHORISED');
    expect(t.when('roster.check_in', payload, officer(holder), start + 5 * MINUTE).ok).toBe(true);
    expect(t.state().roster.shifts[0].positions[1].checkedInAt).toBe(toInstant(start + 5 * MINUTE));
    const twice = t.when('roster.check_in', payload, officer(holder), start + 6 * MINUTE);
    expect(twice.ok || twice.errors[0].code).toBe('INVALID_TRANSITION');
  });

  it('exchanges two officers’ shifts once the leader on duty approves the swap', () => {
    const t = given(december());
    const rosterId = t.state().roster.id;
    // Days 1 and 2: each takes the other's day, and both keep a full day of rest around it.
    const [a, b] = t.state().roster.shifts;
    const x = a.positions[1].personId!;
    const y = b.positions[1].personId!;
    expect(x).not.toBe(y);
    const swapId = newId();
    const req = t.when(
      'roster.request_swap',
      {
        rosterId,
        swapId,
        shiftId: a.id,
        positionIndex: 1,
        toPersonId: y,
        exchange: { shiftId: b.id, positionIndex: 1 },
        reason: '家中有事',
      },
      officer(x),
      before,
    );
    expect(req.ok, JSON.stringify(req)).toBe(true);
    const byOfficer = t.when('roster.approve_swap', { rosterId, swapId }, officer(y), before);
    expect(byOfficer.ok || byOfficer.errors[0].code).toBe('APPROVER_REQUIRED');
    const approval = t.when('roster.approve_swap', { rosterId, swapId, comment: '同意' }, leader, before);
    expect(approval.ok, JSON.stringify(approval)).toBe(true);
    const shifts = t.state().roster.shifts;
    expect(shifts[0].positions[1].personId).toBe(y);
    expect(shifts[1].positions[1].personId).toBe(x);
    expect(t.state().swaps[swapId].state).toBe('approved');
    const again = t.when('roster.approve_swap', { rosterId, swapId }, leader, before);
    expect(again.ok || again.errors[0].code).toBe('SWAP_NOT_PENDING');
  });

  it('refuses to approve a swap that would leave a person too little rest', () => {
    const t = given(december());
    const rosterId = t.state().roster.id;
    const [a, b] = t.state().roster.shifts; // consecutive days
    const x = a.positions[1].personId!;
    const y = b.positions.find((p) => p.role === 'officer' && p.personId !== x)!.personId!;
    const swapId = newId();
    // y covers x on day 1 without giving anything back: y would then work day 1 and day 2 back to back.
    expect(
      t.when(
        'roster.request_swap',
        { rosterId, swapId, shiftId: a.id, positionIndex: 1, toPersonId: y, reason: '替班' },
        officer(x),
        before,
      ).ok,
    ).toBe(true);
    const approval = t.when('roster.approve_swap', { rosterId, swapId }, leader, before);
    expect(approval.ok).toBe(false);
    expect(!approval.ok && approval.errors.map((e) => e.code)).toContain('REST_TOO_SHORT');
    expect(t.state().roster.shifts[0].positions[1].personId).toBe(x);
    expect(t.when('roster.reject_swap', { rosterId, swapId, reason: '休息不足' }, leader, before).ok).toBe(
      true,
    );
    expect(t.state().swaps[swapId].state).toBe('rejected');
  });

  it('refuses a swap that went stale because the seat changed hands meanwhile', () => {
    const t = given(december());
    const rosterId = t.state().roster.id;
    const a = t.state().roster.shifts[10];
    const x = a.positions[1].personId!;
    const swapId = newId();
    const free = staff.find(
      (p) => p.dutyRoles.includes('officer') && !a.positions.some((q) => q.personId === p.id),
    )!.id;
    expect(
      t.when(
        'roster.request_swap',
        { rosterId, swapId, shiftId: a.id, positionIndex: 1, toPersonId: free, reason: '出差' },
        officer(x),
        before,
      ).ok,
    ).toBe(true);
    const other = staff.find(
      (p) =>
        p.dutyRoles.includes('officer') && p.id !== free && !a.positions.some((q) => q.personId === p.id),
    )!.id;
    expect(
      t.when(
        'roster.assign_position',
        { rosterId, shiftId: a.id, positionIndex: 1, personId: other },
        leader,
        before,
      ).ok,
    ).toBe(true);
    const approval = t.when('roster.approve_swap', { rosterId, swapId }, leader, before);
    expect(approval.ok || approval.errors[0].code).toBe('SWAP_STALE');
  });

  it('keeps a handover sheet and takes one signature from each side’s crew', () => {
    const t = given(december());
    const roster = t.state().roster;
    const at = Date.parse(roster.shifts[1].startsAt);
    const sheet = handoverSheet({
      at,
      roster,
      openIncidents: [],
      pendingObligations: [],
      unacknowledgedWarnings: [],
      teamsOut: [],
      notes: '平稳',
    });
    const handoverId = newId();
    expect(
      t.when(
        'roster.record_handover',
        { rosterId: roster.id, handoverId, sheet },
        officer(sheet.outgoing.officers[0]),
        at,
      ).ok,
    ).toBe(true);
    const outsider = staff.find(
      (p) => ![sheet.outgoing.leader, ...sheet.outgoing.officers].includes(p.id),
    )!.id;
    const wrong = t.when(
      'roster.sign_handover',
      { rosterId: roster.id, handoverId, side: 'outgoing' },
      officer(outsider),
      at,
    );
    expect(wrong.ok || wrong.errors[0].code).toBe('NOT_AUTHORISED');
    expect(
      t.when(
        'roster.sign_handover',
        { rosterId: roster.id, handoverId, side: 'outgoing' },
        officer(sheet.outgoing.officers[0]),
        at,
      ).ok,
    ).toBe(true);
    expect(
      t.when(
        'roster.sign_handover',
        { rosterId: roster.id, handoverId, side: 'incoming' },
        officer(sheet.incoming.officers[0]),
        at + MINUTE,
      ).ok,
    ).toBe(true);
    const kept = t.state().handovers[handoverId];
    expect(kept.sheet.notes).toBe('平稳');
    expect(Object.keys(kept.signatures).sort()).toEqual(['incoming', 'outgoing']);
    expect(kept.signatures.incoming!.at).toBe(toInstant(at + MINUTE));
  });

  it('registers a staff member under their own stream', () => {
    const cmd = validateCommand({
      id: newId(),
      type: 'staff.register',
      payload: { member: { id: 'P7', name: '张三', phones: ['13800000000'] } },
      actor: leader,
    });
    expect(cmd.ok).toBe(true);
    const r = cmd.ok && cmd.value.type === 'staff.register' ? decideStaff(cmd.value) : undefined;
    expect(r?.ok && r.value[0]).toMatchObject({
      type: 'staff.registered',
      stream: 'staff:P7',
      payload: { member: { dutyRoles: ['officer'], active: true } },
    });
  });

  it('refuses a command with a bad field before any decision', () => {
    const cmd = validateCommand({
      id: newId(),
      type: 'roster.request_swap',
      payload: { rosterId: 'x', shiftId: 'y', positionIndex: -1, toPersonId: 'z', reason: ' ' },
      actor: leader,
    });
    expect(cmd.ok).toBe(false);
    expect(!cmd.ok && cmd.errors.map((e) => e.field).sort()).toEqual([
      'payload.positionIndex',
      'payload.reason',
    ]);
  });
});

describe('publishing a large month', () => {
  it('splits a month too big for one event into several that the log accepts, and folds them back whole', () => {
    const big = [
      ...Array.from({ length: 10 }, (_, i) =>
        StaffMember.parse({ id: `BL${i}`, name: `领导${i}`, dutyRoles: ['leader'] }),
      ),
      ...Array.from({ length: 90 }, (_, i) => StaffMember.parse({ id: `BO${i}`, name: `值班员${i}` })),
    ];
    const r = generateMonth({
      jurisdiction: '110101',
      year: 2026,
      month: 12,
      pattern: {
        kind: 'custom',
        segments: [
          { label: '早', startsAt: '08:00', hours: 6 },
          { label: '中', startsAt: '14:00', hours: 6 },
          { label: '晚', startsAt: '20:00', hours: 6 },
          { label: '夜', startsAt: '02:00', hours: 6 },
        ],
      },
      positions: { officers: 12, liaison: false },
      staff: big,
      settings: RosterSettings.parse({ minRestHours: 12 }),
    });
    if (!r.ok) throw new Error('generation failed');
    expect(new TextEncoder().encode(JSON.stringify(r.value)).length).toBeGreaterThan(64 * 1024);
    const cmd = validateCommand({
      id: newId(),
      type: 'roster.publish',
      payload: { roster: r.value },
      actor: leader,
    });
    if (!cmd.ok) throw new Error(JSON.stringify(cmd.errors));
    const ctx = { now: toInstant(before), actor: leader, jurisdiction: '110101', newId: () => newId() };
    const decided = decideRoster(cmd.value as RosterCommand, undefined, ctx, { staff: big, settings });
    if (!decided.ok) throw new Error(JSON.stringify(decided.errors));
    expect(decided.value.map((d) => d.type)).toEqual([
      'roster.published',
      ...Array(decided.value.length - 1).fill('roster.shifts_added'),
    ]);
    expect(decided.value.length).toBeGreaterThan(1);
    const events = sealEvents(decided.value, {
      station: 's1',
      jurisdiction: '110101',
      actor: leader,
      now: ctx.now,
      lastStationSeq: 0,
      lastHash: null,
      newId: () => newId(),
    });
    let state: RosterState | undefined;
    for (const e of events) {
      const parsed = parseEvent(e);
      expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors)).toBe(true);
      state = evolveRoster(state, e as RosterEvent);
    }
    expect(state!.roster).toEqual(r.value);
    expect(foldRoster(events as RosterEvent[])).toEqual(state);
  });
});
