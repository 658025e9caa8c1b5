// Test support for the hub's routing suites (routing.test.ts, drill-routing.test.ts): stations that seal
// their next event and hand it to a hub store through the routing table, as a station's outbox would.
import { expect } from 'vitest';
import { newId } from '../shared/ids';
import { sealEvents, type DomainEvent, type EventDraft } from '../shared/events/envelope';
import { nodeSha256 } from './server';
import { admitEvent } from './routing';
import type { HubEventStore, RouteDecision } from './store';

export interface Place {
  station: string;
  jurisdiction: string;
}

/**
 * `publish(at, draft)` seals one event as the station at `at`'s next and appends it to `store()` with the
 * routing table deciding; that station's chain moves on only when the event is admitted, and a refused
 * event leaves not a row more. `tailOf` and `routeBy` serve a test that seals and appends a batch itself;
 * `reset()` forgets the chains (a new, empty store).
 */
export function hubPublisher<P extends string>(places: Record<P, Place>, store: () => HubEventStore) {
  const tails = new Map<string, { seq: number; hash: string | null }>();
  const routeBy = (e: DomainEvent): RouteDecision => {
    const a = admitEvent(e, store());
    return a.ok ? a.route : { refused: a.errors };
  };
  function publish(at: P, draft: { type: string; stream: string; payload: unknown }) {
    const { station, jurisdiction } = places[at];
    const tail = tails.get(station) ?? { seq: 0, hash: null };
    const [event] = sealEvents(
      [draft as EventDraft],
      {
        station,
        jurisdiction,
        actor: { id: 'officer-1', role: 'officer' },
        now: '2026-12-07T02:00:00.000Z',
        lastStationSeq: tail.seq,
        lastHash: tail.hash,
        newId: () => newId(),
      },
      nodeSha256,
    );
    if (!event) throw new Error('nothing sealed');
    const before = store().count();
    const outcome = store().append([event], routeBy);
    const result = outcome.results.at(0);
    if (result?.ok) tails.set(station, { seq: event.stationSeq, hash: event.hash });
    else expect(store().count()).toBe(before); // refused: not a row more
    const stored = outcome.committed.at(0);
    return {
      event,
      result,
      stored,
      ok: result?.ok === true,
      errors: result && !result.ok ? result.errors : [],
      route: stored?.route,
    };
  }
  return {
    publish,
    /** The route the table gives an event (or its refusal), for a test that appends a batch itself. */
    routeBy,
    /** A station's chain as far as the store admitted it. */
    tailOf: (station: string) => tails.get(station) ?? { seq: 0, hash: null },
    reset: () => tails.clear(),
  };
}
