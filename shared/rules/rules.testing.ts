/*
 * Test support for the deadline engine (used by its tests, property tests and benchmark, never by
 * the product): builds an incident's history as real, schema-valid events with deterministic ids,
 * so that the same script gives byte-identical histories in any process.
 */
import fc from 'fast-check';
import type { IncidentCategory, IncidentFacts, SeverityLevel } from '../domain/incident';
import { subtypesByCategory } from '../domain/incident';
import type { ReportChannel, ReportKind } from '../domain/report';
import type { JurisdictionCode } from '../domain/jurisdiction';
import { parentOf } from '../domain/jurisdiction';
import type { DomainEvent } from '../events/envelope';
import type { EventPayload, EventType } from '../events/catalog';
import { chinaWallTime, MINUTE, toInstant, toMs } from '../time';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const crockford = (n: number, width: number) => {
  let s = '';
  for (let v = n; s.length < width; v = Math.floor(v / 32)) s = CROCKFORD[v % 32] + s;
  return s;
};

/** "2026-11-25 08:00" read as China Standard Time, in ms. */
export function cst(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad time ${text}`);
  return chinaWallTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

type At = number | string;
/** A time given as ms, as "2026-11-25 08:00" China time, or as a UTC ISO instant. */
const ms = (at: At) => (typeof at === 'number' ? at : at.includes('T') ? toMs(at) : cst(at));

const content = {
  unit: '某区应急管理局',
  time: '—',
  place: '—',
  summary: '—',
  casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
  cause: '',
  measures: '',
  nextSteps: '',
  reporter: '值班员',
  contact: '023-00000000',
};

/** One incident's history as a duty room would record it: incident events and its reports' events. */
export class IncidentHistory {
  readonly events: DomainEvent[] = [];
  readonly incidentId: string;
  private counter = 0;
  private seq = 0;

  constructor(
    readonly jurisdiction: JurisdictionCode = '500101',
    readonly seed = 1,
  ) {
    this.incidentId = this.nextId();
  }

  private nextId(): string {
    this.counter += 1;
    return `${crockford(this.seed, 10)}${crockford(this.counter, 16)}`;
  }

  private push<T extends EventType>(type: T, stream: string, payload: EventPayload<T>, at: At, jurisdiction = this.jurisdiction) {
    this.seq += 1;
    const instant = toInstant(ms(at));
    this.events.push({
      id: this.nextId(),
      type,
      stream,
      payload,
      actor: { id: 'officer-1', role: 'officer' },
      station: `station-${jurisdiction}`,
      jurisdiction,
      occurredAt: instant,
      recordedAt: instant,
      stationSeq: this.seq,
      hubSeq: null,
      prevHash: null,
      hash: '0'.repeat(64),
    } as unknown as DomainEvent);
    return this;
  }

  private get stream() {
    return `incident:${this.incidentId}`;
  }

  register(facts: Omit<Partial<IncidentFacts>, 'receivedAt' | 'occurredAt'> & { receivedAt: At; occurredAt?: At }): this {
    const receivedAt = toInstant(ms(facts.receivedAt));
    const occurredAt = toInstant(ms(facts.occurredAt ?? facts.receivedAt));
    const full: IncidentFacts = {
      title: '测试事件',
      category: 'accident',
      subtype: 'hazardous_chemicals',
      level: 'III',
      location: { areaCode: this.jurisdiction, address: '' },
      source: 'phone',
      casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
      affectedPeople: 0,
      description: '',
      ...facts,
      occurredAt,
      receivedAt,
    };
    return this.push('incident.registered', this.stream, { facts: full }, receivedAt);
  }

  update(at: At, changes: EventPayload<'incident.facts_updated'>['changes']): this {
    return this.push('incident.facts_updated', this.stream, { changes }, at);
  }

  respond(at: At): this {
    return this.push('incident.response_started', this.stream, {}, at);
  }

  close(at: At): this {
    return this.push('incident.closed', this.stream, { summary: '' }, at);
  }

  reopen(at: At): this {
    return this.push('incident.reopened', this.stream, { reason: '复燃' }, at);
  }

  waive(at: At, obligationKey: string, reason: string, jurisdiction = this.jurisdiction): this {
    return this.push('incident.obligation_waived', this.stream, { obligationKey, reason }, at, jurisdiction);
  }

  /** Draft a report at a station (the incident's own by default); returns its id. */
  draft(at: At, kind: ReportKind, channel: ReportChannel, jurisdiction = this.jurisdiction): string {
    const id = this.nextId();
    this.push('report.drafted', `report:${id}`, { incidentId: this.incidentId, kind, channel, content }, at, jurisdiction);
    return id;
  }

  approve(reportId: string, at: At, jurisdiction = this.jurisdiction): this {
    return this.push('report.approved', `report:${reportId}`, {}, at, jurisdiction);
  }

  send(reportId: string, at: At, jurisdiction = this.jurisdiction, addressedTo = parentOf(jurisdiction) ?? jurisdiction): this {
    return this.push('report.sent', `report:${reportId}`, { addressedTo }, at, jurisdiction);
  }

  /** Send to an upper level outside Duty Room (issue 19): the city's office by phone unless told. */
  sendExternal(reportId: string, at: At, addressedTo = parentOf(this.jurisdiction) ?? this.jurisdiction, via: 'phone' | 'fax' | 'provincial_system' | 'in_person' = 'phone'): this {
    const external = { unitId: 'upper-office', name: '上级应急管理局', level: 'city' as const, via };
    return this.push('report.sent', `report:${reportId}`, { addressedTo, external }, at);
  }

  /** The sender records by hand (人工回执) who received an external report and when (`receivedAt`); recorded at `at`. */
  recordReceipt(reportId: string, at: At, receivedAt: At = at): this {
    const payload = { receiverName: '王伟', receivedAt: toInstant(ms(receivedAt)), source: 'manual' as const };
    return this.push('report.receipt_recorded', `report:${reportId}`, payload, at);
  }

  /** The upper station records receipt (签收) of a report. */
  receive(reportId: string, at: At, byJurisdiction: JurisdictionCode): this {
    return this.push('report.received', `report:${reportId}`, { receivedBy: 'duty-upper' }, at, byJurisdiction);
  }

  /** Draft, sign off (written) and send in one go, as a report that goes out at `at`; returns its id. */
  report(at: At, kind: ReportKind, channel: ReportChannel, options: { jurisdiction?: JurisdictionCode; addressedTo?: JurisdictionCode } = {}): string {
    const jurisdiction = options.jurisdiction ?? this.jurisdiction;
    const id = this.draft(at, kind, channel, jurisdiction);
    if (channel === 'written') this.approve(id, at, jurisdiction);
    this.send(id, at, jurisdiction, options.addressedTo);
    return id;
  }
}

/** A step of a random history, applied only when the incident's state allows it. */
export type Step =
  | { do: 'respond' | 'close' | 'reopen'; after: number }
  | { do: 'level'; after: number; level: SeverityLevel }
  | { do: 'casualties'; after: number; dead: number; missing: number; injured: number }
  | { do: 'report'; after: number; kind: ReportKind; channel: ReportChannel }
  | { do: 'waive'; after: number; keyIndex: number };

export interface Scenario {
  category: IncidentCategory;
  subtypeIndex: number;
  level: SeverityLevel;
  receivedAt: number;
  steps: Step[];
  /** Minutes after the last event at which "now" is taken. */
  nowAfter: number;
}

const level = fc.constantFrom<SeverityLevel>('I', 'II', 'III', 'IV');
// Mostly minutes apart (so reports are often in time), sometimes hours (so daily slots and windows pass).
const gap = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 60 }), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 14 * 60 }), weight: 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ do: fc.constantFrom('respond', 'close', 'reopen'), after: gap }) as fc.Arbitrary<Step>,
  fc.record({ do: fc.constant('level' as const), after: gap, level }),
  fc.record({
    do: fc.constant('casualties' as const),
    after: gap,
    dead: fc.integer({ min: 0, max: 15 }),
    missing: fc.integer({ min: 0, max: 5 }),
    injured: fc.integer({ min: 0, max: 20 }),
  }),
  fc.record({
    do: fc.constant('report' as const),
    after: gap,
    kind: fc.constantFrom<ReportKind>('initial', 'follow_up', 'final', 'supplementary'),
    channel: fc.constantFrom<ReportChannel>('phone', 'written'),
  }),
  fc.record({ do: fc.constant('waive' as const), after: gap, keyIndex: fc.nat(20) }),
);

/** Random incidents across categories and levels; instants spread over 2026, often near CST midnight. */
export const scenario: fc.Arbitrary<Scenario> = fc.record({
  category: fc.constantFrom<IncidentCategory>('natural_disaster', 'accident', 'public_health', 'social_security'),
  subtypeIndex: fc.nat(10),
  level,
  receivedAt: fc.oneof(
    fc.integer({ min: cst('2026-01-01 00:00'), max: cst('2026-12-31 00:00') }),
    fc.integer({ min: -90, max: 90 }).map((m) => cst('2026-11-25 00:00') + m * MINUTE),
  ),
  steps: fc.array(step, { maxLength: 14 }),
  nowAfter: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 3 * 24 * 60 })),
});

const WAIVABLE = ['initial.phone', 'initial.written', 'final', 'direct.province', 'final.2'];

/** Build the history a scenario describes; steps that the deciders would refuse are skipped. */
export function buildScenario(s: Scenario, seed = 1): { history: IncidentHistory; now: number; lastAt: number } {
  const h = new IncidentHistory('500101', seed);
  const subtypes = subtypesByCategory[s.category];
  h.register({ category: s.category, subtype: subtypes[s.subtypeIndex % subtypes.length] ?? subtypes[0], level: s.level, receivedAt: s.receivedAt });
  let at = s.receivedAt;
  let status: 'received' | 'responding' | 'closed' = 'received';
  let responded = false;
  for (const st of s.steps) {
    at += st.after * MINUTE;
    switch (st.do) {
      case 'respond':
        if (status === 'received') {
          h.respond(at);
          status = 'responding';
          responded = true;
        }
        break;
      case 'close':
        if (status !== 'closed') {
          h.close(at);
          status = 'closed';
        }
        break;
      case 'reopen':
        if (status === 'closed') {
          h.reopen(at);
          status = responded ? 'responding' : 'received';
        }
        break;
      case 'level':
        if (status !== 'closed') h.update(at, { level: st.level });
        break;
      case 'casualties':
        h.update(at, { casualties: { dead: st.dead, missing: st.missing, injured: st.injured, trapped: 0 } });
        break;
      case 'report':
        h.report(at, st.kind, st.channel);
        break;
      case 'waive':
        h.waive(at, WAIVABLE[st.keyIndex % WAIVABLE.length] ?? 'final', '并入其他事件');
        break;
    }
  }
  return { history: h, now: at + s.nowAfter * MINUTE, lastAt: at };
}
