import type { Report, ReportContent } from '../domain/report';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { toMs } from '../time';
import { chinaDateTimeZh, chinaDateZh, reportTitle, yuanPhrase } from './wording';

/**
 * The 信息专报 layout as data: masthead, 第N期, issuing unit and 签发人 line, date, title, numbered body
 * sections, reporter/contact line. The .docx export and the print view both render this one model,
 * so the two never disagree about what a report says.
 */

export interface SpecialReportMeta {
  /** The incident the report is about, as its title names it, e.g. "某镇山体滑坡". */
  subject: string;
  /** 第N期: the station's running issue number; blank when not yet assigned. */
  issueNumber?: number;
  /** The unit on the masthead; the report content's unit otherwise. */
  issuingUnit?: string;
  /** Name of the leader who signed (签发); the approver's id is all the report itself holds. */
  approverName?: string;
  /** Date under the masthead (ms); defaults to the approval, else sending, else the version's time. */
  date?: number;
  /** Which version to lay out; the latest otherwise. */
  version?: number;
  /** Defaults to 信息专报. */
  masthead?: string;
  /** How the signer was verified at 签发, and who recorded a phone approval (from the report's trail). */
  signedVia?: 'pin' | 'phone_terminal' | 'phone_callback';
  signedRecordedBy?: string;
}

/** How the 签发 was verified, as the 签发 line says it (issue 17's methods). */
export const signedViaZh = { pin: '本人PIN核验', phone_terminal: '手机终端确认', phone_callback: '电话回拨确认' } as const;

/** How a report went to an upper level outside Duty Room (issue 19). */
export const sendViaZh = { provincial_system: '省级报送系统', phone: '电话', fax: '传真', in_person: '当面送达' } as const;

export interface LayoutSection {
  heading: string;
  paragraphs: string[];
}

export interface SpecialReportLayout {
  masthead: string;
  /** "第12期", or 第 and 期 around a full-width space when unnumbered */
  issueLine: string;
  unit: string;
  /** "签发人：李强" */
  signerLine: string;
  date: string;
  title: string;
  sections: LayoutSection[];
  /** 报告人 and 联系电话, two full-width spaces apart */
  footer: string;
  /**
   * The 签发 line under the footer, for upload or fax (issue 19): who signed, when, how verified —
   * "签发：李强 2026年11月25日10时02分 本人PIN核验" (full-width spaces between). Absent while unsigned.
   */
  signOffLine?: string;
  /** "报送：某市应急管理局（传真）" once sent to an upper level outside Duty Room. */
  sentToLine?: string;
  /** Not yet signed (a written report before 签发): printed marked as a draft. */
  draft: boolean;
  version: number;
}

/** U+3000, the space Chinese documents pad with. */
const FULL_WIDTH_SPACE = '\u3000';

const sectionNumerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const paragraphsOf = (text: string): string[] =>
  text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean);

/** All four figures, stated even when zero: the regulation asks for casualties including the missing. */
export function casualtyFigures(c: ReportContent): string[] {
  const { dead, injured, missing, trapped } = c.casualties;
  return [
    `死亡${dead}人，受伤${injured}人，失联${missing}人，被困${trapped}人。`,
    c.estimatedLossYuan !== undefined
      ? `直接经济损失初步估算约${yuanPhrase(c.estimatedLossYuan)}。`
      : '直接经济损失正在核实中。',
  ];
}

const signedStates = new Set<Report['status']>(['approved', 'sent', 'received']);

export function layoutReport(report: Report, meta: SpecialReportMeta): Result<SpecialReportLayout> {
  const chosen =
    meta.version === undefined
      ? report.versions[report.versions.length - 1]
      : report.versions.find((v) => v.version === meta.version);
  if (!chosen) return fail(domainError('NOT_FOUND', 'version', String(meta.version ?? 'latest')));
  if (meta.issueNumber !== undefined && !(Number.isInteger(meta.issueNumber) && meta.issueNumber >= 1)) {
    return fail(domainError('INVALID_FIELD', 'issueNumber', 'expected a whole number from 1'));
  }
  if (!meta.subject.trim())
    return fail(domainError('INVALID_FIELD', 'subject', 'the report needs a subject'));
  const c = chosen.content;
  const latest = chosen === report.versions[report.versions.length - 1];
  // Only the latest version carries the report's 签发; an earlier version is shown unsigned.
  const signed = latest && signedStates.has(report.status);
  const approver = signed ? (meta.approverName ?? report.approvedBy) : undefined;
  const dateMs =
    meta.date ??
    (latest && report.approvedAt
      ? toMs(report.approvedAt)
      : latest && report.sentAt
        ? toMs(report.sentAt)
        : toMs(chosen.authoredAt));

  const isFinal = report.kind === 'final';
  const isFollow = report.kind === 'follow_up' || report.kind === 'supplementary';
  const basics = [
    ...(isFollow ? [] : [`发生时间：${c.time}`, `发生地点：${c.place}`]),
    ...paragraphsOf(c.summary),
  ];
  const raw: LayoutSection[] = [
    { heading: isFollow ? '最新情况' : isFinal ? '事件概况' : '基本情况', paragraphs: basics },
    { heading: '人员伤亡及损失情况', paragraphs: casualtyFigures(c) },
    { heading: '事件原因', paragraphs: paragraphsOf(c.cause) },
    { heading: isFinal ? '应急处置情况' : '已采取的措施', paragraphs: paragraphsOf(c.measures) },
    {
      heading: isFinal ? '下一步工作（善后、重建、评估）' : '下一步工作',
      paragraphs: paragraphsOf(c.nextSteps),
    },
  ];
  const sections = raw
    .filter((s) => s.paragraphs.length > 0)
    .map((s, i) => ({
      heading: `${sectionNumerals[i] ?? String(i + 1)}、${s.heading}`,
      paragraphs: s.paragraphs,
    }));

  const verified = meta.signedVia ?? report.approvedVia;
  const signOffLine =
    approver !== undefined && report.approvedAt
      ? [
          `签发：${approver}`,
          chinaDateTimeZh(toMs(report.approvedAt)),
          ...(verified
            ? [`${signedViaZh[verified]}${verified === 'phone_callback' && meta.signedRecordedBy ? `（记录人：${meta.signedRecordedBy}）` : ''}`]
            : []),
        ].join(FULL_WIDTH_SPACE)
      : undefined;
  const sentToLine =
    latest && report.external ? `报送：${report.external.name}（${sendViaZh[report.external.via]}）` : undefined;

  return ok({
    ...(signOffLine ? { signOffLine } : {}),
    ...(sentToLine ? { sentToLine } : {}),
    masthead: meta.masthead ?? '信息专报',
    issueLine: meta.issueNumber !== undefined ? `第${meta.issueNumber}期` : `第${FULL_WIDTH_SPACE}期`,
    unit: meta.issuingUnit ?? c.unit,
    signerLine: `签发人：${approver ?? '（未签发）'}`,
    date: chinaDateZh(dateMs),
    title: reportTitle(report, meta.subject),
    sections,
    footer: `报告人：${c.reporter}${FULL_WIDTH_SPACE.repeat(2)}联系电话：${c.contact}`,
    draft: report.channel === 'written' && !signed,
    version: chosen.version,
  });
}
