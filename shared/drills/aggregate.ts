import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import type { DecideContext } from '../aggregates/context';
import type { Incident, IncidentFacts } from '../domain/incident';
import type { ContingencyPlan } from '../headquarters/plan';
import { decideSavePlan } from '../headquarters/planVersions';
import { isWithin, levelOf } from '../domain/jurisdiction';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { MINUTE, toInstant, toMs, type Instant } from '../time';
import type { DrillInject, DrillKind, DrillScenario } from './scenario';
import type { DrillMode, DrillParticipant, DrillRecommendation } from './events';
import type { DrillTag } from './tag';

/*
 * The drill aggregate (演练): started by its organiser for one or more drilled stations, paused,
 * resumed and ended there; each inject delivered to each drilled station is an event of the same
 * stream, written by the organiser's drill runner (station/drills/runner.ts) when the drill clock
 * reaches the inject's offset. The drill clock stops while the drill is paused.
 */

export type DrillCommand = Extract<Command, { type: `drill.${string}` }>;
export type DrillEvent = Extract<DomainEvent, { type: `drill.${string}` }>;

export const drillStream = (id: string) => `drill:${id}` as const;

export interface DrillDelivery {
  injectKey: string;
  drilled: string;
  at: Instant;
  inject: DrillInject;
  facts?: IncidentFacts;
}

export interface DrillState {
  id: string;
  /** The organiser's jurisdiction (the stream's owner). */
  organiser: string;
  /**
   * What only the organiser and above know: absent at a drilled station, which sees its injects and
   * the end only (a blind drill's time and script are not told).
   */
  plan?: {
    scenarioId: string;
    scenarioVersion: number;
    drilled: string[];
    mode: DrillMode;
    startsAt: Instant;
    tellLeader: boolean;
    startedBy: string;
    participants?: DrillParticipant[];
  };
  /** The participants' phones as the injects told a drilled station (it never sees the start). */
  participantPhones?: string[];
  /** 演练评估: the organiser's findings and recommendations (the latest record). */
  findings?: { text: string; recommendations: DrillRecommendation[]; at: Instant; by: string };
  /** Plan revisions opened from recommendations. */
  revisions?: Array<{ recommendation: number; planId: string; planVersion: number; at: Instant }>;
  /** Incidents registered by hand during the drill that the organiser linked to it. */
  links?: Array<{ incidentId: string; drilled: string; injectKey: string; at: Instant }>;
  status: 'running' | 'paused' | 'ended';
  pausedAt?: Instant;
  /** Time spent paused before `pausedAt` (or in all, once resumed). */
  pausedMs: number;
  endedAt?: Instant;
  endReason?: string;
  /** What the end told (the drilled stations, the script's kind): all a station below knows of them. */
  endedDrilled?: string[];
  endedKind?: DrillKind;
  endedTitle?: { zh: string; en: string };
  deliveries: DrillDelivery[];
  /** Answers of the drilled rooms to warnings and questions (叫应, 回复询问). */
  answers?: Array<{ injectKey: string; drilled: string; at: Instant; answer: string }>;
}

/** When an inject falls due on the drill clock: its offset after the start, plus the time spent paused. */
export function injectDueAt(state: DrillState, inject: DrillInject): number | undefined {
  if (!state.plan) return undefined;
  return toMs(state.plan.startsAt) + inject.atMinute * MINUTE + state.pausedMs;
}

/** The deliveries the drill clock has reached and that were not made yet, in time order. */
export function dueDeliveries(
  state: DrillState,
  scenario: DrillScenario,
  nowMs: number,
): Array<{ injectKey: string; drilled: string; dueMs: number }> {
  if (!state.plan || state.status !== 'running') return [];
  const made = new Set(state.deliveries.map((d) => `${d.injectKey}|${d.drilled}`));
  const out: Array<{ injectKey: string; drilled: string; dueMs: number }> = [];
  for (const inject of scenario.injects) {
    const dueMs = injectDueAt(state, inject);
    if (dueMs === undefined || dueMs > nowMs) continue;
    for (const drilled of state.plan.drilled)
      if (!made.has(`${inject.key}|${drilled}`)) out.push({ injectKey: inject.key, drilled, dueMs });
  }
  return out.sort((a, b) => a.dueMs - b.dueMs);
}

