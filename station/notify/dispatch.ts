import type { CommandPayload } from '../../shared/commands/catalog';
import type { DomainError } from '../../shared/errors';
import type { HeadquartersState, MemberState } from '../../shared/headquarters/aggregate';
import type { WarningState, RecipientState } from '../../shared/warnings/aggregate';
import { dueSteps, type WarningLoop, type WarningObligation } from '../../shared/warnings/loop';
import { toInstant, toMs } from '../../shared/time';
import type { Notifier, OutboundChannel } from './notifier';

/*
 * The bridge between the domain and the gateway: who must be told now, the notice to send, and the
 * command that puts the outcome on record. The caller executes the returned commands through the
 * store, so every notice sent is in the log with its time and the gateway's message id.
 */

/** Phone numbers of a person or contact, from the station's directory (never from the log). */
export type PhonesOf = (id: string) => readonly string[];

const PARALLEL = 8;

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL)
    out.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(work))));
  return out;
}

/** Try each number in turn until the gateway accepts one. */
async function sendToFirstReachable(
  notifier: Notifier,
  phones: readonly string[],
  notice: { key: string; channel: OutboundChannel; text: string; ref: string },
) {
  let errors: DomainError[] = [];
  for (const [i, to] of phones.entries()) {
    const result = await notifier.send({ ...notice, key: `${notice.key}:${i}`, to });
    if (result.ok) return result;
    errors = result.errors;
  }
  return { ok: false as const, errors };
}

const reasonOf = (errors: readonly DomainError[]) =>
  errors
    .map((e) => e.message.zh)
    .join('；')
    .slice(0, 2000) || '无可用电话号码 / no phone number on record';

/**
 * Notify every member of a headquarters not yet told. The idempotency key counts the failures on
 * record, so re-running after a crash re-sends nothing the gateway already took, while a retry after a
 * recorded failure is a fresh notice.
 */
export async function notifyHeadquartersMembers(
  hq: HeadquartersState,
  phonesOf: PhonesOf,
  notifier: Notifier,
  text: (member: MemberState) => string,
  channel: OutboundChannel = 'sms',
): Promise<Array<CommandPayload<'headquarters.record_notification'>>> {
  const pending = hq.status === 'active' ? hq.members.filter((m) => !m.notifiedAt) : [];
  return inBatches(pending, async (m) => {
    const key = `hq:${hq.id}:${m.personId}:${channel}:${m.notificationFailures + 1}`;
    const result = await sendToFirstReachable(notifier, phonesOf(m.personId), {
      key,
      channel,
      text: text(m),
      ref: `headquarters:${hq.id}`,
    });
    const base = { headquartersId: hq.id, personId: m.personId, channel };
    return result.ok
      ? {
          ...base,
          outcome: 'sent' as const,
          messageId: result.value.messageId,
          sentAt: result.value.acceptedAt,
        }
      : { ...base, outcome: 'failed' as const, reason: reasonOf(result.errors) };
  });
}

export type WarningFollowUp =
  | { type: 'warning.renotify'; payload: CommandPayload<'warning.renotify'> }
  | { type: 'warning.escalate'; payload: CommandPayload<'warning.escalate'> };

export interface WarningFollowUpResult {
  commands: WarningFollowUp[];
  /** Steps the gateway could not carry out: the duty officer must phone. */
  failed: Array<{ recipientId: string; kind: WarningObligation['kind']; errors: DomainError[] }>;
}

/**
 * Carry out the loop's steps that are due at `now`: remind unanswered recipients (a voice call by
 * default), and tell the superior of those still silent after the reminders.
 */
export async function followUpWarning(
  warning: WarningState,
  loop: WarningLoop,
  now: number,
  phonesOf: PhonesOf,
  notifier: Notifier,
  texts: { reminder: (r: RecipientState) => string; escalation: (r: RecipientState) => string },
  channel: OutboundChannel = 'voice',
): Promise<WarningFollowUpResult> {
  const due = dueSteps(loop).filter((o) => toMs(o.dueAt) <= now);
  const out: WarningFollowUpResult = { commands: [], failed: [] };
  const outcomes = await inBatches(due, async (o) => {
    const r = warning.recipients.find((x) => x.id === o.recipientId);
    if (!r) return undefined;
    if (o.kind === 'warning_renotify') {
      const key = `warning:${warning.id}:${r.id}:renotify:${r.renotifiedAt.length + 1}`;
      const result = await sendToFirstReachable(notifier, phonesOf(r.id), {
        key,
        channel,
        text: texts.reminder(r),
        ref: `warning:${warning.id}`,
      });
      return {
        o,
        result,
        command: {
          type: 'warning.renotify',
          payload: { warningId: warning.id, recipientId: r.id, channel },
        } as const,
      };
    }
    if (!o.superiorId) return { o, result: { ok: false as const, errors: [] }, command: undefined };
    const key = `warning:${warning.id}:${r.id}:escalate`;
    const result = await sendToFirstReachable(notifier, phonesOf(o.superiorId), {
      key,
      channel,
      text: texts.escalation(r),
      ref: `warning:${warning.id}`,
    });
    const note = result.ok ? `已通知上级 ${toInstant(now)}` : undefined;
    return {
      o,
      result,
      command: {
        type: 'warning.escalate',
        payload: { warningId: warning.id, recipientId: r.id, ...(note ? { note } : {}) },
      } as const,
    };
  });
  for (const x of outcomes) {
    if (!x) continue;
    if (x.result.ok && x.command) out.commands.push(x.command);
    else
      out.failed.push({
        recipientId: x.o.recipientId,
        kind: x.o.kind,
        errors: x.result.ok ? [] : x.result.errors,
      });
  }
  return out;
}
