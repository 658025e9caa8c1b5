import type { Command } from '../commands/catalog';
import type { DomainEvent, EventDraft } from '../events/envelope';
import type { DecideContext } from '../aggregates/context';
import type { GeoPoint } from '../domain/common';
import type { IncidentStatus, SeverityLevel } from '../domain/incident';
import type { z } from 'zod';
import type { Headquarters, HeadquartersMember } from '../domain/operations';
import { domainError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { toMs, type Instant } from '../time';
import type { MemberEntry, NotifyChannel } from './events';
import { organisationAt, type ContingencyPlan } from './plan';

export type HeadquartersCommand = Extract<Command, { type: `headquarters.${string}` }>;
export type HeadquartersEvent = Extract<DomainEvent, { type: `headquarters.${string}` }>;

export const headquartersStream = (id: string) => `headquarters:${id}` as const;

/** A member as the headquarters knows them: the domain record plus when they were called up and how told. */
export type MemberState = z.infer<typeof HeadquartersMember> & {
  /** Activation, or the level change that added them. */
  addedAt: Instant;
  notifiedBy?: NotifyChannel;
  notificationFailures: number;
};

/** One line of the headquarters record (every step with its time and who took it). */
export interface HeadquartersStep {
  at: Instant;
  step: HeadquartersEvent['type'] extends `headquarters.${infer S}` ? S : never;
  by: string;
  personId?: string;
  detail?: string;
}

export type HeadquartersState = Omit<Headquarters, 'members'> & {
  planVersion: number;
  status: 'active' | 'terminated';
  members: MemberState[];
  /** Each level in force, from activation on; the last is current. */
  levels: Array<{ level: SeverityLevel; from: Instant; reason?: string }>;
  tasksDone: Array<{ group: string; taskKey: string; at: Instant; by: string; note?: string }>;
  siteAddress?: string;
  sitePlacedAt?: Instant;
  terminationReason?: string;
  record: HeadquartersStep[];
};

/** What deciding a headquarters command may read besides the headquarters itself. */
export interface HeadquartersDecisionState {
  headquarters?: HeadquartersState;
  /** The incident named by an activation. */
  incident?: { id: string; status: IncidentStatus };
  /** An active headquarters already running for that incident, if any. */
  activeForIncident?: string;
  /** The plan the headquarters follows (for activation and level changes, and to check task keys). */
  plan?: ContingencyPlan;
}

/** Lower number is more severe: I (特别重大) above IV (一般). */
const severity: Record<SeverityLevel, number> = { I: 4, II: 3, III: 2, IV: 1 };

function memberErrors(
  members: readonly MemberEntry[],
  field: string,
  existing: readonly MemberState[] = [],
): DomainError[] {
  const errors: DomainError[] = [];
  const seen = new Set(existing.map((m) => m.personId));
  members.forEach((m, i) => {
    if (seen.has(m.personId))
      errors.push(domainError('INVALID_FIELD', `${field}.${i}.personId`, `${m.personId} listed twice`));
    seen.add(m.personId);
    if (m.role !== 'commander' && m.role !== 'deputy' && !m.group) {
      errors.push(
        domainError(
          'INVALID_FIELD',
          `${field}.${i}.group`,
          'a group lead or member belongs to a working group',
        ),
      );
    }
  });
  return errors;
}

/** Decide a headquarters command. Activation needs the leader on duty: the actor confirming is the leader. */
export function decideHeadquarters(
  cmd: HeadquartersCommand,
  s: HeadquartersDecisionState,
  ctx: DecideContext,
): Result<EventDraft[]> {
  if (cmd.type === 'headquarters.activate') {
    const p = cmd.payload;
    if (s.headquarters) return fail(domainError('ALREADY_EXISTS', 'payload.headquartersId'));
    if (!s.incident) return fail(domainError('NOT_FOUND', 'payload.incidentId'));
    if (s.incident.status === 'closed') return fail(domainError('INCIDENT_CLOSED', 'payload.incidentId'));
    if (s.activeForIncident)
      return fail(
        domainError('ALREADY_EXISTS', 'payload.incidentId', `headquarters ${s.activeForIncident} is active`),
      );
    if (ctx.actor.role !== 'leader' && ctx.actor.role !== 'commander')
      return fail(domainError('HQ_LEADER_CONFIRMATION_REQUIRED'));
    if (!s.plan || s.plan.id !== p.planId) return fail(domainError('NOT_FOUND', 'payload.planId', p.planId));
    if (s.plan.version !== p.planVersion) {
      return fail(
        domainError(
          'INVALID_FIELD',
          'payload.planVersion',
          `the plan is now version ${s.plan.version}; preview again`,
        ),
      );
    }
    if (!organisationAt(s.plan, p.responseLevel))
      return fail(domainError('PLAN_LEVEL_MISSING', 'payload.responseLevel', p.responseLevel));
    const errors = memberErrors(p.members, 'payload.members');
    if (p.members.filter((m) => m.role === 'commander').length !== 1)
      errors.push(domainError('HQ_NO_COMMANDER', 'payload.members'));
    if (errors.length > 0) return fail(...errors);
    const id = p.headquartersId ?? ctx.newId();
    return ok([
      {
        type: 'headquarters.activated',
        stream: headquartersStream(id),
        payload: {
          incidentId: p.incidentId,
          planId: p.planId,
          planVersion: p.planVersion,
          responseLevel: p.responseLevel,
          members: p.members,
        },
      },
    ]);
  }

  const hq = s.headquarters;
  if (!hq) return fail(domainError('NOT_FOUND', 'payload.headquartersId'));
  const stream = headquartersStream(hq.id);
  // After termination the record is closed, except for late reports of what happened before it.
  const lateReport = cmd.type === 'headquarters.record_notification' || cmd.type === 'headquarters.check_in';
  if (hq.status === 'terminated' && !lateReport)
    return fail(domainError('HQ_TERMINATED', 'payload.headquartersId'));
  const member = (personId: string) => hq.members.find((m) => m.personId === personId);

  switch (cmd.type) {
    case 'headquarters.record_notification': {
      const p = cmd.payload;
      if (!member(p.personId)) return fail(domainError('HQ_NOT_A_MEMBER', 'payload.personId', p.personId));
      const at = p.sentAt ?? ctx.now;
      const timeError = pastTime(at, hq.activatedAt, ctx.now, 'payload.sentAt');
      if (timeError) return fail(timeError);
      if (p.outcome === 'failed') {
        return ok([
          {
            type: 'headquarters.notification_failed',
            stream,
            occurredAt: at,
            payload: { personId: p.personId, channel: p.channel, reason: p.reason ?? 'not delivered' },
          },
        ]);
      }
      return ok([
        {
          type: 'headquarters.member_notified',
          stream,
          occurredAt: at,
          payload: {
            personId: p.personId,
            channel: p.channel,
            ...(p.messageId ? { messageId: p.messageId } : {}),
          },
        },
      ]);
    }
    case 'headquarters.check_in': {
      const p = cmd.payload;
      const m = member(p.personId);
      if (!m) return fail(domainError('HQ_NOT_A_MEMBER', 'payload.personId', p.personId));
      if (m.checkedInAt) return fail(domainError('HQ_ALREADY_CHECKED_IN', 'payload.personId', m.checkedInAt));
      const at = p.checkedInAt ?? ctx.now;
      const timeError = pastTime(at, m.addedAt, ctx.now, 'payload.checkedInAt');
      if (timeError) return fail(timeError);
      return ok([
        {
          type: 'headquarters.member_checked_in',
          stream,
          occurredAt: at,
          payload: { personId: p.personId, ...(p.note ? { note: p.note } : {}) },
        },
      ]);
    }
    case 'headquarters.place_site':
      return ok([
        {
          type: 'headquarters.site_placed',
          stream,
          payload: {
            point: cmd.payload.point,
            ...(cmd.payload.address ? { address: cmd.payload.address } : {}),
          },
        },
      ]);
    case 'headquarters.change_level': {
      const p = cmd.payload;
      const from = hq.responseLevel;
      if (p.level === from) return fail(domainError('HQ_LEVEL_UNCHANGED', 'payload.level', from));
      if (s.plan && !organisationAt(s.plan, p.level))
        return fail(domainError('PLAN_LEVEL_MISSING', 'payload.level', p.level));
      if (severity[p.level] > severity[from]) {
        const errors = memberErrors(p.addMembers, 'payload.addMembers', hq.members);
        // A raised level may hand command to a more senior official (at most one); the old commander then deputises.
        if (p.addMembers.filter((m) => m.role === 'commander').length > 1)
          errors.push(domainError('HQ_NO_COMMANDER', 'payload.addMembers'));
        if (errors.length > 0) return fail(...errors);
        return ok([
          {
            type: 'headquarters.level_raised',
            stream,
            payload: { from, to: p.level, reason: p.reason, members: p.addMembers },
          },
        ]);
      }
      if (p.addMembers.length > 0)
        return fail(
          domainError(
            'INVALID_FIELD',
            'payload.addMembers',
            'members are added only when the level is raised',
          ),
        );
      return ok([
        { type: 'headquarters.level_lowered', stream, payload: { from, to: p.level, reason: p.reason } },
      ]);
    }
    case 'headquarters.complete_task': {
      const p = cmd.payload;
      if (s.plan) {
        const org = organisationAt(s.plan, hq.responseLevel);
        const group = org?.groups.find((g) => g.kind === p.group);
        if (!group?.tasks.some((t) => t.key === p.taskKey))
          return fail(domainError('HQ_TASK_UNKNOWN', 'payload.taskKey', `${p.group}.${p.taskKey}`));
      }
      if (hq.tasksDone.some((t) => t.group === p.group && t.taskKey === p.taskKey)) {
        return fail(domainError('HQ_TASK_DONE', 'payload.taskKey', `${p.group}.${p.taskKey}`));
      }
      return ok([
        {
          type: 'headquarters.task_done',
          stream,
          payload: { group: p.group, taskKey: p.taskKey, ...(p.note ? { note: p.note } : {}) },
        },
      ]);
    }
    case 'headquarters.terminate':
      return ok([
        { type: 'headquarters.response_terminated', stream, payload: { reason: cmd.payload.reason } },
      ]);
  }
}

/** A reported time must not lie in the future nor before what it reports on. */
function pastTime(at: Instant, notBefore: Instant, now: Instant, field: string): DomainError | undefined {
  if (toMs(at) > toMs(now)) return domainError('TIME_IN_FUTURE', field, at);
  if (toMs(at) < toMs(notBefore)) return domainError('TIME_BEFORE_START', field, at);
  return undefined;
}

const newMember = (m: MemberEntry, at: Instant): MemberState => ({
  ...m,
  addedAt: at,
  notificationFailures: 0,
});

/** Fold one event into the headquarters. */
export function evolveHeadquarters(
  state: HeadquartersState | undefined,
  e: HeadquartersEvent,
): HeadquartersState | undefined {
  const step = (extra: Omit<HeadquartersStep, 'at' | 'step' | 'by'> = {}): HeadquartersStep => ({
    at: e.occurredAt,
    step: e.type.slice('headquarters.'.length) as HeadquartersStep['step'],
    by: e.actor.id,
    ...extra,
  });
  if (e.type === 'headquarters.activated') {
    const p = e.payload;
    return {
      id: e.stream.slice('headquarters:'.length),
      incidentId: p.incidentId,
      planId: p.planId,
      planVersion: p.planVersion,
      responseLevel: p.responseLevel,
      jurisdiction: e.jurisdiction,
      activatedAt: e.occurredAt,
      activatedBy: e.actor.id,
      status: 'active',
      members: p.members.map((m) => newMember(m, e.occurredAt)),
      levels: [{ level: p.responseLevel, from: e.occurredAt }],
      tasksDone: [],
      record: [step({ detail: `${p.responseLevel} ${p.planId}@${p.planVersion}, ${p.members.length}` })],
    };
  }
  if (!state) return state;
  const withMember = (personId: string, change: (m: MemberState) => MemberState) =>
    state.members.map((m) => (m.personId === personId ? change(m) : m));
  switch (e.type) {
    case 'headquarters.member_notified': {
      const { personId, channel } = e.payload;
      return {
        ...state,
        // The first notice counts: the check-in limit runs from when the member was first told.
        members: withMember(personId, (m) =>
          m.notifiedAt ? m : { ...m, notifiedAt: e.occurredAt, notifiedBy: channel },
        ),
        record: [...state.record, step({ personId, detail: channel })],
      };
    }
    case 'headquarters.notification_failed': {
      const { personId, channel, reason } = e.payload;
      return {
        ...state,
        members: withMember(personId, (m) => ({ ...m, notificationFailures: m.notificationFailures + 1 })),
        record: [...state.record, step({ personId, detail: `${channel}: ${reason}` })],
      };
    }
    case 'headquarters.member_checked_in': {
      const { personId } = e.payload;
      return {
        ...state,
        members: withMember(personId, (m) => (m.checkedInAt ? m : { ...m, checkedInAt: e.occurredAt })),
        record: [...state.record, step({ personId, ...(e.payload.note ? { detail: e.payload.note } : {}) })],
      };
    }
    case 'headquarters.site_placed': {
      const { point, address } = e.payload;
      const site: GeoPoint = point;
      return {
        ...state,
        site,
        sitePlacedAt: e.occurredAt,
        ...(address ? { siteAddress: address } : {}),
        record: [
          ...state.record,
          step({ detail: `${point.lon.toFixed(5)},${point.lat.toFixed(5)}${address ? ` ${address}` : ''}` }),
        ],
      };
    }
    case 'headquarters.level_raised': {
      const { to, reason, members } = e.payload;
      const commanderChanges = members.some((m) => m.role === 'commander');
      const kept = commanderChanges
        ? state.members.map((m) => (m.role === 'commander' ? { ...m, role: 'deputy' as const } : m))
        : state.members;
      return {
        ...state,
        responseLevel: to,
        members: [...kept, ...members.map((m) => newMember(m, e.occurredAt))],
        levels: [...state.levels, { level: to, from: e.occurredAt, reason }],
        record: [...state.record, step({ detail: `${e.payload.from} → ${to}: ${reason}` })],
      };
    }
    case 'headquarters.level_lowered': {
      const { to, reason } = e.payload;
      return {
        ...state,
        responseLevel: to,
        levels: [...state.levels, { level: to, from: e.occurredAt, reason }],
        record: [...state.record, step({ detail: `${e.payload.from} → ${to}: ${reason}` })],
      };
    }
    case 'headquarters.task_done': {
      const { group, taskKey, note } = e.payload;
      return {
        ...state,
        tasksDone: [
          ...state.tasksDone,
          { group, taskKey, at: e.occurredAt, by: e.actor.id, ...(note ? { note } : {}) },
        ],
        record: [...state.record, step({ detail: `${group}.${taskKey}` })],
      };
    }
    case 'headquarters.response_terminated':
      return {
        ...state,
        status: 'terminated',
        terminatedAt: e.occurredAt,
        terminationReason: e.payload.reason,
        record: [...state.record, step({ detail: e.payload.reason })],
      };
  }
}

/** The record in time order (late-reported check-ins carry the time the member actually arrived). */
export const headquartersRecord = (hq: HeadquartersState): HeadquartersStep[] =>
  [...hq.record].sort((a, b) => toMs(a.at) - toMs(b.at));
