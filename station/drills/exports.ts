import ExcelJS from 'exceljs';
import { formatChinaTime, toMs } from '../../shared/time';
import {
  evaluateDrill,
  evaluationLayout,
  ACTION_ZH,
  type DrillEvaluationReport,
} from '../../shared/drills/evaluation';
import type { DrillScenario } from '../../shared/drills/scenario';
import type { DomainEvent } from '../../shared/events/envelope';
import { domainError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import type { DrillQueries } from './drills.store';
import type { LoggedEvent } from '../store/index';
import { reportDocx } from '../reports/docx';

/*
 * 演练评估 at the organiser's station: the evaluation read from its own record, printed as a .docx
 * 演练评估报告 (the 信息专报 printer, masthead 演练评估报告) and the timeline as an .xlsx, both marked
 * 演练 in name and title so no file of a drill passes for a real one.
 */

export interface DrillExportStore {
  readonly drills: Pick<DrillQueries, 'byId'>;
  drillScenario(id: string, version?: number): DrillScenario | undefined;
  eventsSince(pos: number, limit: number): LoggedEvent[];
}

const BATCH = 5_000;

function* allEvents(store: DrillExportStore): Generator<DomainEvent> {
  for (let pos = 0; ;) {
    const batch = store.eventsSince(pos, BATCH);
    for (const { event } of batch) yield event;
    if (batch.length < BATCH) return;
    pos = batch[batch.length - 1]?.pos ?? pos;
  }
}

/** The evaluation of a drill this station holds, as of its end (or `now` while it runs). */
export function drillEvaluation(
  store: DrillExportStore,
  drillId: string,
  now: number,
): Result<DrillEvaluationReport> {
  const drill = store.drills.byId(drillId);
  if (!drill?.plan) return fail(domainError('NOT_FOUND', 'drillId', drillId));
  const scenario = store.drillScenario(drill.plan.scenarioId, drill.plan.scenarioVersion);
  if (!scenario) return fail(domainError('NOT_FOUND', 'scenarioId', drill.plan.scenarioId));
  return ok(evaluateDrill(drill, scenario, allEvents(store), new Date(now).toISOString()));
}

const time = (instant: string) => formatChinaTime(toMs(instant));
// exceljs PaperSize.A4, written out: a const enum the package declares ambient, which isolated modules cannot read.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the enum's value
const A4: ExcelJS.PaperSize = 9;

/** The timeline workbook: every inject delivered and every action of the drilled rooms, in time order. */
export function timelineWorkbook(report: DrillEvaluationReport): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('演练时间线');
  const columns = [
    { header: '时间', key: 'at', width: 18 },
    { header: '单位', key: 'jurisdiction', width: 12 },
    { header: '类别', key: 'kind', width: 10 },
    { header: '内容', key: 'what', width: 40 },
    { header: '情景', key: 'inject', width: 30 },
    { header: '人员', key: 'by', width: 14 },
  ];
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  sheet.addRow([`【演练】${report.scenario.title.zh} 时间线`]);
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  const injectTitle = new Map(report.scenario.injects.map((i) => [i.key, i.title.zh]));
  const rows = [
    ...report.drill.deliveries.map((d) => ({
      at: d.at,
      jurisdiction: d.drilled,
      kind: '情景注入',
      what: injectTitle.get(d.injectKey) ?? d.injectKey,
      inject: d.injectKey,
      by: '演练组织单位',
    })),
    ...report.timeline.map((t) => ({
      at: t.at,
      jurisdiction: t.jurisdiction,
      kind: ACTION_ZH[t.action],
      what: t.detail,
      inject: injectTitle.get(t.subject) ?? t.subject,
      by: t.by,
    })),
  ].sort((a, b) => toMs(a.at) - toMs(b.at));
  for (const r of rows)
    sheet.addRow({ ...r, at: time(r.at) }).alignment = { vertical: 'top', wrapText: true };
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  sheet.pageSetup = {
    paperSize: A4,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };
  return wb;
}

export async function timelineXlsx(
  report: DrillEvaluationReport,
): Promise<{ fileName: string; bytes: Buffer }> {
  const bytes = Buffer.from(await timelineWorkbook(report).xlsx.writeBuffer());
  return { fileName: `演练-${report.scenario.title.zh}-时间线.xlsx`, bytes };
}

export async function evaluationDocx(
  report: DrillEvaluationReport,
  meta: Parameters<typeof evaluationLayout>[1],
): Promise<{ fileName: string; bytes: Buffer }> {
  const bytes = await reportDocx(evaluationLayout(report, meta));
  return { fileName: `演练-${report.scenario.title.zh}-演练评估报告.docx`, bytes };
}
