import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';
import { JurisdictionCode } from '../domain/jurisdiction';
import { Report, ReportContent } from '../domain/report';
import {
  DraftReportRequest,
  ExportedFile,
  ReportExportRequest,
  TimelinessRequest,
  TimelinessStatsWire,
  VersionEntryWire,
} from '../reports/schemas';
import { query } from './call';

/** A report sent up to this station's jurisdiction and not yet acknowledged (已接收), as the inbox lists it. */
export const InboxEntry = z.object({
  report: Report,
  incidentTitle: z.string().max(200),
  fromJurisdiction: JurisdictionCode,
  sentAt: Instant,
  /** How long it has waited, as of `asOf` of the reply (the window ticks it on from there). */
  ageMs: z.number().min(0),
});
export type InboxEntry = z.infer<typeof InboxEntry>;
export const Inbox = z.object({ asOf: Instant, entries: z.array(InboxEntry) });
export type Inbox = z.infer<typeof Inbox>;

/**
 * 信息报告: an incident's reports, a report's draft, trail, print view and .docx, and the inbox of reports
 * sent up here. 信息报送及时性统计: for a period, the reports owed on time / late / missing per kind and per
 * station and the median time from 接报 to the first report, from everything this station's log holds; and
 * the same as an .xlsx workbook (base64). The reports a window lists arrive with the snapshot and pushes.
 */
export const reportsCalls = {
  reportsOf: query(z.object({ incidentId: Ulid }), z.array(Report)),
  /** A report's content drafted from the incident's record (首报, 续报 with what changed, 终报). */
  draftReport: query(DraftReportRequest, ReportContent),
  /** Every version of a report with its diff, author, and who submitted, signed, sent and received it. */
  reportTrail: query(z.object({ reportId: Ulid }), z.array(VersionEntryWire)),
  /** A self-contained HTML page in the 信息专报 layout, for a sandboxed print frame. */
  reportPrintView: query(ReportExportRequest, z.string().max(2_000_000)),
  exportReportDocx: query(ReportExportRequest, ExportedFile),
  /** Reports sent up to this station's jurisdiction that nobody here has acknowledged yet, oldest first. */
  inbox: query(z.object({}).strict(), Inbox),
  reportTimeliness: query(TimelinessRequest, TimelinessStatsWire),
  exportTimelinessXlsx: query(TimelinessRequest, ExportedFile),
} as const;
