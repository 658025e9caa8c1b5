import { rename, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { formatChinaTime, MINUTE, toMs } from '../../shared/time';
import {
  obligationKindLabel,
  type TimelinessRow,
  type TimelinessStats,
} from '../../shared/reports/timeliness';

/**
 * Timeliness statistics as an .xlsx workbook, one sheet per view: overview, by kind of report, by
 * station, time to first report, and the list of late and missing reports. Times are China time;
 * durations are minutes (a number, so the reader can sort and sum).
 */

export interface TimelinessWorkbookOptions {
  /** e.g. "某区 2026年11月 信息报送及时性统计" */
  title?: string;
  /** Incident titles for the detail sheet; the incident id is shown otherwise. */
  incidentTitle?: (incidentId: string) => string | undefined;
}

export const SHEETS = {
  overview: '概况',
  byKind: '按报告类型',
  byStation: '按单位',
  firstReport: '首报用时',
  exceptions: '迟报漏报明细',
} as const;

// exceljs PaperSize.A4, written out: a const enum the package declares ambient, which isolated modules cannot read.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the enum's value
const A4: ExcelJS.PaperSize = 9;
const PERCENT = '0.0%';
const MINUTES = '0.0';

const countColumns = [
  { header: '应报', key: 'due', width: 8 },
  { header: '按时', key: 'onTime', width: 8 },
  { header: '迟报', key: 'late', width: 8 },
  { header: '逾期未报', key: 'missing', width: 10 },
  { header: '未到期', key: 'pending', width: 8 },
  { header: '已豁免', key: 'waived', width: 8 },
  { header: '按时率', key: 'onTimeRate', width: 10, style: { numFmt: PERCENT } },
];

const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / MINUTE) * 10) / 10);

function styleHeader(sheet: ExcelJS.Worksheet): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.pageSetup = {
    paperSize: A4,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };
}

function countSheet(
  wb: ExcelJS.Workbook,
  name: string,
  firstHeader: string,
  rows: TimelinessRow[],
  total: TimelinessRow,
): void {
  const sheet = wb.addWorksheet(name);
  sheet.columns = [{ header: firstHeader, key: 'label', width: 22 }, ...countColumns];
  for (const r of [...rows, total]) sheet.addRow({ ...r });
  sheet.lastRow?.eachCell((c) => (c.font = { bold: true }));
  styleHeader(sheet);
}

export function timelinessWorkbook(
  stats: TimelinessStats,
  options: TimelinessWorkbookOptions = {},
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duty Room 值守台';
  wb.created = new Date(toMs(stats.asOf));
  const title = options.title ?? '信息报送及时性统计';

  const overview = wb.addWorksheet(SHEETS.overview);
  overview.columns = [
    { header: title, key: 'k', width: 28 },
    { header: '', key: 'v', width: 24 },
  ];
  const t = stats.total;
  const fr = stats.firstReport.total;
  overview.addRows([
    { k: '统计时段（起）', v: formatChinaTime(toMs(stats.period.from)) },
    { k: '统计时段（止，不含）', v: formatChinaTime(toMs(stats.period.to)) },
    { k: '统计截至', v: formatChinaTime(toMs(stats.asOf)) },
    { k: '应报', v: t.due },
    { k: '按时', v: t.onTime },
    { k: '迟报', v: t.late },
    { k: '逾期未报', v: t.missing },
    { k: '未到期', v: t.pending },
    { k: '已豁免', v: t.waived },
    { k: '按时率', v: t.onTimeRate },
    { k: '接报事件数', v: fr.incidents },
    { k: '已首报事件数', v: fr.reported },
    { k: '接报至首报用时中位数（分钟）', v: minutes(fr.medianMs) },
  ]);
  overview.getCell('B11').numFmt = PERCENT;
  overview.getCell('B14').numFmt = MINUTES;
  overview.getRow(1).font = { bold: true, size: 14 };

  countSheet(wb, SHEETS.byKind, '报告类型', stats.byKind, stats.total);
  countSheet(wb, SHEETS.byStation, '单位', stats.byStation, stats.total);

  const first = wb.addWorksheet(SHEETS.firstReport);
  first.columns = [
    { header: '单位', key: 'stationName', width: 22 },
    { header: '接报事件数', key: 'incidents', width: 12 },
    { header: '已首报', key: 'reported', width: 10 },
    { header: '首报用时中位数（分钟）', key: 'median', width: 22, style: { numFmt: MINUTES } },
  ];
  for (const r of [...stats.firstReport.byStation, fr]) first.addRow({ ...r, median: minutes(r.medianMs) });
  styleHeader(first);

  const ex = wb.addWorksheet(SHEETS.exceptions);
  ex.columns = [
    { header: '单位', key: 'stationName', width: 22 },
    { header: '事件', key: 'incident', width: 30 },
    { header: '报告类型', key: 'kind', width: 12 },
    { header: '时限', key: 'due', width: 18 },
    { header: '报送时间', key: 'met', width: 18 },
    { header: '超时（分钟）', key: 'late', width: 12, style: { numFmt: MINUTES } },
    { header: '情形', key: 'state', width: 10 },
  ];
  for (const e of stats.exceptions) {
    ex.addRow({
      stationName: e.stationName,
      incident: options.incidentTitle?.(e.incidentId) ?? e.incidentId,
      kind: obligationKindLabel[e.kind],
      due: formatChinaTime(toMs(e.dueAt)),
      met: e.metAt ? formatChinaTime(toMs(e.metAt)) : '',
      late: minutes(e.lateByMs),
      state: e.state === 'met_late' ? '迟报' : '逾期未报',
    });
  }
  styleHeader(ex);
  return wb;
}

export async function timelinessXlsx(
  stats: TimelinessStats,
  options?: TimelinessWorkbookOptions,
): Promise<Buffer> {
  const bytes = await timelinessWorkbook(stats, options).xlsx.writeBuffer();
  return Buffer.from(bytes);
}

/** Written under a temporary name first, so a crash never leaves half a workbook under the real one. */
export async function writeTimelinessXlsx(
  path: string,
  stats: TimelinessStats,
  options?: TimelinessWorkbookOptions,
): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, await timelinessXlsx(stats, options));
  await rename(tmp, path);
}
