import { z } from 'zod';
import { ObjectId, Ulid } from '../ids';
import { ObligationState } from '../rules/obligation';
import { Instant, MINUTE, toInstant, toMs } from '../time';
import type { RecipientState, WarningState } from './aggregate';
import { ackLimitFor, type WarningPolicy } from './policy';

/**
 * The call-and-response loop of one warning as of `now`: for each recipient where they stand
 * (issued → delivered → acknowledged → action reported), their answer deadline, and what is due next
 * (a reminder at the limit, then the superior). Obligations have the deadline engine's shape (key,
 * kind, dueAt, state) so the scheduler and the countdown list treat them like report deadlines.
 */

export const RecipientStage = z.enum(['issued', 'delivered', 'acknowledged', 'action_reported']);
export type RecipientStage = z.infer<typeof RecipientStage>;

export const WarningObligation = z.object({
  key: z.string().min(1).max(200),
  warningId: Ulid,
  recipientId: ObjectId,
  kind: z.enum(['warning_ack', 'warning_renotify', 'warning_escalate', 'warning_action']),
  dueAt: Instant,
  state: ObligationState,
  metAt: Instant.optional(),
  waivedReason: z.string().max(2000).optional(),
  /** For an escalation: whom to tell. */
  superiorId: ObjectId.optional(),
  rule: z.object({ id: z.string().min(1).max(200), source: z.string().min(1).max(500) }),
});
export type WarningObligation = z.infer<typeof WarningObligation>;

export interface RecipientLoop {
  recipientId: string;
  name: string;
  jurisdiction: string;
  tier: number;
  stage: RecipientStage;
  ackDueAt: Instant;
  /** Answered after the limit, or not answered and past it. */
  late: boolean;
  renotifications: number;
  escalatedAt?: Instant;
  /** The next step owed for this recipient, if any. */
  next?: WarningObligation;
}

export interface TierSummary {
  tier: number;
  total: number;
  acknowledged: number;
  overdue: number;
}

export interface WarningLoop {
  warningId: string;
  status: WarningState['status'];
  recipients: RecipientLoop[];
  obligations: WarningObligation[];
  summary: {
    total: number;
    byStage: Record<RecipientStage, number>;
    byTier: TierSummary[];
    /** Recipients with no answer past their limit (while the warning is in force). */
    overdue: Array<{
      recipientId: string;
      name: string;
      tier: number;
      ackDueAt: Instant;
      next?: WarningObligation['kind'];
    }>;
    /** Every recipient answered and reported action: the loop is closed (闭环). */
    closed: boolean;
  };
}

const LIFTED = '预警已解除 / warning lifted';

const stageOf = (r: RecipientState): RecipientStage =>
  r.actionReportedAt
    ? 'action_reported'
    : r.acknowledgedAt
      ? 'acknowledged'
      : r.deliveredAt
        ? 'delivered'
        : 'issued';

function obligationState(dueMs: number, metAt: Instant | undefined, now: number, lifted: boolean) {
  if (metAt) return { state: toMs(metAt) <= dueMs ? ('met' as const) : ('met_late' as const), metAt };
  if (lifted) return { state: 'waived' as const, waivedReason: LIFTED };
  return { state: now > dueMs ? ('overdue' as const) : ('pending' as const) };
}

