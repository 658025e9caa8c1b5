import type { DomainEvent } from '../../shared/events/envelope';
import type { Instant } from '../../shared/time';

/**
 * The shape of one report obligation as agreed with the deadline engine (notes/contracts.md §1).
 * Kept here until shared/rules/obligation.ts lands; the store only persists and returns it.
 */
export interface Obligation {
  key: string;
  incidentId: string;
  kind: 'initial_phone' | 'initial_written' | 'follow_up' | 'final' | 'supplementary' | 'relay';
  dueAt: Instant;
  opensAt?: Instant;
  state: 'pending' | 'met' | 'met_late' | 'overdue' | 'waived';
  metByReportId?: string;
  metAt?: Instant;
  waivedReason?: string;
  rule: { id: string; source: string };
}

/** The deadline engine as the store calls it: an incident's history (canonical order) → its obligations. */
export type ObligationEngine = (
  history: readonly DomainEvent[],
  now: number,
  viewpoint: string,
) => Obligation[];

/** Until the deadline engine is wired in, an incident owes nothing the store could show. */
export const noObligations: ObligationEngine = () => [];
