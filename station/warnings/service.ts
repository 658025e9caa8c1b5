import type { Actor } from '../../shared/domain/common';
import type { DomainEvent } from '../../shared/events/envelope';
import type { DomainError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import { MINUTE } from '../../shared/time';
import type { RecipientState, WarningState } from '../../shared/warnings/aggregate';
import { warningLoop } from '../../shared/warnings/loop';
import { ackLimitFor, defaultWarningPolicy, type WarningPolicy } from '../../shared/warnings/policy';
import { followUpWarning, type PhonesOf } from '../notify/dispatch';
import type { Notifier } from '../notify/notifier';

/*
 * The call-and-response loop's clock (预警叫应): on every wake it reads the warnings in force from the
 * store's projection and carries out what is owed as of now — the warning itself by SMS to each
 * recipient not yet reached, a voice reminder to each one silent past their answer limit, then a call
 * to their superior — and puts each outcome on record as a command (delivered, re-notified, escalated,
 * or delivery failed). Nothing is kept in memory that a restart would need: what is owed is derived
 * from the projection, and the gateway's idempotency keys make a notice sent just before a crash
 * (and not yet on record) one message, not two.
 */

/** What the service needs of the station store. */
export interface WarningServiceStore {
  warnings(): WarningState[];
  streamEvents(stream: string): DomainEvent[];
  execute(command: unknown, actor?: Actor): Result<DomainEvent[]>;
  onAppended(listener: (events: DomainEvent[]) => void): () => void;
}

export interface WarningServiceOptions {
  store: WarningServiceStore;
  /** The SMS/voice gateway; without one, nothing is sent and the duty room's alarms ask for calls. */
  notifier: Notifier | null;
  phonesOf: PhonesOf;
  /**
   * Follow up only the warnings this station issued: one that reached it through the hub is the
   * issuer's to follow up (else two stations would call the same people).
   */
  stationId?: string;
  /** Who the service's commands are recorded as (the station's duty system). */
  actor: Actor;
  policy?: WarningPolicy;
  clock?: () => number;
  /** Longest sleep between two looks: a due time, a clock jump or a test clock is noticed within it. */
  maxSleepMs?: number;
  /** After a notice the gateway could not carry, wait this long before trying that step again. */
  retryAfterMs?: number;
  onError?: (error: unknown) => void;
}

export interface WarningService {
  /** Look now (also called on each timer and after every warning event); settles when done. */
  wake(): Promise<void>;
  start(): void;
  stop(): void;
}

export const SERVICE_ACTOR: Actor = { id: 'warning-loop', name: '预警叫应服务', role: 'system' };

const COLOUR_ZH = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' } as const;

export const noticeTexts = (w: WarningState, policy: WarningPolicy) => ({
  issue: (r: RecipientState) =>
    `【${COLOUR_ZH[w.colour]}${w.hazard}预警】${w.text} 请${r.name}在${ackLimitFor(policy, r.tier)}分钟内回复或回电叫应。`,
  reminder: (r: RecipientState) =>
    `【再次通知·${COLOUR_ZH[w.colour]}${w.hazard}预警】${r.name}尚未叫应，请立即回电确认并落实防范措施。`,
  escalation: (r: RecipientState) =>
    `【预警未叫应】${r.name}未在${ackLimitFor(policy, r.tier)}分钟内叫应${COLOUR_ZH[w.colour]}${w.hazard}预警，经再次通知仍未回应，请督促落实。`,
});

const RACES = new Set(['WARNING_ALREADY_ACKNOWLEDGED', 'WARNING_LIFTED', 'INVALID_TRANSITION']);

const reasonOf = (errors: readonly DomainError[]) =>
  errors
    .map((e) => e.detail ?? e.message.zh)
    .join('；')
    .slice(0, 2000) || '无可用电话号码或上级 / no phone number or superior on record';

export function createWarningService(options: WarningServiceOptions): WarningService {
  const { store, notifier, actor } = options;
  const policy = options.policy ?? defaultWarningPolicy;
  const clock = options.clock ?? Date.now;
  const maxSleepMs = options.maxSleepMs ?? 1000;
  const retryAfterMs = options.retryAfterMs ?? MINUTE;
  /** Steps the gateway failed, by `<warning>|<step key>`: when to try again (a restart tries at once). */
  const retryAt = new Map<string, number>();
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = true;
  let stopWatching = () => {};
  const issuedHere = new Map<string, boolean>();
  const ours = (w: WarningState) => {
    if (options.stationId === undefined) return true;
    let mine = issuedHere.get(w.id);
    if (mine === undefined) {
      const first = store.streamEvents(`warning:${w.id}`).find((e) => e.type === 'warning.issued');
      mine = first?.station === options.stationId;
      issuedHere.set(w.id, mine);
    }
    return mine;
  };

  const run = (type: string, payload: Record<string, unknown>) => {
    const result = store.execute({ id: newId(clock()), type, actor, payload }, actor);
    // These refusals mean the loop moved on meanwhile (an answer came in, the warning was lifted).
    if (!result.ok && !result.errors.every((e) => RACES.has(e.code)))
      options.onError?.(
        new Error(`${type}: ${result.errors.map((e) => `${e.code} ${e.field ?? ''}`).join(', ')}`),
      );
    return result;
  };

  /** The warning itself, by SMS, to each recipient neither reached nor already failed. */
  async function deliver(w: WarningState, gateway: Notifier) {
    const texts = noticeTexts(w, policy);
    const now = clock();
    for (const r of w.recipients) {
      // Any failure on record means the issue was tried (it always goes first); reminders take over from there.
      if (r.deliveredAt || r.deliveryFailedAt) continue;
      const key = `${w.id}|issue.${r.id}`;
      if ((retryAt.get(key) ?? 0) > now) continue;
      const phones = options.phonesOf(r.id);
      let errors: DomainError[] = [];
      let messageId: string | undefined;
      for (const [i, to] of phones.entries()) {
        const sent = await gateway.send({
          key: `warning:${w.id}:${r.id}:issue:${i}`,
          channel: 'sms',
          to,
          text: texts.issue(r),
          ref: `warning:${w.id}`,
        });
        if (sent.ok) {
          messageId = sent.value.messageId;
          break;
        }
        errors = sent.errors;
      }
      if (messageId !== undefined)
        run('warning.record_delivery', { warningId: w.id, recipientId: r.id, channel: 'sms', messageId });
      else {
        retryAt.set(key, clock() + retryAfterMs);
        run('warning.record_delivery_failure', {
          warningId: w.id,
          recipientId: r.id,
          channel: 'sms',
          notice: 'issue',
          reason: reasonOf(errors),
        });
      }
    }
  }

  /** Reminders and escalations owed now (warning/loop.ts), through the gateway, then on record. */
  async function followUp(w: WarningState, gateway: Notifier) {
    const now = clock();
    const loop = warningLoop(w, now, policy);
    const ready = loop.recipients.filter(
      (r) => !r.next || (retryAt.get(`${w.id}|${r.next.key}`) ?? 0) <= now,
    );
    if (!ready.some((r) => r.next)) return;
    const result = await followUpWarning(
      w,
      { ...loop, recipients: ready },
      now,
      options.phonesOf,
      gateway,
      noticeTexts(w, policy),
    );
    for (const c of result.commands) run(c.type, c.payload);
    for (const f of result.failed) {
      const step = ready.find((r) => r.recipientId === f.recipientId)?.next;
      if (!step) continue;
      retryAt.set(`${w.id}|${step.key}`, clock() + retryAfterMs);
      run('warning.record_delivery_failure', {
        warningId: w.id,
        recipientId: f.recipientId,
        channel: 'voice',
        notice: f.kind === 'warning_escalate' ? 'escalate' : 'renotify',
        reason: reasonOf(f.errors),
      });
    }
  }

  async function once() {
    if (!notifier) return;
    for (const w of store.warnings()) {
      if (w.status !== 'active' || !ours(w)) continue;
      await deliver(w, notifier);
    }
    // Read again: the deliveries above changed the warnings.
    for (const w of store.warnings()) {
      if (w.status !== 'active' || !ours(w)) continue;
      await followUp(w, notifier);
    }
  }

  function schedule() {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void service.wake(), maxSleepMs);
    timer.unref?.();
  }

  const service: WarningService = {
    wake() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          try {
            await once();
          } catch (error) {
            options.onError?.(error);
          }
        } while (again && !stopped);
      })().finally(() => {
        running = null;
        schedule();
      });
      return running;
    },
    start() {
      if (!stopped) return;
      stopped = false;
      stopWatching = store.onAppended((events) => {
        if (events.some((e) => e.type.startsWith('warning.') && e.actor.id !== actor.id)) void service.wake();
      });
      void service.wake();
    },
    stop() {
      stopped = true;
      stopWatching();
      if (timer) clearTimeout(timer);
    },
  };
  return service;
}
