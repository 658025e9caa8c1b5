import type { Actor } from '../../shared/domain/common';
import type { DispatchOrder } from '../../shared/domain/operations';
import type { Team } from '../../shared/domain/resources';
import type { DomainEvent } from '../../shared/events/envelope';
import { newId } from '../../shared/ids';
import { teamCommandsAfter } from '../../shared/dispatch/progress';
import type { Result } from '../../shared/result';

type DispatchEvent = Extract<DomainEvent, { type: `dispatch.${string}` }>;

/** The part of the station store that keeping team status in step with dispatch orders needs. */
export interface DispatchFollowStore {
  dispatchOrders(): DispatchOrder[];
  teams(): Team[];
  execute(command: unknown, actor?: Actor): Result<DomainEvent[]>;
  onAppended(listener: (events: DomainEvent[]) => void): () => void;
}

const isDispatchEvent = (e: DomainEvent): e is DispatchEvent => e.type.startsWith('dispatch.');

/**
 * Team status follows its dispatch orders (出动 on acknowledgement, 到场 on arrival, 返回 on
 * completion): for every dispatch event, local or from the hub, about a team this station holds
 * (the team's jurisdiction is the station's), the station executes the status change itself, so
 * exactly one station writes each team's status. Returns the unsubscribe function.
 */
export function followDispatch(
  store: DispatchFollowStore,
  station: { jurisdiction: string; actor: Actor },
  onBug?: (error: unknown) => void,
): () => void {
  // The listener runs after a commit; a status change it executes commits again and calls back in,
  // so work is queued and drained by the outermost call only.
  const queue: DispatchEvent[] = [];
  let draining = false;
  const drain = () => {
    draining = true;
    try {
      while (queue.length > 0) {
        const event = queue.shift() as DispatchEvent;
        const orderId = event.stream.slice('dispatch:'.length);
        const order = store.dispatchOrders().find((o) => o.id === orderId);
        if (!order) continue;
        const team = store.teams().find((t) => t.id === order.teamId);
        if (!team || team.jurisdiction !== station.jurisdiction) continue;
        // The team's status moves on the word of whoever recorded the order's step (who took the call that
        // the team arrived), not of the station: the record says who (issue 17: actors are people).
        const actor = event.actor ?? station.actor;
        for (const command of teamCommandsAfter(event, order, team, actor, () => newId())) {
          const result = store.execute(command, actor);
          if (!result.ok) onBug?.(result.errors);
        }
      }
    } catch (error) {
      onBug?.(error);
    } finally {
      draining = false;
    }
  };
  return store.onAppended((events) => {
    queue.push(...events.filter(isDispatchEvent));
    if (!draining && queue.length > 0) drain();
  });
}
