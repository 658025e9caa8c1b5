import type { DomainEvent, EventEnvelope } from '../shared/events/envelope';
import type { Route } from '../shared/sync/routing';
import type { DomainError } from '../shared/errors';
import type { EventType } from '../shared/events/catalog';
import type { TokenBudgets, TokenLimits } from './rate-limit';

/** How `append` is told where an event goes: its route, or why the hub refuses it (written nowhere). */
export type RouteDecision = Route | { refused: DomainError[] };

/** One event as the hub holds it: the envelope with its hub sequence, and how it is routed. */
export interface StoredEvent {
  event: EventEnvelope;
  route: Route;
}

/** What became of one event handed to `append`. */
export type AppendResult =
  { ok: true; hubSeq: number; duplicate: boolean } | { ok: false; errors: DomainError[] };

export interface AppendOutcome {
  /** One per input event, in input order. */
  results: AppendResult[];
  /** Events newly committed by this call, in hub order (for the live fan-out). */
  committed: StoredEvent[];
}

/**
 * The hub's durable, ordered event log. The single-node default is SQLite; a PostgreSQL store can
 * implement the same interface. `append` must commit durably before it returns: the caller
 * acknowledges only after that.
 */
export interface HubEventStore {
  /**
   * Append already-validated events in one transaction. Idempotent on event id (a duplicate is acked
   * with its existing hub sequence); a station's events must continue its hash chain, else they are
   * rejected (the station's order is the hub's order).
   *
   * `route` is asked for each new event inside the transaction, after the events before it were
   * written, so the lookups below (`writersOf`, `streamEvents`) see them. An event it refuses is not
   * written, and neither are that station's later events in the call (their chain would break).
   */
  append(events: readonly DomainEvent[], route: (e: DomainEvent) => RouteDecision): AppendOutcome;
  /**
   * Jurisdictions with an event of `type` on `stream`, in the order of their first such event (the
   * routing table's "who created this stream").
   */
  writersOf(stream: string, type: EventType): string[];
  /** Every event of `type` on `stream`, in hub order (a report's sends, a warning's recipients). */
  streamEvents(stream: string, type: EventType): EventEnvelope[];
  /**
   * Events after `since` (and at most `through`, default all) that `viewer` may see, other than its own
   * station's, in hub order.
   */
  readSince(
    viewer: { station: string; jurisdiction: string },
    since: number,
    limit: number,
    through?: number,
  ): EventEnvelope[];
  /**
   * Every event visible to `jurisdiction` in (after, through], whichever station wrote it, in hub order
   * (repairs: a station's own events come back too, so a lost acknowledgement is repaired as well).
   */
  readRange(jurisdiction: string, after: number, through: number, limit: number): EventEnvelope[];
  /**
   * Call `each` with the hub sequence and id of every event visible to `jurisdiction` in
   * (after, through], whichever station wrote it, in hub order (anti-entropy digests; reads no bodies).
   */
  forEachVisible(
    jurisdiction: string,
    after: number,
    through: number,
    each: (hubSeq: number, id: string) => void,
  ): void;
  head(): number;
  count(): number;
  /** The last event the hub holds from a station (its chain tail), or null. */
  stationHead(station: string): { stationSeq: number; hash: string } | null;
  /** Every event of one station in hub order (for audits and tests). */
  eventsOfStation(station: string): EventEnvelope[];

  revokeToken(tokenId: string, at: number): void;
  /**
   * Revoke every token of a station issued at or before `at` (milliseconds, compared with the token's
   * issue time to the millisecond: a token issued later, in the same second, is not revoked).
   */
  revokeStation(station: string, at: number): void;
  /**
   * One station per jurisdiction code: claim `jurisdiction` for `station` before a token is issued.
   * Refused (with who holds it) when another station holds the code, or this station holds another.
   */
  claimJurisdiction(
    jurisdiction: string,
    station: string,
    at: number,
  ): { ok: true } | { ok: false; heldBy: { station: string; jurisdiction: string } };
  /** Free a code (the duty room moved to a new station id); its old tokens should be revoked too. */
  releaseJurisdiction(jurisdiction: string): boolean;
  isRevoked(token: { tokenId: string; station: string; issuedAt: number }): boolean;
  /**
   * Present where several hub nodes share this log (PostgreSQL, decision 0021): each node delivers to
   * its own sockets by following the log, not only what it committed itself.
   */
  shared?: SharedHubLog;
  close(): void;
}

/** How a hub node follows a log that other nodes append to as well. */
export interface SharedHubLog {
  /** Committed events after `after`, with their routes, in hub order (no gaps: decision 0021). */
  readCommitted(after: number, limit: number): StoredEvent[];
  /**
   * Call `wake` whenever another node may have committed (LISTEN/NOTIFY, and a slow poll in case a
   * notification was lost while the listening connection was down). Returns a function that stops it.
   */
  subscribe(wake: () => void): () => void;
  /** Rate and connection limits per token kept in the shared database (hub/rate-limit.ts's rules, across nodes). */
  tokenBudgets?(limits: TokenLimits): TokenBudgets;
}
