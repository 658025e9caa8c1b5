import { z } from 'zod';
import { Ulid, ObjectId } from '../ids';
import { Instant } from '../time';
import { JurisdictionCode } from '../domain/jurisdiction';
import { ReportChannel, ReportContent, ReportKind } from '../domain/report';
import { ApprovalVerification } from '../auth/schemas';
import { ExternalAddressee, RecordedReceipt, SendVia } from '../reports/external';

/*
 * Event and command types of the report (信息报告) aggregate; shared/features.ts registers them and the
 * catalogs in shared/events and shared/commands are built from the registry.
 */

export const reportEventPayloads = {
  'report.drafted': z.object({
    incidentId: Ulid,
    kind: ReportKind,
    channel: ReportChannel,
    sequence: z.number().int().min(1).optional(),
    content: ReportContent,
  }),
  'report.revised': z.object({ content: ReportContent }),
  'report.submitted': z.object({}),
  /** `verification`: how the signer was verified at that moment (issue 17); absent on records from before it. */
  'report.approved': z.object({ comment: z.string().max(2000).optional(), verification: ApprovalVerification.optional() }),
  'report.returned': z.object({ comment: z.string().trim().min(1).max(2000) }),
  /** `external`: the addressee is a unit outside Duty Room, and how the report went to it (issue 19). */
  'report.sent': z.object({ addressedTo: JurisdictionCode, external: ExternalAddressee.optional() }),
  'report.received': z.object({ receivedBy: z.string().min(1).max(64), note: z.string().max(2000).optional() }),
  /** A receipt for a report sent to an external unit, recorded at the sending station (人工回执 or a system's answer). */
  'report.receipt_recorded': RecordedReceipt,
} as const;

export const reportCommandPayloads = {
  'report.draft': z.object({
    reportId: Ulid.optional(),
    incidentId: Ulid,
    kind: ReportKind,
    channel: ReportChannel,
    content: ReportContent,
  }),
  'report.revise': z.object({ reportId: Ulid, content: ReportContent }),
  'report.submit': z.object({ reportId: Ulid }),
  /** From a screen only through approveReport / the phone paths, which fill in `verification` (issue 17). */
  'report.approve': z.object({
    reportId: Ulid,
    comment: z.string().max(2000).optional(),
    verification: ApprovalVerification.optional(),
  }),
  'report.return': z.object({ reportId: Ulid, comment: z.string().trim().min(1).max(2000) }),
  /** `external`: send to a unit of the station's external directory (addressedTo is its jurisdiction), and how. */
  'report.send': z.object({
    reportId: Ulid,
    addressedTo: JurisdictionCode,
    external: z.object({ unitId: ObjectId, via: SendVia }).optional(),
  }),
  /** 人工回执: who at the external unit received a report sent to it, and when (as they said). */
  'report.record_receipt': z.object({
    reportId: Ulid,
    receiverName: z.string().trim().min(1).max(100),
    receivedAt: Instant,
    note: z.string().max(2000).optional(),
  }),
  'report.acknowledge': z.object({ reportId: Ulid, note: z.string().max(2000).optional() }),
} as const;

/** What only the station itself does to a report (no console may send it). */
export const reportSystemCommandPayloads = {
  /** A provincial system's answer to a submission through its adapter (station/reports/provincial.ts). */
  'report.record_system_receipt': z.object({
    reportId: Ulid,
    receiverName: z.string().trim().min(1).max(100),
    receivedAt: Instant,
    reference: z.string().trim().min(1).max(200),
  }),
} as const;
