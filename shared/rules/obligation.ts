import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';

/** What a report obligation asks for. */
export const ObligationKind = z.enum(['initial_phone', 'initial_written', 'follow_up', 'final', 'supplementary', 'relay']);
export type ObligationKind = z.infer<typeof ObligationKind>;

/** pending: not yet due; overdue: due and unmet (迟报 if it stays so); met_late: sent after the due time. */
export const ObligationState = z.enum(['pending', 'met', 'met_late', 'overdue', 'waived']);
export type ObligationState = z.infer<typeof ObligationState>;

/** What starts the daily follow-ups (as the profile's `dailyFollowUps.startsFrom` says). */
export const FollowUpStartsBy = z.enum(['first_report', 'registration', 'responding']);
export type FollowUpStartsBy = z.infer<typeof FollowUpStartsBy>;

/**
 * What starts and stops an incident's daily follow-ups (续报), for the incident's page: `startsAt` is
 * absent while the start has not happened (a profile that waits for 处置中); `stopsAt` is the closure
 * that stands. After a reopening the slots start again: `startsAt` is then the reopening.
 */
export const FollowUpSchedule = z.object({
  startsBy: FollowUpStartsBy,
  startsAt: Instant.optional(),
  stopsAt: Instant.optional(),
  /** China clock times of the slots for this station, at the incident's level now. */
  times: z.array(z.string().max(5)).max(24),
  /** The daily rule (times) and the profile setting that says what starts the slots. */
  rule: z.object({ id: z.string().min(1).max(200), path: z.string().max(300).optional(), source: z.string().min(1).max(500) }),
  start: z.object({ path: z.string().max(300), source: z.string().min(1).max(500) }),
});
export type FollowUpSchedule = z.infer<typeof FollowUpSchedule>;

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
  /**
   * The profile rule behind the due time: its id, its path in the profile file (the most specific of
   * category × subtype × level that names it) and the text it comes from. Rows stored before the path
   * existed have none.
   */
  rule: z.object({ id: z.string().min(1).max(200), path: z.string().max(300).optional(), source: z.string().min(1).max(500) }),
  /** Daily follow-ups only: what started the slots and what stops them. */
  schedule: z
    .object({ startsBy: FollowUpStartsBy, startsAt: Instant, stopsAt: Instant.optional() })
    .optional(),
});
export type Obligation = z.infer<typeof Obligation>;

/** Unmet and not waived: still owed. */
export const isOpen = (o: Obligation): boolean => o.state === 'pending' || o.state === 'overdue';
