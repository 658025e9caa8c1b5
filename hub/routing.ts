import { ancestorsOf, isWithin } from '../shared/domain/jurisdiction';
import { domainError, type DomainError } from '../shared/errors';
import { aggregateOf, eventPayloads, type EventType } from '../shared/events/catalog';
import type { DomainEvent, EventEnvelope } from '../shared/events/envelope';
import type { StationPrincipal } from '../shared/sync/protocol';
import type { Route } from '../shared/sync/routing';

/**
 * The hub's routing table (decision 0012): one rule per event type of the catalog, saying who may
 * publish it and to whom it goes, from the jurisdiction tree. The hub admits an event only through
 * `admitEvent`; an event no rule allows is refused with a reason and is written nowhere (no row in the
 * hub's log, delivered to nobody).
 *
 * Who may publish, beyond "only with its own token's station and jurisdiction" (`checkPublisher`):
 * - `creator`: creates an aggregate named by a fresh id (ULID): refused when the stream was created by
 *   another jurisdiction — a collision cannot happen by chance, so it is a hijack.
 * - `owner`: only the jurisdiction that created the stream (the writers of its creation type).
 * - `owner_or_superior`: the owner, or a station on the owner's chain of superiors (a city dispatching
 *   its team to a district's incident starts the response there).
 * - `owner_or_below`: the owner, or a station below it that the aggregate flows down to (a township
 *   records the notice and check-in of a headquarters member it serves; a warning recipient's own
 *   station records their answer — and only for a recipient within that station's jurisdiction).
 * - `addressee`: only the jurisdiction a `report.sent` on that stream is addressed to (a receipt).
 * - `external_sender`: only the stream's owner, and only while its latest `report.sent` went to a unit
 *   outside Duty Room (`external`): a receipt recorded by hand (人工回执) or answered by a provincial
 *   system (decision 0022). A report sent to a Duty Room station is acknowledged by that station only.
 * - `registrar`: creates a station's own record named by the station's own ids (a team, a shelter, a
 *   plan, an alarm…): such ids may repeat from one station to another, so a creation is always its own.
 * - `registrant`: a later event on such a record: refused when only other jurisdictions created it.
 * - `own_stream`: the station's own `<aggregate>:<station>` stream only (its wall settings, its delegations of
 *   signing): one stream per station, named by it.
 *
 * An event on a stream the hub holds no creation for counts as its publisher's own (nobody else's
 * aggregate is touched; a station's own events reach the hub in its chain order, so its own creations
 * always come first). A receipt is the exception: it needs the report sent to the receiver.
 *
 * To whom it goes (the `Route` stored with it, read by `visibleTo`/`roomsFor` in shared/sync/routing.ts):
 * - `up`: the publisher's node and every node above it (reports go up);
 * - `up_and_below`: also every node below the publisher's (warnings and headquarters go down);
 * - `up_and_addressee`: also the node a report is sent to, which must be on the sender's chain of
 *   superiors (`report.sent`);
 * - `up_and_sender`: also the node that sent the report being acknowledged (`report.received`).
 * - `up_and_drilled`: also the one drilled node an inject is delivered to (`drill.inject_delivered`).
 * Whatever the audience, a drill incident's records stop at the drill's organiser (`ceilingOf`).
 */
export type Publisher =
  | 'creator'
  | 'owner'
  | 'owner_or_superior'
  | 'owner_or_below'
  | 'addressee'
  | 'external_sender'
  | 'registrar'
  | 'registrant'
  | 'own_stream';
export type Audience = 'up' | 'up_and_below' | 'up_and_addressee' | 'up_and_sender' | 'up_and_drilled';

export interface RoutingRule<T extends EventType = EventType> {
  publisher: Publisher;
  audience: Audience;
  /** What the payload must say beyond its schema (a warning's areas lie below its issuer…). */
  check?: (e: DomainEvent<T>) => DomainError | null;
}

/** What the rules read from the hub's log (hub/store.ts), including events earlier in the same commit. */
export interface RoutingFacts {
  /** Jurisdictions with an event of `type` on `stream`, in the order of their first such event. */
  writersOf(stream: string, type: EventType): string[];
  /** Every event of `type` on `stream`, in hub order. */
  streamEvents(stream: string, type: EventType): EventEnvelope[];
}

const refusal = (field: string, detail: string): DomainError => domainError('NOT_AUTHORISED', field, detail);

