import type { EventEnvelope } from '../shared/events/envelope';
import { visibleTo } from '../shared/sync/routing';
import type { StoredEvent } from './store';

/**
 * The events a hub node delivered last, in hub order without a gap (decision 0021): a pull that falls
 * within them is answered from memory, as the store's `readSince` would answer it, instead of a database
 * round trip that scans the same range. When a node dies, its stations all pull from about the same
 * cursor on the node they fail over to; on a shared PostgreSQL each of those scans blocked the node for
 * milliseconds, a thousand stations one after another.
 */
export interface RecentLog {
  /** Events just delivered, continuing the window (a gap starts it again from these). */
  add(events: readonly StoredEvent[]): void;
  /**
   * What `HubEventStore.readSince` answers for (after, through], when that range lies within the window;
   * null when it does not (the caller asks the store).
   */
  readSince(
    viewer: { station: string; jurisdiction: string },
    after: number,
    limit: number,
    through: number,
  ): EventEnvelope[] | null;
  /** Hub sequences held, first and last (null when empty), for tests and logs. */
  span(): { first: number; last: number } | null;
}

/** A window of at most `capacity` events (trimmed in steps, so that adding stays cheap). */
export function recentLog(capacity: number): RecentLog {
  let window: StoredEvent[] = [];
  const seqOf = (s: StoredEvent | undefined): number | null => s?.event.hubSeq ?? null;

  return {
    add(events) {
      const first = seqOf(events[0]);
      if (first === null || capacity <= 0) return;
      const last = seqOf(window.at(-1));
      // Only a run that continues the window keeps it: a gap (or a repeat) would make it answer wrongly.
      if (last === null || first !== last + 1) window = [];
      for (const e of events) window.push(e);
      if (window.length > capacity + Math.ceil(capacity / 4)) window = window.slice(window.length - capacity);
    },
    readSince(viewer, after, limit, through) {
      const first = seqOf(window[0]);
      const last = seqOf(window.at(-1));
      if (first === null || last === null || after < first - 1 || through > last) return null;
      const out: EventEnvelope[] = [];
      for (let i = after + 1 - first; i <= through - first && out.length < limit; i += 1) {
        const stored = window[i];
        if (!stored) break;
        if (stored.event.station === viewer.station) continue;
        if (visibleTo(viewer.jurisdiction, stored.route)) out.push(stored.event);
      }
      return out;
    },
    span() {
      const first = seqOf(window[0]);
      const last = seqOf(window.at(-1));
      return first === null || last === null ? null : { first, last };
    },
  };
}
