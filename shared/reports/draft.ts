import type { Incident, IncidentFacts } from '../domain/incident';
import { ReportContent, type Report, type ReportKind } from '../domain/report';
import type { DomainEvent } from '../events/envelope';
import { evolveIncident } from '../aggregates/incident';
import { domainError, fromZodError } from '../errors';
import { fail, ok, type Result } from '../result';
import { toMs } from '../time';
import { diffFacts, factsChangedSinceReport, type FactField, type FieldChange } from './diff';
import {
  casualtyLabel,
  casualtyPhrase,
  chinaDateTimeZh,
  levelLabel,
  reportKindLabel,
  sourceLabel,
  subtypeLabel,
  yuanPhrase,
} from './wording';

/**
 * Drafting 首报 / 续报 / 终报 / 核报 from an incident's facts, in the wording duty rooms use.
 * A draft states only what the record holds: nothing about measures or causes is invented; what the
 * record does not hold is left for the officer to write.
 */

/** The drafting station: whose name the report goes out under. */
export interface ReportingStation {
  /** 报告单位, e.g. "某区应急管理局". */
  unit: string;
  /** 报告人 (the officer drafting). */
  reporter: string;
  /** 联系电话 of the duty room. */
  contact: string;
  /** Name of an administrative area, e.g. "500101001" → "某区某镇"; without it the address stands alone. */
  placeName?: (areaCode: string) => string | undefined;
}

/** What the caller knows beyond the incident projection. */
export interface DraftExtras {
  /**
   * The incident's facts as they stood when the previous report went out (see `factsAsOf`). With them a
   * follow-up names every changed fact (level, affected people, situation); without them only the
   * figures the previous report stated (casualties, loss) are compared.
   */
  factsAtPrevious?: IncidentFacts;
  /**
   * Measures taken, one per item, e.g. from dispatch orders (see `dispatchMeasures`): all of them for a
   * 首报; those since the previous report for a 续报 or 终报 (a 终报 adds them to what earlier reports said).
   */
  measures?: readonly string[];
  nextSteps?: string;
  cause?: string;
  /** The closing summary recorded at 处置结束 (incident.closed), for the 终报. */
  closingSummary?: string;
}

const categoryNoun: Record<IncidentFacts['category'], string> = {
  natural_disaster: '灾害',
  accident: '事故',
  public_health: '事件',
  social_security: '事件',
};

const figureFields = new Set<FactField>([
  'casualties.dead',
  'casualties.injured',
  'casualties.missing',
  'casualties.trapped',
  'estimatedLossYuan',
]);

const sentStates = new Set<Report['status']>(['sent', 'received']);

const lastAuthoredMs = (r: Report): number =>
  toMs(r.versions[r.versions.length - 1]?.authoredAt ?? '1970-01-01T00:00:00Z');

/**
 * The report a new follow-up continues from: the last one that went out (what the upper level knows);
 * if none went out yet, the last one written that was not returned for rework.
 */
export function previousReportOf(reports: readonly Report[]): Report | undefined {
  const sent = reports.filter((r) => sentStates.has(r.status) && r.sentAt);
  if (sent.length) return sent.reduce((a, b) => (toMs(b.sentAt ?? '') >= toMs(a.sentAt ?? '') ? b : a));
  const usable = reports.filter((r) => r.status !== 'returned');
  if (!usable.length) return undefined;
  return usable.reduce((a, b) => (lastAuthoredMs(b) >= lastAuthoredMs(a) ? b : a));
}

/** The moment the previous report's facts date from: when it was sent, else when its last version was written. */
export const previousReportAt = (r: Report): number => (r.sentAt ? toMs(r.sentAt) : lastAuthoredMs(r));

/** The incident's facts as of a moment, folded from its stream's events (in log order). */
export function factsAsOf(events: readonly DomainEvent[], atMs: number): IncidentFacts | undefined {
  let state: Incident | undefined;
  for (const e of events) {
    if (!e.type.startsWith('incident.')) continue;
    if (toMs(e.occurredAt) > atMs) break;
    state = evolveIncident(state, e as Extract<DomainEvent, { type: `incident.${string}` }>);
  }
  return state?.facts;
}

const placeOf = (facts: IncidentFacts, station: ReportingStation): string => {
  const area = station.placeName?.(facts.location.areaCode) ?? '';
  const address = facts.location.address.trim();
  if (area && address.startsWith(area)) return address;
  return area + address || facts.location.areaCode;
};

