import type { z } from 'zod';
import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import type { DecideContext } from '../aggregates/context';
import { isWithin } from '../domain/jurisdiction';
import type { Warning, WarningRecipient } from '../domain/operations';
import { domainError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { toMs, type Instant } from '../time';
import { MAX_EVENT_BYTES } from '../events/envelope';
import type { AnswerChannel, IssuedRecipient, WarningChannel } from './events';

export type WarningCommand = Extract<Command, { type: `warning.${string}` }>;
export type WarningEvent = Extract<DomainEvent, { type: `warning.${string}` }>;

export const warningStream = (id: string) => `warning:${id}` as const;

/** A recipient and where the loop stands for them: the domain record plus reminders and answers. */
export type RecipientState = z.infer<typeof WarningRecipient> & {
  deliveredBy?: WarningChannel;
  acknowledgedBy?: z.infer<typeof AnswerChannel>;
  action?: string;
  evacuatedPeople?: number;
  renotifiedAt: Instant[];
  escalatedTo?: string;
  /** The latest notice the gateway could not carry, and why (the officer phones instead). */
  deliveryFailedAt?: Instant;
  deliveryFailure?: { notice: 'issue' | 'renotify' | 'escalate'; channel: WarningChannel; reason: string };
};

export interface WarningStep {
  at: Instant;
  step: WarningEvent['type'] extends `warning.${infer S}` ? S : never;
  by: string;
  recipientId?: string;
  detail?: string;
}

export type WarningState = Omit<Warning, 'recipients'> & {
  status: 'active' | 'lifted';
  liftReason?: string;
  recipients: RecipientState[];
};

/** Decide a warning command against the warning as folded on this station (undefined if new). */
export function decideWarning(
  cmd: WarningCommand,
  state: WarningState | undefined,
  ctx: DecideContext,
): Result<EventDraft[]> {
  if (cmd.type === 'warning.issue') {
    const p = cmd.payload;
    if (state) return fail(domainError('ALREADY_EXISTS', 'payload.warningId'));
    const errors: DomainError[] = [];
    if (p.recipients.length === 0) errors.push(domainError('WARNING_NO_RECIPIENTS', 'payload.recipients'));
    // Warnings flow downward: areas and recipients lie within the issuing station's jurisdiction.
    p.areas.forEach((a, i) => {
      if (!isWithin(a, ctx.jurisdiction))
        errors.push(
          domainError('INVALID_FIELD', `payload.areas.${i}`, `${a} is outside ${ctx.jurisdiction}`),
        );
    });
    const seen = new Set<string>();
    p.recipients.forEach((r, i) => {
      if (seen.has(r.id))
        errors.push(domainError('INVALID_FIELD', `payload.recipients.${i}.id`, `${r.id} listed twice`));
      seen.add(r.id);
      if (!isWithin(r.jurisdiction, ctx.jurisdiction)) {
        errors.push(
          domainError(
            'INVALID_FIELD',
            `payload.recipients.${i}.jurisdiction`,
            `${r.jurisdiction} is outside ${ctx.jurisdiction}`,
          ),
        );
      }
      if (r.superiorId === r.id)
        errors.push(
          domainError(
            'INVALID_FIELD',
            `payload.recipients.${i}.superiorId`,
            'a recipient is not their own superior',
          ),
        );
    });
    if (errors.length > 0) return fail(...errors);
    const id = p.warningId ?? ctx.newId();
    const warning: Warning = {
      id,
      hazard: p.hazard,
      colour: p.colour,
      areas: p.areas,
      ...(p.polygon ? { polygon: p.polygon } : {}),
      text: p.text,
      issuedAt: ctx.now,
      issuedBy: ctx.actor.id,
      recipients: [],
    };
    const room = PAYLOAD_BUDGET - byteSize(warning);
    if (room < PAYLOAD_BUDGET / 4)
      return fail(domainError('MESSAGE_TOO_LARGE', p.polygon ? 'payload.polygon' : 'payload.text'));
    const [first = [], ...rest] = chunkBySize(p.recipients, room);
    const stream = warningStream(id);
    return ok([
      { type: 'warning.issued', stream, payload: { warning: { ...warning, recipients: first } } },
      ...rest.map((recipients) => ({
        type: 'warning.recipients_added' as const,
        stream,
        payload: { recipients },
      })),
    ]);
  }

  if (!state) return fail(domainError('NOT_FOUND', 'payload.warningId'));
  const stream = warningStream(state.id);
  if (state.status === 'lifted')
    return fail(domainError('WARNING_LIFTED', 'payload.warningId', state.liftedAt));
  if (cmd.type === 'warning.lift')
    return ok([{ type: 'warning.lifted', stream, payload: { reason: cmd.payload.reason } }]);

  const r = state.recipients.find((x) => x.id === cmd.payload.recipientId);
  if (!r)
    return fail(domainError('WARNING_UNKNOWN_RECIPIENT', 'payload.recipientId', cmd.payload.recipientId));
  const recipientId = r.id;
  switch (cmd.type) {
    case 'warning.record_delivery': {
      const p = cmd.payload;
      if (r.deliveredAt)
        return fail(domainError('INVALID_TRANSITION', 'payload.recipientId', `delivered ${r.deliveredAt}`));
      const at = p.deliveredAt ?? ctx.now;
      const timeError = pastTime(at, state.issuedAt, ctx.now, 'payload.deliveredAt');
      if (timeError) return fail(timeError);
      return ok([
        {
          type: 'warning.delivered',
          stream,
          occurredAt: at,
          payload: { recipientId, channel: p.channel, ...(p.messageId ? { messageId: p.messageId } : {}) },
        },
      ]);
    }
    case 'warning.record_delivery_failure': {
      const p = cmd.payload;
      return ok([
        {
          type: 'warning.delivery_failed',
          stream,
          payload: { recipientId, channel: p.channel, notice: p.notice, reason: p.reason },
        },
      ]);
    }
    case 'warning.acknowledge': {
      const p = cmd.payload;
      if (r.acknowledgedAt)
        return fail(domainError('WARNING_ALREADY_ACKNOWLEDGED', 'payload.recipientId', r.acknowledgedAt));
      const at = p.acknowledgedAt ?? ctx.now;
      const timeError = pastTime(at, state.issuedAt, ctx.now, 'payload.acknowledgedAt');
      if (timeError) return fail(timeError);
      return ok([
        {
          type: 'warning.acknowledged',
          stream,
          occurredAt: at,
          payload: { recipientId, channel: p.channel, ...(p.note ? { note: p.note } : {}) },
        },
      ]);
    }
    case 'warning.report_action': {
      const p = cmd.payload;
      if (!r.acknowledgedAt) return fail(domainError('WARNING_NOT_ACKNOWLEDGED', 'payload.recipientId'));
      return ok([
        {
          type: 'warning.action_reported',
          stream,
          payload: {
            recipientId,
            action: p.action,
            ...(p.evacuatedPeople !== undefined ? { evacuatedPeople: p.evacuatedPeople } : {}),
          },
        },
      ]);
    }
    case 'warning.renotify':
      if (r.acknowledgedAt)
        return fail(domainError('WARNING_ALREADY_ACKNOWLEDGED', 'payload.recipientId', r.acknowledgedAt));
      return ok([
        { type: 'warning.renotified', stream, payload: { recipientId, channel: cmd.payload.channel } },
      ]);
    case 'warning.escalate':
      if (r.acknowledgedAt)
        return fail(domainError('WARNING_ALREADY_ACKNOWLEDGED', 'payload.recipientId', r.acknowledgedAt));
      if (r.escalatedAt)
        return fail(domainError('INVALID_TRANSITION', 'payload.recipientId', `escalated ${r.escalatedAt}`));
      if (!r.superiorId) return fail(domainError('WARNING_NO_SUPERIOR', 'payload.recipientId', r.id));
      return ok([
        {
          type: 'warning.escalated',
          stream,
          payload: {
            recipientId,
            superiorId: r.superiorId,
            ...(cmd.payload.note ? { note: cmd.payload.note } : {}),
          },
        },
      ]);
  }
}

/** Payload bytes per event, leaving room in the log's limit for the envelope (ids, actor, hashes). */
const PAYLOAD_BUDGET = MAX_EVENT_BYTES - 8 * 1024;
const encoder = new TextEncoder();
const byteSize = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

/** Consecutive runs of recipients whose JSON fits `budget` bytes each (the first run within `firstBudget`). */
function chunkBySize(recipients: readonly IssuedRecipient[], firstBudget: number): IssuedRecipient[][] {
  const chunks: IssuedRecipient[][] = [];
  let current: IssuedRecipient[] = [];
  let size = 0;
  let budget = firstBudget;
  for (const r of recipients) {
    const n = byteSize(r) + 1;
    if (current.length > 0 && size + n > budget) {
      chunks.push(current);
      current = [];
      size = 0;
      budget = PAYLOAD_BUDGET;
    }
    current.push(r);
    size += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function pastTime(at: Instant, notBefore: Instant, now: Instant, field: string): DomainError | undefined {
  if (toMs(at) > toMs(now)) return domainError('TIME_IN_FUTURE', field, at);
  if (toMs(at) < toMs(notBefore)) return domainError('TIME_BEFORE_START', field, at);
  return undefined;
}

/**
 * Where each recipient sits in `recipients`: the order never changes after issue (recipients are only
 * appended), so the index made for one array is handed on to the next, and folding an answer costs a
 * copy of the array rather than a search of it — a day of answers to 10,000 recipients stays linear.
 */
const positions = new WeakMap<readonly RecipientState[], Map<string, number>>();
function positionsOf(recipients: readonly RecipientState[]): Map<string, number> {
  let index = positions.get(recipients);
  if (!index) {
    index = new Map(recipients.map((r, i) => [r.id, i]));
    positions.set(recipients, index);
  }
  return index;
}

/** Fold one event into the warning. Events from several stations meet here, so each step is idempotent in effect. */
export function evolveWarning(state: WarningState | undefined, e: WarningEvent): WarningState | undefined {
  if (e.type === 'warning.issued') {
    const w = e.payload.warning;
    return { ...w, status: 'active', recipients: w.recipients.map((r) => ({ ...r, renotifiedAt: [] })) };
  }
  if (!state) return state;
  if (e.type === 'warning.recipients_added') {
    const known = positionsOf(state.recipients);
    const added = e.payload.recipients
      .filter((r) => !known.has(r.id))
      .map((r) => ({ ...r, renotifiedAt: [] }));
    return { ...state, recipients: [...state.recipients, ...added] };
  }
  if (e.type === 'warning.lifted')
    return { ...state, status: 'lifted', liftedAt: e.occurredAt, liftReason: e.payload.reason };

  const index = positionsOf(state.recipients);
  const i = index.get(e.payload.recipientId);
  if (i === undefined) return state;
  const r = state.recipients[i];
  const next = evolveRecipient(r, e);
  if (next === r) return state;
  const recipients = state.recipients.slice();
  recipients[i] = next;
  positions.set(recipients, index);
  return { ...state, recipients };
}

/**
 * One recipient's step of the loop, folded on its own: the same rule `evolveWarning` applies, exported
 * for a store that keeps each recipient of a large warning in its own row.
 */
export function evolveRecipient(r: RecipientState, e: WarningEvent): RecipientState {
  const at = e.occurredAt;
  switch (e.type) {
    case 'warning.delivered':
      return r.deliveredAt ? r : { ...r, deliveredAt: at, deliveredBy: e.payload.channel };
    case 'warning.acknowledged':
      // An answer proves the warning arrived, even if no delivery receipt came back.
      return r.acknowledgedAt
        ? r
        : { ...r, acknowledgedAt: at, acknowledgedBy: e.payload.channel, deliveredAt: r.deliveredAt ?? at };
    case 'warning.action_reported':
      return {
        ...r,
        actionReportedAt: r.actionReportedAt ?? at,
        action: e.payload.action,
        ...(e.payload.evacuatedPeople !== undefined ? { evacuatedPeople: e.payload.evacuatedPeople } : {}),
      };
    case 'warning.renotified':
      return { ...r, renotifiedAt: [...r.renotifiedAt, at] };
    case 'warning.delivery_failed':
      return {
        ...r,
        deliveryFailedAt: at,
        deliveryFailure: { notice: e.payload.notice, channel: e.payload.channel, reason: e.payload.reason },
      };
    case 'warning.escalated':
      return r.escalatedAt ? r : { ...r, escalatedAt: at, escalatedTo: e.payload.superiorId };
    default:
      return r;
  }
}

/**
 * The record of a warning: every step with its time, who recorded it and for which recipient, in
 * time order, read from the warning's stream (kept out of the folded state, which for a large warning
 * would otherwise grow with every answer).
 */
export function warningRecord(events: readonly DomainEvent[]): WarningStep[] {
  const steps: WarningStep[] = [];
  for (const e of events) {
    if (!e.type.startsWith('warning.') || e.type === 'warning.recipients_added') continue;
    const w = e as WarningEvent;
    const base = {
      at: w.occurredAt,
      step: w.type.slice('warning.'.length) as WarningStep['step'],
      by: w.actor.id,
    };
    switch (w.type) {
      case 'warning.issued':
        steps.push({
          ...base,
          at: w.payload.warning.issuedAt,
          detail: `${w.payload.warning.colour} ${w.payload.warning.hazard}`,
        });
        break;
      case 'warning.lifted':
        steps.push({ ...base, detail: w.payload.reason });
        break;
      case 'warning.delivered':
      case 'warning.renotified':
        steps.push({ ...base, recipientId: w.payload.recipientId, detail: w.payload.channel });
        break;
      case 'warning.acknowledged':
        steps.push({ ...base, recipientId: w.payload.recipientId, detail: w.payload.channel });
        break;
      case 'warning.delivery_failed':
        steps.push({
          ...base,
          recipientId: w.payload.recipientId,
          detail: `${w.payload.notice} ${w.payload.channel}: ${w.payload.reason}`,
        });
        break;
      case 'warning.action_reported':
        steps.push({ ...base, recipientId: w.payload.recipientId, detail: w.payload.action });
        break;
      case 'warning.escalated':
        steps.push({ ...base, recipientId: w.payload.recipientId, detail: w.payload.superiorId });
        break;
    }
  }
  return steps.sort((a, b) => toMs(a.at) - toMs(b.at));
}
