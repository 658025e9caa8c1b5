import type { DomainEvent } from '../../shared/events/envelope';
import type { Obligation } from '../../shared/rules/obligation';

export type { Obligation } from '../../shared/rules/obligation';

/** The deadline engine as the store calls it: an incident's history (canonical order) → its obligations. */
export type ObligationEngine = (
  history: readonly DomainEvent[],
  now: number,
  viewpoint: string,
) => Obligation[];