/** Warnings go down: what one names lies within its issuer's jurisdiction. */
const withinIssuer = (e: DomainEvent, codes: ReadonlyArray<{ code: string; field: string }>): DomainError | null => {
  for (const { code, field } of codes)
    if (!isWithin(code, e.jurisdiction)) return refusal(field, `${code} is not within ${e.jurisdiction}: warnings go down`);
  return null;
};

const owner: RoutingRule = { publisher: 'owner', audience: 'up' };
const registrant: RoutingRule = { publisher: 'registrant', audience: 'up' };
const warningStep: RoutingRule = { publisher: 'owner', audience: 'up_and_below' };
const headquartersStep: RoutingRule = { publisher: 'owner', audience: 'up_and_below' };
const memberStep: RoutingRule = { publisher: 'owner_or_below', audience: 'up_and_below' };
const recipientAnswer: RoutingRule = { publisher: 'owner_or_below', audience: 'up_and_below' };

/** One rule per event type. A type added to the catalog without a rule here does not compile. */
export const routingTable: { readonly [T in EventType]: RoutingRule<T> } = {
  // 突发事件: the jurisdiction that registered it keeps it; a superior's dispatch starts the response.
  'incident.registered': { publisher: 'creator', audience: 'up' },
  'incident.facts_updated': owner,
  'incident.response_started': { publisher: 'owner_or_superior', audience: 'up' },
  'incident.closed': owner,
  'incident.reopened': owner,
  'incident.obligation_waived': owner,

  // 信息报告: drafted, signed and sent by its own station, upward only; the receipt from the addressee.
  'report.drafted': { publisher: 'creator', audience: 'up' },
  'report.revised': owner,
  'report.submitted': owner,
  'report.approved': owner,
  'report.returned': owner,
  'report.sent': {
    publisher: 'owner',
    audience: 'up_and_addressee',
    check: (e) =>
      ancestorsOf(e.jurisdiction).includes(e.payload.addressedTo)
        ? null
        : refusal(
            'payload.addressedTo',
            `${e.payload.addressedTo} is not on the chain of superiors of ${e.jurisdiction}: a report goes only upward`,
          ),
  },
  'report.received': { publisher: 'addressee', audience: 'up_and_sender' },
  // 人工回执 (issue 19): an upper level outside Duty Room cannot acknowledge; the sender records its receipt.
  'report.receipt_recorded': { publisher: 'external_sender', audience: 'up' },

  // 队伍 / 物资 / 避难场所 / 风险隐患点: each station's own records.
  'team.registered': { publisher: 'registrar', audience: 'up' },
  'team.position_reported': registrant,
  'team.status_changed': registrant,
  'depot.registered': { publisher: 'registrar', audience: 'up' },
  'shelter.registered': { publisher: 'registrar', audience: 'up' },
  'shelter.occupancy_reported': registrant,
  'risk_point.registered': { publisher: 'registrar', audience: 'up' },

  // 调度指令: the issuing station's order, its steps recorded there.
  'dispatch.issued': { publisher: 'creator', audience: 'up' },
  'dispatch.acknowledged': owner,
  'dispatch.arrived': owner,
  'dispatch.completed': owner,
  'dispatch.cancelled': owner,

  // 预警: issued at a level for areas and recipients below it, and flowing down.
  'warning.issued': {
    publisher: 'creator',
    audience: 'up_and_below',
    check: (e) =>
      withinIssuer(e, [
        ...e.payload.warning.areas.map((code, i) => ({ code, field: `payload.warning.areas.${i}` })),
        ...e.payload.warning.recipients.map((r, i) => ({ code: r.jurisdiction, field: `payload.warning.recipients.${i}.jurisdiction` })),
      ]),
  },
  'warning.lifted': warningStep,
  'warning.recipients_added': {
    publisher: 'owner',
    audience: 'up_and_below',
    check: (e) =>
      withinIssuer(e, e.payload.recipients.map((r, i) => ({ code: r.jurisdiction, field: `payload.recipients.${i}.jurisdiction` }))),
  },
  'warning.delivered': warningStep,
  'warning.delivery_failed': warningStep,
  'warning.acknowledged': recipientAnswer,
  'warning.action_reported': recipientAnswer,
  'warning.renotified': warningStep,
  'warning.escalated': warningStep,

  // 值班表 / 值班人员: the station's own directory and rosters.
  'staff.registered': { publisher: 'registrar', audience: 'up' },
  'roster.published': { publisher: 'registrar', audience: 'up' },
  'roster.shifts_added': registrant,
  'roster.position_assigned': registrant,
  'roster.checked_in': registrant,
  'roster.swap_requested': registrant,
  'roster.swap_approved': registrant,
  'roster.swap_rejected': registrant,
  'roster.handover_recorded': registrant,
  'roster.handover_signed': registrant,

  // 指挥部: activated at a level and flowing down to the stations its members serve at.
  'headquarters.activated': { publisher: 'creator', audience: 'up_and_below' },
  'headquarters.member_notified': memberStep,
  'headquarters.notification_failed': memberStep,
  'headquarters.member_checked_in': memberStep,
  'headquarters.site_placed': headquartersStep,
  'headquarters.level_raised': headquartersStep,
  'headquarters.level_lowered': headquartersStep,
  'headquarters.task_done': headquartersStep,
  'headquarters.response_terminated': headquartersStep,
  // 预案: plan ids are the station's own (shipped plans share theirs).
  'hq_plan.saved': { publisher: 'registrar', audience: 'up' },

  // 告警: each station's own alarms (ids derive from what they are about, so they repeat across stations).
  'alarm.raised': { publisher: 'registrar', audience: 'up' },
  'alarm.acknowledged': registrant,

  // 值班日志: the station's own log, entries named by fresh ids.
  'dutylog.entry_recorded': { publisher: 'creator', audience: 'up' },
  'dutylog.entry_corrected': owner,

  // 大屏: the station's own wall settings.
  'display.wall_configured': { publisher: 'own_stream', audience: 'up' },

  // 演练 (decision 0024): the organiser's drill. Its start stays with the organiser and above (a blind
  // drill's time and script are not told below); each inject goes to the one room it is delivered to;
  // the end goes down, so every drilled console says so.
  'drill.started': {
    publisher: 'creator',
    audience: 'up',
    check: (e) =>
      withinOrganiser(e, e.payload.drilled.map((code, i) => ({ code, field: `payload.drilled.${i}` }))),
  },
  'drill.paused': owner,
  'drill.resumed': owner,
  'drill.ended': { publisher: 'owner', audience: 'up_and_below' },
  'drill.inject_delivered': {
    publisher: 'owner',
    audience: 'up_and_drilled',
    check: (e) => withinOrganiser(e, [{ code: e.payload.drilled, field: 'payload.drilled' }]),
  },
  // A drilled room's answer to a warning or question the drill sent it, on the organiser's stream.
  'drill.inject_answered': { publisher: 'owner_or_below', audience: 'up' },
  // 演练评估 and plan revisions stay with the organiser and above.
  'drill.findings_recorded': owner,
  'drill.plan_revision_opened': owner,
  // A hand-registered incident linked to the drill: the drilled room hears of it (its records are now drill).
  'drill.incident_linked': {
    publisher: 'owner',
    audience: 'up_and_drilled',
    check: (e) => withinOrganiser(e, [{ code: e.payload.drilled, field: 'payload.drilled' }]),
  },
  'drill_link.recorded': {
    publisher: 'creator',
    audience: 'up_and_drilled',
    check: (e) => withinOrganiser(e, [{ code: e.payload.drilled, field: 'payload.drilled' }]),
  },
  // 年度演练计划: each station's own plan, seen by its superiors.
  'drill_plan.entry_saved': { publisher: 'own_stream', audience: 'up' },
  'drill_plan.entry_removed': { publisher: 'own_stream', audience: 'up' },

  // 授权签发: the station's own delegations of signing (issue 17), on its own delegation stream.
  'delegation.recorded': { publisher: 'own_stream', audience: 'up' },
  'delegation.revoked': { publisher: 'own_stream', audience: 'up' },
  // 人员口令: who set, reset or revoked whose sign-in at the station (issue 17), on its own credential stream.
  'credential.set': { publisher: 'own_stream', audience: 'up' },
  'credential.reset': { publisher: 'own_stream', audience: 'up' },
  'credential.revoked': { publisher: 'own_stream', audience: 'up' },
};

