import { formatChinaTime, toMs, type Instant } from '../time';
import type { SpecialReportLayout } from '../reports/layout';
import type { DrillState } from './aggregate';
import type { DrillScenario, ExpectedActionType } from './scenario';
import { scoreDrill, type ActionOutcome, type DrillEvaluation } from './scoring';
import { drillTimeline, observedActions, type DrillTimelineEntry } from './observe';
import type { DomainEvent } from '../events/envelope';

/** 演练评估: each drilled room's evaluation from the record, as of the drill's end (or now while it runs). */
export interface RoomEvaluation {
  jurisdiction: string;
  evaluation: DrillEvaluation;
}

export interface DrillEvaluationReport {
  drill: DrillState;
  scenario: DrillScenario;
  asOf: Instant;
  rooms: RoomEvaluation[];
  timeline: DrillTimelineEntry[];
}

export function evaluateDrill(
  drill: DrillState,
  scenario: DrillScenario,
  events: Iterable<DomainEvent>,
  now: Instant,
): DrillEvaluationReport {
  const asOf = drill.endedAt ?? now;
  const timeline = drillTimeline(events, drill.id);
  const rooms = (drill.plan?.drilled ?? [...new Set(drill.deliveries.map((d) => d.drilled))]).map(
    (jurisdiction) => {
      const delivered = Object.fromEntries(
        drill.deliveries.filter((d) => d.drilled === jurisdiction).map((d) => [d.injectKey, d.at]),
      );
      return {
        jurisdiction,
        evaluation: scoreDrill({
          scenario,
          delivered,
          observed: observedActions(timeline, jurisdiction),
          asOf,
          final: drill.status === 'ended',
        }),
      };
    },
  );
  return { drill, scenario, asOf, rooms, timeline };
}

export const ACTION_ZH: Record<ExpectedActionType, string> = {
  register: '接报登记',
  initial_report: '首报',
  follow_up_report: '续报',
  dispatch: '调派队伍',
  hq_activation: '启动指挥部',
  warning_answer: '预警叫应',
  question_answer: '回复上级询问',
};

export const OUTCOME_ZH: Record<ActionOutcome, string> = {
  on_time: '按时完成',
  late: '超时完成',
  missed: '未完成',
  pending: '未到时限',
  not_delivered: '未注入',
};

const time = (instant: string) => formatChinaTime(toMs(instant));

/**
 * The 演练评估报告 laid out like a 信息专报 (station/reports/docx.ts prints it): marked 演练 in the
 * masthead so it can never pass for a real report; per room, the total and each criterion, then each
 * expected action with when it was due, when it was done and how late; findings and recommendations
 * as the organiser wrote them.
 */
export function evaluationLayout(
  report: DrillEvaluationReport,
  meta: {
    unit: string;
    roomName?: (jurisdiction: string) => string;
    findings?: string;
    recommendations?: string;
  },
): SpecialReportLayout {
  const { drill, scenario } = report;
  const name = (j: string) => meta.roomName?.(j) ?? j;
  const criterionTitle = new Map(scenario.criteria.map((c) => [c.key, c.title.zh]));
  const injectTitle = new Map(scenario.injects.map((i) => [i.key, i.title.zh]));
  const sections = [
    {
      heading: '一、演练概况',
      paragraphs: [
        `演练脚本：${scenario.title.zh}（第${scenario.version}版，${scenario.kind === 'comprehensive' ? '综合演练' : '专项演练'}）。`,
        `演练方式：${drill.plan?.mode === 'blind' ? '双盲演练' : '公开演练'}；被演练单位：${(drill.plan?.drilled ?? []).map(name).join('、')}。`,
        `开始时间：${drill.plan ? time(drill.plan.startsAt) : '—'}；结束时间：${drill.endedAt ? time(drill.endedAt) : '进行中'}；共注入情景${drill.deliveries.length}次。`,
      ],
    },
    ...report.rooms.map((room, i) => ({
      heading: `${['二', '三', '四', '五', '六', '七', '八', '九'][i] ?? `${i + 2}`}、${name(room.jurisdiction)}评估结果`,
      paragraphs: [
        `综合得分：${room.evaluation.total === null ? '无可评项目' : `${room.evaluation.total}分`}。` +
          room.evaluation.criteria
            .map(
              (c) =>
                `${criterionTitle.get(c.key) ?? c.key}（权重${c.weight}）${c.score === null ? '未评' : `${c.score}分`}`,
            )
            .join('；') +
          '。',
        ...room.evaluation.actions.map(
          (a, n) =>
            `${n + 1}. ${injectTitle.get(a.inject) ?? a.inject}——${ACTION_ZH[a.type]}：${OUTCOME_ZH[a.outcome]}` +
            (a.dueAt ? `，应于${time(a.dueAt)}前完成` : '') +
            (a.doneAt ? `，实际${time(a.doneAt)}` : '') +
            (a.lateMinutes ? `，超时${a.lateMinutes}分钟` : '') +
            '。',
        ),
      ],
    })),
    { heading: '发现的问题', paragraphs: [meta.findings?.trim() || '（组织单位尚未填写）'] },
    { heading: '改进建议', paragraphs: [meta.recommendations?.trim() || '（组织单位尚未填写）'] },
  ];
  return {
    masthead: '演练评估报告',
    issueLine: '（演练资料，不作为真实信息报送）',
    unit: meta.unit,
    signerLine: '',
    date: time(report.asOf).slice(0, 10),
    title: `【演练】${scenario.title.zh}评估报告`,
    sections,
    footer: `评估时间：${time(report.asOf)}`,
    draft: false,
    version: 1,
  };
}
