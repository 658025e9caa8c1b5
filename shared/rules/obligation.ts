import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';

/** What a report obligation asks for. */
export const ObligationKind = z.enum(['initial_phone', 'initial_written', 'follow_up', 'final', 'supplementary', 'relay']);
export type ObligationKind = z.infer<typeof ObligationKind>;

/** pending: not yet due; overdue: due and unmet (迟报 if it stays so); met_late: sent after the due time. */
export const ObligationState = z.enum(['pending', 'met', 'met_late', 'overdue', 'waived']);
export type ObligationState = z.infer<typeof ObligationState>;

/**
 * One report a station owes for one incident, derived from the incident's history by `obligationsFor`.
 * `key` is stable: the same history always gives the same keys, so a store may persist obligations
 * and a waiver may name one (`incident.obligation_waived`).
 */
export const Obligation = z.object({
  key: z.string().min(1).max(200),
  incidentId: Ulid,
  kind: ObligationKind,
  dueAt: Instant,
  /** When the obligation arose (a change, a closure, a receipt); absent when it dates from received-at. */
  opensAt: Instant.optional(),
  state: ObligationState,
  metByReportId: Ulid.optional(),
  metAt: Instant.optional(),
  waivedReason: z.string().max(2000).optional(),
  /** The profile rule behind the due time and the text it comes from. */
  rule: z.object({ id: z.string().min(1).max(200), source: z.string().min(1).max(500) }),
});
export type Obligation = z.infer<typeof Obligation>;

/** Unmet and not waived: still owed. */
export const isOpen = (o: Obligation): boolean => o.state === 'pending' || o.state === 'overdue';
