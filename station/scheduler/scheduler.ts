import { performance } from 'node:perf_hooks';
import {
  isDeadlineRung,
  type AlarmStep,
  type DeadlineRungRaised,
  type DueSourceKind,
} from '../../shared/alarms/events';
import { Actor } from '../../shared/domain/common';
import type { DomainEvent } from '../../shared/events/envelope';
import { domainError, fromZodError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import { toInstant, toMs } from '../../shared/time';
import { LADDER, LATE_AFTER_MS, alarmIdFor, rungAt, stepAtOf, type DueItem } from './ladder';
import type { LeaderLookup, LeaderOnDuty } from './leader';
import { newId } from '../../shared/ids';
import type { DomainError } from '../../shared/errors';
import { reportObligationSource, type DueSource, type SchedulerStore } from './sources';

/** Wall time (may jump: NTP, an officer fixing the clock, sleep) and a monotonic time (never jumps). */
export interface SchedulerClock {
  now(): number;
  monotonic(): number;
}

export interface SchedulerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: SchedulerClock = { now: () => Date.now(), monotonic: () => performance.now() };
export const realTimers: SchedulerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One rung of the ladder that went off, as the UI shows it. */
export interface LadderAlarm {
  /** Also the stream `alarm:<id>` holding its raise and acknowledgement. */
  id: string;
  step: AlarmStep;
  /** reminder: warning; alarm and overdue: urgent. */
  severity: 'warning' | 'urgent';
  sound: boolean;
  source: DueSourceKind;
  incidentId: string;
  /** The incident (report obligations) or headquarters the item belongs to. */
  scope: string;
  subjectKey: string;
  subjectKind: string;
  dueAt: string;
  stepAt: string;
  raisedAt: string;
  lateByMs: number;
  /** Went off more than a second after its time (restart, sleep, clock jump). */
  late: boolean;
  /** The overdue rung: the leader on duty it also went to. */
  leader?: LeaderOnDuty;
}

export type ClearedReason = 'acknowledged' | 'resolved';

export interface ClockJump {
  /** Wall-clock change not explained by elapsed monotonic time (positive: forward, or a sleep). */
  jumpMs: number;
  at: string;
}

export interface SchedulerOptions {
  store: SchedulerStore;
  /** Default: the store's report obligations only. */
  sources?: DueSource[];
  /** 带班领导 for the overdue rung (see leaderOnDuty); without it the rung names nobody. */
  leader?: LeaderLookup;
  clock?: SchedulerClock;
  timers?: SchedulerTimers;
  /** Longest single sleep: the wall clock is looked at again at least this often (default 1 s). */
  maxSleepMs?: number;
  /** Disagreement between wall and monotonic elapsed time taken as a clock jump (default 1 s). */
  clockJumpToleranceMs?: number;
  /** A listener or source failed; the scheduler keeps going. */
  onError?: (error: unknown) => void;
}

/** The next rung the scheduler will ring. */
export interface PlannedAlarm {
  at: number;
  step: AlarmStep;
  item: DueItem;
}

interface Planned {
  item: DueItem;
  /** One alarm id per rung, in LADDER order. */
  ids: readonly string[];
  /** Index in LADDER of the first rung not known to have gone off; 3 when all have. */
  nextRung: number;
}

interface Scope {
  source: DueSource;
  scope: string;
  planned: Planned[];
  /** Earliest due time still ahead when loaded: passing it may change the scope's items. */
  refreshAt: number;
}

const idAt = (p: Planned, rung: number): string => {
  const id = p.ids[rung];
  if (id === undefined) throw new RangeError(`no alarm id for rung ${rung}`);
  return id;
};

/** The log refused a rung's record; the duty room was alarmed all the same. */
export class RungRefusedError extends Error {
  constructor(readonly errors: DomainError[]) {
    super(`alarm rung not recorded: ${errors.map((e) => `${e.field ?? '-'} ${e.code}`).join(', ')}`);
    this.name = 'RungRefusedError';
  }
}

type RaiseAlarm = {
  id: string;
  type: 'alarm.raise';
  payload: { alarmId: string; raisedAt: string; alarm: DeadlineRungRaised };
};

const SYSTEM: Actor = { id: 'deadline-scheduler', name: '报送时限提醒', role: 'system' };
const ALARM_ID = /^[0-9a-f]{32}$/;

/**
 * The station's deadline scheduler: one timer for the nearest rung across every open incident, never
 * a long sleep (the wall clock is checked again at least each `maxSleepMs`), and each rung of each
 * item raised once, on record as an `alarm.raised` event, so restarts neither repeat nor skip one.
 */
export class DeadlineScheduler {
  private readonly store: SchedulerStore;
  private readonly sources: DueSource[];
  private readonly clock: SchedulerClock;
  private readonly timers: SchedulerTimers;
  private readonly maxSleepMs: number;
  private readonly jumpToleranceMs: number;
  private readonly scopes = new Map<string, Scope>();
  /** Rungs known to have gone off (this run, or found on record). */
  private readonly fired = new Set<string>();
  private readonly active = new Map<string, LadderAlarm>();
  private readonly alarmListeners = new Set<(alarm: LadderAlarm) => void>();
  private readonly clearedListeners = new Set<(alarmId: string, reason: ClearedReason) => void>();
  private readonly jumpListeners = new Set<(jump: ClockJump) => void>();
  private readonly unsubscribe: Array<() => void> = [];
  private unrecorded: RaiseAlarm[] = [];
  private timer: unknown = undefined;
  private running = false;
  private waking = false;
  private lastWall = 0;
  private lastMono = 0;

  constructor(private readonly options: SchedulerOptions) {
    this.store = options.store;
    this.sources = options.sources ?? [reportObligationSource(options.store)];
    this.clock = options.clock ?? realClock;
    this.timers = options.timers ?? realTimers;
    this.maxSleepMs = options.maxSleepMs ?? 1000;
    this.jumpToleranceMs = options.clockJumpToleranceMs ?? 1000;
  }

  /** Recompute from the store as of now, ring what was missed (marked late), then keep watch. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const source of this.sources) {
      this.unsubscribe.push(source.watch((scopes) => this.changed(source, scopes)));
    }
    this.unsubscribe.push(this.store.onAppended((events) => this.noteAcknowledgements(events)));
    this.lastWall = this.clock.now();
    this.lastMono = this.clock.monotonic();
    this.reloadAll();
    this.wake();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Look again now: for the host to call on resume from sleep or a system time change. */
  recheck(): void {
    if (this.running) this.wake();
  }

  onAlarm(listener: (alarm: LadderAlarm) => void): () => void {
    this.alarmListeners.add(listener);
    return () => this.alarmListeners.delete(listener);
  }

  /** An alarm left the list: acknowledged, or what it was about was met or waived. */
  onCleared(listener: (alarmId: string, reason: ClearedReason) => void): () => void {
    this.clearedListeners.add(listener);
    return () => this.clearedListeners.delete(listener);
  }

  onClockJump(listener: (jump: ClockJump) => void): () => void {
    this.jumpListeners.add(listener);
    return () => this.jumpListeners.delete(listener);
  }

  /** Raised, not acknowledged, and still about something owed. */
  activeAlarms(): LadderAlarm[] {
    return [...this.active.values()];
  }

  /** The nearest rung not yet rung, across every source and scope. */
  nextAlarm(): PlannedAlarm | undefined {
    let best: Planned | undefined;
    let bestAt = Infinity;
    for (const s of this.scopes.values()) {
      for (const p of s.planned) {
        if (p.nextRung >= LADDER.length) continue;
        const at = stepAtOf(p.item, p.nextRung);
        if (at < bestAt) {
          bestAt = at;
          best = p;
        }
      }
    }
    return best ? { at: bestAt, step: rungAt(best.nextRung).step, item: best.item } : undefined;
  }

  /** 已阅: record who acknowledged the alarm; acknowledging twice records it once. */
  acknowledge(alarmId: string, actor: unknown): Result<DomainEvent[]> {
    const who = Actor.safeParse(actor);
    if (!who.success) return fail(...fromZodError(who.error, 'actor'));
    if (!ALARM_ID.test(alarmId)) return fail(domainError('INVALID_FIELD', 'alarmId', 'expected an alarm id'));
    const stream = `alarm:${alarmId}`;
    const story = this.store.streamEvents(stream);
    const raised = story.find((e) => e.type === 'alarm.raised');
    if (!raised || raised.type !== 'alarm.raised') return fail(domainError('NOT_FOUND', 'alarmId', alarmId));
    const earlier = story.filter((e) => e.type === 'alarm.acknowledged');
    if (earlier.length > 0) return ok(earlier);
    // noteAcknowledgements (store listener) clears it from the active list.
    return this.store.execute({ id: newId(), type: 'alarm.acknowledge', payload: { alarmId } }, who.data);
  }

  private emit<A extends unknown[]>(listeners: Set<(...args: A) => void>, ...args: A): void {
    for (const l of listeners) {
      try {
        l(...args);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private noteAcknowledgements(events: readonly DomainEvent[]): void {
    for (const e of events) {
      if (e.type !== 'alarm.acknowledged') continue;
      const id = e.stream.slice('alarm:'.length);
      if (this.active.delete(id)) this.emit(this.clearedListeners, id, 'acknowledged');
    }
  }

  private changed(source: DueSource, scopes: readonly string[]): void {
    if (!this.running) return;
    for (const scope of scopes) this.reload(source, scope, false);
    // Inside a wake the timer is armed at its end.
    if (!this.waking) this.arm();
  }

  private reloadAll(): void {
    for (const source of this.sources) {
      try {
        try {
          source.recomputeAll?.();
        } catch (error) {
          // A store still checking its integrity (or damaged) refuses writes: plan from what it holds.
          this.options.onError?.(error);
        }
        const wanted = new Set(source.scopes());
        for (const [k, s] of this.scopes) if (s.source === source && !wanted.has(s.scope)) this.drop(k);
        for (const scope of wanted) this.reload(source, scope, source.recomputeAll === undefined);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private drop(key: string): void {
    const s = this.scopes.get(key);
    this.scopes.delete(key);
    for (const p of s?.planned ?? []) this.clearResolved(p.ids);
  }

  private clearResolved(ids: readonly string[]): void {
    for (const id of ids) if (this.active.delete(id)) this.emit(this.clearedListeners, id, 'resolved');
  }

  private reload(source: DueSource, scope: string, recompute: boolean): void {
    const key = `${source.kind}|${scope}`;
    let items: DueItem[];
    try {
      items = source.load(scope, recompute);
    } catch (error) {
      this.options.onError?.(error);
      if (!recompute) return;
      try {
        // Could not recompute (writes refused): what the store last computed is still worth ringing.
        items = source.load(scope, false);
      } catch (again) {
        this.options.onError?.(again);
        return;
      }
    }
    const now = this.clock.now();
    const before = new Map((this.scopes.get(key)?.planned ?? []).map((p) => [p.item.key, p]));
    const planned: Planned[] = [];
    let refreshAt = Infinity;
    for (const item of items) {
      if (item.dueAtMs > now && item.dueAtMs < refreshAt) refreshAt = item.dueAtMs;
      if (!item.open) continue;
      const old = before.get(item.key);
      before.delete(item.key);
      const ids = old?.ids ?? LADDER.map((r) => alarmIdFor(this.store.stationId, item, r.step));
      planned.push(this.advance({ item, ids, nextRung: 0 }));
    }
    // Met, waived or gone: its alarms leave the duty room's list.
    for (const gone of before.values()) this.clearResolved(gone.ids);
    if (planned.length === 0 && refreshAt === Infinity) this.scopes.delete(key);
    else this.scopes.set(key, { source, scope, planned, refreshAt });
  }

  private wake(): void {
    if (!this.running || this.waking) return;
    this.waking = true;
    try {
      if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
      this.timer = undefined;
      const now = this.clock.now();
      const mono = this.clock.monotonic();
      const jumpMs = now - this.lastWall - (mono - this.lastMono);
      this.lastWall = now;
      this.lastMono = mono;
      if (Math.abs(jumpMs) > this.jumpToleranceMs) {
        // States and lists depend on now: a jump (or a sleep) invalidates all of them.
        this.emit(this.jumpListeners, { jumpMs: Math.round(jumpMs), at: toInstant(now) });
        this.reloadAll();
      } else {
        for (const s of [...this.scopes.values()])
          if (s.refreshAt <= now) this.reload(s.source, s.scope, true);
      }
      this.record();
      this.ring(now);
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.waking = false;
    }
    this.arm();
  }

  /** Raise every rung whose time has come, oldest first, in one append. */
  private ring(now: number): void {
    const due: Array<{ p: Planned; rung: number; at: number }> = [];
    for (const s of this.scopes.values()) {
      for (const p of s.planned) {
        for (let r = p.nextRung; r < LADDER.length; r += 1) {
          const at = stepAtOf(p.item, r);
          if (at > now) break;
          due.push({ p, rung: r, at });
        }
      }
    }
    if (due.length === 0) return;
    due.sort((a, b) => a.at - b.at || a.rung - b.rung);

    const toRaise: LadderAlarm[] = [];
    let leader: LeaderOnDuty | undefined | null = null;
    for (const { p, rung, at } of due) {
      const id = idAt(p, rung);
      if (this.fired.has(id)) continue;
      const onRecord = this.store.streamEvents(`alarm:${id}`);
      this.fired.add(id);
      const earlier = onRecord.find((e) => e.type === 'alarm.raised');
      if (earlier && earlier.type === 'alarm.raised') {
        // Rung before a restart (or a clock set back): never again, but still listed until acknowledged.
        const acked = onRecord.some((e) => e.type === 'alarm.acknowledged');
        if (!acked)
          this.active.set(
            id,
            this.alarmOf(
              p.item,
              id,
              rung,
              at,
              toMs(earlier.occurredAt),
              isDeadlineRung(earlier.payload) ? earlier.payload.leader : undefined,
            ),
          );
        continue;
      }
      const { step } = rungAt(rung);
      if (step === 'overdue' && leader === null) leader = this.options.leader?.(now);
      toRaise.push(
        this.alarmOf(p.item, id, rung, at, now, step === 'overdue' ? (leader ?? undefined) : undefined),
      );
    }
    for (const { p } of due) this.advance(p);
    if (toRaise.length === 0) return;

    const commands = toRaise.map((a): RaiseAlarm => ({
      id: newId(),
      type: 'alarm.raise',
      payload: {
        alarmId: a.id,
        raisedAt: a.raisedAt,
        alarm: {
          step: a.step,
          source: a.source,
          incidentId: a.incidentId,
          subjectKey: a.subjectKey,
          subjectKind: a.subjectKind,
          dueAt: a.dueAt,
          stepAt: a.stepAt,
          lateByMs: a.lateByMs,
          sound: a.sound,
          ...(a.leader ? { leader: a.leader } : {}),
        },
      },
    }));
    this.unrecorded.push(...commands);
    this.record();
    for (const a of toRaise) {
      this.active.set(a.id, a);
      this.emit(this.alarmListeners, a);
    }
  }

  /**
   * Put raised rungs on record. If the store refuses (a failing disk, an integrity check still
   * running) the duty room is alarmed all the same, and each wake tries again; only a restart before
   * they are recorded would ring them a second time.
   */
  private record(): void {
    if (this.unrecorded.length === 0) return;
    const pending = this.unrecorded;
    try {
      const results = this.store.executeAll(pending, SYSTEM);
      this.unrecorded = [];
      // A rung the log refuses (say a leader id out of the allowed alphabet) is reported and let go:
      // it must not hold back the others forever.
      for (const r of results) if (!r.ok) this.options.onError?.(new RungRefusedError(r.errors));
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Point at the first rung not known to have gone off. */
  private advance(p: Planned): Planned {
    p.nextRung = 0;
    while (p.nextRung < LADDER.length && this.fired.has(idAt(p, p.nextRung))) p.nextRung += 1;
    return p;
  }

  private alarmOf(
    item: DueItem,
    id: string,
    rung: number,
    at: number,
    raisedAt: number,
    leader: LeaderOnDuty | undefined,
  ): LadderAlarm {
    const { step, sound } = rungAt(rung);
    const lateByMs = Math.max(0, Math.round(raisedAt - at));
    return {
      id,
      step,
      severity: step === 'reminder' ? 'warning' : 'urgent',
      sound,
      source: item.source,
      incidentId: item.incidentId,
      scope: item.scope,
      subjectKey: item.key,
      subjectKind: item.kind,
      dueAt: item.dueAt,
      stepAt: toInstant(at),
      raisedAt: toInstant(raisedAt),
      lateByMs,
      late: lateByMs > LATE_AFTER_MS,
      ...(leader ? { leader } : {}),
    };
  }

  private arm(): void {
    if (!this.running) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    let next = this.nextAlarm()?.at ?? Infinity;
    for (const s of this.scopes.values()) if (s.refreshAt < next) next = s.refreshAt;
    // Raised but not yet on record: try again soon.
    if (this.unrecorded.length > 0) next = Math.min(next, this.clock.now() + this.maxSleepMs);
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - this.clock.now()), this.maxSleepMs);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.wake();
    }, delay);
  }
}
