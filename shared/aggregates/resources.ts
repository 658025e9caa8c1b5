import type { Depot, RecordSource, RiskPoint, Shelter, StatusRecord, Team } from '../domain/resources';
import type { DispatchOrder } from '../domain/operations';
import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import type { DecideContext } from './context';

type Of<P extends string, U> = Extract<U, { type: `${P}.${string}` }>;
export type TeamEvent = Of<'team', DomainEvent>;
export type DepotEvent = Of<'depot', DomainEvent>;
export type ShelterEvent = Of<'shelter', DomainEvent>;
export type RiskPointEvent = Of<'risk_point', DomainEvent>;
export type DispatchEvent = Of<'dispatch', DomainEvent>;

/** Teams, depots, shelters and risk points: ledger objects registered once, then reported on. */
export function decideResource(
  cmd: Of<'team' | 'depot' | 'shelter' | 'risk_point', Command>,
  state: { team?: Team; shelter?: Shelter },
): Result<EventDraft[]> {
  switch (cmd.type) {
    case 'team.register':
      return ok([{ type: 'team.registered', stream: `team:${cmd.payload.team.id}`, payload: { team: cmd.payload.team } }]);
    case 'depot.register':
      return ok([{ type: 'depot.registered', stream: `depot:${cmd.payload.depot.id}`, payload: { depot: cmd.payload.depot } }]);
    case 'shelter.register':
      return ok([{ type: 'shelter.registered', stream: `shelter:${cmd.payload.shelter.id}`, payload: { shelter: cmd.payload.shelter } }]);
    case 'risk_point.register':
      return ok([
        { type: 'risk_point.registered', stream: `risk_point:${cmd.payload.riskPoint.id}`, payload: { riskPoint: cmd.payload.riskPoint } },
      ]);
    case 'team.report_position':
      if (!state.team) return fail(domainError('NOT_FOUND', 'payload.teamId'));
      return ok([{ type: 'team.position_reported', stream: `team:${state.team.id}`, payload: { position: cmd.payload.position } }]);
    case 'team.change_status':
      if (!state.team) return fail(domainError('NOT_FOUND', 'payload.teamId'));
      return ok([
        {
          type: 'team.status_changed',
          stream: `team:${state.team.id}`,
          payload: {
            status: cmd.payload.status,
            ...(cmd.payload.note ? { note: cmd.payload.note } : {}),
            ...(cmd.payload.source ? { source: cmd.payload.source } : {}),
          },
        },
      ]);
    case 'shelter.report_occupancy':
      if (!state.shelter) return fail(domainError('NOT_FOUND', 'payload.shelterId'));
      return ok([{ type: 'shelter.occupancy_reported', stream: `shelter:${state.shelter.id}`, payload: { occupancy: cmd.payload.occupancy } }]);
  }
}

export function evolveTeam(state: Team | undefined, event: Of<'team', DomainEvent>): Team | undefined {
  switch (event.type) {
    case 'team.registered': {
      // Re-registering (a ledger re-import) updates the ledger fields but keeps the live state.
      if (!state) return event.payload.team;
      const { statusRecord } = state;
      return { ...event.payload.team, status: state.status, position: state.position, ...(statusRecord ? { statusRecord } : {}) };
    }
    case 'team.position_reported':
      return state && { ...state, position: event.payload.position };
    case 'team.status_changed':
      return state && { ...state, status: event.payload.status, statusRecord: recordOf(event, event.payload.source) };
  }
}

/** Who recorded an event (the actor's name, else id), when, and from where if it says. */
const recordOf = (e: Pick<DomainEvent, 'actor' | 'occurredAt'>, source: RecordSource | undefined): StatusRecord => ({
  by: e.actor.name ?? e.actor.id,
  at: e.occurredAt,
  ...(source ? { source } : {}),
});

export const evolveDepot = (_s: Depot | undefined, e: Of<'depot', DomainEvent>): Depot => e.payload.depot;
export const evolveRiskPoint = (_s: RiskPoint | undefined, e: Of<'risk_point', DomainEvent>): RiskPoint => e.payload.riskPoint;
export function evolveShelter(state: Shelter | undefined, e: Of<'shelter', DomainEvent>): Shelter | undefined {
  if (e.type === 'shelter.registered') return e.payload.shelter;
  return state && { ...state, occupancy: e.payload.occupancy };
}

