import type { Incident } from '../domain/incident';
import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { toMs } from '../time';
import type { DecideContext } from './context';
import type { DrillTag } from '../drills/tag';

export type IncidentCommand = Extract<Command, { type: `incident.${string}` }>;
export type IncidentEvent = Extract<DomainEvent, { type: `incident.${string}` }>;

export const incidentStream = (id: string) => `incident:${id}` as const;

/** Decide what a command on an incident means, given the incident as it stands (undefined if new). */
export function decideIncident(
  cmd: IncidentCommand,
  state: Incident | undefined,
  ctx: DecideContext,
  /** For a registration from a drill's call inject: the tag the store checked (tagFromInject). */
  drill?: DrillTag,
): Result<EventDraft[]> {
  if (cmd.type === 'incident.register') {
    if (state) return fail(domainError('ALREADY_EXISTS', 'payload.incidentId'));
    const { facts } = cmd.payload;
    if (toMs(facts.receivedAt) < toMs(facts.occurredAt)) {
      return fail(domainError('RECEIVED_BEFORE_OCCURRED', 'payload.facts.receivedAt'));
    }
    const id = cmd.payload.incidentId ?? ctx.newId();
    return ok([{ type: 'incident.registered', stream: incidentStream(id), payload: { facts, ...(drill ? { drill } : {}) } }]);
  }
  if (!state) return fail(domainError('NOT_FOUND', 'payload.incidentId'));
  const stream = incidentStream(state.id);
  switch (cmd.type) {
    case 'incident.update_facts':
      if (state.status === 'closed' && !isCasualtyOnly(cmd.payload.changes)) {
        return fail(domainError('INCIDENT_CLOSED', 'payload.incidentId'));
      }
      return ok([{ type: 'incident.facts_updated', stream, payload: { changes: cmd.payload.changes, note: cmd.payload.note } }]);
    case 'incident.start_response':
      if (state.status !== 'received') return fail(domainError('INVALID_TRANSITION', 'payload.incidentId', state.status));
      return ok([{ type: 'incident.response_started', stream, payload: {} }]);
    case 'incident.close':
      if (state.status === 'closed') return fail(domainError('INVALID_TRANSITION', 'payload.incidentId', state.status));
      return ok([{ type: 'incident.closed', stream, payload: { summary: cmd.payload.summary } }]);
    case 'incident.reopen':
      if (state.status !== 'closed') return fail(domainError('INVALID_TRANSITION', 'payload.incidentId', state.status));
      return ok([{ type: 'incident.reopened', stream, payload: { reason: cmd.payload.reason } }]);
    case 'incident.waive_obligation':
      // 免报 sets a legal duty aside: only the leader on duty (带班领导) may, whatever the screen offered.
      if (ctx.actor.role !== 'leader') return fail(domainError('NOT_AUTHORISED', 'actor'));
      return ok([
        {
          type: 'incident.obligation_waived',
          stream,
          payload: { obligationKey: cmd.payload.obligationKey, reason: cmd.payload.reason },
        },
      ]);
  }
}

/** After closure only casualty figures may still change (核报 within the supplementary window). */
const isCasualtyOnly = (changes: object) => Object.keys(changes).every((k) => k === 'casualties' || k === 'description');

/** Fold one event into the incident. */
export function evolveIncident(state: Incident | undefined, event: IncidentEvent): Incident | undefined {
  const id = event.stream.slice('incident:'.length);
  switch (event.type) {
    case 'incident.registered':
      return {
        id,
        jurisdiction: event.jurisdiction,
        facts: event.payload.facts,
        status: 'received',
        ...(event.payload.drill ? { drill: event.payload.drill } : {}),
        version: 1,
      };
  }
  if (!state) return state;
  const next = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'incident.facts_updated': {
      const { changes } = event.payload;
      const material =
        (changes.level !== undefined && changes.level !== state.facts.level) ||
        (changes.casualties !== undefined && JSON.stringify(changes.casualties) !== JSON.stringify(state.facts.casualties));
      return {
        ...next,
        facts: { ...state.facts, ...changes },
        ...(material ? { lastMaterialChangeAt: event.occurredAt } : {}),
      };
    }
    case 'incident.response_started':
      return { ...next, status: 'responding', respondingAt: event.occurredAt };
    case 'incident.closed':
      return { ...next, status: 'closed', closedAt: event.occurredAt };
    case 'incident.reopened': {
      const { closedAt: _closedAt, ...rest } = next;
      return { ...rest, status: state.respondingAt ? 'responding' : 'received' };
    }
    case 'incident.obligation_waived':
      return next;
  }
}
