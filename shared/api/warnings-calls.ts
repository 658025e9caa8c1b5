import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId, Ulid } from '../ids';
import { JurisdictionCode } from '../domain/jurisdiction';
import { Warning, WarningRecipient } from '../domain/operations';
import { AnswerChannel, IssuedRecipient, WarningChannel } from '../warnings/events';
import { RecipientStage, WarningObligation } from '../warnings/loop';
import { query } from './call';

/*
 * 预警叫应 in the station API. Issuing, answering (a call taken by phone), action reports and lifting go
 * through `execute` with the warning.* commands of the catalog; these queries give the window what it
 * cannot compute itself: the directory's areas, the recipients a choice would reach (phones stay in the
 * station), and a warning's whole record with the loop's deadlines as of the station's clock.
 */

const Notice = z.enum(['issue', 'renotify', 'escalate']);

/** One recipient and where the loop stands for them (shared/warnings/aggregate.ts RecipientState). */
export const RecipientStateWire = WarningRecipient.extend({
  deliveredBy: WarningChannel.optional(),
  acknowledgedBy: AnswerChannel.optional(),
  action: z.string().max(2000).optional(),
  evacuatedPeople: z.number().int().min(0).optional(),
  renotifiedAt: z.array(Instant).max(20),
  escalatedTo: ObjectId.optional(),
  deliveryFailedAt: Instant.optional(),
  deliveryFailure: z
    .object({ notice: Notice, channel: WarningChannel, reason: z.string().max(2000) })
    .optional(),
});

/** A warning as the store folds it (WarningState): what snapshot.warnings and changes.warnings carry. */
export const WarningStateWire = Warning.omit({ recipients: true }).extend({
  status: z.enum(['active', 'lifted']),
  liftReason: z.string().max(2000).optional(),
  recipients: z.array(RecipientStateWire).max(10_000),
});
export type WarningStateWire = z.infer<typeof WarningStateWire>;

/** Warnings in the snapshot: those in force, and those lifted within this long. */
export const RECENTLY_LIFTED_MS = 24 * 60 * 60 * 1000;

/** A node of the station's area a warning may cover, from the recipients directory. */
export const WarningArea = z.object({
  code: JurisdictionCode,
  name: z.string().max(200),
  /** 1 = the level right below the station (townships under a district). */
  tier: z.number().int().min(1).max(5),
  contacts: z.number().int().min(0),
});
export type WarningArea = z.infer<typeof WarningArea>;

export const RecipientChoiceInput = z.object({
  areas: z.array(JurisdictionCode).min(1).max(500),
  tiers: z.array(z.number().int().min(1).max(5)).max(5),
  gridPersons: z.boolean(),
  officials: z.boolean().default(false),
});

/** A recipient a choice would reach, with what the window shows (no phone numbers). */
export const RecipientPreview = IssuedRecipient.extend({
  kind: z.enum(['duty_room', 'official', 'grid_person']),
  superiorName: z.string().max(200).optional(),
  /** Whether the directory holds a number the gateway can call. */
  reachable: z.boolean(),
});
export type RecipientPreview = z.infer<typeof RecipientPreview>;

export const WarningStepWire = z.object({
  at: Instant,
  step: z.string().max(40),
  by: z.string().max(64),
  recipientId: ObjectId.optional(),
  detail: z.string().max(2100).optional(),
});

/** Where one recipient stands against the clock (shared/warnings/loop.ts RecipientLoop). */
export const RecipientLoopWire = z.object({
  recipientId: ObjectId,
  stage: RecipientStage,
  ackDueAt: Instant,
  late: z.boolean(),
  renotifications: z.number().int().min(0),
  next: WarningObligation.optional(),
});

export const WarningRecordWire = z.object({
  asOf: Instant,
  warning: WarningStateWire,
  steps: z.array(WarningStepWire),
  loop: z.array(RecipientLoopWire),
  closed: z.boolean(),
  /** Names of every recipient and superior the record mentions, by id. */
  names: z.record(z.string(), z.string().max(200)),
});
export type WarningRecordWire = z.infer<typeof WarningRecordWire>;

export const warningsCalls = {
  /** The areas below this station that the directory knows, with how many contacts each. */
  warningAreas: query(z.object({}).strict(), z.array(WarningArea)),
  /** Who a warning over these areas would reach (by tier, grid persons in charge), with each one's superior. */
  warningRecipients: query(RecipientChoiceInput, z.array(RecipientPreview)),
  /** A warning's record: every step with its time, and each recipient's answer deadline and next step. */
  warningRecord: query(z.object({ warningId: Ulid }), WarningRecordWire),
} as const;
