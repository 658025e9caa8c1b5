import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import { MAX_EVENT_BYTES } from '../events/envelope';
import { domainError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { MINUTE, toMs } from '../time';
import type { DecideContext } from '../aggregates/context';
import { checkRoster } from './checks';
import { shiftEnd, shiftStart } from './facts';
import { qualifiesFor } from './generate';
import type { HandoverSheet } from './handover';
import type { Roster, RosterSettings, StaffMember } from './schemas';

export type RosterCommand = Extract<Command, { type: `roster.${string}` }>;
export type RosterEvent = Extract<DomainEvent, { type: `roster.${string}` }>;
export type StaffCommand = Extract<Command, { type: `staff.${string}` }>;
export type StaffEvent = Extract<DomainEvent, { type: `staff.${string}` }>;

export const rosterStream = (id: string) => `roster:${id}` as const;
export const staffStream = (id: string) => `staff:${id}` as const;

export interface Swap {
  id: string;
  shiftId: string;
  positionIndex: number;
  fromPersonId: string;
  toPersonId: string;
  exchange?: { shiftId: string; positionIndex: number };
  reason: string;
  requestedBy: string;
  requestedAt: string;
  state: 'pending' | 'approved' | 'rejected';
  decidedBy?: string;
}

export interface Handover {
  id: string;
  sheet: HandoverSheet;
  signatures: Partial<
    Record<'outgoing' | 'incoming', { personId: string; at: string; verification?: { method: 'pin' } | undefined }>
  >;
}

/** A published roster month as its events leave it. */
export interface RosterState {
  roster: Roster;
  swaps: Record<string, Swap>;
  handovers: Record<string, Handover>;
  version: number;
}

/** What a roster decision needs beyond its own events: the directory and the rules in force. */
export interface RosterEnvironment {
  staff: readonly StaffMember[];
  settings: RosterSettings;
}

/** Check-in opens this long before the shift starts (people arrive early for the handover). */
export const CHECK_IN_OPENS_BEFORE_MINUTES = 60;

/** Largest payload a decision emits, leaving room in the 64 KiB event for the envelope. */
const MAX_PAYLOAD_BYTES = MAX_EVENT_BYTES - 4 * 1024;
const payloadBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

const isLeader = (ctx: DecideContext) => ctx.actor.role === 'leader';

export function decideStaff(cmd: StaffCommand): Result<EventDraft[]> {
  return ok([
    {
      type: 'staff.registered',
      stream: staffStream(cmd.payload.member.id),
      payload: { member: cmd.payload.member },
    },
  ]);
}

/** The directory as its events leave it: re-registering a person replaces their entry. */
export const evolveStaff = (_state: StaffMember | undefined, event: StaffEvent): StaffMember =>
  event.payload.member;

/** Decide what a roster command means, given the month as it stands (undefined before publication). */
export function decideRoster(
  cmd: RosterCommand,
  state: RosterState | undefined,
  ctx: DecideContext,
  env: RosterEnvironment,
): Result<EventDraft[]> {
  const people = new Map(env.staff.map((p) => [p.id, p]));
  if (cmd.type === 'roster.publish') {
    const { roster } = cmd.payload;
    if (state) return fail(domainError('ALREADY_EXISTS', 'payload.roster.id', roster.id));
    const errors = publicationErrors(roster, people);
    if (errors.length > 0) return fail(...errors);
    // A month with many shifts or seats goes out as several events, each within the log's size limit.
    const [first = [], ...rest] = chunkShifts(
      roster.shifts,
      MAX_PAYLOAD_BYTES - payloadBytes({ ...roster, shifts: [] }),
    );
    const stream = rosterStream(roster.id);
    return ok([
      { type: 'roster.published', stream, payload: { roster: { ...roster, shifts: first } } },
      ...rest.map((shifts): EventDraft => ({ type: 'roster.shifts_added', stream, payload: { shifts } })),
    ]);
  }
  if (!state || state.roster.id !== cmd.payload.rosterId)
    return fail(domainError('NOT_FOUND', 'payload.rosterId'));
  const stream = rosterStream(state.roster.id);
  type Shift = Roster['shifts'][number];
  const seatOf = (
    shiftId: string,
    positionIndex: number,
    field = 'payload',
  ): { shift: Shift; seat: Shift['positions'][number] } | { error: DomainError } => {
    const shift = state.roster.shifts.find((s) => s.id === shiftId);
    const seat = shift?.positions[positionIndex];
    return shift && seat
      ? { shift, seat }
      : { error: domainError('NOT_FOUND', `${field}.shiftId`, `${shiftId}#${positionIndex}`) };
  };

  switch (cmd.type) {
    case 'roster.assign_position': {
      const { shiftId, positionIndex, personId, reason } = cmd.payload;
      const found = seatOf(shiftId, positionIndex);
      if ('error' in found) return fail(found.error);
      if (found.seat.checkedInAt !== undefined)
        return fail(domainError('INVALID_TRANSITION', 'payload.positionIndex', 'checked in'));
      if (personId !== undefined) {
        const person = people.get(personId);
        if (!person) return fail(domainError('UNKNOWN_PERSON', 'payload.personId', personId));
        if (!qualifiesFor(person, found.seat))
          return fail(domainError('NOT_QUALIFIED_FOR_POSITION', 'payload.personId', personId));
      }
      return ok([
        {
          type: 'roster.position_assigned',
          stream,
          payload: {
            shiftId,
            positionIndex,
            ...(personId !== undefined ? { personId } : {}),
            ...(reason ? { reason } : {}),
          },
        },
      ]);
    }
    case 'roster.check_in': {
      const { shiftId, positionIndex } = cmd.payload;
      const found = seatOf(shiftId, positionIndex);
      if ('error' in found) return fail(found.error);
      const { shift, seat } = found;
      if (seat.personId === undefined)
        return fail(domainError('POSITION_UNCOVERED', 'payload.positionIndex'));
      if (seat.personId !== ctx.actor.id && !isLeader(ctx))
        return fail(domainError('NOT_AUTHORISED', 'actor'));
      if (seat.checkedInAt !== undefined)
        return fail(domainError('INVALID_TRANSITION', 'payload.positionIndex', 'already checked in'));
      const now = toMs(ctx.now);
      if (now < shiftStart(shift) - CHECK_IN_OPENS_BEFORE_MINUTES * MINUTE || now >= shiftEnd(shift)) {
        return fail(domainError('CHECK_IN_OUTSIDE_SHIFT', 'payload.shiftId'));
      }
      return ok([
        { type: 'roster.checked_in', stream, payload: { shiftId, positionIndex, personId: seat.personId } },
      ]);
    }
    case 'roster.request_swap': {
      const { shiftId, positionIndex, toPersonId, exchange, reason } = cmd.payload;
      const found = seatOf(shiftId, positionIndex);
      if ('error' in found) return fail(found.error);
      const from = found.seat.personId;
      if (from === undefined) return fail(domainError('POSITION_UNCOVERED', 'payload.positionIndex'));
      if (from !== ctx.actor.id && !isLeader(ctx)) return fail(domainError('NOT_AUTHORISED', 'actor'));
      if (found.seat.checkedInAt !== undefined)
        return fail(domainError('SWAP_STALE', 'payload.positionIndex', 'checked in'));
      const to = people.get(toPersonId);
      if (!to) return fail(domainError('UNKNOWN_PERSON', 'payload.toPersonId', toPersonId));
      if (toPersonId === from) return fail(domainError('INVALID_FIELD', 'payload.toPersonId', 'same person'));
      if (!qualifiesFor(to, found.seat))
        return fail(domainError('NOT_QUALIFIED_FOR_POSITION', 'payload.toPersonId', toPersonId));
      if (exchange) {
        const back = seatOf(exchange.shiftId, exchange.positionIndex, 'payload.exchange');
        if ('error' in back) return fail(back.error);
        if (back.seat.personId !== toPersonId)
          return fail(domainError('SWAP_STALE', 'payload.exchange', 'not held by the other person'));
        const fromPerson = people.get(from);
        if (!fromPerson || !qualifiesFor(fromPerson, back.seat)) {
          return fail(domainError('NOT_QUALIFIED_FOR_POSITION', 'payload.exchange', from));
        }
      }
      const swapId = cmd.payload.swapId ?? ctx.newId();
      if (state.swaps[swapId]) return fail(domainError('ALREADY_EXISTS', 'payload.swapId'));
      return ok([
        {
          type: 'roster.swap_requested',
          stream,
          payload: {
            swapId,
            shiftId,
            positionIndex,
            fromPersonId: from,
            toPersonId,
            ...(exchange ? { exchange } : {}),
            reason,
          },
        },
      ]);
    }
    case 'roster.approve_swap':
    case 'roster.reject_swap': {
      const swap = state.swaps[cmd.payload.swapId];
      if (!swap) return fail(domainError('NOT_FOUND', 'payload.swapId'));
      if (!isLeader(ctx)) return fail(domainError('APPROVER_REQUIRED', 'actor'));
      if (swap.state !== 'pending')
        return fail(domainError('SWAP_NOT_PENDING', 'payload.swapId', swap.state));
      if (cmd.type === 'roster.reject_swap') {
        return ok([
          { type: 'roster.swap_rejected', stream, payload: { swapId: swap.id, reason: cmd.payload.reason } },
        ]);
      }
      const stale = swapStaleness(state.roster, swap);
      if (stale) return fail(stale);
      const errors = newTimeConflicts(
        state.roster,
        applySwap(state.roster, swap),
        env,
        [swap.fromPersonId, swap.toPersonId],
        ctx,
      );
      if (errors.length > 0) return fail(...errors);
      const { comment } = cmd.payload;
      return ok([
        {
          type: 'roster.swap_approved',
          stream,
          payload: { swapId: swap.id, ...(comment ? { comment } : {}) },
        },
      ]);
    }
    case 'roster.record_handover': {
      const handoverId = cmd.payload.handoverId ?? ctx.newId();
      if (state.handovers[handoverId]) return fail(domainError('ALREADY_EXISTS', 'payload.handoverId'));
      const size = payloadBytes(cmd.payload.sheet);
      if (size > MAX_PAYLOAD_BYTES)
        return fail(domainError('MESSAGE_TOO_LARGE', 'payload.sheet', `${size} bytes`));
      return ok([
        { type: 'roster.handover_recorded', stream, payload: { handoverId, sheet: cmd.payload.sheet } },
      ]);
    }
    case 'roster.sign_handover': {
      const { handoverId, side } = cmd.payload;
      const handover = state.handovers[handoverId];
      if (!handover) return fail(domainError('NOT_FOUND', 'payload.handoverId'));
      if (handover.signatures[side])
        return fail(domainError('INVALID_TRANSITION', 'payload.side', 'already signed'));
      // The outgoing side is signed by someone of the outgoing crew, the incoming by the incoming crew.
      const crew = handover.sheet[side];
      const members = [...(crew.leader ? [crew.leader] : []), ...crew.officers];
      if (!members.includes(ctx.actor.id)) return fail(domainError('NOT_AUTHORISED', 'actor', side));
      const { verification } = cmd.payload;
      return ok([
        {
          type: 'roster.handover_signed',
          stream,
          payload: { handoverId, side, personId: ctx.actor.id, ...(verification ? { verification } : {}) },
        },
      ]);
    }
  }
}

/** Shifts in runs whose JSON stays under `budget` bytes (a single shift is always far smaller). */
function chunkShifts(shifts: readonly Roster['shifts'][number][], budget: number): Roster['shifts'][] {
  const chunks: Roster['shifts'][] = [];
  let current: Roster['shifts'] = [];
  let size = 0;
  for (const shift of shifts) {
    const bytes = payloadBytes(shift) + 1;
    if (current.length > 0 && size + bytes > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(shift);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Refusals that make a roster unfit to publish at all: unknown people, repeated shift ids, a foreign jurisdiction. */
function publicationErrors(roster: Roster, people: ReadonlyMap<string, StaffMember>): DomainError[] {
  const errors: DomainError[] = [];
  const ids = new Set<string>();
  roster.shifts.forEach((s, i) => {
    if (ids.has(s.id)) errors.push(domainError('ALREADY_EXISTS', `payload.roster.shifts.${i}.id`, s.id));
    ids.add(s.id);
    if (s.jurisdiction !== roster.jurisdiction)
      errors.push(domainError('INVALID_FIELD', `payload.roster.shifts.${i}.jurisdiction`));
    if (shiftEnd(s) <= shiftStart(s))
      errors.push(domainError('INVALID_FIELD', `payload.roster.shifts.${i}.endsAt`, 'ends before it starts'));
    s.positions.forEach((p, j) => {
      if (p.personId !== undefined && !people.has(p.personId)) {
        errors.push(
          domainError('UNKNOWN_PERSON', `payload.roster.shifts.${i}.positions.${j}.personId`, p.personId),
        );
      }
    });
  });
  return errors;
}

function swapStaleness(roster: Roster, swap: Swap): DomainError | undefined {
  const holder = (shiftId: string, index: number) =>
    roster.shifts.find((s) => s.id === shiftId)?.positions[index];
  const give = holder(swap.shiftId, swap.positionIndex);
  if (give?.personId !== swap.fromPersonId || give.checkedInAt !== undefined)
    return domainError('SWAP_STALE', 'payload.swapId');
  if (swap.exchange) {
    const take = holder(swap.exchange.shiftId, swap.exchange.positionIndex);
    if (take?.personId !== swap.toPersonId || take.checkedInAt !== undefined)
      return domainError('SWAP_STALE', 'payload.swapId');
  }
  return undefined;
}

/** The roster with a swap carried out. */
export function applySwap(
  roster: Roster,
  swap: Pick<Swap, 'shiftId' | 'positionIndex' | 'fromPersonId' | 'toPersonId' | 'exchange'>,
): Roster {
  const put = (r: Roster, shiftId: string, index: number, personId: string): Roster => ({
    ...r,
    shifts: r.shifts.map((s) =>
      s.id !== shiftId
        ? s
        : { ...s, positions: s.positions.map((p, i) => (i === index ? { ...p, personId } : p)) },
    ),
  });
  const given = put(roster, swap.shiftId, swap.positionIndex, swap.toPersonId);
  return swap.exchange
    ? put(given, swap.exchange.shiftId, swap.exchange.positionIndex, swap.fromPersonId)
    : given;
}

/** Overlaps or short rest for these people that the change would create (existing ones are not the swap's fault). */
function newTimeConflicts(
  before: Roster,
  after: Roster,
  env: RosterEnvironment,
  personIds: readonly string[],
  ctx: DecideContext,
): DomainError[] {
  const now = toMs(ctx.now);
  const key = (f: { code: string; shiftId?: string; personId?: string }) =>
    `${f.code}|${f.shiftId}|${f.personId}`;
  const relevant = (r: Roster) =>
    checkRoster(r, env.staff, env.settings, now).filter(
      (f) =>
        (f.code === 'DOUBLE_BOOKED' || f.code === 'REST_TOO_SHORT') &&
        f.personId !== undefined &&
        personIds.includes(f.personId),
    );
  const existing = new Set(relevant(before).map(key));
  return relevant(after)
    .filter((f) => !existing.has(key(f)))
    .map(({ code, field, message, detail }) => ({
      code,
      ...(field ? { field } : {}),
      message,
      ...(detail ? { detail } : {}),
    }));
}

/** Fold one event into the roster month. */
export function evolveRoster(state: RosterState | undefined, event: RosterEvent): RosterState | undefined {
  if (event.type === 'roster.published')
    return { roster: event.payload.roster, swaps: {}, handovers: {}, version: 1 };
  if (!state) return state;
  const next = { ...state, version: state.version + 1 };
  const editSeat = (
    shiftId: string,
    index: number,
    edit: (p: Roster['shifts'][number]['positions'][number]) => typeof p,
  ): Roster => ({
    ...state.roster,
    shifts: state.roster.shifts.map((s) =>
      s.id !== shiftId ? s : { ...s, positions: s.positions.map((p, i) => (i === index ? edit(p) : p)) },
    ),
  });
  switch (event.type) {
    case 'roster.shifts_added':
      return {
        ...next,
        roster: { ...state.roster, shifts: [...state.roster.shifts, ...event.payload.shifts] },
      };
    case 'roster.position_assigned': {
      const { shiftId, positionIndex, personId } = event.payload;
      return {
        ...next,
        roster: editSeat(shiftId, positionIndex, ({ role, department }) => ({
          role,
          ...(department !== undefined ? { department } : {}),
          ...(personId !== undefined ? { personId } : {}),
        })),
      };
    }
    case 'roster.checked_in':
      return {
        ...next,
        roster: editSeat(event.payload.shiftId, event.payload.positionIndex, (p) => ({
          ...p,
          checkedInAt: event.occurredAt,
        })),
      };
    case 'roster.swap_requested': {
      const { swapId, shiftId, positionIndex, fromPersonId, toPersonId, exchange, reason } = event.payload;
      const swap: Swap = {
        id: swapId,
        shiftId,
        positionIndex,
        fromPersonId,
        toPersonId,
        ...(exchange ? { exchange } : {}),
        reason,
        requestedBy: event.actor.id,
        requestedAt: event.occurredAt,
        state: 'pending',
      };
      return { ...next, swaps: { ...state.swaps, [swapId]: swap } };
    }
    case 'roster.swap_approved': {
      const swap = state.swaps[event.payload.swapId];
      if (!swap) return next;
      return {
        ...next,
        roster: applySwap(state.roster, swap),
        swaps: { ...state.swaps, [swap.id]: { ...swap, state: 'approved', decidedBy: event.actor.id } },
      };
    }
    case 'roster.swap_rejected': {
      const swap = state.swaps[event.payload.swapId];
      if (!swap) return next;
      return {
        ...next,
        swaps: { ...state.swaps, [swap.id]: { ...swap, state: 'rejected', decidedBy: event.actor.id } },
      };
    }
    case 'roster.handover_recorded':
      return {
        ...next,
        handovers: {
          ...state.handovers,
          [event.payload.handoverId]: {
            id: event.payload.handoverId,
            sheet: event.payload.sheet,
            signatures: {},
          },
        },
      };
    case 'roster.handover_signed': {
      const h = state.handovers[event.payload.handoverId];
      if (!h) return next;
      const signatures = {
        ...h.signatures,
        [event.payload.side]: {
          personId: event.payload.personId,
          at: event.occurredAt,
          ...(event.payload.verification ? { verification: event.payload.verification } : {}),
        },
      };
      return { ...next, handovers: { ...state.handovers, [h.id]: { ...h, signatures } } };
    }
  }
}

/** A roster month from its stream's events in log order (what a station projection or replay does). */
export const foldRoster = (events: readonly RosterEvent[]): RosterState | undefined =>
  events.reduce<RosterState | undefined>((state, e) => evolveRoster(state, e), undefined);

/** The directory from every `staff:*` event in log order: the latest registration of each person wins. */
export function foldStaff(events: readonly StaffEvent[]): StaffMember[] {
  const byId = new Map<string, StaffMember>();
  for (const e of events) byId.set(e.payload.member.id, evolveStaff(byId.get(e.payload.member.id), e));
  return [...byId.values()];
}
