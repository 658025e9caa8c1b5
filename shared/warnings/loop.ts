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

/**
 * What is the same for every recipient of one warning in one tick: the issue time, the rule texts,
 * the formatted due instants (one ack limit per tier). Made once, so a tick over a 10,000-recipient
 * warning does not parse or format the same dates 10,000 times.
 */
class LoopContext {
  readonly issuedMs: number;
  readonly lifted: boolean;
  readonly actionLimit: number | undefined;
  private readonly instants = new Map<number, Instant>();
  private readonly ackRules = new Map<number, WarningObligation['rule']>();
  readonly actionRule: WarningObligation['rule'];
  readonly renotifyRule: WarningObligation['rule'];
  readonly escalateRule: WarningObligation['rule'];

  constructor(
    readonly w: WarningState,
    readonly now: number,
    readonly policy: WarningPolicy,
  ) {
    this.issuedMs = toMs(w.issuedAt);
    this.lifted = w.status === 'lifted';
    this.actionLimit = policy.actionLimitMinutes[w.colour];
    const src = policy.source;
    this.actionRule = {
      id: `${policy.id}:action.${w.colour}`,
      source: `${src}（${this.actionLimit ?? '—'}分钟内反馈处置情况）`,
    };
    this.renotifyRule = { id: `${policy.id}:renotify`, source: `${src}（未叫应时再次通知）` };
    this.escalateRule = {
      id: `${policy.id}:escalate`,
      source: `${src}（再次通知${policy.renotifyIntervalMinutes}分钟后仍未叫应，报其上级）`,
    };
  }

  instant(ms: number): Instant {
    let v = this.instants.get(ms);
    if (v === undefined) this.instants.set(ms, (v = toInstant(ms)));
    return v;
  }

  ackRule(tier: number): WarningObligation['rule'] {
    let v = this.ackRules.get(tier);
    if (v === undefined) {
      const limit = ackLimitFor(this.policy, tier);
      v = {
        id: `${this.policy.id}:ack.tier${tier}`,
        source: `${this.policy.source}（第${tier}级接收人${limit}分钟内叫应）`,
      };
      this.ackRules.set(tier, v);
    }
    return v;
  }
}

/** Instants made by `toInstant` share one format, so their text order is their time order. */
const byDue = (a: WarningObligation, b: WarningObligation) =>
  a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** The obligations of one recipient, oldest first; the first is always the answer (叫应) itself. */
function recipientObligations(
  c: LoopContext,
  r: RecipientState,
): [WarningObligation, ...WarningObligation[]] {
  const { policy, now, lifted } = c;
  const warningId = c.w.id;
  const recipientId = r.id;
  const ackDueMs = c.issuedMs + ackLimitFor(policy, r.tier) * MINUTE;
  const out: [WarningObligation, ...WarningObligation[]] = [
    {
      key: `ack.${recipientId}`,
      warningId,
      recipientId,
      kind: 'warning_ack',
      dueAt: c.instant(ackDueMs),
      ...obligationState(ackDueMs, r.acknowledgedAt, now, lifted),
      rule: c.ackRule(r.tier),
    },
  ];

  if (c.actionLimit !== undefined) {
    const dueMs = c.issuedMs + c.actionLimit * MINUTE;
    out.push({
      key: `action.${recipientId}`,
      warningId,
      recipientId,
      kind: 'warning_action',
      dueAt: c.instant(dueMs),
      ...obligationState(dueMs, r.actionReportedAt, now, lifted),
      rule: c.actionRule,
    });
  }

  // Reminders and the escalation are owed only while there is no answer; those already done stay on record.
  const unanswered = !r.acknowledgedAt && !lifted;
  let dueMs = ackDueMs;
  for (let k = 1; k <= policy.renotifications; k++) {
    const doneAt = r.renotifiedAt[k - 1];
    if (!doneAt && !unanswered) return out;
    out.push({
      key: `renotify.${recipientId}.${k}`,
      warningId,
      recipientId,
      kind: 'warning_renotify',
      dueAt: c.instant(dueMs),
      ...obligationState(dueMs, doneAt, now, false),
      rule: c.renotifyRule,
    });
    if (!doneAt) return out; // the next step waits for this reminder
    dueMs = toMs(doneAt) + policy.renotifyIntervalMinutes * MINUTE;
  }
  if (!r.escalatedAt && !unanswered) return out;
  out.push({
    key: `escalate.${recipientId}`,
    warningId,
    recipientId,
    kind: 'warning_escalate',
    dueAt: c.instant(dueMs),
    ...obligationState(dueMs, r.escalatedAt, now, false),
    ...(r.superiorId ? { superiorId: r.superiorId } : {}),
    rule: c.escalateRule,
  });
  return out;
}

/** The step owed next for a recipient: a reminder or the escalation still pending or overdue. */
function nextStep(own: readonly WarningObligation[]): WarningObligation | undefined {
  for (let i = own.length - 1; i > 0; i--) {
    const o = own[i];
    if (
      (o.kind === 'warning_renotify' || o.kind === 'warning_escalate') &&
      (o.state === 'pending' || o.state === 'overdue')
    )
      return o;
  }
  return undefined;
}

/** Where the call-and-response loop of one warning stands at `now` (ms), under `policy`. */
export function warningLoop(w: WarningState, now: number, policy: WarningPolicy): WarningLoop {
  const obligations: WarningObligation[] = [];
  const c = new LoopContext(w, now, policy);
  const ackOverdue: boolean[] = [];
  const recipients: RecipientLoop[] = w.recipients.map((r) => {
    const own = recipientObligations(c, r);
    for (const o of own) obligations.push(o);
    const ack = own[0];
    ackOverdue.push(ack.state === 'overdue');
    const next = nextStep(own);
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
  recipients.forEach((r, i) => {
    byStage[r.stage] += 1;
    const t = tiers.get(r.tier) ?? { tier: r.tier, total: 0, acknowledged: 0, overdue: 0 };
    t.total += 1;
    if (r.stage === 'acknowledged' || r.stage === 'action_reported') t.acknowledged += 1;
    else if (ackOverdue[i]) t.overdue += 1;
    tiers.set(r.tier, t);
  });
  // An unanswered ack past its limit is 'overdue'; once lifted it is 'waived' and no longer listed.
  const overdue = recipients
    .filter((_, i) => ackOverdue[i])
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
    obligations: obligations.sort(byDue),
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
  loop.recipients.flatMap((r) => (r.next ? [r.next] : [])).sort(byDue);
