import { ExportedFile, TimelinessRequest, TimelinessStatsWire } from '../reports/schemas';
import { query } from './call';

/**
 * 信息报送及时性统计: for a period, the reports owed on time / late / missing per kind and per station and
 * the median time from 接报 to the first report, from everything this station's log holds; and the same
 * as an .xlsx workbook (base64).
 */
export const reportsCalls = {
  reportTimeliness: query(TimelinessRequest, TimelinessStatsWire),
  exportTimelinessXlsx: query(TimelinessRequest, ExportedFile),
} as const;
