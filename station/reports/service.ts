import type { ReportContent, Report, ReportKind } from '../../shared/domain/report';
import type { DomainEvent } from '../../shared/events/envelope';
import type { RuleProfile } from '../../shared/rules/profile';
import { obligationsFor } from '../../shared/rules/obligations';
import { domainError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import { formatChinaTime, toMs } from '../../shared/time';
import {
  draftFromIncident,
  factsAsOf,
  previousReportAt,
  previousReportOf,
  type ReportingStation,
} from '../../shared/reports/draft';
import { versionTrail, type VersionEntry } from '../../shared/reports/diff';
import { layoutReport, type SpecialReportLayout, type SpecialReportMeta } from '../../shared/reports/layout';
import { dispatchMeasures } from '../../shared/reports/measures';
import { printViewHtml } from '../../shared/reports/printView';
import type { ExportedFile } from '../../shared/reports/schemas';
import {
  timelinessStats,
  type IncidentReceipt,
  type StationObligations,
  type TimelinessStats,
} from '../../shared/reports/timeliness';
import type { StationStore } from '../store/index';
import { reportDocx } from './docx';
import { timelinessXlsx } from './xlsx';

/**
 * The report services a station offers its windows, over the station store: draft from the record,
 * version trail, print view, .docx and .xlsx exports, timeliness statistics. The API layer calls these;
 * each returns a Result so a bad id or period comes back as a DomainError, never an exception.
 */

export type ReportStore = Pick<
  StationStore,
  | 'stationId'
  | 'jurisdiction'
  | 'incident'
  | 'reportsOf'
  | 'report'
  | 'streamEvents'
  | 'dispatchOrders'
  | 'teams'
  | 'eventsSince'
> &
  Partial<Pick<StationStore, 'drillLinkOf'>>;

type ReportEvent = Extract<DomainEvent, { type: `report.${string}` }>;

/** Draft a report of the given kind from what the store holds: facts, earlier reports, dispatches, closure. */
export function draftReport(
  store: ReportStore,
  request: { incidentId: string; kind: ReportKind },
  station: ReportingStation,
  now: number,
): Result<ReportContent> {
  const incident = store.incident(request.incidentId);
  if (!incident) return fail(domainError('NOT_FOUND', 'incidentId'));
  const reports = store.reportsOf(incident.id);
  const previous = previousReportOf(reports);
  const since =
    previous && request.kind !== 'initial' ? previousReportAt(previous) : Number.NEGATIVE_INFINITY;
  const history = store.streamEvents(`incident:${incident.id}`);
  const factsAtPrevious = previous ? factsAsOf(history, previousReportAt(previous)) : undefined;
  const closed = history.filter((e) => e.type === 'incident.closed').at(-1);
  const closingSummary = closed?.type === 'incident.closed' ? closed.payload.summary : undefined;
  return draftFromIncident(request.kind, incident, reports, station, now, {
    ...(factsAtPrevious ? { factsAtPrevious } : {}),
    ...(closingSummary ? { closingSummary } : {}),
    measures: dispatchMeasures(store.dispatchOrders(), store.teams(), incident.id, since),
  });
}

/** Every version of a report with its diff, author, and who submitted, signed, returned, sent and received it. */
export function reportTrail(store: ReportStore, reportId: string): Result<VersionEntry[]> {
  const events = store.streamEvents(`report:${reportId}`) as ReportEvent[];
  if (!events.length) return fail(domainError('NOT_FOUND', 'reportId'));
  return ok(versionTrail(events));
}

export type ExportMeta = Omit<SpecialReportMeta, 'subject'> & { subject?: string };

/**
 * Lay out a report for print or export. The subject defaults to the incident's title and the 签发人 to
 * the name the approving leader carried in the log, so a caller usually passes only the issue number.
 */
/** What a drill's report carries before its title (decision 0024: exports say 演练). */
export const DRILL_MARK = '【演练】';

export function reportLayout(
  store: ReportStore,
  reportId: string,
  meta: ExportMeta = {},
): Result<SpecialReportLayout> {
  const report = store.report(reportId);
  if (!report) return fail(domainError('NOT_FOUND', 'reportId'));
  const incident = store.incident(report.incidentId);
  const titled = meta.subject ?? incident?.facts.title;
  if (!titled) return fail(domainError('NOT_FOUND', 'incidentId'));
  // A drill's report (tagged, or linked afterwards) is marked 演练 on its masthead, title and file name.
  const drill = incident?.drill ?? store.drillLinkOf?.(report.incidentId);
  const subject = drill && !titled.startsWith(DRILL_MARK) ? `${DRILL_MARK}${titled}` : titled;
  const trail = store.streamEvents(`report:${reportId}`) as ReportEvent[];
  const approval = versionTrail(trail)
    .flatMap((v) => v.actions)
    .filter((a) => a.type === 'approved')
    .at(-1);
  const approverName = meta.approverName ?? approval?.byName;
  return layoutReport(report, {
    ...meta,
    ...(drill ? { masthead: `演练·${meta.masthead ?? '信息专报'}（不作为真实信息报送）` } : {}),
    subject,
    ...(approverName ? { approverName } : {}),
    ...(approval?.via ? { signedVia: approval.via } : {}),
    ...(approval?.recordedBy ? { signedRecordedBy: approval.recordedBy } : {}),
  });
}

export function reportPrintView(store: ReportStore, reportId: string, meta?: ExportMeta): Result<string> {
  const layout = reportLayout(store, reportId, meta);
  return layout.ok ? ok(printViewHtml(layout.value)) : layout;
}

/** A file name a duty room would give the document: 第12期-关于某镇山体滑坡的首报.docx, safe on every OS. */
export function reportFileName(layout: SpecialReportLayout): string {
  const base = `${layout.issueLine.includes('\u3000') ? '' : `${layout.issueLine}-`}${layout.title}${layout.draft ? `-草稿v${layout.version}` : ''}`;
  // By code point: only ASCII control and reserved characters are replaced, so no sequence is split.
  const safe = Array.from(base, (ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
  return `${safe.slice(0, 120)}.docx`;
}

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A generated file in its wire form (shared/reports/schemas.ts ExportedFile), for IPC or the socket. */
export function toExportedFile(
  file: { fileName: string; bytes: Buffer },
  mediaType: ExportedFile['mediaType'],
): ExportedFile {
  return { fileName: file.fileName, mediaType, base64: file.bytes.toString('base64') };
}

export async function exportReportDocx(
  store: ReportStore,
  reportId: string,
  meta?: ExportMeta,
): Promise<Result<{ fileName: string; bytes: Buffer }>> {
  const layout = reportLayout(store, reportId, meta);
  if (!layout.ok) return layout;
  return ok({ fileName: reportFileName(layout.value), bytes: await reportDocx(layout.value) });
}

// ---------------------------------------------------------------------------------------------------
// Timeliness from the station's log.

interface LogScan {
  /** incident id → its events and its reports' events, in log order (the deadline engine's history). */
  histories: Map<string, DomainEvent[]>;
  incidents: Array<IncidentReceipt & { jurisdiction: string }>;
}

const SCAN_BATCH = 5_000;

function scanLog(store: ReportStore): LogScan {
  const histories = new Map<string, DomainEvent[]>();
  const reportIncident = new Map<string, string>();
  const incidents: LogScan['incidents'] = [];
  /** Incidents registered from a drill's inject: never in real statistics (decision 0024). */
  const drills = new Set<string>();
  for (let pos = 0; ;) {
    const batch = store.eventsSince(pos, SCAN_BATCH);
    if (!batch.length) break;
    for (const { event } of batch) {
      let incidentId: string | undefined;
      if (event.stream.startsWith('incident:')) {
        incidentId = event.stream.slice('incident:'.length);
        if (event.type === 'incident.registered' && event.payload.drill !== undefined) drills.add(incidentId);
        else if (event.type === 'incident.registered') {
          incidents.push({
            id: incidentId,
            station: event.jurisdiction,
            jurisdiction: event.jurisdiction,
            receivedAt: event.payload.facts.receivedAt,
          });
        }
      } else if (event.stream.startsWith('report:')) {
        const reportId = event.stream.slice('report:'.length);
        if (event.type === 'report.drafted') reportIncident.set(reportId, event.payload.incidentId);
        incidentId = reportIncident.get(reportId);
      } else if (event.type === 'drill.incident_linked') {
        // Registered by hand during a drill, linked to it afterwards by the organiser: drill from now on.
        drills.add(event.payload.incidentId);
        histories.delete(event.payload.incidentId);
        continue;
      }
      if (incidentId === undefined || drills.has(incidentId)) continue;
      const h = histories.get(incidentId) ?? [];
      h.push(event);
      histories.set(incidentId, h);
    }
    pos = batch[batch.length - 1]?.pos ?? pos;
    if (batch.length < SCAN_BATCH) break;
  }
  return { histories, incidents: incidents.filter((i) => !drills.has(i.id)) };
}

/**
 * Timeliness statistics for a period from everything this station's log holds: for each incident, what
 * its own station owed (first, follow-up, final reports) and what this station owed on receipt (relay),
 * per the rule profile. Stations are named by jurisdiction code unless `stationNames` names them.
 */
export function timelinessFromLog(
  store: ReportStore,
  options: {
    period: { from: number; to: number };
    now: number;
    profile: RuleProfile;
    stationNames?: Record<string, string>;
  },
): Result<TimelinessStats> {
  const { histories, incidents } = scanLog(store);
  const byStation = new Map<string, { obligations: StationObligations['obligations'][number][] }>();
  const owe = (station: string, list: StationObligations['obligations']) => {
    const entry = byStation.get(station) ?? { obligations: [] };
    entry.obligations.push(...list);
    byStation.set(station, entry);
  };
  const reports: Report[] = [];
  for (const inc of incidents) {
    const history = histories.get(inc.id) ?? [];
    owe(inc.jurisdiction, obligationsFor(history, options.profile, options.now, inc.jurisdiction));
    if (inc.jurisdiction !== store.jurisdiction) {
      // What this station owed on receiving the lower station's reports: the relay upward.
      owe(
        store.jurisdiction,
        obligationsFor(history, options.profile, options.now, store.jurisdiction).filter(
          (o) => o.kind === 'relay',
        ),
      );
    }
    reports.push(...store.reportsOf(inc.id).filter((r) => r.jurisdiction === inc.jurisdiction));
  }
  const stations: StationObligations[] = [...byStation.entries()].map(([station, { obligations }]) => ({
    station,
    stationName: options.stationNames?.[station] ?? station,
    obligations,
  }));
  return timelinessStats({ period: options.period, stations, incidents, reports }, options.now);
}

export async function exportTimelinessXlsx(
  store: ReportStore,
  options: Parameters<typeof timelinessFromLog>[1] & { title?: string },
): Promise<Result<{ fileName: string; bytes: Buffer; stats: TimelinessStats }>> {
  const stats = timelinessFromLog(store, options);
  if (!stats.ok) return stats;
  const titles = new Map<string, string>();
  const bytes = await timelinessXlsx(stats.value, {
    ...(options.title ? { title: options.title } : {}),
    incidentTitle: (id) => {
      if (!titles.has(id)) titles.set(id, store.incident(id)?.facts.title ?? id);
      return titles.get(id);
    },
  });
  const day = formatChinaTime(toMs(stats.value.period.from)).slice(0, 10);
  return ok({ fileName: `信息报送及时性统计-${day}.xlsx`, bytes, stats: stats.value });
}
