import crypto from 'node:crypto';
import type { DomainEvent, EventEnvelope } from '../../shared/events/envelope';
import type { HashFn } from '../../shared/events/hash';
import { ulidFactory } from '../../shared/ids';

/**
 * Random bytes drawn from the system a few kilobytes at a time: an id takes ten whenever the clock
 * has moved on, and each draw of its own cost microseconds (a visible share of a batch's appends).
 */
const randomPool = new Uint8Array(4096);
let randomAt = randomPool.length;
function pooledRandom(bytes: Uint8Array): void {
  if (randomAt + bytes.length > randomPool.length) {
    crypto.randomFillSync(randomPool);
    randomAt = 0;
  }
  bytes.set(randomPool.subarray(randomAt, randomAt + bytes.length));
  randomAt += bytes.length;
}

/** The store's ids (events, and objects its decisions create): ULIDs as shared/ids.ts makes them. */
export const newStoreId = ulidFactory(pooledRandom);

/**
 * Native SHA-256: the same digest as the pure one in shared/, several times faster. The one-shot
 * `crypto.hash` (Node 20.12+) skips building a Hash object per call: every append hashes twice.
 */
export const nodeSha256: HashFn =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** The local chain link: sha256(previous link + this event's hash). The first link starts from ''. */
export const chainLink = (previous: string, eventHash: string): string => nodeSha256(previous + eventHash);

/** An event row as stored: `envelope` is the canonical JSON exactly as hashed (no hash, no hubSeq). */
export interface EventRow {
  pos: number;
  envelope: string;
  hash: string;
  hub_seq: number | null;
}

export function eventFromRow(row: { envelope: string; hash: string; hub_seq: number | null }): DomainEvent {
  const body = JSON.parse(row.envelope) as Omit<EventEnvelope, 'hash' | 'hubSeq'>;
  return { ...body, hubSeq: row.hub_seq, hash: row.hash } as DomainEvent;
}

/**
 * The order every station agrees on: the hub's sequence first, events the hub has not ordered yet
 * after it, then station and station sequence. Projections are the fold of a stream in this order,
 * so they end the same on every station whatever order the events arrived in.
 */
export interface OrderKey {
  hubSeq: number | null;
  station: string;
  stationSeq: number;
}

export function compareOrder(a: OrderKey, b: OrderKey): number {
  if (a.hubSeq !== b.hubSeq) {
    if (a.hubSeq === null) return 1;
    if (b.hubSeq === null) return -1;
    return a.hubSeq - b.hubSeq;
  }
  if (a.station !== b.station) return a.station < b.station ? -1 : 1;
  return a.stationSeq - b.stationSeq;
}
