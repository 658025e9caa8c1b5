import type { Actor, GeoPoint } from '../domain/common';
import type { DispatchOrder } from '../domain/operations';
import type { Team, TeamStatus } from '../domain/resources';
import type { Command } from '../commands/catalog';
import type { DomainEvent } from '../events/envelope';
import type { Ulid } from '../ids';
import { toMs } from '../time';
import { greatCircleKm } from './geo';

type DispatchEvent = Extract<DomainEvent, { type: `dispatch.${string}` }>;

/**
 * Where a team stands once its dispatch order moves on: acknowledged → 出动 en route, arrived →
 * 到场 on scene, completed → 返回 returning. A cancelled order sends a team already moving back
 * (返回) and stands down one that had not left (待命). 处置 working is reported by the team itself.
 * Undefined when the order's step does not change the team's status.
 */
export function teamStatusAfter(eventType: DispatchEvent['type'], current: TeamStatus): TeamStatus | undefined {
  let next: TeamStatus | undefined;
  switch (eventType) {
    case 'dispatch.issued':
      next = undefined;
      break;
    case 'dispatch.acknowledged':
      next = current === 'standby' || current === 'assembling' || current === 'returning' ? 'en_route' : undefined;
      break;
    case 'dispatch.arrived':
      next = current === 'working' ? undefined : 'on_scene';
      break;
    case 'dispatch.completed':
      next = 'returning';
      break;
    case 'dispatch.cancelled':
      next = current === 'standby' || current === 'assembling' ? 'standby' : 'returning';
      break;
  }
  return next === current ? undefined : next;
}

/**
 * The team status command that follows a dispatch event, for the station that holds the team to
 * execute (a process manager: events in, commands out). Empty when nothing changes.
 */
export function teamCommandsAfter(
  event: DispatchEvent,
  order: Pick<DispatchOrder, 'id' | 'teamId'>,
  team: Pick<Team, 'id' | 'status'> | undefined,
  actor: Actor,
  newId: () => Ulid,
): Command[] {
  if (!team || team.id !== order.teamId) return [];
  const status = teamStatusAfter(event.type, team.status);
  if (!status) return [];
  return [
    {
      id: newId(),
      type: 'team.change_status',
      payload: {
        teamId: team.id,
        status,
        note: `dispatch ${order.id}: ${event.type}`,
        // The order's step says where it was recorded from (a console, the team's terminal, a call).
        ...('source' in event.payload && event.payload.source ? { source: event.payload.source } : {}),
      },
      actor,
    },
  ];
}

/** Within this distance of the incident a moving team counts as arrived (GPS error plus the scene's size). */
export const ARRIVAL_RADIUS_KM = 0.3;

/** True when the team's last reported position lies within the arrival radius of the incident. */
export function hasArrived(team: Pick<Team, 'position'>, incidentPoint: GeoPoint, radiusKm = ARRIVAL_RADIUS_KM): boolean {
  return team.position !== undefined && greatCircleKm(team.position.point, incidentPoint) <= radiusKm;
}

/** Countdown to the estimated arrival, for the line and label on the map. Negative once overdue. */
export function etaCountdown(order: Pick<DispatchOrder, 'etaAt' | 'status'>, nowMs: number): { remainingMs: number; late: boolean } | undefined {
  if (!order.etaAt || (order.status !== 'issued' && order.status !== 'acknowledged')) return undefined;
  const remainingMs = toMs(order.etaAt) - nowMs;
  return { remainingMs, late: remainingMs < 0 };
}
