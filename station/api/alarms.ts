import { createHash } from 'node:crypto';
import type { Alarm, AlarmKind, LinkState } from '../../shared/api/contract';
import type { DomainEvent } from '../../shared/events/envelope';
import { formatChinaTime, toInstant } from '../../shared/time';
import type { LateCheckIn } from '../../shared/roster/duty';

/** A mismatch the tamper check found (station/verify/findings.ts), as the alarm needs it. */
export interface IntegrityFinding {
  check: string;
  key: string;
  zh: string;
  en: string;
}

/** Where the station's tamper check reports (station/verify/watch.ts): what it has found, and each new finding. */
export interface IntegritySource {
  findings(): readonly IntegrityFinding[];
  onFindings(listener: (found: readonly IntegrityFinding[]) => void): () => void;
}

/** Alarm ids are derived from what they are about, so the same condition is one alarm across restarts. */
export const alarmIdFor = (kind: AlarmKind, subject: string): string =>
  createHash('sha256').update(`${kind}|${subject}`).digest('hex').slice(0, 32);

/**
 * The conditions the duty room must notice beside the report-deadline ladder (station/scheduler): a new
 * incident from elsewhere, the link lost, a late check-in, an uncovered seat, a silent warning recipient.
 * The caller feeds it events, link changes and the checks' findings and is told what to show and what
 * to clear; every alarm it raises is first put on record (`record`, an `alarm.raise` command), so the log
 * holds every alarm the screen showed, and an alarm acknowledged on record is never raised again.
 */
export class AlarmBoard {
  private readonly active = new Map<string, Alarm>();

