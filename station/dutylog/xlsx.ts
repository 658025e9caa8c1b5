import ExcelJS from 'exceljs';
import type { DutyLogEntry } from '../../shared/dutylog/aggregate';
import { DUTY_LOG_KIND_LABELS } from '../../shared/labels/dutylog';
import { zhOf } from '../../shared/labels/labels';
import { formatChinaTime, toMs } from '../../shared/time';

const DUTY_LOG_KIND_ZH = zhOf(DUTY_LOG_KIND_LABELS);

/**
 * 值班日志 as .xlsx: one row per entry, oldest first as a paper log reads, in China time, with the
 * current content and, for a corrected entry, each earlier version and the reason it was corrected —
 * the log is a legal record, so the printout shows what was changed, not only the result. The handover
 * export adds the same sheet to its own workbook with `addDutyLogSheet`.
 */

export interface DutyLogSheetOptions {
  /** Title line above the table, e.g. "万盛经开区应急管理局 值班日志 2026年11月25日". */
  title?: string;
  /** The incident's title for the 关联事件 column; its id otherwise. */
  incidentTitle?: (incidentId: string) => string | undefined;
  /** Sheet name (default 值班日志). */
  sheetName?: string;
}

export const DUTY_LOG_SHEET = '值班日志';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const;
// exceljs PaperSize.A4, written out: a const enum the package declares ambient, which isolated modules cannot read.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the enum's value
const A4: ExcelJS.PaperSize = 9;

export const DUTY_LOG_COLUMNS = [
  { header: '序号', key: 'n', width: 6 },
  { header: '时间', key: 'occurredAt', width: 18 },
  { header: '类型', key: 'kind', width: 10 },
  { header: '对方', key: 'counterpart', width: 18 },
  { header: '内容', key: 'text', width: 50 },
  { header: '关联事件', key: 'incident', width: 24 },
  { header: '记录人', key: 'by', width: 12 },
  { header: '记录时间', key: 'recordedAt', width: 18 },
  { header: '更正记录', key: 'corrections', width: 50 },
] as const;

const time = (instant: string) => formatChinaTime(toMs(instant));

/** "更正1（时间 记录人，原因）：原为 …" for each correction, earliest first. */
export function correctionsText(
  entry: DutyLogEntry,
  incidentTitle: (incidentId: string) => string | undefined = () => undefined,
): string {
  const incident = (id: string | undefined) => (id === undefined ? '（无）' : (incidentTitle(id) ?? id));
  return entry.versions
    .slice(1)
    .map((v, i) => {
      const before = entry.versions[i];
      if (!before) return '';
      const was = [
        before.kind !== v.kind ? `类型原为「${DUTY_LOG_KIND_ZH[before.kind]}」` : '',
        before.text !== v.text ? `内容原为「${before.text}」` : '',
        before.counterpart !== v.counterpart ? `对方原为「${before.counterpart ?? '（无）'}」` : '',
        before.incidentId !== v.incidentId ? `关联事件原为「${incident(before.incidentId)}」` : '',
        before.occurredAt !== v.occurredAt ? `时间原为「${time(before.occurredAt)}」` : '',
      ].filter(Boolean);
      return `更正${i + 1}（${time(v.recordedAt)} ${v.by.name ?? v.by.id}，${v.reason ?? ''}）：${was.join('；')}`;
    })
    .filter(Boolean)
    .join('\n');
}

/** Add the duty log as a sheet of `wb` (entries in any order; they are listed oldest first). */
export function addDutyLogSheet(
  wb: ExcelJS.Workbook,
  entries: readonly DutyLogEntry[],
  options: DutyLogSheetOptions = {},
): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(options.sheetName ?? DUTY_LOG_SHEET);
  const title = options.title ?? DUTY_LOG_SHEET;
  sheet.columns = DUTY_LOG_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, DUTY_LOG_COLUMNS.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  const header = sheet.addRow(DUTY_LOG_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle' };
  const ordered = [...entries].sort(
    (a, b) => toMs(a.occurredAt) - toMs(b.occurredAt) || a.id.localeCompare(b.id),
  );
  ordered.forEach((e, i) => {
    const row = sheet.addRow({
      n: i + 1,
      occurredAt: time(e.occurredAt),
      kind: DUTY_LOG_KIND_ZH[e.kind],
      counterpart: e.counterpart ?? '',
      text: e.text,
      incident: e.incidentId ? (options.incidentTitle?.(e.incidentId) ?? e.incidentId) : '',
      by: e.recordedBy.name ?? e.recordedBy.id,
      recordedAt: time(e.recordedAt),
      corrections: correctionsText(e, options.incidentTitle),
    });
    row.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  sheet.pageSetup = {
    paperSize: A4,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '2:2',
  };
  return sheet;
}

/** A workbook holding only the duty log. */
export function dutyLogWorkbook(entries: readonly DutyLogEntry[], options: DutyLogSheetOptions = {}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duty Room 值守台';
  addDutyLogSheet(wb, entries, options);
  return wb;
}

export async function dutyLogXlsx(entries: readonly DutyLogEntry[], options: DutyLogSheetOptions = {}): Promise<Buffer> {
  return Buffer.from(await dutyLogWorkbook(entries, options).xlsx.writeBuffer());
}
