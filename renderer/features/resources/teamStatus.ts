import type { DispatchOrder } from '../../../shared/domain/operations';
import type { RecordSource, TeamStatus } from '../../../shared/domain/resources';
import type { CommandBody } from '../../app/commands';

/** 待命 → 集结 → 出动 → 到场 → 处置 → 返回, in the order the console offers them (digits 1–6). */
export const RECORDABLE_STATUSES: readonly TeamStatus[] = [
  'standby',
  'assembling',
  'en_route',
  'on_scene',
  'working',
  'returning',
];

const ACTIVE: ReadonlyArray<DispatchOrder['status']> = ['issued', 'acknowledged', 'arrived'];

/** The team's order still under way (issued, acknowledged or arrived), the latest if several. */
export function activeOrderOf(teamId: string, orders: readonly DispatchOrder[]): DispatchOrder | undefined {
  return orders
    .filter((o) => o.teamId === teamId && ACTIVE.includes(o.status))
    .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0];
}

/**
 * The command that records a team's status at the console. A team on an order moves with the order, so
 * the order's own step is recorded where there is one (出动 acknowledges it, 到场 is its arrival, 返回
 * after arrival completes it) and the station puts the team's status in step (station/dispatch/follow.ts);
 * any other status is the team's alone.
 */
export function statusCommand(
  teamId: string,
  order: Pick<DispatchOrder, 'id' | 'status'> | undefined,
  status: TeamStatus,
  source: RecordSource,
): CommandBody {
  if (order) {
    const dispatchId = order.id;
    if (status === 'en_route' && order.status === 'issued')
      return { type: 'dispatch.acknowledge', payload: { dispatchId, source } };
    if (status === 'on_scene' && (order.status === 'issued' || order.status === 'acknowledged'))
      return { type: 'dispatch.arrive', payload: { dispatchId, source } };
    if (status === 'returning' && order.status === 'arrived')
      return { type: 'dispatch.complete', payload: { dispatchId, source } };
  }
  return { type: 'team.change_status', payload: { teamId, status, source } };
}