/** The next time something falls due (the runner's next wake), if any. */
export function nextDueMs(state: DrillState, scenario: DrillScenario): number | undefined {
  if (!state.plan || state.status !== 'running') return undefined;
  const made = new Set(state.deliveries.map((d) => `${d.injectKey}|${d.drilled}`));
  let next: number | undefined;
  for (const inject of scenario.injects) {
    if (state.plan.drilled.every((d) => made.has(`${inject.key}|${d}`))) continue;
    const dueMs = injectDueAt(state, inject);
    if (dueMs !== undefined && (next === undefined || dueMs < next)) next = dueMs;
  }
  return next;
}

/** The incident facts a call inject brings to the drilled station when it is delivered. */
export function callFacts(inject: DrillInject, drilled: string, now: Instant): IncidentFacts | undefined {
  if (inject.kind !== 'incident_call') return undefined;
  const c = inject.call;
  return {
    title: c.title,
    category: c.category,
    subtype: c.subtype,
    level: c.level,
    location: { areaCode: drilled, address: c.address },
    occurredAt: toInstant(toMs(now) - c.occurredMinutesBefore * MINUTE),
    receivedAt: now,
    source: 'phone',
    ...(c.caller ? { caller: c.caller } : {}),
    casualties: c.casualties,
    affectedPeople: c.affectedPeople,
    description: c.description,
  };
}

export interface DrillDecisionInput {
  state: DrillState | undefined;
  /** The scenario a start names, or the one the drill runs (by its version). */
  scenario: DrillScenario | undefined;
  /** drill.link_incident: the incident named (as this station holds it, any link included). */
  incident?: Incident | undefined;
  /** drill.open_plan_revision: the version in force of the plan the recommendation names. */
  planInForce?: ContingencyPlan | undefined;
}

const notRunning = (state: DrillState) =>
  domainError('DRILL_NOT_RUNNING', 'payload.drillId', state.status === 'ended' ? 'ended' : state.status);

