import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';

/*
 * Event and command types of the duty log (值班日志). Each entry is one stream (`dutylog:<entryId>`).
 * The log is a legal record: an entry is never edited in place; a correction is a new event that names
 * what changed and why, and every version stays readable. The catalogs in shared/events and
 * shared/commands spread these in.
 */

/** What happened: 接到来电, 拨出电话, 接到指示, 传达指示, 报告/报送, 其他记事. */
export const DutyLogKind = z.enum([
  'call_received',
  'call_made',
  'instruction_received',
  'instruction_relayed',
  'report_made',
  'note',
]);
export type DutyLogKind = z.infer<typeof DutyLogKind>;
export const DUTY_LOG_KINDS = DutyLogKind.options;

/** Kinds whose record means nothing without who it was to (传达给谁, 向谁报告). */
export const COUNTERPART_REQUIRED: readonly DutyLogKind[] = ['instruction_relayed', 'report_made'];

export const DutyLogText = z.string().trim().min(1).max(2000);
/** To or from whom: a person, a unit, a phone number as the officer wrote it. */
export const Counterpart = z.string().trim().min(1).max(100);

/** The corrected fields; `null` clears an optional one (unlinks the incident, drops the counterpart). */
export const DutyLogChanges = z
  .object({
    kind: DutyLogKind,
    text: DutyLogText,
    counterpart: Counterpart.nullable(),
    incidentId: Ulid.nullable(),
    occurredAt: Instant,
  })
  .partial()
  .refine((c) => Object.keys(c).length > 0, 'at least one change');
export type DutyLogChanges = z.infer<typeof DutyLogChanges>;

const Reason = z.string().trim().min(1).max(500);

export const dutyLogEventPayloads = {
  /** An entry as first recorded; occurredAt is when the call or instruction happened. */
  'dutylog.entry_recorded': z.object({
    kind: DutyLogKind,
    text: DutyLogText,
    counterpart: Counterpart.optional(),
    incidentId: Ulid.optional(),
    occurredAt: Instant,
  }),
  /** A correction: the entry's earlier versions stay on record. */
  'dutylog.entry_corrected': z.object({ changes: DutyLogChanges, reason: Reason }),
} as const;

export const dutyLogCommandPayloads = {
  'dutylog.record': z.object({
    entryId: Ulid.optional(),
    kind: DutyLogKind,
    text: DutyLogText,
    counterpart: Counterpart.optional(),
    incidentId: Ulid.optional(),
    /** Defaults to now; an entry may be written a little after the call it records. */
    occurredAt: Instant.optional(),
  }),
  'dutylog.correct': z.object({ entryId: Ulid, changes: DutyLogChanges, reason: Reason }),
} as const;
