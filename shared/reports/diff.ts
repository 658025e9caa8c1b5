import type { ReceiptSource, SendVia } from './external';
import type { Casualties, IncidentFacts } from '../domain/incident';
import type { Report, ReportContent } from '../domain/report';
import type { DomainEvent } from '../events/envelope';
import type { Instant } from '../time';
import { casualtyLabel } from './wording';

/**
 * Field-level differences between report versions, and between an incident's facts and what the
 * previous report told the upper level. The UI shows these as "what changed"; 续报 drafting uses them
 * so a follow-up states only the changes.
 */

const casualtyKeys = [
  'dead',
  'injured',
  'missing',
  'trapped',
] as const satisfies readonly (keyof Casualties)[];

/** Every field of ReportContent, casualties flattened, in the order the regulation lists them. */
export const reportFields = [
  'unit',
  'time',
  'place',
  'summary',
  'casualties.dead',
  'casualties.injured',
  'casualties.missing',
  'casualties.trapped',
  'estimatedLossYuan',
  'cause',
  'measures',
  'nextSteps',
  'reporter',
  'contact',
] as const;
export type ReportField = (typeof reportFields)[number];

export const reportFieldLabel: Record<ReportField, string> = {
  unit: '报告单位',
  time: '发生时间',
  place: '发生地点',
  summary: '事件概况',
  'casualties.dead': '死亡人数',
  'casualties.injured': '受伤人数',
  'casualties.missing': '失联人数',
  'casualties.trapped': '被困人数',
  estimatedLossYuan: '直接经济损失（元）',
  cause: '事件原因',
  measures: '已采取的措施',
  nextSteps: '下一步工作',
  reporter: '报告人',
  contact: '联系方式',
};

export type FieldValue = string | number | undefined;

export interface FieldChange<F extends string = ReportField> {
  field: F;
  before: FieldValue;
  after: FieldValue;
}

function readField(c: ReportContent, field: ReportField): FieldValue {
  if (field.startsWith('casualties.'))
    return c.casualties[field.slice('casualties.'.length) as keyof Casualties];
  return c[field as Exclude<ReportField, `casualties.${string}`>];
}

/** The fields that differ between two versions, in regulation order; empty when they are the same. */
export function diffContent(before: ReportContent, after: ReportContent): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of reportFields) {
    const a = readField(before, field);
    const b = readField(after, field);
    if (a !== b) changes.push({ field, before: a, after: b });
  }
  return changes;
}

/** Apply changes to a version (the inverse of diffContent: applyChanges(a, diffContent(a, b)) equals b). */
export function applyChanges(base: ReportContent, changes: readonly FieldChange[]): ReportContent {
  const next: ReportContent = { ...base, casualties: { ...base.casualties } };
  for (const { field, after } of changes) {
    if (field.startsWith('casualties.')) {
      next.casualties[field.slice('casualties.'.length) as keyof Casualties] = after as number;
    } else if (field === 'estimatedLossYuan') {
      if (after === undefined) delete next.estimatedLossYuan;
      else next.estimatedLossYuan = after as number;
    } else {
      next[field as Exclude<ReportField, `casualties.${string}` | 'estimatedLossYuan'>] = after as string;
    }
  }
  return next;
}

// ---------------------------------------------------------------------------------------------------
// Long text: which sentences were added or removed, so a reviewer sees the change inside 事件概况.

