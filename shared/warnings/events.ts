import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';
import { Count, GeoPoint, ShortText } from '../domain/common';
import { JurisdictionCode } from '../domain/jurisdiction';
import { Warning, WarningColour, WarningRecipient } from '../domain/operations';

/*
 * Event and command types of the warning call-and-response loop (预警叫应). `warning.issued` and
 * `warning.lifted` were already in the catalog (the hub routes every `warning.*` downward); these are
 * the steps in between, per recipient. One warning is one stream, `warning:<id>`: the issuing station
 * writes the issue, re-notifications and escalations; a recipient's station may write its own
 * acknowledgement and action report, which reach the issuer through the hub.
 */

/** How a warning or a reminder reached a recipient. */
export const WarningChannel = z.enum(['hub', 'sms', 'voice', 'phone', 'broadcast']);
export type WarningChannel = z.infer<typeof WarningChannel>;

/** How the recipient answered (叫应): in their own station, by calling back, by replying to the SMS. */
export const AnswerChannel = z.enum(['station', 'phone', 'sms_reply']);

/** A recipient as chosen at issue time; the loop's timestamps are added by later events. */
export const IssuedRecipient = WarningRecipient.pick({
  id: true,
  name: true,
  jurisdiction: true,
  tier: true,
  superiorId: true,
});
export type IssuedRecipient = z.infer<typeof IssuedRecipient>;

const Note = z.string().trim().max(500);

export const warningEventPayloads = {
  // 预警: published by the issuing level and routed downward by the hub.
  'warning.issued': z.object({ warning: Warning }),
  'warning.lifted': z.object({ reason: z.string().max(2000).default('') }),
  /**
   * More recipients of an issued warning. A warning to thousands of grid persons does not fit one event
   * (the log's size limit), so the issue is written as `warning.issued` with the first recipients and
   * as many of these as needed, all from the same command.
   */
  'warning.recipients_added': z.object({ recipients: z.array(IssuedRecipient).min(1).max(10_000) }),
  'warning.delivered': z.object({
    recipientId: ObjectId,
    channel: WarningChannel,
    messageId: z.string().max(128).optional(),
  }),
  /**
   * The gateway could not carry a notice to the recipient (the issue, a reminder or the superior's call):
   * the duty officer must phone. Kept on record so the board shows it and nobody assumes it arrived.
   */
  'warning.delivery_failed': z.object({
    recipientId: ObjectId,
    channel: WarningChannel,
    /** What the notice was: the warning itself, a reminder, or the call to the superior. */
    notice: z.enum(['issue', 'renotify', 'escalate']),
    reason: z.string().trim().min(1).max(2000),
  }),
  /** 叫应: the recipient answered (occurredAt: when). */
  'warning.acknowledged': z.object({ recipientId: ObjectId, channel: AnswerChannel, note: Note.optional() }),
  /** What the recipient did: checked, evacuated, closed roads… */
  'warning.action_reported': z.object({
    recipientId: ObjectId,
    action: z.string().trim().min(1).max(2000),
    evacuatedPeople: Count.optional(),
  }),
  'warning.renotified': z.object({ recipientId: ObjectId, channel: WarningChannel }),
  /** The recipient's superior is told that the recipient has not answered. */
  'warning.escalated': z.object({ recipientId: ObjectId, superiorId: ObjectId, note: Note.optional() }),
} as const;

export const warningCommandPayloads = {
  'warning.issue': z.object({
    warningId: Ulid.optional(),
    hazard: ShortText,
    colour: WarningColour,
    areas: z.array(JurisdictionCode).min(1).max(500),
    polygon: z.array(GeoPoint).min(3).max(5000).optional(),
    text: z.string().trim().min(1).max(4000),
    recipients: z.array(IssuedRecipient).max(10_000),
  }),
  'warning.record_delivery': z.object({
    warningId: Ulid,
    recipientId: ObjectId,
    channel: WarningChannel,
    messageId: z.string().max(128).optional(),
    deliveredAt: Instant.optional(),
  }),
  'warning.record_delivery_failure': z.object({
    warningId: Ulid,
    recipientId: ObjectId,
    channel: WarningChannel,
    notice: z.enum(['issue', 'renotify', 'escalate']),
    reason: z.string().trim().min(1).max(2000),
  }),
  'warning.acknowledge': z.object({
    warningId: Ulid,
    recipientId: ObjectId,
    channel: AnswerChannel,
    note: Note.optional(),
    /** When the recipient answered, if recorded afterwards (a call taken then logged); now when absent. */
    acknowledgedAt: Instant.optional(),
  }),
  'warning.report_action': z.object({
    warningId: Ulid,
    recipientId: ObjectId,
    action: z.string().trim().min(1).max(2000),
    evacuatedPeople: Count.optional(),
  }),
  'warning.renotify': z.object({ warningId: Ulid, recipientId: ObjectId, channel: WarningChannel }),
  'warning.escalate': z.object({ warningId: Ulid, recipientId: ObjectId, note: Note.optional() }),
  'warning.lift': z.object({ warningId: Ulid, reason: z.string().trim().min(1).max(2000) }),
} as const;
