import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';
import { Actor } from '../domain/common';
import { JurisdictionCode } from '../domain/jurisdiction';
import { domainError, fromZodError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { EventType, eventPayloads, type EventPayload } from './catalog';
import { canonicalJson, sha256Hex, type HashFn } from './hash';

export const StationId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected a station id of lower-case letters, digits, _ or -');
export type StationId = z.infer<typeof StationId>;

const STREAM_REF = /^[a-z_]+:[A-Za-z0-9_-]{1,64}$/;

/** "<aggregate>:<id>", e.g. "incident:01JD…". */
export const StreamRef = z.string().regex(STREAM_REF, 'expected "<aggregate>:<id>"');
export type StreamRef = z.infer<typeof StreamRef>;

/** StreamRef's test alone, for the append path's every draft (StreamRef.safeParse names what is wrong). */
export const isStreamRef = (value: unknown): value is StreamRef =>
  typeof value === 'string' && STREAM_REF.test(value);

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest');

/** Largest serialised event accepted anywhere (store, IPC, hub). */
export const MAX_EVENT_BYTES = 64 * 1024;

/**
 * The event envelope. `hash` covers everything but itself and `hubSeq` (which the hub assigns later);
 * `prevHash` is the hash of the same station's previous event, so each station's events form a chain
 * that any replica can verify.
 */
export const EventEnvelope = z.object({
  id: Ulid,
  type: EventType,
  stream: StreamRef,
  payload: z.unknown(),
  actor: Actor,
  station: StationId,
  jurisdiction: JurisdictionCode,
  occurredAt: Instant,
  recordedAt: Instant,
  stationSeq: z.number().int().min(1),
  hubSeq: z.number().int().min(1).nullable(),
  prevHash: Sha256Hex.nullable(),
  hash: Sha256Hex,
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** An envelope whose payload has been checked against its type's schema. */
export type DomainEvent<T extends EventType = EventType> = T extends EventType
  ? Omit<EventEnvelope, 'type' | 'payload'> & { type: T; payload: EventPayload<T> }
  : never;

/** What a decision produces before the station stamps it with sequence, time and hash. */
export type EventDraft<T extends EventType = EventType> = T extends EventType
  ? { type: T; stream: StreamRef; payload: EventPayload<T>; occurredAt?: Instant }
  : never;

/** The fields the hash covers, in canonical form. */
export function hashInput(e: Omit<EventEnvelope, 'hash' | 'hubSeq'>): string {
  // Written in sorted key order, so canonicalJson finds them in order and need not sort.
  return canonicalJson({
    actor: e.actor,
    id: e.id,
    jurisdiction: e.jurisdiction,
    occurredAt: e.occurredAt,
    payload: e.payload,
    prevHash: e.prevHash,
    recordedAt: e.recordedAt,
    station: e.station,
    stationSeq: e.stationSeq,
    stream: e.stream,
    type: e.type,
  });
}

export const computeEventHash = (
  e: Omit<EventEnvelope, 'hash' | 'hubSeq'>,
  hash: HashFn = sha256Hex,
): string => hash(hashInput(e));

/**
 * Parse anything that claims to be an event: envelope, payload for its type, size and hash.
 * Used at every trust boundary (store append, socket, file import).
 */
export function parseEvent(raw: unknown, hash: HashFn = sha256Hex): Result<DomainEvent> {
  let size: number;
  try {
    size = new TextEncoder().encode(JSON.stringify(raw) ?? '').length;
  } catch {
    return fail(domainError('INVALID_FIELD', undefined, 'not serialisable'));
  }
  if (size > MAX_EVENT_BYTES)
    return fail(domainError('MESSAGE_TOO_LARGE', undefined, `${size} > ${MAX_EVENT_BYTES} bytes`));

  if (
    raw &&
    typeof raw === 'object' &&
    'type' in raw &&
    typeof raw.type === 'string' &&
    !(raw.type in eventPayloads)
  ) {
    return fail(domainError('UNKNOWN_EVENT_TYPE', 'type', raw.type));
  }
  const envelope = EventEnvelope.safeParse(raw);
  if (!envelope.success) return fail(...fromZodError(envelope.error));
  const e = envelope.data;
  const errors: DomainError[] = [];
  if (!e.stream.startsWith(`${e.type.slice(0, e.type.indexOf('.'))}:`)) {
    errors.push(domainError('INVALID_FIELD', 'stream', `stream ${e.stream} does not belong to ${e.type}`));
  }
  const payload = eventPayloads[e.type].safeParse(e.payload);
  if (!payload.success) errors.push(...fromZodError(payload.error, 'payload'));
  if (errors.length > 0 || !payload.success) return fail(...errors);
  // The log keeps exactly the bytes that were hashed, so a payload must already be in its parsed form
  // (defaults filled, text trimmed) when it is sealed.
  if (canonicalJson(payload.data) !== canonicalJson(e.payload)) {
    return fail(domainError('INVALID_FIELD', 'payload', 'payload is not in normalised form'));
  }
  if (computeEventHash(e, hash) !== e.hash) return fail(domainError('HASH_MISMATCH', 'hash', e.id));
  return ok({ ...e, payload: payload.data } as DomainEvent);
}

/** The members an actor's canonical text may be kept for, one bit each (see actorJson). */
const ACTOR_MEMBERS: Readonly<Record<string, number>> = { id: 1, name: 2, role: 4 };

/** The last actor text written, with the members it was written from. */
let keptActor: { members: number; id: unknown; name: unknown; role: unknown; text: string } | undefined;

/**
 * canonicalJson(actor), kept for the next call while the actor is the same. A batch of commands seals
 * each command's events with one actor, and its text was written again for every command. Kept only
 * for an actor whose own keys are among id, name and role with string values (what Actor.parse gives):
 * then those values alone decide the text, so an equal actor — the same object or not, changed in
 * between or not — gets exactly the text canonicalJson would write. Anything else is written afresh.
 */
function actorJson(actor: Actor): string {
  const given: Readonly<Record<string, unknown>> = actor;
  let members = 0;
  for (const key in given) {
    const bit = Object.hasOwn(ACTOR_MEMBERS, key) ? ACTOR_MEMBERS[key] : undefined;
    const value = given[key];
    if (bit === undefined || !Object.hasOwn(given, key) || (typeof value !== 'string' && value !== undefined))
      return canonicalJson(actor);
    members |= bit;
  }
  const kept = keptActor;
  if (
    kept !== undefined &&
    kept.members === members &&
    kept.id === given.id &&
    kept.name === given.name &&
    kept.role === given.role
  )
    return kept.text;
  const text = canonicalJson(actor);
  keptActor = { members, id: given.id, name: given.name, role: given.role, text };
  return text;
}

/** Stamp drafts as the next events of a station's chain. Pure: the caller supplies ids, clock and tail. */
export function sealEvents(
  drafts: readonly EventDraft[],
  ctx: {
    station: StationId;
    jurisdiction: JurisdictionCode;
    actor: Actor;
    now: Instant;
    lastStationSeq: number;
    lastHash: string | null;
    newId: () => string;
  },
  hash: HashFn = sha256Hex,
): DomainEvent[] {
  let seq = ctx.lastStationSeq;
  let prev = ctx.lastHash;
  // Every event of the batch shares its actor, station, jurisdiction and time: their canonical text
  // is written once, and each event's text is put together around its own fields (see envelopeText).
  let shared: Parameters<typeof envelopeText>[1] | undefined;
  return drafts.map((d) => {
    seq += 1;
    shared ??= {
      actor: actorJson(ctx.actor),
      jurisdiction: canonicalJson(ctx.jurisdiction),
      now: canonicalJson(ctx.now),
      station: canonicalJson(ctx.station),
    };
    // Exactly the fields hashInput picks, in sorted key order.
    const body: Record<string, unknown> = {
      actor: ctx.actor,
      id: ctx.newId(),
      jurisdiction: ctx.jurisdiction,
      occurredAt: d.occurredAt ?? ctx.now,
      payload: d.payload,
      prevHash: prev,
      recordedAt: ctx.now,
      station: ctx.station,
      stationSeq: seq,
      stream: d.stream,
      type: d.type,
    };
    const h = hash(envelopeText(body, shared));
    prev = h;
    body.hubSeq = null;
    body.hash = h;
    return body as DomainEvent;
  });
}

/**
 * canonicalJson(body) for a body as sealEvents builds it, from the batch's shared members already
 * written as canonical text. Members of unexpected shape (not a string where one belongs, a missing
 * payload) take the general path, so the text is always exactly canonicalJson(body).
 */
function envelopeText(
  body: Record<string, unknown>,
  shared: { actor: string; jurisdiction: string; now: string; station: string },
): string {
  const { id, occurredAt, payload, prevHash, recordedAt, stationSeq, stream, type } = body;
  if (
    typeof id !== 'string' ||
    typeof occurredAt !== 'string' ||
    payload === undefined ||
    (prevHash !== null && typeof prevHash !== 'string') ||
    typeof stationSeq !== 'number' ||
    !Number.isFinite(stationSeq) ||
    typeof stream !== 'string' ||
    typeof type !== 'string' ||
    body.recordedAt === undefined ||
    body.actor === undefined ||
    body.jurisdiction === undefined ||
    body.station === undefined
  )
    return canonicalJson(body);
  return (
    `{"actor":${shared.actor},"id":${JSON.stringify(id)},"jurisdiction":${shared.jurisdiction}` +
    `,"occurredAt":${occurredAt === recordedAt ? shared.now : JSON.stringify(occurredAt)}` +
    `,"payload":${canonicalJson(payload)},"prevHash":${prevHash === null ? 'null' : JSON.stringify(prevHash)}` +
    `,"recordedAt":${shared.now},"station":${shared.station},"stationSeq":${stationSeq}` +
    `,"stream":${JSON.stringify(stream)},"type":${JSON.stringify(type)}}`
  );
}
