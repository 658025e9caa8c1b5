import { newId } from '../../shared/ids';
import type { Actor } from '../../shared/domain/common';
import type { IncidentFacts } from '../../shared/domain/incident';
import { hashInput, type DomainEvent } from '../../shared/events/envelope';
import type { Db } from './db';
import { chainLink } from './log';

/**
 * Ready-made commands in domain words, for tests, benchmarks and simulators. A command carries no actor:
 * whoever executes it names one (`store.execute(command, officer)`), as the station stamps its operator.
 */
export const officer: Actor = { id: 'officer-1', name: '值班员甲', role: 'officer' };
export const leader: Actor = { id: 'leader-1', name: '带班领导', role: 'leader' };

export function registerIncidentCommand(
  overrides: { incidentId?: string; title?: string; level?: 'I' | 'II' | 'III' | 'IV' } = {},
) {
  const facts: IncidentFacts = {
    title: overrides.title ?? '某镇山体滑坡',
    category: 'natural_disaster',
    subtype: 'landslide',
    level: overrides.level ?? 'III',
    location: { areaCode: '500101001', address: '某村三组', point: { lon: 106.55, lat: 29.56 } },
    occurredAt: '2026-11-25T01:40:00.000Z',
    receivedAt: '2026-11-25T01:52:00.000Z',
    source: 'phone',
    casualties: { dead: 0, injured: 2, missing: 1, trapped: 0 },
    affectedPeople: 30,
    description: '村民报告后山滑坡，两户房屋受损。',
  };
  return {
    id: newId(),
    type: 'incident.register' as const,
    payload: { incidentId: overrides.incidentId ?? newId(), facts },
  };
}

export function updateFactsCommand(incidentId: string, changes: Record<string, unknown>) {
  return { id: newId(), type: 'incident.update_facts' as const, payload: { incidentId, changes } };
}

export function draftReportCommand(incidentId: string, reportId = newId()) {
  return {
    id: newId(),
    type: 'report.draft' as const,
    payload: {
      reportId,
      incidentId,
      kind: 'initial',
      channel: 'written',
      content: {
        unit: '某区应急管理局',
        time: '2026年11月25日9时40分',
        place: '某镇某村三组',
        summary: '后山发生滑坡，两户房屋受损。',
        casualties: { dead: 0, injured: 2, missing: 1, trapped: 0 },
        reporter: '张三',
        contact: '023-00000000',
      },
    },
  };
}

export function registerTeamCommand(teamId: string) {
  return {
    id: newId(),
    type: 'team.register' as const,
    payload: {
      team: {
        id: teamId,
        name: `综合应急救援队${teamId}`,
        kind: 'comprehensive',
        jurisdiction: '500101',
        headcount: 50,
        base: { lon: 106.5, lat: 29.5 },
      },
    },
  };
}

/**
 * An event row as an older station wrote it, before any later migration ran: the first of its chain (a
 * test that opens such a database checks what the migrations make of it).
 */
export function insertLegacyEvent(db: Db, e: DomainEvent): void {
  db.prepare(
    `INSERT INTO events (id, type, stream, station, station_seq, occurred_at, recorded_at, envelope, hash, chain)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.id, e.type, e.stream, e.station, e.stationSeq, e.occurredAt, e.recordedAt, hashInput(e), e.hash, chainLink('', e.hash));
}
