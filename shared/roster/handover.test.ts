import { describe, expect, it } from 'vitest';
import { evolveIncident, type IncidentEvent } from '../aggregates/incident';
import type { Incident } from '../domain/incident';
import type { Warning } from '../domain/operations';
import type { Team } from '../domain/resources';
import { obligationsFor } from '../rules/obligations';
import { defaultRuleProfile } from '../rules/profile';
import { IncidentHistory, cst } from '../rules/rules.testing';
import { MINUTE, toInstant } from '../time';
import { generateMonth } from './generate';
import { HandoverSheet, LIMITS, SHEET_MAX_BYTES, handoverSheet } from './handover';
import { RosterSettings, StaffMember } from './schemas';

const staff = [
  ...['L1', 'L2', 'L3'].map((id) => StaffMember.parse({ id, name: id, dutyRoles: ['leader'] })),
  ...['O1', 'O2', 'O3', 'O4'].map((id) => StaffMember.parse({ id, name: id })),
];
const generated = generateMonth({
  jurisdiction: '500101',
  year: 2026,
  month: 11,
  pattern: { kind: 'daily24', handoverAt: '08:30' },
  positions: { officers: 1, liaison: false },
  staff,
  settings: RosterSettings.parse({ minRestHours: 24 }),
});
if (!generated.ok) throw new Error('generation failed');
const roster = generated.value;