  constructor(
    private readonly ownStation: string,
    private readonly isAcknowledged: (alarmId: string) => boolean,
    /** Puts newly raised alarms on record (one transaction for the lot), before the caller shows them. */
    private readonly record: (alarms: Alarm[]) => void,
    /**
     * Reports sent up to this station: its jurisdiction (what they are addressed to) and what the station knows
     * of each (the incident, the kind, the sender's jurisdiction). Without it no report alarm is raised.
     */
    private readonly inbound?: {
      jurisdiction: string;
      describe: (
        reportId: string,
      ) => { incidentId: string; title: string; kind: string; sequence?: number; from: string } | undefined;
    },
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
        // Acknowledged on record (here or at another console of the station): the caller says it is cleared.
        this.active.delete(e.stream.slice('alarm:'.length));
        continue;
      }
      if (e.type === 'report.sent' && e.station !== this.ownStation) {
        // 下级报告: a report sent up to this station must be noticed and acknowledged (确认接收).
        if (!this.inbound || e.payload.addressedTo !== this.inbound.jurisdiction) continue;
        // Sent to an external unit that stands for this jurisdiction (issue 19): its sender records the receipt.
        if (e.payload.external) continue;
        const reportId = e.stream.slice('report:'.length);
        const report = this.inbound.describe(reportId);
        const alarm = this.raise({
          id: alarmIdFor('report_received', e.id),
          kind: 'report_received',
          severity: 'warning',
          raisedAt: e.recordedAt,
          ...(report ? { incidentId: report.incidentId } : {}),
          params: {
            title: report?.title ?? '',
            report: report?.kind ?? '',
            sequence: String(report?.sequence ?? ''),
            from: report?.from ?? e.jurisdiction,
          },
          sound: true,
        });
        if (alarm) raised.push(alarm);
        continue;
      }
      if (e.type !== 'incident.registered' || e.station === this.ownStation) continue;
      // A drill's incident (decision 0024) is followed on the drill's timeline, never as a real one here.
      if (e.payload.drill !== undefined) continue;
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
    return this.done(raised, cleared);
  }

  /**
   * Losing the hub is an alarm; getting it back clears it. So is a hole the sync client could not
   * repair (the hub lists events this station cannot fetch); a later check that finds it filled clears it.
   */
  fromLink(
    previous: LinkState['status'],
    next: LinkState,
    now: number,
  ): { raised: Alarm[]; cleared: string[] } {
    const hole = this.fromHole(next);
    const link = this.fromLinkStatus(previous, next, now);
    return { raised: [...hole.raised, ...link.raised], cleared: [...hole.cleared, ...link.cleared] };
  }

  private fromHole(next: LinkState): { raised: Alarm[]; cleared: string[] } {
    const hole = next.unrepaired ?? null;
    const raised: Alarm[] = [];
    let keep: string | null = null;
    if (hole) {
      keep = alarmIdFor('sync_hole', `${next.hubUrl ?? 'hub'}|${hole.after}|${hole.through}`);
      const alarm = this.raise({
        id: keep,
        kind: 'sync_hole',
        severity: 'urgent',
        raisedAt: hole.since,
        params: {
          hub: next.hubUrl ?? '',
          after: String(hole.after),
          through: String(hole.through),
          missing: String(hole.missing),
        },
        sound: true,
      });
      if (alarm) raised.push(alarm);
    }
    const cleared: string[] = [];
    for (const [id, alarm] of this.active) {
      if (alarm.kind === 'sync_hole' && id !== keep) {
        this.active.delete(id);
        cleared.push(id);
      }
    }
    return this.done(raised, cleared);
  }

  private fromLinkStatus(
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
      return this.done([alarm], []);
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
    return this.done(raised, cleared);
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
    return this.done(raised, cleared);
  }

  /**
   * 记录校验不符: each mismatch the tamper check found (the chain, an anchor, a projection, the hub's head,
   * the hub's key) is an urgent alarm on record, one per thing found — the same finding at the next start
   * is the same alarm. It stays until acknowledged: a record that was altered does not mend itself.
   */
  fromIntegrity(found: readonly IntegrityFinding[], now: number): { raised: Alarm[]; cleared: string[] } {
    const raised: Alarm[] = [];
    for (const f of found) {
      const alarm = this.raise({
        id: alarmIdFor('chain_mismatch', `${f.check}|${f.key}`),
        kind: 'chain_mismatch',
        severity: 'urgent',
        raisedAt: toInstant(now),
        params: { check: f.check.slice(0, 40), detail: f.zh.slice(0, 500), detailEn: f.en.slice(0, 500) },
        sound: true,
      });
      if (alarm) raised.push(alarm);
    }
    return this.done(raised, []);
  }

  /**
   * 数据已从上级平台恢复 (issue 21): each rebuild of the store from the hub is an urgent alarm on record,
   * saying up to which own record the hub had acknowledged and when it was recorded — what the lost
   * machine recorded after that is gone. One per restoration; it stays, across restarts, until acknowledged.
   */
  fromRestorations(
    restorations: ReadonlyArray<{
      restoredAt: string;
      ownSeq: number;
      ownHash: string | null;
      lastAckedRecordedAt: string | null;
      source: string;
    }>,
  ): { raised: Alarm[]; cleared: string[] } {
    const raised: Alarm[] = [];
    for (const r of restorations) {
      const alarm = this.raise({
        id: alarmIdFor('restored_from_hub', `${this.ownStation}|${r.restoredAt}|${r.ownSeq}`),
        kind: 'restored_from_hub',
        severity: 'urgent',
        raisedAt: r.restoredAt,
        params: {
          restoredAt: formatChinaTime(Date.parse(r.restoredAt)),
          seq: String(r.ownSeq),
          lastAcked: r.lastAckedRecordedAt ? formatChinaTime(Date.parse(r.lastAckedRecordedAt), true) : '—',
          lastAckedAt: r.lastAckedRecordedAt ?? '',
          hub: r.source.slice(0, 200),
        },
        sound: true,
      });
      if (alarm) raised.push(alarm);
    }
    return this.done(raised, []);
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
    return this.done(raised, cleared);
  }

  private raise(alarm: Alarm): Alarm | null {
    if (this.active.has(alarm.id) || this.isAcknowledged(alarm.id)) return null;
    this.active.set(alarm.id, alarm);
    return alarm;
  }

  private done(raised: Alarm[], cleared: string[]): { raised: Alarm[]; cleared: string[] } {
    if (raised.length > 0) this.record(raised);
    return { raised, cleared };
  }
}
