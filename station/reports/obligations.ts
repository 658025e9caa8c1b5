import type { DomainEvent } from '../../shared/events/envelope';
import type { Obligation } from '../../shared/rules/obligation';

export type { Obligation } from '../../shared/rules/obligation';

/** The deadline engine as the store calls it: an incident's history (canonical order) → its obligations. */
export type ObligationEngine = (
  history: readonly DomainEvent[],
  now: number,
  viewpoint: string,
) => Obligation[];

/**
 * A drill's incident (decision 0024) is owed reports by the drilled room only — its deadlines are part
 * of the drill — and by no station above it: the organiser relays nothing of a drill upward, so it owes
 * no 转报 and raises no overdue alarm for one.
 */
export function drillAware(engine: ObligationEngine): ObligationEngine {
  return (history, now, viewpoint) => {
    const first = history[0];
    if (
      first?.type === 'incident.registered' &&
      first.payload.drill !== undefined &&
      first.jurisdiction !== viewpoint
    )
      return [];
    return engine(history, now, viewpoint);
  };
}
