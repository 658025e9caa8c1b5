import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';
import { ReportContent, ReportKind } from '../domain/report';
import { ObligationKind } from '../rules/obligation';
import { reportFields } from './diff';
import { ReceiptSource, SendVia } from './external';

/**
 * Wire schemas for the report calls a window makes of its station (draft, trail, print view, exports,
 * timeliness), ready to be listed in shared/api/contract.ts. Each mirrors a type of shared/reports, and a
 * test parses real outputs with them so the two cannot drift apart.
 */

export const DraftReportRequest = z.object({ incidentId: Ulid, kind: ReportKind });

export const ExportMetaWire = z.object({
  subject: z.string().trim().min(1).max(200).optional(),
  issueNumber: z.number().int().min(1).max(100_000).optional(),
  issuingUnit: z.string().trim().min(1).max(200).optional(),
  approverName: z.string().trim().min(1).max(100).optional(),
  date: z.number().int().optional(),
  version: z.number().int().min(1).optional(),
  masthead: z.string().trim().min(1).max(50).optional(),
});

export const ReportExportRequest = z.object({ reportId: Ulid, meta: ExportMetaWire.default({}) });

const FieldValueWire = z.union([z.string(), z.number()]).optional();

export const FieldChangeWire = z.object({
  field: z.enum(reportFields),
  before: FieldValueWire,
  after: FieldValueWire,
});

export const VersionActionWire = z.object({
  type: z.enum(['submitted', 'approved', 'returned', 'sent', 'received']),
  by: z.string().max(64),
  byName: z.string().max(100).optional(),
  at: Instant,
  comment: z.string().max(2000).optional(),
  addressedTo: z.string().max(12).optional(),
  /** For 签发: how the signer was verified, and who recorded a phone approval. */
  via: z.enum(['pin', 'phone_terminal', 'phone_callback']).optional(),
  recordedBy: z.string().max(100).optional(),
  /** Sent to an upper level outside Duty Room, and how (issue 19). */
  external: z.object({ name: z.string().max(100), via: SendVia }).optional(),
  /** A receipt recorded at the sender: 人工回执 (manual) or a provincial system's answer. */
  receipt: z
    .object({ source: ReceiptSource, receiverName: z.string().max(100), reference: z.string().max(200).optional() })
    .optional(),
});

export const VersionEntryWire = z.object({
  version: z.number().int().min(1),
  content: ReportContent,
  authoredBy: z.string().max(64),
  authoredByName: z.string().max(100).optional(),
  authoredAt: Instant,
  eventId: z.string().max(64),
  changes: z.array(FieldChangeWire),
  actions: z.array(VersionActionWire),
  approvedBy: z.string().max(64).optional(),
  approvedAt: Instant.optional(),
});

/** A generated file as it crosses a transport: the bytes in base64 (a report is tens of kilobytes). */
export const ExportedFile = z.object({
  fileName: z.string().min(1).max(200),
  mediaType: z.enum([
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ]),
  base64: z.string().max(20 * 1024 * 1024),
});
export type ExportedFile = z.infer<typeof ExportedFile>;

export const TimelinessRequest = z
  .object({ from: Instant, to: Instant, title: z.string().max(200).optional() })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'from must be before to', path: ['to'] });

const TimelinessRowWire = z.object({
  key: z.string(),
  label: z.string(),
  due: z.number().int().min(0),
  onTime: z.number().int().min(0),
  late: z.number().int().min(0),
  missing: z.number().int().min(0),
  pending: z.number().int().min(0),
  waived: z.number().int().min(0),
  onTimeRate: z.number().min(0).max(1).nullable(),
});

const FirstReportRowWire = z.object({
  station: z.string(),
  stationName: z.string(),
  incidents: z.number().int().min(0),
  reported: z.number().int().min(0),
  medianMs: z.number().min(0).nullable(),
});

export const TimelinessStatsWire = z.object({
  period: z.object({ from: Instant, to: Instant }),
  asOf: Instant,
  total: TimelinessRowWire,
  byKind: z.array(TimelinessRowWire),
  byStation: z.array(TimelinessRowWire),
  firstReport: z.object({ total: FirstReportRowWire, byStation: z.array(FirstReportRowWire) }),
  exceptions: z.array(
    z.object({
      station: z.string(),
      stationName: z.string(),
      incidentId: z.string(),
      key: z.string(),
      kind: ObligationKind,
      dueAt: Instant,
      metAt: Instant.optional(),
      lateByMs: z.number().min(0),
      state: z.enum(['met_late', 'overdue']),
    }),
  ),
});
