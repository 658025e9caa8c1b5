// What a station should hold, from the hub's log and the routing rules, and what it does hold: the
// comparison by event id that the sync-repair fault tests end with.
import type { Hub } from '../../hub/server';
import type { HubEventStore } from '../../hub/store';
import type { IncidentFacts } from '../../shared/domain/incident';
import { newId } from '../../shared/ids';
import type { EventDraft } from '../../shared/events/envelope';
import { flowsDownward, visibleTo } from '../../shared/sync/routing';
import type { StationStore } from '../../station/store/index';
import { stationChain } from './helpers';

/** Every event the hub holds, in hub order (all lie under the province "50" in these tests). */
export function hubLog(hub: HubEventStore) {
  return hub.readSince({ station: '-', jurisdiction: '50' }, 0, 10_000_000);
}

/** The ids a station should hold: its own events and every event visible to its jurisdiction. */
export function shouldHold(
  hub: HubEventStore,
  station: { stationId: string; jurisdiction: string },
): Set<string> {
  return new Set(
    hubLog(hub)
      .filter(
        (e) =>
          e.station === station.stationId ||
          visibleTo(station.jurisdiction, {
            jurisdiction: e.jurisdiction,
            down: flowsDownward(e.type),
            extra: null,
            ceiling: null,
          }),
      )
      .map((e) => e.id),
  );
}

export function heldIds(store: StationStore): Set<string> {
  return new Set(store.eventsSince(0, 10_000_000).map((l) => l.event.id));
}

/** What differs, for a failure message: ids missing at the station and ids it holds that it should not. */
export function difference(should: Set<string>, held: Set<string>) {
  return {
    missing: [...should].filter((id) => !held.has(id)),
    extra: [...held].filter((id) => !should.has(id)),
  };
}

export const officer = { id: 'officer-1', name: '值班员甲', role: 'officer' } as const;

export const facts = (title: string, areaCode: string): IncidentFacts => ({
  title,
  category: 'natural_disaster',
  subtype: 'landslide',
  level: 'IV',
  location: { areaCode, address: '某村三组', point: { lon: 106.9, lat: 28.9 } },
  occurredAt: '2026-11-25T01:40:00.000Z',
  receivedAt: '2026-11-25T01:52:00.000Z',
  source: 'phone',
  casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
  affectedPeople: 3,
  description: '村民报告后山滑坡。',
});

/** A duty room's command: register an incident (its events come from the station's one write path). */
export const registerIncident = (title: string, areaCode: string) => ({
  id: newId(),
  type: 'incident.register' as const,
  payload: { incidentId: newId(), facts: facts(title, areaCode) },
});

/**
 * A township duty room reporting straight to the hub (in-process, through the hub's ingest path): its
 * incidents are what the district and the city above it must end up holding.
 */
export function townshipFeed(hub: Hub, station: string, jurisdiction: string) {
  const chain = stationChain(station, jurisdiction);
  let n = 0;
  const principal = {
    station,
    jurisdiction,
    tokenId: `${station}-feed`,
    issuedAt: 0,
    expiresAt: Date.now() + 3_600_000,
  };
  return {
    /** Publish `count` new incidents; returns their hub sequences. */
    publish(count: number): number[] {
      const events = chain.next(count, (): EventDraft => ({
        type: 'incident.registered',
        stream: `incident:${newId()}`,
        payload: { facts: facts(`${station} 第${(n += 1)}起`, jurisdiction) },
      }));
      const reply = hub.ingest(events, principal);
      if (!reply.ok || reply.rejected.length > 0) throw new Error(`the hub refused ${station}'s events`);
      return reply.acks.map((a) => a.hubSeq);
    },
  };
}
