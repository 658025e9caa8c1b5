import { z } from 'zod';
import { ObjectId } from '../ids';
import type { DecideContext } from '../aggregates/context';
import type { EventDraft } from '../events/envelope';
import type { StaffMember } from '../roster/schemas';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';

/*
 * 人员口令 (issue 17): who set, reset or revoked whose sign-in credential, and when. The hash itself stays
 * in the station's local credentials table (decision 0018); what goes on record is the fact, never a
 * secret: an event on the station's own `credential:<stationId>` stream, in the name of the person who did
 * it. The commands are station-only (a screen's `execute` does not take them): the station's
 * setCredential / revokeCredential check the caller is an administrator (or the person themselves, for
 * their own PIN) and stamp `setAs`.
 */

/** On what the change rests: an administrator, the person changing their own, or the first-run set-up. */
export const CredentialSetAs = z.enum(['administrator', 'self', 'first_run']);
export type CredentialSetAs = z.infer<typeof CredentialSetAs>;

const Reason = z.string().trim().max(500);
const CredentialChange = z.object({ personId: ObjectId, admin: z.boolean(), setAs: CredentialSetAs });

export const credentialEventPayloads = {
  /** A person who had no credential got one. */
  'credential.set': CredentialChange,
  /** A person's credential was replaced: their open sessions ended. */
  'credential.reset': CredentialChange,
  /** A person's sign-in was revoked (someone who left): sessions ended, paired phones revoked. */
  'credential.revoked': z.object({ personId: ObjectId, reason: Reason.default('') }),
} as const;

export const credentialCommandPayloads = {
  /** `replaces`: the station found a credential for the person (a reset), as its local table says. */
  'credential.record_set': CredentialChange.extend({ replaces: z.boolean() }),
  'credential.record_revoke': z.object({ personId: ObjectId, reason: Reason.default('') }),
} as const;

export type CredentialCommand =
  | {
      type: 'credential.record_set';
      payload: z.infer<(typeof credentialCommandPayloads)['credential.record_set']>;
    }
  | {
      type: 'credential.record_revoke';
      payload: z.infer<(typeof credentialCommandPayloads)['credential.record_revoke']>;
    };

export const credentialStream = (stationId: string) => `credential:${stationId}` as const;

/** A person's sign-in as the admin screen lists it. */
export const CredentialListing = z.object({
  person: z.object({
    id: ObjectId,
    name: z.string().max(200),
    dutyRoles: z.array(z.string().max(40)).max(5),
    active: z.boolean(),
  }),
  /** set: can sign in; none: never had one; revoked: sign-in revoked (and not set again since). */
  state: z.enum(['set', 'none', 'revoked']),
  admin: z.boolean(),
  /** The last change on record: when, and by whom. */
  changedAt: z.string().max(40).nullable(),
  changedBy: z.string().max(200).nullable(),
});
export type CredentialListing = z.infer<typeof CredentialListing>;

/**
 * Record a credential change. The person must be in the directory (active, to be given a credential);
 * nobody revokes their own sign-in (another administrator does, so a station is never left without one).
 */
export function decideCredential(
  cmd: CredentialCommand,
  state: { staff: readonly StaffMember[] },
  ctx: DecideContext,
): Result<EventDraft[]> {
  if (!ctx.station) return fail(domainError('INVALID_FIELD', 'station', 'the deciding station is not known'));
  const stream = credentialStream(ctx.station);
  const person = state.staff.find((p) => p.id === cmd.payload.personId);
  if (!person) return fail(domainError('UNKNOWN_PERSON', 'payload.personId'));
  if (cmd.type === 'credential.record_revoke') {
    if (person.id === ctx.actor.id)
      return fail(
        domainError(
          'INVALID_FIELD',
          'payload.personId',
          'nobody revokes their own sign-in; another administrator does',
        ),
      );
    return ok([
      { type: 'credential.revoked', stream, payload: { personId: person.id, reason: cmd.payload.reason } },
    ]);
  }
  if (!person.active) return fail(domainError('UNKNOWN_PERSON', 'payload.personId'));
  const { personId, admin, setAs, replaces } = cmd.payload;
  return ok([
    { type: replaces ? 'credential.reset' : 'credential.set', stream, payload: { personId, admin, setAs } },
  ]);
}