/** The type that creates each aggregate's stream (kinds `creator` and `registrar`), by aggregate. */
export const creationTypes: ReadonlyMap<string, EventType> = new Map(
  (Object.keys(routingTable) as EventType[])
    .filter((t) => routingTable[t].publisher === 'creator' || routingTable[t].publisher === 'registrar')
    .map((t) => [aggregateOf(t), t]),
);

/** The first check, before any lookup: a station publishes only events stamped with its token's claims. */
export function checkPublisher(e: EventEnvelope, principal: Pick<StationPrincipal, 'station' | 'jurisdiction'>): DomainError | null {
  if (e.station !== principal.station) return refusal('station', `a station publishes only its own events (token: ${principal.station})`);
  if (e.jurisdiction !== principal.jurisdiction)
    return refusal('jurisdiction', `a station publishes only for its token's jurisdiction (${principal.jurisdiction})`);
  return null;
}

export type Admission = { ok: true; route: Route } | { ok: false; errors: DomainError[] };

const refuse = (...errors: DomainError[]): Admission => ({ ok: false, errors });

/** The jurisdictions that created `e`'s stream, first creator first (empty: nobody the hub knows of). */
function creatorsOf(e: DomainEvent, facts: RoutingFacts): string[] {
  const created = creationTypes.get(aggregateOf(e.type));
  return created === undefined ? [] : facts.writersOf(e.stream, created);
}

