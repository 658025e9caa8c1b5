import type { ApiHandlers } from '../../shared/api/serve';
import type { DrillEvaluationWire, DrillSummary, DrillTimelineLine } from '../../shared/api/drills-calls';
import type { DrillState } from '../../shared/drills/aggregate';
import type { DrillEvaluationReport } from '../../shared/drills/evaluation';
import type { DrillScenario } from '../../shared/drills/scenario';
import { shippedScenarios } from '../../shared/drills/shippedScenarios';
import { ok, type Result } from '../../shared/result';
import { MINUTE, toInstant, toMs } from '../../shared/time';
import { drillEvaluation, evaluationDocx, timelineXlsx, type DrillExportStore } from '../drills/exports';
import { DOCX_MEDIA_TYPE, XLSX_MEDIA_TYPE, toExportedFile } from '../reports/service';
import { stationApiFeature } from './context';

type DrillsHandlers = Pick<
  ApiHandlers,
  | 'drillScenarios'
  | 'drills'
  | 'drillTimeline'
  | 'drillEvaluation'
  | 'exportDrillEvaluationDocx'
  | 'exportDrillTimelineXlsx'
>;

export interface DrillsApiStore extends DrillExportStore {
  readonly drills: DrillExportStore['drills'] & { all(limit?: number): DrillState[] };
}

/** Minutes the drill clock has run as of `now` (or its end): paused time excluded. */
function clockMinutes(drill: DrillState, now: number): number | null {
  if (!drill.plan) return null;
  const until = drill.endedAt ? toMs(drill.endedAt) : drill.pausedAt ? toMs(drill.pausedAt) : now;
  return Math.max(0, Math.floor((until - toMs(drill.plan.startsAt) - drill.pausedMs) / MINUTE));
}

function summary(drill: DrillState, scenario: DrillScenario | undefined, now: number): DrillSummary {
  const plan = drill.plan;
  return {
    id: drill.id,
    organiser: drill.organiser,
    status: drill.status,
    scenario: plan && scenario ? { id: scenario.id, version: scenario.version, title: scenario.title } : null,
    drilled: plan?.drilled ?? [...new Set(drill.deliveries.map((d) => d.drilled))],
    mode: plan?.mode ?? null,
    startsAt: plan?.startsAt ?? null,
    endedAt: drill.endedAt ?? null,
    clockMinutes: clockMinutes(drill, now),
    deliveries: drill.deliveries.length,
  };
}

function timelineLines(report: DrillEvaluationReport): DrillTimelineLine[] {
  const titles = new Map(report.scenario.injects.map((i) => [i.key, i.title]));
  const title = (key: string) => titles.get(key) ?? { zh: key, en: key };
  return [
    ...report.drill.deliveries.map((d) => ({
      at: d.at,
      jurisdiction: d.drilled,
      kind: 'inject' as const,
      inject: title(d.injectKey),
      detail: '',
      by: report.drill.organiser,
    })),
    ...report.timeline.map((t) => ({
      at: t.at,
      jurisdiction: t.jurisdiction,
      kind: t.action,
      inject: title(t.subject),
      detail: t.detail,
      by: t.by,
    })),
  ].sort((a, b) => toMs(a.at) - toMs(b.at));
}

function evaluationWire(report: DrillEvaluationReport, now: number): DrillEvaluationWire {
  const titles = new Map(report.scenario.injects.map((i) => [i.key, i.title]));
  const criteria = new Map(report.scenario.criteria.map((c) => [c.key, c.title]));
  return {
    drill: summary(report.drill, report.scenario, now),
    asOf: report.asOf,
    final: report.drill.status === 'ended',
    rooms: report.rooms.map((room) => ({
      jurisdiction: room.jurisdiction,
      total: room.evaluation.total,
      criteria: room.evaluation.criteria.map((c) => ({
        key: c.key,
        title: criteria.get(c.key) ?? { zh: c.key, en: c.key },
        weight: c.weight,
        score: c.score,
      })),
      actions: room.evaluation.actions.map((a) => ({
        inject: titles.get(a.inject) ?? { zh: a.inject, en: a.inject },
        type: a.type,
        criterion: a.criterion,
        deliveredAt: a.deliveredAt ?? null,
        dueAt: a.dueAt ?? null,
        doneAt: a.doneAt ?? null,
        lateMinutes: a.lateMinutes ?? null,
        outcome: a.outcome,
      })),
    })),
    findings: report.drill.findings ?? null,
    revisions: report.drill.revisions ?? [],
  };
}

/**
 * 演练 read calls at the station API (shared/api/drills-calls.ts): the scripts, the drills this station
 * holds, a drill's timeline and evaluation from the record, and the two files marked 演练.
 */
export function drillsHandlers(
  store: DrillsApiStore,
  options: { stationName: string; clock: () => number; roomName?: (jurisdiction: string) => string },
): DrillsHandlers {
  const evaluate = (drillId: string): Result<DrillEvaluationReport> =>
    drillEvaluation(store, drillId, options.clock());
  return {
    drillScenarios: () =>
      ok(
        [...new Set(shippedScenarios.map((s) => s.id))].flatMap((id) => {
          const s = store.drillScenario(id);
          return s
            ? [
                {
                  id: s.id,
                  version: s.version,
                  title: s.title,
                  kind: s.kind,
                  durationMinutes: s.durationMinutes,
                  injects: s.injects.length,
                  drilledLevel: s.drilledLevel,
                },
              ]
            : [];
        }),
      ),
    drills: () => {
      const now = options.clock();
      return ok({
        asOf: toInstant(now),
        drills: store.drills
          .all(500)
          .map((d) =>
            summary(
              d,
              d.plan ? store.drillScenario(d.plan.scenarioId, d.plan.scenarioVersion) : undefined,
              now,
            ),
          ),
      });
    },
    drillTimeline: ({ drillId }) => {
      const report = evaluate(drillId);
      if (!report.ok) return report;
      return ok({
        drill: summary(report.value.drill, report.value.scenario, options.clock()),
        lines: timelineLines(report.value),
      });
    },
    drillEvaluation: ({ drillId }) => {
      const report = evaluate(drillId);
      return report.ok ? ok(evaluationWire(report.value, options.clock())) : report;
    },
    exportDrillEvaluationDocx: async ({ drillId, findings, recommendations }) => {
      const report = evaluate(drillId);
      if (!report.ok) return report;
      const file = await evaluationDocx(report.value, {
        unit: options.stationName,
        ...(options.roomName ? { roomName: options.roomName } : {}),
        ...(findings ? { findings } : {}),
        ...(recommendations ? { recommendations } : {}),
      });
      return ok(toExportedFile(file, DOCX_MEDIA_TYPE));
    },
    exportDrillTimelineXlsx: async ({ drillId }) => {
      const report = evaluate(drillId);
      if (!report.ok) return report;
      return ok(toExportedFile(await timelineXlsx(report.value), XLSX_MEDIA_TYPE));
    },
  };
}

/** 演练 at the station API. */
export const drillsApi = stationApiFeature({
  name: 'drills',
  open: ({ store, station, clock }) => ({
    handlers: drillsHandlers(store, { stationName: station.name, clock }),
  }),
});