const sentence = (s: string) => (s === '' || /[。！？；]$/.test(s) ? s : `${s}。`);

function impactSentence(facts: IncidentFacts, lead: string): string {
  const parts = [`${lead}${casualtyPhrase(facts.casualties)}`];
  if (facts.affectedPeople > 0) parts.push(`受影响群众${facts.affectedPeople}人`);
  if (facts.estimatedLossYuan !== undefined)
    parts.push(`直接经济损失初步估算约${yuanPhrase(facts.estimatedLossYuan)}`);
  return `${parts.join('，')}。`;
}

const measuresText = (items: readonly string[] | undefined) =>
  (items ?? [])
    .map((m) => m.trim().replace(/[。；;，,]+$/, ''))
    .filter(Boolean)
    .map((m, i, all) => `${all.length > 1 ? `${i + 1}. ` : ''}${m}。`)
    .join('\n');

const DEFAULT_NEXT_STEPS = '密切关注事态发展，全力做好处置工作，有关情况及时续报。';
const FINAL_NEXT_STEPS = '全力做好善后处置工作，有序推进恢复重建，组织开展调查评估，总结经验教训。';

/** One change in report wording: "死亡人数由1人增至3人". */
export function changePhrase(change: FieldChange<FactField>, station: ReportingStation): string {
  const { field, before, after } = change;
  if (field.startsWith('casualties.')) {
    const label = casualtyLabel[field.slice('casualties.'.length) as keyof typeof casualtyLabel];
    const b = Number(before ?? 0);
    const a = Number(after ?? 0);
    return `${label}人数由${b}人${a > b ? '增至' : '减至'}${a}人`;
  }
  switch (field) {
    case 'level':
      return `事件等级由${levelLabel[before as keyof typeof levelLabel]}调整为${levelLabel[after as keyof typeof levelLabel]}`;
    case 'affectedPeople':
      return `受影响群众由${Number(before ?? 0)}人${Number(after ?? 0) > Number(before ?? 0) ? '增至' : '减至'}${Number(after ?? 0)}人`;
    case 'estimatedLossYuan':
      if (after === undefined) return '直接经济损失数据待重新核定';
      if (before === undefined) return `直接经济损失初步估算约${yuanPhrase(Number(after))}`;
      return `直接经济损失初步估算由${yuanPhrase(Number(before))}调整为${yuanPhrase(Number(after))}`;
    case 'title':
      return `事件名称更正为“${String(after ?? '')}”`;
    case 'location.areaCode':
      return `事发行政区划更正为${station.placeName?.(String(after)) ?? String(after)}`;
    case 'location.address':
      return `事发地点更正为${String(after ?? '')}`;
    case 'description': {
      // Situation text usually grows by appending; then only the new part is news.
      const b = String(before ?? '').trim();
      const a = String(after ?? '').trim();
      const fresh = b && a.startsWith(b) ? a.slice(b.length).replace(/^[\s。；，]+/, '') : a;
      return `新情况：${fresh.replace(/[。；]+$/, '')}`;
    }
    default:
      return `${field}变更`;
  }
}

/**
 * Fill a report's content from the incident's facts.
 * - 首报: time, place, what happened, casualties, measures already taken.
 * - 续报N / 核报: only what changed since the previous report, never the opening account again.
 * - 终报: the course of the event summed up — cause, response, current state, next steps (善后、重建、评估).
 * Refused with a DomainError when a follow-up has nothing to follow, or the station's details are missing.
 */
