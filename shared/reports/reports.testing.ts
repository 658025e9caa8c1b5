import type { Actor } from '../domain/common';
import type { Incident, IncidentFacts } from '../domain/incident';
import type { Report } from '../domain/report';
import { validateCommand } from '../commands/catalog';
import {
  decideIncident,
  evolveIncident,
  type IncidentCommand,
  type IncidentEvent,
} from '../aggregates/incident';
import { decideReport, evolveReport, type ReportCommand, type ReportEvent } from '../aggregates/report';
import { sealEvents, type DomainEvent } from '../events/envelope';
import { newId } from '../ids';
import { MINUTE, toInstant, toMs } from '../time';

/**
 * Test support (used by the report tests only): a district duty room's day played through the real
 * command validation, deciders, event sealing and evolvers, so report code is tested against the
 * same shapes the station produces.
 */
export const officer: Actor = { id: 'officer-wang', name: '王明', role: 'officer' };
export const leader: Actor = { id: 'leader-li', name: '李强', role: 'leader' };
export const cityOfficer: Actor = { id: 'city-zhao', name: '赵敏', role: 'officer' };

export function landslideFacts(receivedAt: string): IncidentFacts {
  return {
    title: '某镇山体滑坡',
    category: 'natural_disaster',
    subtype: 'landslide',
    level: 'IV',
    location: { areaCode: '500101001', address: '某村三组' },
    occurredAt: toInstant(toMs(receivedAt) - 12 * MINUTE),
    receivedAt,
    source: 'phone',
    casualties: { dead: 0, injured: 2, missing: 1, trapped: 0 },
    affectedPeople: 30,
    description: '强降雨引发山体滑坡，冲毁民房2间',
  };
}

export class DutyRoomStory {
  readonly events: DomainEvent[] = [];
  incident: Incident | undefined;
  readonly reports = new Map<string, Report>();
  now: number;
  private seq = 0;
  private lastHash: string | null = null;

  constructor(
    start: string,
    readonly jurisdiction = '500101',
  ) {
    this.now = toMs(start);
  }

  advance(minutes: number): this {
    this.now += minutes * MINUTE;
    return this;
  }

  /** Run one command as the given actor; throws on refusal, since a story's steps are meant to succeed. */
  run(
    type: string,
    payload: unknown,
    actor: Actor = officer,
    jurisdiction = this.jurisdiction,
  ): DomainEvent[] {
    const cmd = validateCommand({ id: newId(this.now), type, payload, actor });
    if (!cmd.ok) throw new Error(`command refused: ${JSON.stringify(cmd.errors)}`);
    const ctx = { now: toInstant(this.now), actor, jurisdiction, newId: () => newId(this.now) };
    const c = cmd.value;
    let decided;
    if (c.type.startsWith('incident.')) {
      decided = decideIncident(c as IncidentCommand, this.incident, ctx);
    } else {
      const rid = (c.payload as { reportId?: string }).reportId;
      const report = rid ? this.reports.get(rid) : undefined;
      decided = decideReport(
        c as ReportCommand,
        { report, incident: this.incident, incidentReports: [...this.reports.values()] },
        ctx,
      );
    }
    if (!decided.ok) throw new Error(`command refused: ${JSON.stringify(decided.errors)}`);
    const sealed = sealEvents(decided.value, {
      station: `station-${jurisdiction}`,
      jurisdiction,
      actor,
      now: toInstant(this.now),
      lastStationSeq: this.seq,
      lastHash: this.lastHash,
      newId: () => newId(this.now),
    });
    for (const e of sealed) {
      this.seq = e.stationSeq;
      this.lastHash = e.hash;
      this.events.push(e);
      if (e.type.startsWith('incident.')) this.incident = evolveIncident(this.incident, e as IncidentEvent);
      else {
        const id = e.stream.slice('report:'.length);
        const next = evolveReport(this.reports.get(id), e as ReportEvent);
        if (next) this.reports.set(id, next);
      }
    }
    return sealed;
  }

  register(facts: IncidentFacts): Incident {
    this.run('incident.register', { facts });
    if (!this.incident) throw new Error('incident not registered');
    return this.incident;
  }

  get incidentId(): string {
    if (!this.incident) throw new Error('no incident yet');
    return this.incident.id;
  }

  /** Draft, submit, approve (as the leader) and send a written report; returns it as the projection holds it. */
  issue(kind: Report['kind'], content: Report['versions'][number]['content']): Report {
    const [drafted] = this.run('report.draft', {
      incidentId: this.incidentId,
      kind,
      channel: 'written',
      content,
    });
    const reportId = drafted?.stream.slice('report:'.length) ?? '';
    this.advance(5).run('report.submit', { reportId });
    this.advance(3).run('report.approve', { reportId }, leader);
    this.advance(1).run('report.send', { reportId, addressedTo: '5001' });
    const report = this.reports.get(reportId);
    if (!report) throw new Error('report missing');
    return report;
  }

  reportEvents(reportId: string): Extract<DomainEvent, { type: `report.${string}` }>[] {
    return this.events.filter((e) => e.stream === `report:${reportId}`) as Extract<
      DomainEvent,
      { type: `report.${string}` }
    >[];
  }

  incidentEvents(): DomainEvent[] {
    return this.events.filter((e) => e.stream === `incident:${this.incidentId}`);
  }
}