/** The obligations of one recipient, oldest first. */
function recipientObligations(
  w: WarningState,
  r: RecipientState,
  now: number,
  policy: WarningPolicy,
): WarningObligation[] {
  const lifted = w.status === 'lifted';
  const base = { warningId: w.id, recipientId: r.id };
  const limit = ackLimitFor(policy, r.tier);
  const ackDueMs = toMs(w.issuedAt) + limit * MINUTE;
  const rule = (id: string, source: string) => ({ id: `${policy.id}:${id}`, source });
  const out: [WarningObligation, ...WarningObligation[]] = [
    {
      key: `ack.${r.id}`,
      ...base,
      kind: 'warning_ack',
      dueAt: toInstant(ackDueMs),
      ...obligationState(ackDueMs, r.acknowledgedAt, now, lifted),
      rule: rule(`ack.tier${r.tier}`, `${policy.source}（第${r.tier}级接收人${limit}分钟内叫应）`),
    },
  ];

  const actionLimit = policy.actionLimitMinutes[w.colour];
  if (actionLimit !== undefined) {
    const dueMs = toMs(w.issuedAt) + actionLimit * MINUTE;
    out.push({
      key: `action.${r.id}`,
      ...base,
      kind: 'warning_action',
      dueAt: toInstant(dueMs),
      ...obligationState(dueMs, r.actionReportedAt, now, lifted),
      rule: rule(`action.${w.colour}`, `${policy.source}（${actionLimit}分钟内反馈处置情况）`),
    });
  }

  // Reminders and the escalation are owed only while there is no answer; those already done stay on record.
  const unanswered = !r.acknowledgedAt && !lifted;
  let dueMs = ackDueMs;
  for (let k = 1; k <= policy.renotifications; k++) {
    const doneAt = r.renotifiedAt[k - 1];
    if (!doneAt && !unanswered) return out;
    out.push({
      key: `renotify.${r.id}.${k}`,
      ...base,
      kind: 'warning_renotify',
      dueAt: toInstant(dueMs),
      ...obligationState(dueMs, doneAt, now, false),
      rule: rule('renotify', `${policy.source}（未叫应时再次通知）`),
    });
    if (!doneAt) return out; // the next step waits for this reminder
    dueMs = toMs(doneAt) + policy.renotifyIntervalMinutes * MINUTE;
  }
  if (!r.escalatedAt && !unanswered) return out;
  out.push({
    key: `escalate.${r.id}`,
    ...base,
    kind: 'warning_escalate',
    dueAt: toInstant(dueMs),
    ...obligationState(dueMs, r.escalatedAt, now, false),
    ...(r.superiorId ? { superiorId: r.superiorId } : {}),
    rule: rule(
      'escalate',
      `${policy.source}（再次通知${policy.renotifyIntervalMinutes}分钟后仍未叫应，报其上级）`,
    ),
  });
  return out;
}

/** Where the call-and-response loop of one warning stands at `now` (ms), under `policy`. */
export function warningLoop(w: WarningState, now: number, policy: WarningPolicy): WarningLoop {
  const lifted = w.status === 'lifted';
  const obligations: WarningObligation[] = [];
  const recipients: RecipientLoop[] = w.recipients.map((r) => {
    const own = recipientObligations(w, r, now, policy);
    obligations.push(...own);
    const ack = own[0];
    const next = own.find(
      (o) =>
        o.kind !== 'warning_ack' &&
        o.kind !== 'warning_action' &&
        (o.state === 'pending' || o.state === 'overdue'),
    );
    return {
      recipientId: r.id,
      name: r.name,
      jurisdiction: r.jurisdiction,
      tier: r.tier,
      stage: stageOf(r),
      ackDueAt: ack.dueAt,
      late: ack.state === 'met_late' || ack.state === 'overdue',
      renotifications: r.renotifiedAt.length,
      ...(r.escalatedAt ? { escalatedAt: r.escalatedAt } : {}),
      ...(next ? { next } : {}),
    };
  });

  const byStage: Record<RecipientStage, number> = {
    issued: 0,
    delivered: 0,
    acknowledged: 0,
    action_reported: 0,
  };
  const tiers = new Map<number, TierSummary>();
  for (const r of recipients) {
    byStage[r.stage] += 1;
    const t = tiers.get(r.tier) ?? { tier: r.tier, total: 0, acknowledged: 0, overdue: 0 };
    t.total += 1;
    if (r.stage === 'acknowledged' || r.stage === 'action_reported') t.acknowledged += 1;
    else if (!lifted && now > toMs(r.ackDueAt)) t.overdue += 1;
    tiers.set(r.tier, t);
  }
  const overdue = recipients
    .filter((r) => !lifted && (r.stage === 'issued' || r.stage === 'delivered') && now > toMs(r.ackDueAt))
    .map((r) => ({
      recipientId: r.recipientId,
      name: r.name,
      tier: r.tier,
      ackDueAt: r.ackDueAt,
      ...(r.next ? { next: r.next.kind } : {}),
    }));

  return {
    warningId: w.id,
    status: w.status,
    recipients,
    obligations: obligations.sort((a, b) => toMs(a.dueAt) - toMs(b.dueAt) || a.key.localeCompare(b.key)),
    summary: {
      total: recipients.length,
      byStage,
      byTier: [...tiers.values()].sort((a, b) => a.tier - b.tier),
      overdue,
      closed: recipients.length > 0 && byStage.action_reported === recipients.length,
    },
  };
}

/** The steps owed now or soonest across the loop: reminders and escalations, earliest first. */
export const dueSteps = (loop: WarningLoop): WarningObligation[] =>
  loop.recipients.flatMap((r) => (r.next ? [r.next] : [])).sort((a, b) => toMs(a.dueAt) - toMs(b.dueAt));
