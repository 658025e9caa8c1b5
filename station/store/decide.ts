import type { Command } from '../../shared/commands/catalog';
import type { DecideContext } from '../../shared/aggregates/context';
import type { EventDraft } from '../../shared/events/envelope';
import type { Incident } from '../../shared/domain/incident';
import type { Report } from '../../shared/domain/report';
import {
  decideHeadquarters,
  type HeadquartersCommand,
  type HeadquartersState,
} from '../../shared/headquarters/aggregate';
import { decideSavePlan, type SavePlanCommand } from '../../shared/headquarters/planVersions';
import type { ContingencyPlan } from '../../shared/headquarters/plan';
import { decideAlarm, type AlarmCommand, type AlarmState } from '../../shared/alarms/decide';
import { decideDisplay, type DisplayCommand } from '../../shared/display/wall';
import type { DecideLoad } from './feature';
import { features, type FeatureRepositories } from '../features';
import { domainError } from '../../shared/errors';
import { fail, type Result } from '../../shared/result';

/** The projections a decision may read: the current state of the aggregates a command names. */
export interface DecisionReader {
  incident(id: string): Incident | undefined;
  report(id: string): Report | undefined;
  headquarters(id: string): HeadquartersState | undefined;
  /** The id of the headquarters still active for an incident, if any. */
  activeHeadquartersOf(incidentId: string): string | undefined;
  /** A plan version (the one in force when `version` is absent), saved here or shipped. */
  plan(id: string, version?: number): ContingencyPlan | undefined;
  /** An alarm as its stream tells it (raised, acknowledged). */
  alarm(id: string): AlarmState | undefined;
}

/** A payload's text member, if it has one by that name. */
function text(payload: Record<string, unknown>, key: string): string | undefined {
  const value = payload[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Load the state a command is decided against, then ask the pure decider: a feature module's decider
 * from the registry (one Map lookup), else the features not yet moved to a module of their own.
 */
export function decideCommand(
  cmd: Command,
  read: DecisionReader,
  load: DecideLoad<FeatureRepositories>,
  ctx: DecideContext,
): Result<EventDraft[]> {
  const aggregate = cmd.type.slice(0, cmd.type.indexOf('.'));
  const decide = features.deciders.get(aggregate);
  if (decide) return decide(cmd, load, ctx);
  const p = cmd.payload as Record<string, unknown>;
  switch (aggregate) {
    case 'hq_plan': {
      const save = cmd as SavePlanCommand;
      return decideSavePlan(save, read.plan(save.payload.plan.id));
    }
    case 'headquarters': {
      const hqId = text(p, 'headquartersId');
      const headquarters = hqId ? read.headquarters(hqId) : undefined;
      const incidentId = text(p, 'incidentId');
      const incident = incidentId ? read.incident(incidentId) : undefined;
      const activeForIncident = incidentId ? read.activeHeadquartersOf(incidentId) : undefined;
      // Activation reads the plan in force; later commands the version the headquarters runs on.
      const planId = text(p, 'planId');
      const plan = headquarters
        ? read.plan(headquarters.planId, headquarters.planVersion)
        : planId
          ? read.plan(planId)
          : undefined;
      return decideHeadquarters(
        cmd as HeadquartersCommand,
        {
          ...(headquarters ? { headquarters } : {}),
          ...(incident ? { incident: { id: incident.id, status: incident.status } } : {}),
          ...(activeForIncident ? { activeForIncident } : {}),
          ...(plan ? { plan } : {}),
        },
        ctx,
      );
    }
    case 'alarm': {
      const alarmId = text(p, 'alarmId');
      return decideAlarm(cmd as AlarmCommand, alarmId ? read.alarm(alarmId) : undefined, ctx);
    }
    case 'display':
      return decideDisplay(cmd as DisplayCommand, ctx);
    default:
      return fail(domainError('UNKNOWN_COMMAND', 'type', `no decider for ${cmd.type}`));
  }
}
