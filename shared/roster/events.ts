import { z } from 'zod';
import { ObjectId, Ulid } from '../ids';
import { HandoverSheet } from './handover';
import { Shift } from '../domain/operations';
import { Roster, StaffMember } from './schemas';

/*
 * Event and command types of the duty roster. The catalogs in shared/events and shared/commands
 * spread these in, so the log accepts them like any other. A roster month is one stream
 * (`roster:<rosterId>`); a staff member is `staff:<personId>`.
 */

const Seat = { shiftId: ObjectId, positionIndex: z.number().int().min(0).max(49) };
/** A handover signature's verification: the signer's own PIN at the console, at that moment. */
export const HandoverVerification = z.object({ method: z.literal('pin') });
const Reason = z.string().trim().min(1).max(500);

export const rosterEventPayloads = {
  // 值班人员名录
  'staff.registered': z.object({ member: StaffMember }),

  // 值班表
  /** A month roster (generated, edited by hand) put in force. */
  'roster.published': z.object({ roster: Roster }),
  /** The rest of a published month's shifts, when the whole month would not fit in one event. */
  'roster.shifts_added': z.object({ shifts: z.array(Shift).min(1).max(400) }),
  /** A seat given to a person, or cleared (no personId), after publication. */
  'roster.position_assigned': z.object({
    ...Seat,
    personId: ObjectId.optional(),
    reason: z.string().max(500).optional(),
  }),
  /** 到岗签到: occurredAt is the check-in time. */
  'roster.checked_in': z.object({ ...Seat, personId: ObjectId }),
  /** 换班/替班 requested: the seat holder hands the seat to `toPersonId`, taking `exchange` in return if named. */
  'roster.swap_requested': z.object({
    swapId: Ulid,
    ...Seat,
    fromPersonId: ObjectId,
    toPersonId: ObjectId,
    exchange: z.object(Seat).optional(),
    reason: Reason,
  }),
  'roster.swap_approved': z.object({ swapId: Ulid, comment: z.string().max(500).optional() }),
  'roster.swap_rejected': z.object({ swapId: Ulid, reason: Reason }),
  /** 交接班记录 frozen at handover time, then signed by both sides. */
  'roster.handover_recorded': z.object({ handoverId: Ulid, sheet: HandoverSheet }),
  'roster.handover_signed': z.object({
    handoverId: Ulid,
    side: z.enum(['outgoing', 'incoming']),
    personId: ObjectId,
    /** How the signer was verified (issue 17): their own PIN typed at that moment. Absent on older records. */
    verification: HandoverVerification.optional(),
  }),
} as const;

export const rosterCommandPayloads = {
  'staff.register': z.object({ member: StaffMember }),
  'roster.publish': z.object({ roster: Roster }),
  'roster.assign_position': z.object({
    rosterId: ObjectId,
    ...Seat,
    personId: ObjectId.optional(),
    reason: z.string().max(500).optional(),
  }),
  'roster.check_in': z.object({ rosterId: ObjectId, ...Seat }),
  'roster.request_swap': z.object({
    rosterId: ObjectId,
    swapId: Ulid.optional(),
    ...Seat,
    toPersonId: ObjectId,
    exchange: z.object(Seat).optional(),
    reason: Reason,
  }),
  'roster.approve_swap': z.object({
    rosterId: ObjectId,
    swapId: Ulid,
    comment: z.string().max(500).optional(),
  }),
  'roster.reject_swap': z.object({ rosterId: ObjectId, swapId: Ulid, reason: Reason }),
  'roster.record_handover': z.object({
    rosterId: ObjectId,
    handoverId: Ulid.optional(),
    sheet: HandoverSheet,
  }),
  /** From a screen only through the station's signHandover, which checks the signer's PIN (issue 17). */
  'roster.sign_handover': z.object({
    rosterId: ObjectId,
    handoverId: Ulid,
    side: z.enum(['outgoing', 'incoming']),
    verification: HandoverVerification.optional(),
  }),
} as const;
