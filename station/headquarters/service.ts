import type { Actor } from '../../shared/domain/common';
import type { DomainEvent } from '../../shared/events/envelope';
import type { HeadquartersState, MemberState } from '../../shared/headquarters/aggregate';
import { newId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import { MINUTE, toInstant, toMs } from '../../shared/time';
import { notifyHeadquartersMembers, type PhonesOf } from '../notify/dispatch';
import type { Notifier } from '../notify/notifier';
import { drillNotifier, drillSinkNotifier, participantPhonesOf } from '../drills/sink';
import type { DrillState } from '../../shared/drills/aggregate';

/*
 * 指挥部成员通知: after an activation (or a raised level that adds members) every member not yet told
 * gets an SMS through the configured gateway, and each outcome goes on record as
 * `headquarters.record_notification` (member_notified with the gateway's message id, or
 * notification_failed with the reason). A failed notice is tried again after `retryAfterMs`, at most
 * `maxAttempts` times; after that the board shows the member's phones for the duty officer to call.
 * Only the station that activated the headquarters sends: stations below receive it through the hub,
 * and each records that the members it serves were told there (channel `hub`).
 */

export interface HeadquartersServiceStore {
  headquarters(): HeadquartersState[];
  incident(id: string): { facts: { title: string }; drill?: { drillId: string } } | undefined;
  /** A hand-registered incident linked to a drill afterwards (issue 22): its drill. */
  drillLinkOf?(incidentId: string): { drillId: string } | undefined;
  /** The drills this station holds: whose phones a drill's notice may reach. */
  readonly drills?: { byId(id: string): DrillState | undefined };
  execute(command: unknown, actor?: Actor): Result<DomainEvent[]>;
  onAppended(listener: (events: DomainEvent[]) => void): () => void;
}

export interface HeadquartersServiceOptions {
  store: HeadquartersServiceStore;
  /** This station's jurisdiction: it notifies only the headquarters it activated. */
  jurisdiction: string;
  notifier: Notifier | null;
  phonesOf: PhonesOf;
  /** The station (jurisdiction) serving a person, from the directory: members served here are told on this board. */
  stationOf?: (personId: string) => string | undefined;
  actor: Actor;
  clock?: () => number;
  retryAfterMs?: number;
  maxAttempts?: number;
  /** Longest sleep between two looks (a failed notice is retried within it). */
  maxSleepMs?: number;
  onError?: (error: unknown) => void;
}

export interface HeadquartersService {
  wake(): Promise<void>;
  start(): void;
  stop(): void;
}

export const HQ_SERVICE_ACTOR: Actor = { id: 'hq-notify', name: '指挥部通知服务', role: 'system' };

const GROUP_ZH: Record<string, string> = {
  coordination: '综合协调组',
  rescue: '抢险救援组',
  medical: '医疗救治组',
  security: '治安警戒组',
  logistics: '后勤保障组',
  press: '宣传报道组',
  experts: '专家组',
  aftermath: '善后处置组',
};
const ROLE_ZH = { commander: '指挥长', deputy: '副指挥长', group_lead: '组长', member: '成员' } as const;

export function noticeText(hq: HeadquartersState, title: string, m: MemberState): string {
  const place = m.group ? `${GROUP_ZH[m.group] ?? m.group}${ROLE_ZH[m.role]}` : ROLE_ZH[m.role];
  return `【指挥部启动】${title}：已启动${hq.responseLevel}级应急响应，请${m.name}作为${place}立即到岗，并回复值班室。`;
}

/** Failed notices on record for a member, and when the last one was. */
function lastFailure(hq: HeadquartersState, personId: string): number | undefined {
  let at: number | undefined;
  for (const s of hq.record)
    if (s.step === 'notification_failed' && s.personId === personId) at = Math.max(at ?? 0, toMs(s.at));
  return at;
}

export function createHeadquartersService(options: HeadquartersServiceOptions): HeadquartersService {
  const clock = options.clock ?? Date.now;
  const retryAfterMs = options.retryAfterMs ?? 2 * MINUTE;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxSleepMs = options.maxSleepMs ?? 30_000;
  const onError = options.onError ?? (() => undefined);
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopped = true;
  let closed = false;

  /**
   * 通过枢纽通知到站: a headquarters activated above reached this station through the hub; the members
   * this station serves are on its board now, which is on record as a notice by `hub` (once each).
   */
  function recordHubNotices(): void {
    const stationOf = options.stationOf;
    if (!stationOf) return;
    for (const hq of options.store.headquarters()) {
      if (hq.status !== 'active' || hq.jurisdiction === options.jurisdiction) continue;
      for (const m of hq.members) {
        if (stationOf(m.personId) !== options.jurisdiction) continue;
        const told = hq.record.some(
          (s) => s.step === 'member_notified' && s.personId === m.personId && s.detail === 'hub',
        );
        if (told) continue;
        const r = options.store.execute(
          {
            id: newId(clock()),
            type: 'headquarters.record_notification',
            actor: options.actor,
            payload: { headquartersId: hq.id, personId: m.personId, channel: 'hub', outcome: 'sent' },
          },
          options.actor,
        );
        if (!r.ok) onError(new Error(`hub notice refused: ${r.errors.map((e) => e.code).join(', ')}`));
      }
    }
  }

  const drillSink = drillSinkNotifier(clock);

  async function pass(): Promise<void> {
    recordHubNotices();
    const gateway = options.notifier;
    if (!gateway) return;
    const now = clock();
    for (const hq of options.store.headquarters()) {
      if (hq.status !== 'active' || hq.jurisdiction !== options.jurisdiction) continue;
      const due = hq.members.filter((m) => {
        if (m.notifiedAt || m.notificationFailures >= maxAttempts) return false;
        const failed = lastFailure(hq, m.personId);
        return failed === undefined || now - failed >= retryAfterMs;
      });
      if (due.length === 0) continue;
      const incident = options.store.incident(hq.incidentId);
      const title = incident?.facts.title ?? '突发事件';
      // A drill's headquarters tells no real phone but a named participant's: the rest go to the drill
      // sink, on record. An incident linked to the drill afterwards counts as the drill's from then on.
      const tag = incident?.drill ?? options.store.drillLinkOf?.(hq.incidentId);
      const notifier = tag
        ? drillNotifier(participantPhonesOf(options.store.drills?.byId(tag.drillId)), gateway, drillSink)
        : gateway;
      const dueIds = new Set(due.map((m) => m.personId));
      const outcomes = await notifyHeadquartersMembers(
        { ...hq, members: hq.members.filter((m) => dueIds.has(m.personId)) },
        options.phonesOf,
        notifier,
        (m) => noticeText(hq, title, m),
      );
      if (closed) return;
      for (const outcome of outcomes) {
        // The gateway stamps its own clock; a station clock behind it must not refuse the record.
        const payload =
          outcome.sentAt && toMs(outcome.sentAt) > clock()
            ? { ...outcome, sentAt: toInstant(clock()) }
            : outcome;
        const r = options.store.execute(
          { id: newId(clock()), type: 'headquarters.record_notification', actor: options.actor, payload },
          options.actor,
        );
        if (!r.ok)
          onError(new Error(`record_notification refused: ${r.errors.map((e) => e.code).join(', ')}`));
      }
    }
  }

  function wake(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          onError(error);
        }
      } while (again && !closed);
      running = null;
    })();
    return running;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void wake().finally(schedule);
    }, maxSleepMs);
  };

  return {
    wake,
    start() {
      if (!stopped) return;
      stopped = false;
      unsubscribe = options.store.onAppended((events) => {
        if (events.some((e) => e.type === 'headquarters.activated' || e.type === 'headquarters.level_raised'))
          void wake();
      });
      void wake();
      schedule();
    },
    stop() {
      stopped = true;
      closed = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
    },
  };
}