/** Who may publish `e`: null when its rule allows it, else why not. */
function checkRule(e: DomainEvent, rule: RoutingRule, facts: RoutingFacts): DomainError | null {
  const me = e.jurisdiction;
  const aggregate = aggregateOf(e.type);
  switch (rule.publisher) {
    case 'registrar':
      return null;
    case 'own_stream':
      return e.stream === `${aggregate}:${e.station}`
        ? null
        : refusal('stream', `a station writes only its own ${aggregate} stream (${aggregate}:${e.station})`);
    case 'registrant': {
      const creators = creatorsOf(e, facts);
      return creators.length === 0 || creators.includes(me)
        ? null
        : refusal('stream', `${e.stream} is a record of ${creators.join(', ')}, not of ${me}`);
    }
    case 'addressee': {
      const sends = facts.streamEvents(e.stream, 'report.sent');
      if (sends.length === 0) return refusal('stream', `no report sent on ${e.stream}: nothing to acknowledge`);
      return sends.some((s) => (s.payload as { addressedTo?: unknown }).addressedTo === me)
        ? null
        : refusal('stream', `${e.stream} was not sent to ${me}: only its addressee acknowledges it`);
    }
    case 'external_sender': {
      const owner = creatorsOf(e, facts)[0];
      if (owner !== undefined && owner !== me) return refusal('stream', `${e.stream} belongs to ${owner}: only its sender records a receipt`);
      const last = facts.streamEvents(e.stream, 'report.sent').at(-1);
      if (last === undefined) return refusal('stream', `no report sent on ${e.stream}: nothing to acknowledge`);
      if (last.jurisdiction !== me) return refusal('stream', `${e.stream} was sent by ${last.jurisdiction}, not by ${me}`);
      return (last.payload as { external?: unknown }).external !== undefined
        ? null
        : refusal(
            'stream',
            `${e.stream} was sent to ${String((last.payload as { addressedTo?: unknown }).addressedTo)}, a Duty Room station: only it acknowledges the report`,
          );
    }
    default: {
      // One owner: the jurisdiction that created the stream (first creation wins).
      const owner = creatorsOf(e, facts)[0];
      if (owner === undefined || owner === me) return null;
      const theirs = `${e.stream} belongs to ${owner}`;
      if (rule.publisher === 'owner_or_superior') return ancestorsOf(owner).includes(me) ? null : refusal('stream', `${theirs}: only it or a superior may write ${e.type}`);
      if (rule.publisher === 'owner_or_below') {
        if (!isWithin(me, owner)) return refusal('stream', `${theirs}: only it or a station below it may write ${e.type}`);
        if (aggregate === 'warning') return checkRecipientBelow(e, facts);
        return null;
      }
      return refusal('stream', `${theirs}, not to ${me}`);
    }
  }
}

/** A recipient's answer recorded below the issuer: the recipient must lie within the recording station. */
function checkRecipientBelow(e: DomainEvent, facts: RoutingFacts): DomainError | null {
  const recipientId = (e.payload as { recipientId?: unknown }).recipientId;
  const listed = [
    ...facts.streamEvents(e.stream, 'warning.issued').flatMap((w) => (w.payload as { warning: { recipients: Array<{ id: string; jurisdiction: string }> } }).warning.recipients),
    ...facts.streamEvents(e.stream, 'warning.recipients_added').flatMap((w) => (w.payload as { recipients: Array<{ id: string; jurisdiction: string }> }).recipients),
  ].find((r) => r.id === recipientId);
  if (listed === undefined) return refusal('payload.recipientId', `${String(recipientId)} is not a recipient of ${e.stream}`);
  return isWithin(listed.jurisdiction, e.jurisdiction)
    ? null
    : refusal('payload.recipientId', `${listed.id} (${listed.jurisdiction}) is not within ${e.jurisdiction}: the issuer records that answer`);
}

