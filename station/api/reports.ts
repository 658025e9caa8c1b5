import type { ApiHandlers } from '../../shared/api/serve';
import type { InboxEntry } from '../../shared/api/reports-calls';
import { ok } from '../../shared/result';
import { toInstant } from '../../shared/time';
import { defaultRuleProfile, type RuleProfile } from '../../shared/rules/profile';
import {
  DOCX_MEDIA_TYPE,
  XLSX_MEDIA_TYPE,
  draftReport,
  exportReportDocx,
  exportTimelinessXlsx,
  reportPrintView,
  reportTrail,
  timelinessFromLog,
  toExportedFile,
  type ReportStore,
} from '../reports/service';
import { stationApiFeature } from './context';
import { listedIncidents } from './incidents';

type ReportsHandlers = Pick<ApiHandlers, 'reportTimeliness' | 'exportTimelinessXlsx'>;

/**
 * Timeliness statistics at the station API. Stations are named by jurisdiction code except this one,
 * named as the station is; the profile is the one the deadline engine uses (the national default
 * unless the station is configured otherwise).
 */
export function reportsHandlers(
  store: ReportStore,
  options: { stationName: string; clock: () => number; profile?: RuleProfile },
): ReportsHandlers {
  const settings = (from: string, to: string) => ({
    period: { from: Date.parse(from), to: Date.parse(to) },
    now: options.clock(),
    profile: options.profile ?? defaultRuleProfile,
    stationNames: { [store.jurisdiction]: options.stationName },
  });
  return {
    reportTimeliness: ({ from, to }) => timelinessFromLog(store, settings(from, to)),
    exportTimelinessXlsx: async ({ from, to, title }) => {
      const file = await exportTimelinessXlsx(store, { ...settings(from, to), ...(title ? { title } : {}) });
      return file.ok ? ok(toExportedFile(file.value, XLSX_MEDIA_TYPE)) : file;
    },
  };
}

/**
 * 信息报告 at the station API: a report's draft, trail, print view and .docx, the inbox of reports sent up
 * here, timeliness; the reports a window opens with and those an append touched; the rule profile and the
 * external upper levels the header names.
 */
export const reportsApi = stationApiFeature({
  name: 'reports',
  open: ({ store, station, options, clock, actorNow }) => {
    // The report services read the store through the narrow view they declare (station/reports/service.ts).
    const reportStore: ReportStore = {
      stationId: station.stationId,
      jurisdiction: station.jurisdiction,
      incident: (id) => store.incident(id) ?? undefined,
      reportsOf: (id) => store.reportsOf(id),
      report: (id) => store.report(id) ?? undefined,
      streamEvents: (stream) => store.streamEvents(stream),
      dispatchOrders: () => store.dispatchOrders(),
      teams: () => store.teams(),
      eventsSince: (pos, limit) => store.eventsSince(pos, limit),
    };
    const reporting = {
      unit: options.reporting?.unit ?? station.name,
      reporter: options.reporting?.reporter,
      contact: options.reporting?.contact ?? '',
    };
    const ruleProfile = options.ruleProfile ?? defaultRuleProfile;
    const title = (incidentId: string) => store.incident(incidentId)?.facts.title ?? '';

    /** Reports addressed to this jurisdiction, sent and not yet received here; the oldest waits longest. */
    const inbox = () => {
      const now = clock();
      // Every report still awaiting receipt here, also those of incidents closed meanwhile (a late report is
      // still a report the upper level must take in).
      const entries: InboxEntry[] = store
        .reportsAwaitingReceipt(station.jurisdiction)
        .flatMap((report) =>
          report.sentAt
            ? [
                {
                  report,
                  incidentTitle: title(report.incidentId),
                  fromJurisdiction: report.jurisdiction,
                  sentAt: report.sentAt,
                  ageMs: Math.max(0, now - Date.parse(report.sentAt)),
                },
              ]
            : [],
        )
        .sort((a, b) => b.ageMs - a.ageMs);
      return ok({ asOf: toInstant(now), entries });
    };

    const handlers: Pick<
      ApiHandlers,
      'reportsOf' | 'draftReport' | 'reportTrail' | 'reportPrintView' | 'exportReportDocx' | 'inbox'
    > = {
      reportsOf: ({ incidentId }) => ok(store.reportsOf(incidentId)),
      draftReport: (request) => {
        const actor = actorNow();
        const reporter = reporting.reporter ?? (actor.ok ? (actor.value.name ?? actor.value.id) : '');
        return draftReport(reportStore, request, { ...reporting, reporter }, clock());
      },
      reportTrail: ({ reportId }) => reportTrail(reportStore, reportId),
      reportPrintView: ({ reportId, meta }) => reportPrintView(reportStore, reportId, meta),
      exportReportDocx: async ({ reportId, meta }) => {
        const file = await exportReportDocx(reportStore, reportId, meta);
        return file.ok ? ok(toExportedFile(file.value, DOCX_MEDIA_TYPE)) : file;
      },
      inbox,
    };
    return {
      handlers: {
        ...handlers,
        ...reportsHandlers(reportStore, { stationName: station.name, clock, profile: ruleProfile }),
      },
      /** The reports of the incidents the window lists. */
      snapshot: () => ({ reports: listedIncidents(store).flatMap((i) => store.reportsOf(i.id)) }),
      changedIn: (events) => {
        const ids = new Set(
          events.filter((e) => e.stream.startsWith('report:')).map((e) => e.stream.slice('report:'.length)),
        );
        return { reports: [...ids].flatMap((id) => store.report(id) ?? []) };
      },
      stationInfo: () => ({
        ruleProfile: {
          id: ruleProfile.id,
          name: ruleProfile.name,
          ...(ruleProfile.appliesTo !== undefined ? { appliesTo: ruleProfile.appliesTo } : {}),
        },
        ...(store.externalUnits?.length ? { externalUnits: [...store.externalUnits] } : {}),
      }),
    };
  },
});