export function draftFromIncident(
  kind: ReportKind,
  incident: Incident,
  previousReports: readonly Report[],
  station: ReportingStation,
  now: number,
  extras: DraftExtras = {},
): Result<ReportContent> {
  const facts = incident.facts;
  const previous = previousReportOf(previousReports.filter((r) => r.incidentId === incident.id));
  const occurred = chinaDateTimeZh(toMs(facts.occurredAt));
  const place = placeOf(facts, station);
  const what = subtypeLabel[facts.subtype] ?? '突发事件';

  let summary: string;
  let cause = extras.cause?.trim() ?? '';
  let measures = measuresText(extras.measures);
  let nextSteps = extras.nextSteps?.trim() ?? DEFAULT_NEXT_STEPS;

  switch (kind) {
    case 'initial': {
      const received = chinaDateTimeZh(toMs(facts.receivedAt));
      summary = [
        `${occurred}许，${place}发生一起${what}，初判为${levelLabel[facts.level]}${categoryNoun[facts.category]}。`,
        `${received}，${station.unit}接到${sourceLabel[facts.source]}报告。`,
        sentence(facts.description.trim()),
        impactSentence(facts, '目前已'),
      ].join('');
      break;
    }
    case 'follow_up':
    case 'supplementary': {
      if (!previous) {
        return fail(
          domainError(
            'NOT_FOUND',
            'previousReports',
            kind === 'follow_up' ? '续报之前须有首报' : '核报之前须有已报送的报告',
          ),
        );
      }
      const told = previous.versions[previous.versions.length - 1]?.content;
      const since = previousReportAt(previous);
      // Figures: against what the upper level was told. Other facts: against the record as it stood then.
      const figures = told ? factsChangedSinceReport(told, facts) : [];
      const others = extras.factsAtPrevious
        ? diffFacts(extras.factsAtPrevious, facts).filter((c) => !figureFields.has(c.field))
        : [];
      const lines = [...others, ...figures].map((c) => changePhrase(c, station));
      if (incident.respondingAt && toMs(incident.respondingAt) > since) {
        lines.push(`${chinaDateTimeZh(toMs(incident.respondingAt))}已启动应急处置`);
      }
      if (incident.closedAt && toMs(incident.closedAt) > since) {
        lines.push(`${chinaDateTimeZh(toMs(incident.closedAt))}现场处置结束`);
      }
      const label = reportKindLabel(previous);
      const lead = `${kind === 'supplementary' ? '经核实，' : ''}截至${chinaDateTimeZh(now)}，`;
      summary = lines.length
        ? `${lead}${label}报送后有以下新情况：\n${lines.map((l, i) => `${i + 1}. ${l}。`).join('\n')}`
        : `${lead}与${label}相比，人员伤亡等情况无新变化。`;
      break;
    }
    case 'final': {
      const received = chinaDateTimeZh(toMs(facts.receivedAt));
      const course = [`${received}接报后`];
      if (incident.respondingAt) course.push(`${chinaDateTimeZh(toMs(incident.respondingAt))}启动应急处置`);
      course.push(
        incident.closedAt
          ? `${chinaDateTimeZh(toMs(incident.closedAt))}现场处置结束`
          : `截至${chinaDateTimeZh(now)}处置工作仍在进行`,
      );
      const ofIncident = previousReports.filter((r) => r.incidentId === incident.id);
      const followUps = ofIncident.filter((r) => r.kind === 'follow_up' && sentStates.has(r.status)).length;
      const initialSent = ofIncident.some((r) => r.kind === 'initial' && sentStates.has(r.status));
      const reported = [initialSent ? '首报' : '', followUps ? `续报${followUps}次` : '']
        .filter(Boolean)
        .join('、');
      summary = [
        `${occurred}许，${place}发生一起${what}（${levelLabel[facts.level]}）。`,
        `${course.join('，')}。`,
        impactSentence(facts, '事件共'),
        reported ? `期间已报送${reported}。` : '',
        sentence(extras.closingSummary?.trim() ?? ''),
      ].join('');
      // A final report sums up: without new input, carry forward what earlier reports said, in order.
      const earlier = ofIncident
        .filter((r) => r.status !== 'returned')
        .sort((a, b) => previousReportAt(a) - previousReportAt(b))
        .map((r) => r.versions[r.versions.length - 1]?.content);
      if (!cause)
        cause =
          [...earlier]
            .reverse()
            .find((c) => c?.cause.trim())
            ?.cause.trim() ?? '';
      // Measures already reported come first, then those given now (taken since the last report).
      measures = [...new Set([...earlier.map((c) => c?.measures.trim() ?? ''), measures])]
        .filter(Boolean)
        .join('\n');
      nextSteps = extras.nextSteps?.trim() ?? FINAL_NEXT_STEPS;
      break;
    }
  }

  const parsed = ReportContent.safeParse({
    unit: station.unit,
    time: `${occurred}许`,
    place,
    summary,
    casualties: { ...facts.casualties },
    ...(facts.estimatedLossYuan !== undefined ? { estimatedLossYuan: facts.estimatedLossYuan } : {}),
    cause,
    measures,
    nextSteps,
    reporter: station.reporter,
    contact: station.contact,
  });
  return parsed.success ? ok(parsed.data) : fail(...fromZodError(parsed.error, 'content'));
}