/** A drill drills stations within its organiser only. */
const withinOrganiser = (e: DomainEvent, codes: ReadonlyArray<{ code: string; field: string }>): DomainError | null => {
  for (const { code, field } of codes)
    if (!isWithin(code, e.jurisdiction)) return refusal(field, `${code} is not within ${e.jurisdiction}: a drill drills stations within its organiser`);
  return null;
};

/**
 * Drill records kept apart (decision 0024): an incident tagged as a drill's must come from a call that
 * drill delivered to the publisher (a station cannot hide a real incident by calling it a drill), a link
 * of a hand-registered incident comes from the drill's organiser for its drilled room's incident, and a
 * report about a drill incident (tagged or linked) is sent no higher than the drill's organiser.
 */
function checkDrill(e: DomainEvent, facts: RoutingFacts): DomainError | null {
  if (e.type === 'incident.registered' && e.payload.drill !== undefined) {
    const { drillId, injectKey } = e.payload.drill;
    const delivered = facts
      .streamEvents(`drill:${drillId}`, 'drill.inject_delivered')
      .some((d) => {
        const p = d.payload as { drilled?: unknown; injectKey?: unknown };
        return p.drilled === e.jurisdiction && p.injectKey === injectKey;
      });
    if (!delivered) return refusal('payload.drill', `drill ${drillId} delivered no call ${injectKey} to ${e.jurisdiction}`);
    const organiser = facts.writersOf(`drill:${drillId}`, 'drill.started')[0];
    if (organiser !== undefined && organiser !== e.payload.drill.organiser)
      return refusal('payload.drill.organiser', `drill ${drillId} is organised by ${organiser}`);
    return null;
  }
  if (e.type === 'drill_link.recorded') {
    // Only the drill's organiser links, only an incident its drilled room registered, to a call it received.
    const incidentId = e.stream.slice('drill_link:'.length);
    const { drillId, drilled, injectKey } = e.payload;
    if (facts.writersOf(`drill:${drillId}`, 'drill.started')[0] !== e.jurisdiction)
      return refusal('payload.drillId', `${e.jurisdiction} does not organise drill ${drillId}`);
    if (facts.writersOf(`incident:${incidentId}`, 'incident.registered')[0] !== drilled)
      return refusal('stream', `incident ${incidentId} was not registered by ${drilled}`);
    const delivered = facts
      .streamEvents(`drill:${drillId}`, 'drill.inject_delivered')
      .some((d) => {
        const p = d.payload as { drilled?: unknown; injectKey?: unknown };
        return p.drilled === drilled && p.injectKey === injectKey;
      });
    return delivered ? null : refusal('payload.injectKey', `drill ${drillId} delivered no call ${injectKey} to ${drilled}`);
  }
  if (e.type === 'report.sent') {
    const drafted = facts.streamEvents(e.stream, 'report.drafted')[0];
    const incidentId = (drafted?.payload as { incidentId?: unknown } | undefined)?.incidentId;
    if (typeof incidentId !== 'string') return null;
    const registered = facts.streamEvents(`incident:${incidentId}`, 'incident.registered')[0];
    const tag = (registered?.payload as { drill?: { organiser?: unknown } } | undefined)?.drill;
    // Tagged at registration, or registered by hand and linked to the drill afterwards by its organiser.
    const organiser =
      typeof tag?.organiser === 'string'
        ? tag.organiser
        : facts.streamEvents(`drill_link:${incidentId}`, 'drill_link.recorded')[0]?.jurisdiction;
    if (organiser !== undefined && !isWithin(e.payload.addressedTo, organiser))
      return refusal('payload.addressedTo', `a drill's report goes no higher than its organiser ${organiser}`);
  }
  return null;
}

/** The incident a payload names, if it names one. */
const incidentIn = (payload: unknown): string | undefined => {
  const id = (payload as { incidentId?: unknown } | undefined)?.incidentId;
  return typeof id === 'string' ? id : undefined;
};

/**
 * The incidents `e` is about: its own stream's (an incident), the one its record's creation names (a
 * report, a dispatch order, a headquarters), or the ones a duty-log line was recorded or corrected to
 * name (any of them, from then on) and an alarm's own.
 */