describe('handoverSheet', () => {
  // A hazardous-chemicals accident received at 07:40; by the 08:30 handover the written initial report is still owed.
  const history = new IncidentHistory('500101').register({
    receivedAt: '2026-11-25 07:40',
    title: '某化工厂泄漏',
    level: 'III',
  });
  const incident = history.events.reduce<Incident | undefined>(
    (s, e) => evolveIncident(s, e as IncidentEvent),
    undefined,
  )!;
  const handoverAt = cst('2026-11-25 08:30');
  const obligations = obligationsFor(history.events, defaultRuleProfile, handoverAt, '500101');
  const closedIncident: Incident = { ...incident, id: '01KAAAAAAAAAAAAAAAAAAAAAAA', status: 'closed' };
  const warning: Warning = {
    id: '01KBBBBBBBBBBBBBBBBBBBBBBB',
    hazard: '暴雨',
    colour: 'orange',
    areas: ['500101'],
    text: '',
    issuedAt: toInstant(cst('2026-11-25 06:00')),
    issuedBy: 'weather',
    recipients: [
      {
        id: 'g1',
        name: '网格员甲',
        jurisdiction: '500101001',
        tier: 1,
        acknowledgedAt: toInstant(cst('2026-11-25 06:05')),
      },
      { id: 'g2', name: '网格员乙', jurisdiction: '500101002', tier: 1 },
    ],
  };
  const team = (id: string, name: string, status: Team['status']) => ({ id, name, status });
  const sheet = handoverSheet({
    at: handoverAt,
    roster,
    openIncidents: [incident, closedIncident],
    pendingObligations: obligations,
    unacknowledgedWarnings: [warning],
    teamsOut: [team('t1', '消防救援大队', 'on_scene'), team('t2', '危化品救援队', 'standby')],
    notes: '化工厂下风向已疏散',
  });

  it('lists the open incident and the report still owed on it, with its due time', () => {
    expect(sheet.openIncidents).toEqual([
      {
        id: incident.id,
        title: '某化工厂泄漏',
        level: 'III',
        status: 'received',
        receivedAt: toInstant(cst('2026-11-25 07:40')),
      },
    ]);
    expect(obligations.length).toBeGreaterThan(0);
    const owed = obligations.filter((o) => o.state === 'pending' || o.state === 'overdue');
    expect(sheet.pendingObligations.map((o) => o.key)).toEqual(
      [...owed].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)).map((o) => o.key),
    );
    for (const o of sheet.pendingObligations) {
      expect(o.incidentTitle).toBe('某化工厂泄漏');
      expect(o.minutesLeft).toBe(Math.floor((Date.parse(o.dueAt) - handoverAt) / MINUTE));
      expect(o.overdue).toBe(Date.parse(o.dueAt) <= handoverAt);
    }
  });

  it('leaves off what is closed, acknowledged or back on standby', () => {
    expect(sheet.openIncidents.map((i) => i.id)).not.toContain(closedIncident.id);
    expect(sheet.unacknowledgedWarnings).toEqual([
      expect.objectContaining({ hazard: '暴雨', unacknowledged: 1, recipients: 2 }),
    ]);
    expect(sheet.teamsOut).toEqual([{ id: 't1', name: '消防救援大队', status: 'on_scene' }]);
  });

  it('names the outgoing and incoming crews from the roster', () => {
    const outgoing = roster.shifts.find((s) => s.startsAt === toInstant(cst('2026-11-24 08:30')))!;
    const incoming = roster.shifts.find((s) => s.startsAt === toInstant(cst('2026-11-25 08:30')))!;
    expect(sheet.outgoing).toEqual({
      shiftId: outgoing.id,
      leader: outgoing.positions[0].personId,
      officers: [outgoing.positions[1].personId],
    });
    expect(sheet.incoming.shiftId).toBe(incoming.id);
  });

  it('is valid as the payload the log keeps', () => {
    expect(HandoverSheet.safeParse(sheet).success).toBe(true);
    expect(sheet.notes).toBe('化工厂下风向已疏散');
  });

  it('says how many items a full list left off, and a full sheet still fits in one event', () => {
    const many = Array.from({ length: LIMITS.pendingObligations + 7 }, (_, i) => ({
      incidentId: incident.id,
      key: `follow_up.${String(i).padStart(3, '0')}.${'x'.repeat(150)}`,
      kind: 'follow_up' as const,
      dueAt: toInstant(handoverAt + i * MINUTE),
      state: 'pending' as const,
    }));
    const incidents = Array.from({ length: LIMITS.openIncidents + 1 }, (_, i) => ({
      ...incident,
      id: `01KC${String(i).padStart(22, '0')}`,
      facts: { ...incident.facts, title: '长'.repeat(200) },
    }));
    const full = handoverSheet({
      at: handoverAt,
      roster,
      openIncidents: incidents,
      pendingObligations: many,
      unacknowledgedWarnings: Array.from({ length: LIMITS.unacknowledgedWarnings }, (_, i) => ({
        ...warning,
        id: `01KD${String(i).padStart(22, '0')}`,
        hazard: '长'.repeat(200),
      })),
      teamsOut: Array.from({ length: LIMITS.teamsOut }, (_, i) => team(`t${i}`, '长'.repeat(200), 'working')),
      notes: '记'.repeat(5000),
    });
    expect(HandoverSheet.safeParse(full).success).toBe(true);
    // Every item given is either on the sheet or counted as left off.
    expect(full.openIncidents.length + full.omitted.openIncidents).toBe(LIMITS.openIncidents + 1);
    expect(full.pendingObligations.length + full.omitted.pendingObligations).toBe(
      LIMITS.pendingObligations + 7,
    );
    expect(full.omitted.pendingObligations).toBeGreaterThanOrEqual(7);
    expect(full.teamsOut.length + full.omitted.teamsOut).toBe(LIMITS.teamsOut);
    // Earliest due first survive the trimming.
    expect(full.pendingObligations[0].key).toBe(many[0].key);
    const size = new TextEncoder().encode(
      JSON.stringify({ handoverId: '01KE0000000000000000000000', sheet: full }),
    ).length;
    expect(size).toBeLessThanOrEqual(SHEET_MAX_BYTES + 100);
    // A short sheet is not trimmed at all.
    expect(sheet.omitted).toEqual({
      openIncidents: 0,
      pendingObligations: 0,
      unacknowledgedWarnings: 0,
      teamsOut: 0,
      dutyLog: 0,
    });
  });

  it('carries the outgoing shift’s duty log, newest first, leaving off entries after the handover and trimming long texts', () => {
    const entry = (i: number, at: string, text = `接到第${i}个电话`) => ({
      id: `01KE${String(i).padStart(22, '0')}`,
      occurredAt: toInstant(cst(at)),
      kind: 'call_received' as const,
      text,
      counterpart: `某镇值班室${i}`,
    });
    const withLog = handoverSheet({
      at: handoverAt,
      roster,
      openIncidents: [],
      pendingObligations: [],
      unacknowledgedWarnings: [],
      teamsOut: [],
      notes: '',
      dutyLog: [
        entry(1, '2026-11-24 09:00'),
        entry(2, '2026-11-25 03:10', '长'.repeat(1000)),
        entry(3, '2026-11-25 08:45'),
      ],
    });
    expect(withLog.dutyLog.map((e) => e.id)).toEqual([
      entry(2, '2026-11-25 03:10').id,
      entry(1, '2026-11-24 09:00').id,
    ]);
    expect(withLog.dutyLog[0].text.length).toBe(300);
    expect(withLog.dutyLog[0].counterpart).toBe('某镇值班室2');
    expect(HandoverSheet.parse(withLog)).toEqual(withLog);
    const many = Array.from({ length: LIMITS.dutyLog + 5 }, (_, i) =>
      entry(i + 10, `2026-11-25 0${Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}`),
    );
    const full = handoverSheet({
      at: handoverAt,
      openIncidents: [],
      pendingObligations: [],
      unacknowledgedWarnings: [],
      teamsOut: [],
      notes: '',
      dutyLog: many,
    });
    expect(full.dutyLog).toHaveLength(LIMITS.dutyLog);
    expect(full.omitted.dutyLog).toBe(5);
    // The newest are kept.
    expect(full.dutyLog[0].id).toBe(many[many.length - 1].id);
  });
});