export function decideDrill(
  cmd: DrillCommand,
  input: DrillDecisionInput,
  ctx: DecideContext,
): Result<EventDraft[]> {
  const { state, scenario } = input;
  if (cmd.type === 'drill.start') {
    if (state) return fail(domainError('ALREADY_EXISTS', 'payload.drillId'));
    if (!scenario) return fail(domainError('NOT_FOUND', 'payload.scenarioId', cmd.payload.scenarioId));
    const { drilled, mode } = cmd.payload;
    const errors = drilled.flatMap((code, i) => {
      const field = `payload.drilled.${i}`;
      if (!isWithin(code, ctx.jurisdiction))
        return [domainError('DRILL_NOT_BELOW_ORGANISER', field, `${code} is not within ${ctx.jurisdiction}`)];
      if (mode === 'blind' && code === ctx.jurisdiction)
        return [domainError('DRILL_BLIND_OWN_STATION', field, 'a blind drill is organised from above')];
      if (levelOf(code) !== scenario.drilledLevel)
        return [
          domainError(
            'DRILL_WRONG_LEVEL',
            field,
            `${code} is a ${levelOf(code)}; the script drills a ${scenario.drilledLevel}`,
          ),
        ];
      return [];
    });
    if (new Set(drilled).size !== drilled.length)
      errors.push(domainError('INVALID_FIELD', 'payload.drilled', 'a station named twice'));
    const startsAt = cmd.payload.startsAt ?? ctx.now;
    if (toMs(startsAt) < toMs(ctx.now) - MINUTE)
      errors.push(domainError('TIME_BEFORE_START', 'payload.startsAt', 'a drill starts now or later'));
    if (errors.length > 0) return fail(...errors);
    const id = cmd.payload.drillId ?? ctx.newId();
    return ok([
      {
        type: 'drill.started',
        stream: drillStream(id),
        payload: {
          scenarioId: scenario.id,
          scenarioVersion: scenario.version,
          drilled,
          mode,
          startsAt,
          tellLeader: cmd.payload.tellLeader,
          ...(cmd.payload.participants?.length ? { participants: cmd.payload.participants } : {}),
        },
      },
    ]);
  }
  if (cmd.type === 'drill.answer_inject') return decideAnswer(cmd, state, ctx);
  if (!state?.plan) return fail(domainError('NOT_FOUND', 'payload.drillId'));
  if (state.organiser !== ctx.jurisdiction)
    return fail(domainError('NOT_AUTHORISED', 'payload.drillId', 'only the organiser runs its drill'));
  const stream = drillStream(state.id);
  switch (cmd.type) {
    case 'drill.pause':
      if (state.status !== 'running') return fail(notRunning(state));
      return ok([{ type: 'drill.paused', stream, payload: {} }]);
    case 'drill.resume':
      if (state.status !== 'paused')
        return fail(domainError('INVALID_TRANSITION', 'payload.drillId', state.status));
      return ok([{ type: 'drill.resumed', stream, payload: {} }]);
    case 'drill.end':
      if (state.status === 'ended') return fail(notRunning(state));
      return ok([
        {
          type: 'drill.ended',
          stream,
          payload: {
            reason: cmd.payload.reason,
            ...(scenario ? { title: scenario.title, kind: scenario.kind } : {}),
            drilled: state.plan.drilled,
          },
        },
      ]);
    case 'drill.deliver_inject': {
      if (state.status !== 'running') return fail(notRunning(state));
      const inject = scenario?.injects.find((i) => i.key === cmd.payload.injectKey);
      if (!inject) return fail(domainError('NOT_FOUND', 'payload.injectKey', cmd.payload.injectKey));
      const { drilled } = cmd.payload;
      if (!state.plan.drilled.includes(drilled))
        return fail(domainError('NOT_FOUND', 'payload.drilled', `${drilled} is not drilled`));
      if (state.deliveries.some((d) => d.injectKey === inject.key && d.drilled === drilled))
        return fail(
          domainError('ALREADY_EXISTS', 'payload.injectKey', `${inject.key} already delivered to ${drilled}`),
        );
      const dueMs = injectDueAt(state, inject) ?? Infinity;
      if (dueMs > toMs(ctx.now))
        return fail(domainError('DRILL_INJECT_NOT_DUE', 'payload.injectKey', toInstant(dueMs)));
      const facts = callFacts(inject, drilled, ctx.now);
      const phones = (state.plan.participants ?? []).map((p) => p.phone);
      return ok([
        {
          type: 'drill.inject_delivered',
          stream,
          payload: {
            injectKey: inject.key,
            drilled,
            inject,
            ...(facts ? { facts } : {}),
            mode: state.plan.mode,
            tellLeader: state.plan.tellLeader,
            ...(phones.length > 0 ? { participantPhones: phones } : {}),
          },
        },
      ]);
    }
    case 'drill.record_findings':
      if (state.status !== 'ended')
        return fail(
          domainError('DRILL_NOT_ENDED', 'payload.drillId', 'findings are recorded once the drill ended'),
        );
      return ok([
        {
          type: 'drill.findings_recorded',
          stream,
          payload: { findings: cmd.payload.findings, recommendations: cmd.payload.recommendations },
        },
      ]);
    case 'drill.open_plan_revision':
      return decideRevision(cmd, state, input.planInForce);
    case 'drill.link_incident':
      return decideLink(cmd, state, input.incident, ctx);
  }
}

/** A recommendation that names a plan opens a new version of it, on record with where it came from. */
function decideRevision(
  cmd: Extract<DrillCommand, { type: 'drill.open_plan_revision' }>,
  state: DrillState,
  current: ContingencyPlan | undefined,
): Result<EventDraft[]> {
  const { recommendation: index } = cmd.payload;
  const recommendation = state.findings?.recommendations[index];
  if (!recommendation)
    return fail(
      domainError('NOT_FOUND', 'payload.recommendation', `no recommendation ${String(index)} on record`),
    );
  if (!recommendation.planId)
    return fail(domainError('INVALID_FIELD', 'payload.recommendation', 'the recommendation names no plan'));
  if ((state.revisions ?? []).some((r) => r.recommendation === index))
    return fail(
      domainError(
        'ALREADY_EXISTS',
        'payload.recommendation',
        `recommendation ${String(index)} already opened a revision`,
      ),
    );
  if (!current) return fail(domainError('NOT_FOUND', 'payload.recommendation', recommendation.planId));
  const edited = cmd.payload.plan ?? current;
  if (edited.id !== recommendation.planId)
    return fail(
      domainError('INVALID_FIELD', 'payload.plan.id', `the recommendation names ${recommendation.planId}`),
    );
  const saved = decideSavePlan({ payload: { plan: edited } }, current, {
    drillId: state.id,
    recommendation: index,
    text: recommendation.text,
  });
  if (!saved.ok) return saved;
  return ok([
    ...saved.value,
    {
      type: 'drill.plan_revision_opened',
      stream: drillStream(state.id),
      payload: { recommendation: index, planId: edited.id, planVersion: current.version + 1 },
    },
  ]);
}

