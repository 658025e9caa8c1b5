import { z } from 'zod';
import { ObjectId, Ulid } from '../ids';
import { DAY, Instant, toMs } from '../time';
import type { DecideContext } from '../aggregates/context';
import type { EventDraft } from '../events/envelope';
import type { StaffMember } from '../roster/schemas';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import type { Delegation } from './authority';

/*
 * 授权签发 (issue 17): the leader on duty, or an administrator, names another leader who may sign (签发)
 * for a time window — the leader on duty away at a scene, a deputy standing in overnight. The record is an
 * event on the station's own `delegation:<stationId>` stream, so it syncs up and its history stays; the
 * station's role check (shared/auth/authority.ts) reads the delegations in force from that stream.
 *
 * The command is a station-only command (no console may send it through `execute`): a screen asks the
 * station's `recordDelegation`, which works out on what authority the person at the screen grants it
 * (`grantedAs`) and records it in their name. A delegation ends at `until`, or earlier when revoked.
 */

/** The longest window one delegation may cover: a month's roster at most. */
export const MAX_DELEGATION_DAYS = 31;

const Reason = z.string().trim().min(1).max(500);

/** On what the grant rests: the grantor was the leader on duty (or a directory leader), or an administrator. */
export const GrantedAs = z.enum(['leader', 'administrator']);
export type GrantedAs = z.infer<typeof GrantedAs>;

export const delegationEventPayloads = {
  'delegation.recorded': z.object({
    delegationId: Ulid,
    personId: ObjectId,
    from: Instant,
    until: Instant,
    reason: Reason,
    grantedAs: GrantedAs,
  }),
  'delegation.revoked': z.object({ delegationId: Ulid, reason: Reason }),
} as const;

export const delegationCommandPayloads = {
  'delegation.record': z.object({
    delegationId: Ulid.optional(),
    personId: ObjectId,
    from: Instant,
    until: Instant,
    reason: Reason,
    grantedAs: GrantedAs,
  }),
  'delegation.revoke': z.object({ delegationId: Ulid, reason: Reason, grantedAs: GrantedAs }),
} as const;

export type DelegationCommand =
  | { type: 'delegation.record'; payload: z.infer<(typeof delegationCommandPayloads)['delegation.record']> }
  | { type: 'delegation.revoke'; payload: z.infer<(typeof delegationCommandPayloads)['delegation.revoke']> };

export const delegationStream = (stationId: string) => `delegation:${stationId}` as const;

/** A delegation as its events leave it (what the station's `delegations` query answers). */
export const RecordedDelegation = z.object({
  id: Ulid,
  personId: ObjectId,
  from: Instant,
  until: Instant,
  reason: z.string().max(500),
  grantedAs: GrantedAs,
  grantedBy: z.object({ id: z.string().max(64), name: z.string().max(200).optional() }),
  recordedAt: Instant,
  revoked: z.object({ at: Instant, by: z.string().max(64), reason: z.string().max(500) }).optional(),
});
export type RecordedDelegation = z.infer<typeof RecordedDelegation>;

type DelegationEventLike = {
  type: string;
  occurredAt: string;
  actor: { id: string; name?: string | undefined };
  payload: unknown;
};

/** Every delegation on a station's stream, in the order recorded (events of other types are passed over). */
export function delegationsFrom(events: readonly DelegationEventLike[]): RecordedDelegation[] {
  const byId = new Map<string, RecordedDelegation>();
  for (const e of events) {
    if (e.type === 'delegation.recorded') {
      const p = delegationEventPayloads['delegation.recorded'].safeParse(e.payload);
      if (!p.success) continue;
      byId.set(p.data.delegationId, {
        id: p.data.delegationId,
        personId: p.data.personId,
        from: p.data.from,
        until: p.data.until,
        reason: p.data.reason,
        grantedAs: p.data.grantedAs,
        grantedBy: { id: e.actor.id, ...(e.actor.name !== undefined ? { name: e.actor.name } : {}) },
        recordedAt: e.occurredAt,
      });
    } else if (e.type === 'delegation.revoked') {
      const p = delegationEventPayloads['delegation.revoked'].safeParse(e.payload);
      const d = p.success ? byId.get(p.data.delegationId) : undefined;
      if (p.success && d && !d.revoked)
        d.revoked = { at: e.occurredAt, by: e.actor.id, reason: p.data.reason };
    }
  }
  return [...byId.values()];
}

/** The windows the role check honours: a revoked delegation ends when it was revoked. */
export function delegationWindows(recorded: readonly RecordedDelegation[]): Delegation[] {
  return recorded.map((d) => ({
    personId: d.personId,
    from: toMs(d.from),
    until: d.revoked ? Math.min(toMs(d.until), toMs(d.revoked.at)) : toMs(d.until),
  }));
}

/**
 * Record or revoke a delegation. A grant resting on the leader's role needs the actor to be a leader now
 * (the station's role check stamped that); the delegate must be an active leader of the directory (带班领导),
 * someone other than the grantor, and the window must end in the future, after it starts, within
 * MAX_DELEGATION_DAYS.
 */
export function decideDelegation(
  cmd: DelegationCommand,
  state: { staff: readonly StaffMember[]; recorded: readonly RecordedDelegation[] },
  ctx: DecideContext,
): Result<EventDraft[]> {
  if (!ctx.station) return fail(domainError('INVALID_FIELD', 'station', 'the deciding station is not known'));
  if (cmd.payload.grantedAs === 'leader' && ctx.actor.role !== 'leader')
    return fail(
      domainError(
        'NOT_AUTHORISED',
        'actor.role',
        'only the leader on duty or an administrator delegates signing',
      ),
    );
  const stream = delegationStream(ctx.station);
  if (cmd.type === 'delegation.revoke') {
    const d = state.recorded.find((x) => x.id === cmd.payload.delegationId);
    if (!d) return fail(domainError('NOT_FOUND', 'payload.delegationId'));
    if (d.revoked) return fail(domainError('INVALID_TRANSITION', 'payload.delegationId', 'already revoked'));
    return ok([
      {
        type: 'delegation.revoked',
        stream,
        payload: { delegationId: d.id, reason: cmd.payload.reason },
      },
    ]);
  }
  const { personId, from, until, reason, grantedAs } = cmd.payload;
  const person = state.staff.find((p) => p.id === personId);
  if (!person || !person.active) return fail(domainError('UNKNOWN_PERSON', 'payload.personId'));
  if (!person.dutyRoles.includes('leader'))
    return fail(
      domainError('INVALID_FIELD', 'payload.personId', 'signing is delegated only to a leader (带班领导)'),
    );
  if (personId === ctx.actor.id)
    return fail(domainError('INVALID_FIELD', 'payload.personId', 'a leader does not delegate to themselves'));
  const start = toMs(from);
  const end = toMs(until);
  if (!(end > start))
    return fail(domainError('INVALID_FIELD', 'payload.until', 'the window ends before it starts'));
  if (end <= toMs(ctx.now)) return fail(domainError('INVALID_FIELD', 'payload.until', 'the window is over'));
  if (end - start > MAX_DELEGATION_DAYS * DAY)
    return fail(domainError('INVALID_FIELD', 'payload.until', `at most ${MAX_DELEGATION_DAYS} days`));
  const delegationId = cmd.payload.delegationId ?? ctx.newId();
  if (state.recorded.some((d) => d.id === delegationId))
    return fail(domainError('ALREADY_EXISTS', 'payload.delegationId'));
  return ok([
    {
      type: 'delegation.recorded',
      stream,
      payload: { delegationId, personId, from, until, reason, grantedAs },
    },
  ]);
}
