import { z } from 'zod';
import type { DomainError } from '../errors';
import type { EventEnvelope } from '../events/envelope';
import { JurisdictionCode } from '../domain/jurisdiction';
import { Instant } from '../time';

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
  | {
      ok: true;
      acks: HubAck[];
      rejected: RejectedEvent[];
      /** The hub's signature over the station's chain head as it stands after this commit (decision 0015). */
      anchor?: Anchor;
    }
  | { ok: false; errors: DomainError[] };

export const PullRequest = z.strictObject({
  since: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_PULL_EVENTS).default(500),
});
export type PullRequest = z.input<typeof PullRequest>;

/** Who the hub takes a connection to be: from its token, never from a message. */
export const Viewer = z.object({ station: z.string().min(1).max(64), jurisdiction: JurisdictionCode });
export type Viewer = z.infer<typeof Viewer>;

const ErrorsReply = z.object({ ok: z.literal(false), errors: z.array(z.unknown()) });
const HubSeq = z.number().int().min(0);

/**
 * A pull page covers every event visible to the station in (since, through], where `through` is the last
 * event's sequence while `more`, else `head`: that is what lets the station move its cursor over it.
 */
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
      /** Whom the hub serves on this connection (from the token). */
      viewer?: Viewer;
    }
  | { ok: false; errors: DomainError[] };

/** The station's check of a pull reply before it ingests anything (the events are checked one by one after). */
export const PullReplyMessage = z.union([
  z.object({
    ok: z.literal(true),
    events: z.array(z.unknown()).max(MAX_PULL_EVENTS),
    head: HubSeq,
    more: z.boolean(),
    live: z.boolean(),
    viewer: Viewer.optional(),
  }),
  ErrorsReply,
]);

/**
 * Before a live batch, for one jurisdiction: the last hub sequence visible there, the station that
 * wrote it, and the last one visible there written by any other station. A station expects
 * `by === itself ? beforeBy : last` to be its cursor (its own events never come back to it); when it
 * is not, something between was lost and it pulls from its cursor.
 */
export const VisiblePrev = z.tuple([HubSeq, z.string().max(64), HubSeq]);
export type VisiblePrev = z.infer<typeof VisiblePrev>;

/** The previous visible sequence a station of `viewer` should hold before a batch tagged with `prev`. */
export function expectedBefore(prev: Readonly<Record<string, VisiblePrev>> | undefined, viewer: Viewer): number | null {
  const p = prev?.[viewer.jurisdiction];
  if (!p) return null;
  return p[1] === viewer.station ? p[2] : p[0];
}

/** Live push: events in hub order, each with its hubSeq set, and what came before them per audience. */
export interface LiveBatch {
  events: EventEnvelope[];
  /** Per jurisdiction of the batch's audience with a live station (absent when the hub runs without checks). */
  prev?: Record<string, VisiblePrev>;
}

export const LiveBatchMessage = z.object({
  events: z.array(z.unknown()).max(MAX_PULL_EVENTS * 10),
  prev: z.record(z.string().max(12), VisiblePrev).optional(),
});

/** Hub sequences per cached block of a digest, and how far the station splits a range that differs. */
export const DIGEST_BUCKET = 1024;
export const MAX_DIGEST_RANGES = 64;
export const DIGEST_FANOUT = 16;
/** A differing range this small is fetched whole rather than split again. */
export const DIGEST_LEAF = 256;

/**
 * Anti-entropy: the digest (count and hash, shared/sync/digest.ts) of every event visible to the asking
 * station's jurisdiction (from its token) in each range (after, through], its own events included;
 * `through: null` means up to the hub's head (in `head`).
 */
export const DigestRequest = z.strictObject({
  ranges: z
    .array(
      z
        .tuple([HubSeq, HubSeq.nullable()])
        .refine(([after, through]) => through === null || through > after, 'a range ends after it starts'),
    )
    .min(1)
    .max(MAX_DIGEST_RANGES),
});
export type DigestRequest = z.input<typeof DigestRequest>;

