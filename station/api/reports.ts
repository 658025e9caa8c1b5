import type { ApiHandlers } from '../../shared/api/serve';
import { ok } from '../../shared/result';
import { defaultRuleProfile, type RuleProfile } from '../../shared/rules/profile';
import {
  XLSX_MEDIA_TYPE,
  exportTimelinessXlsx,
  timelinessFromLog,
  toExportedFile,
  type ReportStore,
} from '../reports/service';

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
