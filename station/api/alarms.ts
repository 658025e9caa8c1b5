import { createHash } from 'node:crypto';
import type { Alarm, AlarmKind, LinkState } from '../../shared/api/contract';
import type { DomainEvent } from '../../shared/events/envelope';
import type { Obligation } from '../../shared/rules/obligation';
import { MINUTE, toInstant, toMs } from '../../shared/time';
import type { LateCheckIn } from '../../shared/roster/duty';

/** Alarm ids are derived from what they are about, so the same condition is one alarm across restarts. */
export const alarmIdFor = (kind: AlarmKind, subject: string): string =>
  createHash('sha256').update(`${kind}|${subject}`).digest('hex').slice(0, 32);

/** Warn this long before a report falls due (issue 5 refines the ladder; this is the duty-room default). */
export const DUE_SOON_MS = 10 * MINUTE;

/**
 * The set of alarms the duty room has not yet acknowledged. Pure bookkeeping: the caller feeds it events,
 * obligations and link changes, and is told what to raise and what to clear.
 */
export class AlarmBoard {
  private readonly active = new Map<string, Alarm>();

  constructor(
    private readonly ownStation: string,
    private readonly isAcknowledged: (alarmId: string) => boolean,
  ) {}

  list(): Alarm[] {
    return [...this.active.values()];
  }

  has(id: string): boolean {
    return this.active.has(id);
  }

  /** Incidents registered by another station (from the hub, a feed, a lower level) must be noticed. */
  fromEvents(events: readonly DomainEvent[]): { raised: Alarm[]; cleared: string[] } {
    const raised: Alarm[] = [];
    const cleared: string[] = [];
    for (const e of events) {
      if (e.type === 'alarm.acknowledged') {
        const id = e.stream.slice('alarm:'.length);
        if (this.active.delete(id)) cleared.push(id);
        continue;
      }
      if (e.type !== 'incident.registered' || e.station === this.ownStation) continue;
      const incidentId = e.stream.slice('incident:'.length);
      const { facts } = e.payload;
      const alarm = this.raise({
        id: alarmIdFor('new_incident', incidentId),
        kind: 'new_incident',
        severity: facts.level === 'I' || facts.level === 'II' ? 'urgent' : 'warning',
        raisedAt: e.recordedAt,
        incidentId,
        params: { title: facts.title, level: facts.level, station: e.station },
        sound: true,
      });
      if (alarm) raised.push(alarm);
    }
    return { raised, cleared };
  }

  /** Report deadlines: due within ten minutes, or overdue. A met or waived obligation clears its alarm. */
  fromObligations(
    pending: readonly Obligation[],
    now: number,
    titleOf: (incidentId: string) => string,
  ): { raised: Alarm[]; cleared: string[] } {
    const raised: Alarm[] = [];
    const wanted = new Set<string>();
    for (const o of pending) {
      if (o.state !== 'pending' && o.state !== 'overdue') continue;
      const due = toMs(o.dueAt);
      const kind: AlarmKind | null =
        due <= now ? 'obligation_overdue' : due - now <= DUE_SOON_MS ? 'obligation_due_soon' : null;
      if (!kind) continue;
      const id = alarmIdFor(kind, `${o.incidentId}|${o.key}`);
      wanted.add(id);
      const alarm = this.raise({
        id,
        kind,
        severity: kind === 'obligation_overdue' ? 'urgent' : 'warning',
        raisedAt: toInstant(now),
        incidentId: o.incidentId,
        params: { title: titleOf(o.incidentId), obligation: o.kind, dueAt: o.dueAt },
        sound: kind === 'obligation_overdue',
      });
      if (alarm) raised.push(alarm);
    }
    const cleared: string[] = [];
    for (const [id, alarm] of this.active) {
      if ((alarm.kind === 'obligation_due_soon' || alarm.kind === 'obligation_overdue') && !wanted.has(id)) {
        this.active.delete(id);
        cleared.push(id);
      }
    }
    return { raised, cleared };
  }