export function decideDispatch(
  cmd: Of<'dispatch', Command>,
  s: {
    order?: DispatchOrder;
    team?: Team;
    incidentExists: boolean;
    /** Where the incident stands: a team sent to one still 接报 starts the response (处置中). */
    incidentStatus?: 'received' | 'responding' | 'closed';
  },
  ctx: DecideContext,
): Result<EventDraft[]> {
  if (cmd.type === 'dispatch.issue') {
    if (s.order) return fail(domainError('ALREADY_EXISTS', 'payload.dispatchId'));
    if (!s.team) return fail(domainError('NOT_FOUND', 'payload.teamId'));
    if (!s.incidentExists) return fail(domainError('NOT_FOUND', 'payload.incidentId'));
    const id = cmd.payload.dispatchId ?? ctx.newId();
    const { teamId, incidentId, etaAt } = cmd.payload;
    const issued: EventDraft = { type: 'dispatch.issued', stream: `dispatch:${id}`, payload: { teamId, incidentId, ...(etaAt ? { etaAt } : {}) } };
    // Sending a team is responding: the incident leaves 接报 in the same decision, on record.
    if (s.incidentStatus !== 'received') return ok([issued]);
    return ok([issued, { type: 'incident.response_started', stream: `incident:${incidentId}`, payload: {} }]);
  }
  const o = s.order;
  if (!o) return fail(domainError('NOT_FOUND', 'payload.dispatchId'));
  const stream = `dispatch:${o.id}` as const;
  const allowed: Record<typeof cmd.type, DispatchOrder['status'][]> = {
    'dispatch.acknowledge': ['issued'],
    'dispatch.arrive': ['issued', 'acknowledged'],
    'dispatch.complete': ['arrived'],
    'dispatch.cancel': ['issued', 'acknowledged', 'arrived'],
  };
  if (!allowed[cmd.type].includes(o.status)) return fail(domainError('INVALID_TRANSITION', 'payload.dispatchId', o.status));
  const source = cmd.payload.source ? { source: cmd.payload.source } : {};
  switch (cmd.type) {
    case 'dispatch.acknowledge':
      return ok([{ type: 'dispatch.acknowledged', stream, payload: { ...(cmd.payload.etaAt ? { etaAt: cmd.payload.etaAt } : {}), ...source } }]);
    case 'dispatch.arrive':
      return ok([{ type: 'dispatch.arrived', stream, payload: { ...(cmd.payload.point ? { point: cmd.payload.point } : {}), ...source } }]);
    case 'dispatch.complete':
      return ok([{ type: 'dispatch.completed', stream, payload: source }]);
    case 'dispatch.cancel':
      return ok([{ type: 'dispatch.cancelled', stream, payload: { reason: cmd.payload.reason, ...source } }]);
  }
}

export function evolveDispatch(state: DispatchOrder | undefined, e: Of<'dispatch', DomainEvent>): DispatchOrder | undefined {
  if (e.type === 'dispatch.issued') {
    return {
      id: e.stream.slice('dispatch:'.length),
      teamId: e.payload.teamId,
      incidentId: e.payload.incidentId,
      issuedBy: e.actor.id,
      issuedAt: e.occurredAt,
      ...(e.payload.etaAt ? { etaAt: e.payload.etaAt } : {}),
      status: 'issued',
      lastRecord: recordOf(e, undefined),
    };
  }
  if (!state) return state;
  const lastRecord = recordOf(e, e.payload.source);
  switch (e.type) {
    case 'dispatch.acknowledged':
      return {
        ...state,
        status: 'acknowledged',
        acknowledgedAt: e.occurredAt,
        ...(e.payload.etaAt ? { etaAt: e.payload.etaAt } : {}),
        lastRecord,
      };
    case 'dispatch.arrived':
      return { ...state, status: 'arrived', arrivedAt: e.occurredAt, lastRecord };
    case 'dispatch.completed':
      return { ...state, status: 'completed', lastRecord };
    case 'dispatch.cancelled':
      return { ...state, status: 'cancelled', lastRecord };
  }
}