/**
 * Link an incident a drilled room registered by hand during the drill to the drill (the call it
 * answers): the organiser's, for an incident of a drilled room, received within the drill's window.
 */
function decideLink(
  cmd: Extract<DrillCommand, { type: 'drill.link_incident' }>,
  state: DrillState,
  incident: Incident | undefined,
  ctx: DecideContext,
): Result<EventDraft[]> {
  const plan = state.plan;
  const { incidentId, injectKey } = cmd.payload;
  if (!plan || !incident) return fail(domainError('NOT_FOUND', 'payload.incidentId', incidentId));
  if (incident.drill)
    return fail(
      domainError(
        'ALREADY_EXISTS',
        'payload.incidentId',
        `already a record of drill ${incident.drill.drillId}`,
      ),
    );
  if (!plan.drilled.includes(incident.jurisdiction))
    return fail(
      domainError('DRILL_LINK_OUTSIDE', 'payload.incidentId', `${incident.jurisdiction} is not drilled`),
    );
  const received = toMs(incident.facts.receivedAt);
  const until = state.endedAt ? toMs(state.endedAt) : toMs(ctx.now);
  if (received < toMs(plan.startsAt) || received > until)
    return fail(domainError('DRILL_LINK_OUTSIDE', 'payload.incidentId', 'received outside the drill window'));
  const delivered = state.deliveries.find(
    (d) => d.injectKey === injectKey && d.drilled === incident.jurisdiction,
  );
  if (!delivered || delivered.inject.kind !== 'incident_call')
    return fail(
      domainError(
        'DRILL_NOT_DELIVERED',
        'payload.injectKey',
        `${injectKey} is no call delivered to ${incident.jurisdiction}`,
      ),
    );
  return ok([
    {
      type: 'drill.incident_linked',
      stream: drillStream(state.id),
      payload: { incidentId, drilled: incident.jurisdiction, injectKey },
    },
    {
      type: 'drill_link.recorded',
      stream: `drill_link:${incidentId}`,
      payload: { drillId: state.id, drilled: incident.jurisdiction, injectKey },
    },
  ]);
}

/** The tag a linked incident carries, as an incident registered from the call would. */
export function linkTag(state: DrillState, incidentId: string): DrillTag | undefined {
  const link = state.links?.find((l) => l.incidentId === incidentId);
  return link ? { drillId: state.id, injectKey: link.injectKey, organiser: state.organiser } : undefined;
}

/** A drilled room answers a warning or question delivered to it, once, while the drill runs. */
function decideAnswer(
  cmd: Extract<DrillCommand, { type: 'drill.answer_inject' }>,
  state: DrillState | undefined,
  ctx: DecideContext,
): Result<EventDraft[]> {
  const { injectKey, answer } = cmd.payload;
  const delivered = state?.deliveries.find(
    (d) => d.injectKey === injectKey && d.drilled === ctx.jurisdiction,
  );
  if (!state || !delivered) return fail(domainError('DRILL_NOT_DELIVERED', 'payload.injectKey', injectKey));
  const kind = delivered.inject.kind;
  if (kind !== 'warning_from_above' && kind !== 'upper_level_question')
    return fail(domainError('INVALID_FIELD', 'payload.injectKey', `${injectKey} asks for no answer`));
  if (state.status === 'ended') return fail(notRunning(state));
  if ((state.answers ?? []).some((a) => a.injectKey === injectKey && a.drilled === ctx.jurisdiction))
    return fail(domainError('ALREADY_EXISTS', 'payload.injectKey', `${injectKey} already answered`));
  return ok([
    {
      type: 'drill.inject_answered',
      stream: drillStream(state.id),
      payload: {
        injectKey,
        action: kind === 'warning_from_above' ? 'warning_answer' : 'question_answer',
        answer,
      },
    },
  ]);
}