export const WireDigestSchema = z.object({ n: z.number().int().min(0), x: z.string().regex(/^[0-9a-f]{16}$/) });

export type DigestReply =
  | {
      ok: true;
      head: number;
      /** One per range; null where the hub had done enough work for this message: ask again. */
      digests: Array<z.infer<typeof WireDigestSchema> | null>;
    }
  | { ok: false; errors: DomainError[] };

export const DigestReplyMessage = z.union([
  z.object({ ok: z.literal(true), head: HubSeq, digests: z.array(WireDigestSchema.nullable()).max(MAX_DIGEST_RANGES) }),
  ErrorsReply,
]);

/**
 * Repair: the events visible to the station's jurisdiction in (after, through], its own included (a
 * lost acknowledgement is repaired with them), a page at a time. Never changes what is live.
 */
export const PullRangeRequest = z.strictObject({
  after: HubSeq,
  through: z.number().int().min(1),
  limit: z.number().int().min(1).max(MAX_PULL_EVENTS).default(500),
}).refine((r) => r.through > r.after, 'a range ends after it starts');
export type PullRangeRequest = z.input<typeof PullRangeRequest>;

export type PullRangeReply =
  | { ok: true; events: EventEnvelope[]; more: boolean }
  | { ok: false; errors: DomainError[] };

export const PullRangeReplyMessage = z.union([
  z.object({ ok: z.literal(true), events: z.array(z.unknown()).max(MAX_PULL_EVENTS), more: z.boolean() }),
  ErrorsReply,
]);

/*
 * Anchors (decision 0015): the hub signs a station's chain head — the station sequence and event hash
 * of the newest event it holds from that station — with a public-key signature the station checks
 * offline. The algorithm is named in every anchor and key, so a site bound to 国密 (SM2/SM3) can add
 * its own signer and verifier under another name without changing the format.
 */

/** Signature algorithms an anchor may name (the verifier is chosen by this name). */
export const AnchorAlg = z.enum(['Ed25519']);
export type AnchorAlg = z.infer<typeof AnchorAlg>;

const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');

/** The hub's public key for anchors: SPKI DER in base64url, and its id (sha256 of the DER, first 32 hex). */
export const AnchorPublicKey = z.strictObject({
  alg: AnchorAlg,
  key: Base64Url.max(2048),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
});
export type AnchorPublicKey = z.infer<typeof AnchorPublicKey>;

/** A signed chain head: this hub held `station`'s events up to `seq`, the last one hashing to `head`, at `hubTime`. */
export const Anchor = z.strictObject({
  station: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  hubTime: Instant,
  alg: AnchorAlg,
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  signature: Base64Url.max(1024),
});
export type Anchor = z.infer<typeof Anchor>;

/** The exact bytes (as UTF-8 text) an anchor's signature covers: every field but the signature, in fixed order. */
export function anchorSigningText(a: Omit<Anchor, 'signature'>): string {
  return ['duty-room-anchor/1', a.station, String(a.seq), a.head, a.hubTime, a.alg, a.keyId].join('\n');
}

/** Ask the hub for a fresh anchor of the asking station's head (the station comes from the token). */
export const AnchorRequest = z.strictObject({});

export type AnchorReply =
  | {
      ok: true;
      /** Null when the hub holds no event of this station yet. */
      anchor: Anchor | null;
      publicKey: AnchorPublicKey;
    }
  | { ok: false; errors: DomainError[] };

export const AnchorReplyMessage = z.union([
  z.object({ ok: z.literal(true), anchor: Anchor.nullable(), publicKey: AnchorPublicKey }),
  ErrorsReply,
]);

export interface ClientToServerEvents {
  publish: (events: unknown, reply: (r: PublishReply) => void) => void;
  anchor: (request: unknown, reply: (r: AnchorReply) => void) => void;
  pull: (request: unknown, reply: (r: PullReply) => void) => void;
  digest: (request: unknown, reply: (r: DigestReply) => void) => void;
  pullRange: (request: unknown, reply: (r: PullRangeReply) => void) => void;
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