function incidentsOf(e: DomainEvent, facts: RoutingFacts): string[] {
  const aggregate = aggregateOf(e.type);
  const named = (creation: EventType): string[] => {
    const id = e.type === creation ? incidentIn(e.payload) : incidentIn(facts.streamEvents(e.stream, creation)[0]?.payload);
    return id === undefined ? [] : [id];
  };
  switch (aggregate) {
    case 'incident':
      return [e.stream.slice('incident:'.length)];
    case 'report':
      return named('report.drafted');
    case 'dispatch':
      return named('dispatch.issued');
    case 'headquarters':
      return named('headquarters.activated');
    case 'dutylog': {
      const ids = [
        ...facts.streamEvents(e.stream, 'dutylog.entry_recorded').map((r) => incidentIn(r.payload)),
        ...facts.streamEvents(e.stream, 'dutylog.entry_corrected').map((c) => incidentIn((c.payload as { changes?: unknown }).changes)),
        incidentIn(e.type === 'dutylog.entry_corrected' ? (e.payload as { changes?: unknown }).changes : e.payload),
      ];
      return [...new Set(ids.filter((id): id is string => id !== undefined))];
    }
    case 'alarm': {
      const id = incidentIn(e.payload);
      return id === undefined ? [] : [id];
    }
    default:
      return [];
  }
}

/**
 * How high a drill's records go (decision 0024): an incident tagged at its registration, or linked to a
 * drill by its organiser (`drill_link.recorded`, from then on), and every record about it, are seen no
 * higher than the drill's organiser. Null for everything else — and for an event its publisher wrote
 * from above the organiser (it could not see what it wrote: its own chain must stay its own to read).
 */
function ceilingOf(e: DomainEvent, facts: RoutingFacts): string | null {
  for (const incidentId of incidentsOf(e, facts)) {
    const registered =
      e.type === 'incident.registered' && e.stream === `incident:${incidentId}`
        ? e
        : facts.streamEvents(`incident:${incidentId}`, 'incident.registered')[0];
    const tag = (registered?.payload as { drill?: { organiser?: unknown } } | undefined)?.drill;
    const organiser =
      typeof tag?.organiser === 'string'
        ? tag.organiser
        : facts.writersOf(`drill_link:${incidentId}`, 'drill_link.recorded')[0];
    if (organiser !== undefined) return isWithin(e.jurisdiction, organiser) ? organiser : null;
  }
  return null;
}

/** Where an admitted event goes. */
function routeOf(e: DomainEvent, rule: RoutingRule, facts: RoutingFacts): Route {
  const route: Route = {
    jurisdiction: e.jurisdiction,
    down: rule.audience === 'up_and_below',
    extra: null,
    ceiling: ceilingOf(e, facts),
  };
  if (rule.audience === 'up_and_addressee' && e.type === 'report.sent') route.extra = e.payload.addressedTo;
  if (
    rule.audience === 'up_and_drilled' &&
    (e.type === 'drill.inject_delivered' || e.type === 'drill.incident_linked' || e.type === 'drill_link.recorded')
  )
    route.extra = e.payload.drilled;
  if (rule.audience === 'up_and_sender') {
    const sender = facts
      .streamEvents(e.stream, 'report.sent')
      .find((s) => (s.payload as { addressedTo?: unknown }).addressedTo === e.jurisdiction)?.jurisdiction;
    if (sender !== undefined && sender !== e.jurisdiction) route.extra = sender;
  }
  return route;
}

/**
 * Admit one event (already parsed, hash checked, and `checkPublisher`-checked) by its type's rule:
 * its route, or why it is refused. Called inside the hub store's append transaction, so the facts
 * include the events committed before it in the same batch.
 */
export function admitEvent(e: DomainEvent, facts: RoutingFacts): Admission {
  const rule = routingTable[e.type] as RoutingRule | undefined;
  if (!rule) return refuse(domainError('UNKNOWN_EVENT_TYPE', 'type', `the hub has no routing rule for ${e.type}`));
  const payloadProblem = rule.check?.(e) ?? null;
  if (payloadProblem) return refuse(payloadProblem);
  const drillProblem = checkDrill(e, facts);
  if (drillProblem) return refuse(drillProblem);
  const problem = checkRule(e, rule, facts);
  if (problem) return refuse(problem);
  return { ok: true, route: routeOf(e, rule, facts) };
}

/** Every event type the catalog knows (for tests that must cover them all). */
export const catalogTypes = (): EventType[] => Object.keys(eventPayloads) as EventType[];
