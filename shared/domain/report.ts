import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';
import { JurisdictionCode } from './jurisdiction';
import { Casualties } from './incident';
import { LongText, ShortText } from './common';
import { ExternalAddressee, RecordedReceipt } from '../reports/external';

/** 首报 / 续报 / 终报 / 核报补报 (casualty changes inside the supplementary window) */
export const ReportKind = z.enum(['initial', 'follow_up', 'final', 'supplementary']);
export type ReportKind = z.infer<typeof ReportKind>;

/** 电话首报 vs 书面报告 */
export const ReportChannel = z.enum(['phone', 'written']);
export type ReportChannel = z.infer<typeof ReportChannel>;

/** draft → 待签发 → 已签发 (or returned for rework) → 已报送 → 已接收. Phone reports need no 签发. */
export const ReportStatus = z.enum(['draft', 'awaiting_approval', 'returned', 'approved', 'sent', 'received']);
export type ReportStatus = z.infer<typeof ReportStatus>;

/** The content the regulation requires (Reg. 493 art. 12, and the 信息专报 layout). */
export const ReportContent = z.object({
  unit: ShortText,
  time: z.string().max(200),
  place: z.string().max(300),
  summary: LongText,
  casualties: Casualties,
  estimatedLossYuan: z.number().min(0).max(1e13).optional(),
  cause: z.string().max(4000).default(''),
  measures: z.string().max(8000).default(''),
  nextSteps: z.string().max(4000).default(''),
  reporter: ShortText,
  contact: z.string().max(100),
});
export type ReportContent = z.infer<typeof ReportContent>;

/** One immutable version of a report's content; a revision appends, never overwrites. */
export const ReportVersion = z.object({
  version: z.number().int().min(1),
  content: ReportContent,
  authoredBy: z.string().max(64),
  authoredAt: Instant,
  eventId: Ulid,
});
export type ReportVersion = z.infer<typeof ReportVersion>;

export const Report = z.object({
  id: Ulid,
  incidentId: Ulid,
  kind: ReportKind,
  channel: ReportChannel,
  /** 续报 number: 1 for 续报一; absent for other kinds. */
  sequence: z.number().int().min(1).optional(),
  jurisdiction: JurisdictionCode,
  addressedTo: JurisdictionCode.optional(),
  status: ReportStatus,
  versions: z.array(ReportVersion).min(1),
  approvedBy: z.string().max(64).optional(),
  approvedAt: Instant.optional(),
  /** How the signer was verified (issue 17): their PIN at the console, their phone terminal, or a call-back. */
  approvedVia: z.enum(['pin', 'phone_terminal', 'phone_callback']).optional(),
  returnedComment: z.string().max(2000).optional(),
  sentAt: Instant.optional(),
  /** Sent to a unit outside Duty Room (issue 19): which, and how. */
  external: ExternalAddressee.optional(),
  receivedAt: Instant.optional(),
  receivedBy: z.string().max(64).optional(),
  /** For an external addressee: the receipt recorded at this station (人工回执 when `source` is manual). */
  receipt: RecordedReceipt.pick({ receiverName: true, source: true, reference: true }).optional(),
});
export type Report = z.infer<typeof Report>;
