/**
 * What a station should hold, summed up so that the station and the hub can compare it without
 * sending it: for a range of hub sequences, the number of events visible to the station's
 * jurisdiction (its own included, with the hub sequence they were acknowledged with) and a 64-bit XOR
 * of a hash of each one's `hubSeq:id`. XOR makes the sum independent of order and cheap to combine
 * from smaller ranges (the hub caches per block of DIGEST_BUCKET sequences, per jurisdiction, so the
 * stations of one jurisdiction share the work). It finds accidental holes, not forgeries: the hub is
 * trusted, and each event is still checked against its own hash when ingested.
 */

/** A range's count and hash, as held in memory. */
export interface Digest {
  n: number;
  /** High and low 32 bits of the XOR, as unsigned integers. */
  hi: number;
  lo: number;
}

/** On the wire: `{n, x}` with `x` the 64-bit XOR in 16 hex digits. */
export interface WireDigest {
  n: number;
  x: string;
}

export const emptyDigest = (): Digest => ({ n: 0, hi: 0, lo: 0 });

/** 64 bits of hash of one held event (a cyrb53-style mix: fast, pure, the same on both sides). */
function elementHash(hubSeq: number, id: string): [number, number] {
  const text = `${hubSeq}:${id}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** Add one event to a digest (in place). */
export function addToDigest(d: Digest, hubSeq: number, id: string): Digest {
  const [a, b] = elementHash(hubSeq, id);
  d.n += 1;
  d.hi = (d.hi ^ a) >>> 0;
  d.lo = (d.lo ^ b) >>> 0;
  return d;
}

/** Fold `part` (a disjoint range) into `into` (in place). */
export function mergeDigest(into: Digest, part: Digest): Digest {
  into.n += part.n;
  into.hi = (into.hi ^ part.hi) >>> 0;
  into.lo = (into.lo ^ part.lo) >>> 0;
  return into;
}

export const toWireDigest = (d: Digest): WireDigest => ({
  n: d.n,
  x: d.hi.toString(16).padStart(8, '0') + d.lo.toString(16).padStart(8, '0'),
});

export const sameDigest = (a: WireDigest, b: WireDigest): boolean => a.n === b.n && a.x === b.x;

/**
 * A range (after, through] as whole blocks of `bucket` sequences and the partial pieces at either end:
 * the blocks can be cached once the hub's head has passed their end (hub sequences never change).
 */
export function bucketPieces(
  after: number,
  through: number,
  bucket: number,
): Array<{ after: number; through: number; bucket: number | null }> {
  if (through <= after) return [];
  const first = Math.ceil(after / bucket);
  const end = Math.floor(through / bucket);
  if (first >= end) return [{ after, through, bucket: null }];
  const pieces: Array<{ after: number; through: number; bucket: number | null }> = [];
  if (after < first * bucket) pieces.push({ after, through: first * bucket, bucket: null });
  for (let k = first; k < end; k += 1)
    pieces.push({ after: k * bucket, through: (k + 1) * bucket, bucket: k });
  if (end * bucket < through) pieces.push({ after: end * bucket, through, bucket: null });
  return pieces;
}

/**
 * The Merkle-style split of a range that differs: at most `fanout` (+1) sub-ranges on boundaries at
 * multiples of a power of two, so that large pieces line up with the cached blocks.
 */
export function splitRange(after: number, through: number, fanout: number): Array<[number, number]> {
  const size = through - after;
  let step = 1;
  while (step * fanout < size) step *= 2;
  const out: Array<[number, number]> = [];
  let from = after;
  while (from < through) {
    const to = Math.min(through, (Math.floor(from / step) + 1) * step);
    out.push([from, to]);
    from = to;
  }
  return out;
}