export function evolveDrill(state: DrillState | undefined, e: DrillEvent): DrillState | undefined {
  const id = e.stream.slice('drill:'.length);
  // A drilled station sees the drill first by its injects (or its end): the organiser is the writer.
  const base: DrillState = state ?? {
    id,
    organiser: e.jurisdiction,
    status: 'running',
    pausedMs: 0,
    deliveries: [],
  };
  switch (e.type) {
    case 'drill.started':
      return { ...base, plan: { ...e.payload, drilled: [...e.payload.drilled], startedBy: e.actor.id } };
    case 'drill.paused':
      return { ...base, status: 'paused', pausedAt: e.occurredAt };
    case 'drill.resumed': {
      const paused = base.pausedAt ? Math.max(0, toMs(e.occurredAt) - toMs(base.pausedAt)) : 0;
      const { pausedAt: _ended, ...rest } = base;
      return { ...rest, status: 'running', pausedMs: base.pausedMs + paused };
    }
    case 'drill.ended':
      return {
        ...base,
        status: 'ended',
        endedAt: e.occurredAt,
        endReason: e.payload.reason,
        ...(e.payload.drilled ? { endedDrilled: e.payload.drilled } : {}),
        ...(e.payload.kind ? { endedKind: e.payload.kind } : {}),
        ...(e.payload.title ? { endedTitle: e.payload.title } : {}),
      };
    case 'drill.inject_answered':
      return {
        ...base,
        answers: [
          ...(base.answers ?? []),
          {
            injectKey: e.payload.injectKey,
            drilled: e.jurisdiction,
            at: e.occurredAt,
            answer: e.payload.answer,
          },
        ],
      };
    case 'drill.findings_recorded':
      return {
        ...base,
        findings: {
          text: e.payload.findings,
          recommendations: e.payload.recommendations,
          at: e.occurredAt,
          by: e.actor.id,
        },
      };
    case 'drill.plan_revision_opened':
      return {
        ...base,
        revisions: [...(base.revisions ?? []), { ...e.payload, at: e.occurredAt }],
      };
    case 'drill.incident_linked':
      return { ...base, links: [...(base.links ?? []), { ...e.payload, at: e.occurredAt }] };
    case 'drill.inject_delivered':
      return {
        ...base,
        ...(e.payload.participantPhones ? { participantPhones: e.payload.participantPhones } : {}),
        deliveries: [
          ...base.deliveries,
          {
            injectKey: e.payload.injectKey,
            drilled: e.payload.drilled,
            at: e.occurredAt,
            inject: e.payload.inject,
            ...(e.payload.facts ? { facts: e.payload.facts } : {}),
          },
        ],
      };
  }
}

/**
 * The tag an incident registered from an inject carries, when the drill delivered that call to this
 * station and is not over; otherwise why the registration is refused. An officer's own registration
 * (no inject named) is real and carries no tag.
 */
export function tagFromInject(
  state: DrillState | undefined,
  from: { drillId: string; injectKey: string },
  jurisdiction: string,
): Result<DrillTag> {
  const delivered = state?.deliveries.find(
    (d) => d.injectKey === from.injectKey && d.drilled === jurisdiction,
  );
  if (!state || !delivered)
    return fail(
      domainError(
        'DRILL_NOT_DELIVERED',
        'payload.fromInject',
        `${from.injectKey} was not delivered to ${jurisdiction}`,
      ),
    );
  if (delivered.inject.kind !== 'incident_call')
    return fail(domainError('DRILL_NOT_DELIVERED', 'payload.fromInject', `${from.injectKey} is not a call`));
  if (state.status === 'ended') return fail(notRunning(state));
  return ok({ drillId: state.id, injectKey: from.injectKey, organiser: state.organiser });
}