  /** Losing the hub is an alarm; getting it back clears it. */
  fromLink(
    previous: LinkState['status'],
    next: LinkState,
    now: number,
  ): { raised: Alarm[]; cleared: string[] } {
    const wasUp = previous === 'online' || previous === 'syncing';
    if (wasUp && next.status === 'offline') {
      // A new loss of link is a new alarm even if an earlier one was acknowledged.
      const alarm: Alarm = {
        id: alarmIdFor('link_lost', `${next.hubUrl ?? 'hub'}|${now}`),
        kind: 'link_lost',
        severity: 'warning',
        raisedAt: toInstant(now),
        params: { hub: next.hubUrl ?? '' },
        sound: true,
      };
      this.active.set(alarm.id, alarm);
      return { raised: [alarm], cleared: [] };
    }
    if (next.status === 'online' || next.status === 'syncing') {
      const cleared = [...this.active.values()].filter((a) => a.kind === 'link_lost').map((a) => a.id);
      for (const c of cleared) this.active.delete(c);
      return { raised: [], cleared };
    }
    return { raised: [], cleared: [] };
  }

  /**
   * 到岗签到: one alarm per seat not checked in past its grace period, to the leader on duty. Checking in
   * (or the shift ending) clears it; an acknowledged one stays quiet for that seat and shift.
   */
  fromCheckIns(
    late: readonly LateCheckIn[],
    now: number,
    nameOf: (personId: string) => string,
  ): { raised: Alarm[]; cleared: string[] } {
    const raised: Alarm[] = [];
    const wanted = new Set<string>();
    for (const seat of late) {
      const id = alarmIdFor('check_in_late', `${seat.shiftId}|${seat.positionIndex}|${seat.personId}`);
      wanted.add(id);
      const alarm = this.raise({
        id,
        kind: 'check_in_late',
        severity: seat.role === 'leader' ? 'urgent' : 'warning',
        raisedAt: toInstant(now),
        params: {
          person: nameOf(seat.personId).slice(0, 200),
          role: seat.role,
          startsAt: seat.startsAt,
          minutesLate: String(seat.minutesLate),
          ...(seat.alarmTo ? { leader: nameOf(seat.alarmTo).slice(0, 200) } : {}),
        },
        sound: true,
      });
      if (alarm) raised.push(alarm);
    }
    const cleared: string[] = [];
    for (const [id, alarm] of this.active) {
      if (alarm.kind === 'check_in_late' && !wanted.has(id)) {
        this.active.delete(id);
        cleared.push(id);
      }
    }
    return { raised, cleared };
  }

  /**
   * 预警叫应: the warning alarms wanted now (station/api/warnings.ts derives them from the projection).
   * New ones are raised unless acknowledged on record; those no longer wanted (answered, lifted) clear.
   */
  fromWarnings(wanted: readonly Alarm[]): { raised: Alarm[]; cleared: string[] } {
    const raised: Alarm[] = [];
    for (const a of wanted) {
      const alarm = this.raise(a);
      if (alarm) raised.push(alarm);
    }
    const ids = new Set(wanted.map((a) => a.id));
    const cleared: string[] = [];
    for (const [id, alarm] of this.active) {
      if ((alarm.kind === 'warning_unanswered' || alarm.kind === 'warning_undelivered') && !ids.has(id)) {
        this.active.delete(id);
        cleared.push(id);
      }
    }
    return { raised, cleared };
  }

  /** 值班表: shifts starting soon with a seat nobody holds (UNCOVERED_SOON); filling the seat clears it. */
  fromUncovered(
    soon: ReadonlyArray<{ shiftId?: string; at: string; detail?: string }>,
    now: number,
  ): { raised: Alarm[]; cleared: string[] } {
    const raised: Alarm[] = [];
    const wanted = new Set<string>();
    for (const f of soon) {
      const id = alarmIdFor('roster_uncovered', f.shiftId ?? f.at);
      wanted.add(id);
      const alarm = this.raise({
        id,
        kind: 'roster_uncovered',
        severity: 'warning',
        raisedAt: toInstant(now),
        params: { startsAt: f.at, seats: (f.detail ?? '').slice(0, 400) },
        sound: false,
      });
      if (alarm) raised.push(alarm);
    }
    const cleared: string[] = [];
    for (const [id, alarm] of this.active) {
      if (alarm.kind === 'roster_uncovered' && !wanted.has(id)) {
        this.active.delete(id);
        cleared.push(id);
      }
    }
    return { raised, cleared };
  }

  acknowledge(id: string): Alarm | undefined {
    const alarm = this.active.get(id);
    this.active.delete(id);
    return alarm;
  }

  private raise(alarm: Alarm): Alarm | null {
    if (this.active.has(alarm.id) || this.isAcknowledged(alarm.id)) return null;
    this.active.set(alarm.id, alarm);
    return alarm;
  }
}
