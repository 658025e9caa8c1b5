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

type Viewer = { station: string; jurisdiction: string };

export interface DigestOptions {
  /** Most hub sequences scanned afresh for one message; the ranges past it answer null (ask again). */
  scanBudget?: number;
  /** Most cached blocks kept, all stations together; the least recently asking station's go first. */
  maxCachedBlocks?: number;
}

/**
 * Anti-entropy digests of what each station may see (shared/sync/digest.ts). A block of DIGEST_BUCKET
 * hub sequences below the head never changes, so its digest is cached per station once computed;
 * a station's periodic check of its whole range then costs one lookup per block. Fresh scanning is
 * bounded per message, so a station's first check against a large log never stalls the hub's loop.
 */
export function hubDigests(store: Pick<HubEventStore, 'forEachVisible'>, options: DigestOptions = {}) {
  const scanBudget = options.scanBudget ?? 16 * DIGEST_BUCKET;
  const maxBlocks = options.maxCachedBlocks ?? 200_000;
  /** Per station (insertion order = least recently used first): block index → digest. */
  const cache = new Map<string, Map<number, Digest>>();
  let cached = 0;

  const scan = (viewer: Viewer, after: number, through: number): Digest => {
    const d = emptyDigest();
    store.forEachVisible(viewer, after, through, (seq, id) => addToDigest(d, seq, id));
    return d;
  };

  const blocksOf = (viewer: Viewer): Map<number, Digest> => {
    const key = `${viewer.station}\u0000${viewer.jurisdiction}`;
    let blocks = cache.get(key);
    if (blocks) cache.delete(key);
    else blocks = new Map();
    cache.set(key, blocks);
    return blocks;
  };

  const evict = () => {
    for (const [key, blocks] of cache) {
      if (cached <= maxBlocks) return;
      cached -= blocks.size;
      cache.delete(key);
    }
  };

  return {
    /**
     * One digest per range (after, through], `through` null meaning `head`; a range is cut at `head`.
     * Null for the ranges that would have scanned past this message's budget.
     */
    digests(
      viewer: Viewer,
      ranges: ReadonlyArray<readonly [number, number | null]>,
      head: number,
    ): Array<WireDigest | null> {
      const blocks = blocksOf(viewer);
      let budget = scanBudget;
      const out = ranges.map(([after, through]) => {
        const end = Math.min(through ?? head, head);
        const total = emptyDigest();
        for (const piece of bucketPieces(after, end, DIGEST_BUCKET)) {
          const known = piece.bucket === null ? undefined : blocks.get(piece.bucket);
          if (known) {
            mergeDigest(total, known);
            continue;
          }
          const span = piece.through - piece.after;
          if (span > budget) return null;
          budget -= span;
          const d = scan(viewer, piece.after, piece.through);
          // Blocks are whole, so below the head: fixed from now on.
          if (piece.bucket !== null) {
            blocks.set(piece.bucket, { ...d });
            cached += 1;
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
