import type { DispatchOrder } from '../../../shared/domain/operations';
import type { Team, TeamStatus } from '../../../shared/domain/resources';

/** The steps an order shows, as the duty room names them: 待命 → 出动 → 到场 → 处置 → 返回. */
export const DISPATCH_STEPS = [
  'standby',
  'en_route',
  'on_scene',
  'working',
  'returning',
] as const satisfies readonly TeamStatus[];
export type DispatchStep = (typeof DISPATCH_STEPS)[number];

/**
 * Where an order stands on the step line. The order's own state says how far it got (issued and not
 * yet acknowledged = still 待命; acknowledged = 出动; arrived = 到场; completed = 返回); the team's
 * live status refines it where the order cannot tell (处置 is reported by the team). Cancelled orders
 * have no step.
 */
export function dispatchStep(
  order: Pick<DispatchOrder, 'status'>,
  team: Pick<Team, 'status'> | undefined,
): DispatchStep | 'cancelled' {
  switch (order.status) {
    case 'issued':
      return 'standby';
    case 'acknowledged':
      return 'en_route';
    case 'arrived':
      return team?.status === 'working' ? 'working' : 'on_scene';
    case 'completed':
      return 'returning';
    case 'cancelled':
      return 'cancelled';
  }
}

/**
 * Whole minutes for an arrival estimate, rounded up and at least 1: the panel says "约 N 分钟后到达" for
 * the candidates and for the orders out alike, never a mm:ss figure that reads as a clock time.
 */
export const minutesOf = (ms: number): number => Math.max(1, Math.ceil(ms / 60_000));

/**
 * The ranking as the panel shows it: a team that already holds an open order (issued, not yet
 * acknowledged, so still 待命 in the station's eyes) is moved from the ranked list to the unavailable
 * ones, so the same team is not sent twice by a second press.
 */
export function withoutOrderedTeams<R extends { team: { id: string } }, U extends { teamId: string }>(
  ranking: { ranked: readonly R[]; unavailable: readonly U[] },
  orders: ReadonlyArray<Pick<DispatchOrder, 'teamId' | 'status'>>,
): { ranked: R[]; unavailable: Array<U | { teamId: string; status: 'ordered' }> } {
  const ordered = new Set(orders.filter((o) => o.status === 'issued').map((o) => o.teamId));
  return {
    ranked: ranking.ranked.filter((r) => !ordered.has(r.team.id)),
    unavailable: [
      ...ranking.ranked
        .filter((r) => ordered.has(r.team.id))
        .map((r) => ({ teamId: r.team.id, status: 'ordered' as const })),
      ...ranking.unavailable,
    ],
  };
}
