import { z } from 'zod';
import type { DomainError } from '../errors';
import type { EventEnvelope } from '../events/envelope';

/**
 * The wire protocol between a station and the hub (socket.io, typed on both sides).
 * A station publishes its own events and pulls what it may see; the hub pushes live events once a
 * station has caught up. Every request is parsed with the schemas below before anything else.
 */

/** Most events one publish may carry; the client also keeps a batch under MAX_PUBLISH_BYTES. */
export const MAX_PUBLISH_EVENTS = 200;
export const MAX_PUBLISH_BYTES = 512 * 1024;
/** socket.io refuses (and disconnects) any single frame above this. */
export const MAX_FRAME_BYTES = 1024 * 1024;
export const MAX_PULL_EVENTS = 1000;
/** A pull reply is cut at about this many bytes (the rest follows on the next page). */
export const MAX_PULL_BYTES = 512 * 1024;

/** The hub's receipt for one event: the order it gave it. A duplicate gets its existing order back. */
export const HubAck = z.object({ id: z.string(), hubSeq: z.number().int().min(1) });
export type HubAck = z.infer<typeof HubAck>;

export const PublishRequest = z.array(z.unknown()).min(1).max(MAX_PUBLISH_EVENTS);

export interface RejectedEvent {
  index: number;
  id?: string;
  errors: DomainError[];
}

export type PublishReply =
  | { ok: true; acks: HubAck[]; rejected: RejectedEvent[] }
  | { ok: false; errors: DomainError[] };

export const PullRequest = z.strictObject({
  since: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_PULL_EVENTS).default(500),
});
export type PullRequest = z.input<typeof PullRequest>;

export type PullReply =
  | {
      ok: true;
      events: EventEnvelope[];
      /** Highest hub sequence the hub holds at the time of the reply. */
      head: number;
      /** True while more visible events wait past the last one returned. */
      more: boolean;
      /** Set on the last page: from here on the hub pushes new events live on this connection. */
      live: boolean;
    }
  | { ok: false; errors: DomainError[] };

/** Live push: events in hub order, each with its hubSeq set. */
export interface LiveBatch {
  events: EventEnvelope[];
}

export interface ClientToServerEvents {
  publish: (events: unknown, reply: (r: PublishReply) => void) => void;
  pull: (request: unknown, reply: (r: PullReply) => void) => void;
}

export interface ServerToClientEvents {
  events: (batch: LiveBatch) => void;
  /** Sent once before the hub closes a connection, e.g. when its token is revoked or expired. */
  refused: (errors: DomainError[]) => void;
}

/** What the hub knows about a connected station: only what its token says. */
export interface StationPrincipal {
  station: string;
  jurisdiction: string;
  tokenId: string;
  issuedAt: number;
  expiresAt: number;
}
