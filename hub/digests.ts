import {
  addToDigest,
  bucketPieces,
  emptyDigest,
  mergeDigest,
  toWireDigest,
  type Digest,
  type WireDigest,
} from '../shared/sync/digest';
import { DIGEST_BUCKET } from '../shared/sync/protocol';
import type { HubEventStore } from './store';

export interface DigestOptions {
  /** Most hub sequences scanned afresh for one message; the ranges past it answer null (ask again). */
  scanBudget?: number;
  /** Most cached blocks kept, all jurisdictions together; the least recently asked-for go first. */
  maxCachedBlocks?: number;
}

/** What is known of one jurisdiction: whole blocks, and the block the head is in, summed so far. */
interface Known {
  blocks: Map<number, Digest>;
  open: { block: number; through: number; digest: Digest } | null;
}

/**
 * Anti-entropy digests of what a jurisdiction may see (shared/sync/digest.ts), every station's events
 * included. A block of DIGEST_BUCKET hub sequences below the head never changes, so its digest is
 * cached once per jurisdiction; the block the head is in is kept summed up to where it was last asked
 * for and extended from there. A station's periodic check of its whole range then costs one lookup per
 * block plus the events committed since the last check of any station of its jurisdiction. Fresh
 * scanning is bounded per message, so a first check against a large log never stalls the hub's loop.
 */
export function hubDigests(store: Pick<HubEventStore, 'forEachVisible'>, options: DigestOptions = {}) {
  const scanBudget = options.scanBudget ?? 16 * DIGEST_BUCKET;
  const maxBlocks = options.maxCachedBlocks ?? 200_000;
  /** Per jurisdiction, least recently asked for first. */
  const cache = new Map<string, Known>();
  let cached = 0;

  const scanInto = (d: Digest, jurisdiction: string, after: number, through: number): Digest => {
    store.forEachVisible(jurisdiction, after, through, (seq, id) => addToDigest(d, seq, id));
    return d;
  };

  const knownOf = (jurisdiction: string): Known => {
    let known = cache.get(jurisdiction);
    if (known) cache.delete(jurisdiction);
    else known = { blocks: new Map(), open: null };
    cache.set(jurisdiction, known);
    return known;
  };

  const evict = () => {
    for (const [jurisdiction, known] of cache) {
      if (cached <= maxBlocks) return;
      cached -= known.blocks.size;
      cache.delete(jurisdiction);
    }
  };

  return {
    /**
     * One digest per range (after, through], `through` null meaning `head`; a range is cut at `head`.
     * Null for the ranges that would have scanned past this message's budget.
     */
    digests(
      jurisdiction: string,
      ranges: ReadonlyArray<readonly [number, number | null]>,
      head: number,
    ): Array<WireDigest | null> {
      const known = knownOf(jurisdiction);
      let budget = scanBudget;
      const out = ranges.map(([after, through]) => {
        const end = Math.min(through ?? head, head);
        const total = emptyDigest();
        for (const piece of bucketPieces(after, end, DIGEST_BUCKET)) {
          const whole = piece.bucket === null ? undefined : known.blocks.get(piece.bucket);
          if (whole) {
            mergeDigest(total, whole);
            continue;
          }
          const block = Math.floor(piece.after / DIGEST_BUCKET);
          const open = known.open;
          // The block the head is in, from its start: extend what was summed at the last check.
          const extend =
            open !== null &&
            open.block === block &&
            piece.after === block * DIGEST_BUCKET &&
            open.through <= piece.through;
          const from = extend ? open.through : piece.after;
          const span = piece.through - from;
          if (span > budget) return null;
          budget -= span;
          const start = extend ? { ...open.digest } : emptyDigest();
          const d = from < piece.through ? scanInto(start, jurisdiction, from, piece.through) : start;
          if (piece.bucket !== null) {
            // A whole block lies below the head: fixed from now on.
            known.blocks.set(piece.bucket, { ...d });
            cached += 1;
            if (open?.block === piece.bucket) known.open = null;
          } else if (
            piece.after === block * DIGEST_BUCKET &&
            (!open || block > open.block || (block === open.block && piece.through >= open.through))
          ) {
            known.open = { block, through: piece.through, digest: { ...d } };
          }
          mergeDigest(total, d);
        }
        return toWireDigest(total);
      });
      evict();
      return out;
    },
    cachedBlocks: () => cached,
  };
}