export interface TextSegment {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** Chinese prose has no spaces; sentences end at 。！？；or a line break. */
export function sentences(text: string): string[] {
  return text.match(/[^。！？；\n]+[。！？；\n]*|[。！？；\n]+/g) ?? [];
}

/** Sentence-level diff (longest common subsequence); falls back to remove-all/add-all on huge texts. */
export function diffText(before: string, after: string): TextSegment[] {
  const a = sentences(before);
  const b = sentences(after);
  if (a.length * b.length > 250_000) {
    return [
      ...(before ? [{ op: 'removed' as const, text: before }] : []),
      ...(after ? [{ op: 'added' as const, text: after }] : []),
    ];
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: TextSegment[] = [];
  const push = (op: TextSegment['op'], text: string) => {
    const last = out.at(-1);
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) push('removed', a[i++]);
    else push('added', b[j++]);
  }
  while (i < a.length) push('removed', a[i++]);
  while (j < b.length) push('added', b[j++]);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Incident facts: what changed since a report went out.

export const factFields = [
  'title',
  'level',
  'location.areaCode',
  'location.address',
  'casualties.dead',
  'casualties.injured',
  'casualties.missing',
  'casualties.trapped',
  'affectedPeople',
  'estimatedLossYuan',
  'description',
] as const;
export type FactField = (typeof factFields)[number];

function readFact(f: IncidentFacts, field: FactField): FieldValue {
  switch (field) {
    case 'location.areaCode':
      return f.location.areaCode;
    case 'location.address':
      return f.location.address;
    case 'title':
    case 'level':
    case 'affectedPeople':
    case 'estimatedLossYuan':
    case 'description':
      return f[field];
    default:
      return f.casualties[field.slice('casualties.'.length) as keyof Casualties];
  }
}

/** The facts that differ between two states of an incident (e.g. as of the previous report, and now). */
export function diffFacts(before: IncidentFacts, after: IncidentFacts): FieldChange<FactField>[] {
  const changes: FieldChange<FactField>[] = [];
  for (const field of factFields) {
    const a = readFact(before, field);
    const b = readFact(after, field);
    if (a !== b) changes.push({ field, before: a, after: b });
  }
  return changes;
}

/**
 * The figures a report states (casualties, loss) that the incident's facts now contradict. Used when the
 * facts as of the previous report are not at hand: the report's own figures are the baseline.
 */
export function factsChangedSinceReport(
  previous: ReportContent,
  facts: IncidentFacts,
): FieldChange<FactField>[] {
  const changes: FieldChange<FactField>[] = [];
  for (const k of casualtyKeys) {
    if (previous.casualties[k] !== facts.casualties[k]) {
      changes.push({ field: `casualties.${k}`, before: previous.casualties[k], after: facts.casualties[k] });
    }
  }
  if (previous.estimatedLossYuan !== facts.estimatedLossYuan) {
    changes.push({
      field: 'estimatedLossYuan',
      before: previous.estimatedLossYuan,
      after: facts.estimatedLossYuan,
    });
  }
  return changes;
}

export const factFieldLabel: Record<FactField, string> = {
  title: '事件名称',
  level: '事件等级',
  'location.areaCode': '行政区划',
  'location.address': '发生地点',
  'casualties.dead': `${casualtyLabel.dead}人数`,
  'casualties.injured': `${casualtyLabel.injured}人数`,
  'casualties.missing': `${casualtyLabel.missing}人数`,
  'casualties.trapped': `${casualtyLabel.trapped}人数`,
  affectedPeople: '受影响群众',
  estimatedLossYuan: '直接经济损失',
  description: '事件情况',
};

// ---------------------------------------------------------------------------------------------------
// Version trail: every version with its diff, author, and what happened to it (签发, 退回, 报送, 接收).

export interface VersionAction {
  type: 'submitted' | 'approved' | 'returned' | 'sent' | 'received';
  by: string;
  byName?: string;
  at: Instant;
  comment?: string;
  addressedTo?: string;
  via?: 'pin' | 'phone_terminal' | 'phone_callback';
  recordedBy?: string;
  /** Sent to an upper level outside Duty Room (issue 19): its name, and how it went. */
  external?: { name: string; via: SendVia };
  /** A receipt recorded at this station for an external addressee: 人工回执 (manual) or a system's answer. */
  receipt?: { source: ReceiptSource; receiverName: string; reference?: string };
}

export interface VersionEntry {
  version: number;
  content: ReportContent;
  authoredBy: string;
  authoredByName?: string;
  authoredAt: Instant;
  eventId: string;
  /** Changes against the version before; empty for version 1. */
  changes: FieldChange[];
  /** What happened while this was the current version, in log order. */
  actions: VersionAction[];
  /** The last 签发 of this version, if any. */
  approvedBy?: string;
  approvedAt?: Instant;
}

type ReportEvent = Extract<DomainEvent, { type: `report.${string}` }>;

/**
 * The trail of one report, from its stream's events in log order. Each approval, return, sending and
 * receipt is attached to the version that was current when it happened, so "who signed what" is exact.
 */
export function versionTrail(events: readonly ReportEvent[]): VersionEntry[] {
  const trail: VersionEntry[] = [];
  for (const e of events) {
    if (e.type === 'report.drafted' || e.type === 'report.revised') {
      const content = e.payload.content;
      const prev = trail.at(-1);
      trail.push({
        version: trail.length + 1,
        content,
        authoredBy: e.actor.id,
        ...(e.actor.name ? { authoredByName: e.actor.name } : {}),
        authoredAt: e.occurredAt,
        eventId: e.id,
        changes: prev ? diffContent(prev.content, content) : [],
        actions: [],
      });
      continue;
    }
    const current = trail.at(-1);
    if (!current) continue; // a stream must start with report.drafted; the log validator sees to that
    const base = { by: e.actor.id, ...(e.actor.name ? { byName: e.actor.name } : {}), at: e.occurredAt };
    switch (e.type) {
      case 'report.submitted':
        current.actions.push({ type: 'submitted', ...base });
        break;
      case 'report.approved':
        current.actions.push({
          type: 'approved',
          ...base,
          ...(e.payload.comment ? { comment: e.payload.comment } : {}),
          ...(e.payload.verification ? { via: e.payload.verification.method } : {}),
          ...(e.payload.verification?.method === 'phone_callback'
            ? { recordedBy: e.payload.verification.recordedBy.name }
            : {}),
        });
        current.approvedBy = e.actor.id;
        current.approvedAt = e.occurredAt;
        break;
      case 'report.returned':
        current.actions.push({ type: 'returned', ...base, comment: e.payload.comment });
        break;
      case 'report.sent': {
        const ext = e.payload.external;
        current.actions.push({
          type: 'sent',
          ...base,
          addressedTo: e.payload.addressedTo,
          ...(ext ? { external: { name: ext.name, via: ext.via } } : {}),
        });
        break;
      }
      case 'report.receipt_recorded': {
        // At the time received as the receiver gave it, recorded by the officer (`by`).
        const p = e.payload;
        current.actions.push({
          type: 'received',
          ...base,
          at: p.receivedAt,
          recordedBy: e.actor.name ?? e.actor.id,
          ...(p.note ? { comment: p.note } : {}),
          receipt: { source: p.source, receiverName: p.receiverName, ...(p.reference ? { reference: p.reference } : {}) },
        });
        break;
      }
      case 'report.received':
        current.actions.push({ type: 'received', ...base, by: e.payload.receivedBy });
        break;
    }
  }
  return trail;
}

/**
 * The same trail from a report projection alone (no event stream at hand): diffs, authors, and the
 * approval attached to the version that was current at approvedAt.
 */
export function versionDiffs(report: Report): VersionEntry[] {
  const approvedMs = report.approvedAt ? Date.parse(report.approvedAt) : undefined;
  let approvedVersion: number | undefined;
  if (approvedMs !== undefined) {
    for (const v of report.versions) if (Date.parse(v.authoredAt) <= approvedMs) approvedVersion = v.version;
  }
  const { approvedBy, approvedAt } = report;
  return report.versions.map((v, i) => {
    const prev = i > 0 ? report.versions[i - 1] : undefined;
    const approval =
      v.version === approvedVersion && approvedBy && approvedAt ? { approvedBy, approvedAt } : undefined;
    return {
      version: v.version,
      content: v.content,
      authoredBy: v.authoredBy,
      authoredAt: v.authoredAt,
      eventId: v.eventId,
      changes: prev ? diffContent(prev.content, v.content) : [],
      actions: approval
        ? [{ type: 'approved' as const, by: approval.approvedBy, at: approval.approvedAt }]
        : [],
      ...approval,
    };
  });
}
