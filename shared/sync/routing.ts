import { ancestorsOf, isWithin, type JurisdictionCode } from '../domain/jurisdiction';

/**
 * Who may see an event. Each station belongs to one node of the government tree:
 * - it sees events of its own node and everything below (上下贯通: the upper level watches);
 * - warnings (`warning.*`) also flow downward to every station below the issuing node;
 * - so does a headquarters (`headquarters.*`): members serving at stations below are told through
 *   the hub at their own station, and see the headquarters (their check-ins flow back up as usual);
 * - a report sent upward also reaches the addressed node's stations, and that node's receipt
 *   (`report.received`) goes back to the sending node (`extra`);
 * - a drill's records go no higher than the drill's organiser (`ceiling`, decision 0024): whatever the
 *   rest of the route says, only a viewer at or below the ceiling sees the event.
 */
export interface Route {
  jurisdiction: JurisdictionCode;
  down: boolean;
  extra: JurisdictionCode | null;
  /** The highest node that may see the event (a drill's organiser), or null: no cap. */
  ceiling: JurisdictionCode | null;
}

export const flowsDownward = (type: string): boolean =>
  type.startsWith('warning.') || type.startsWith('headquarters.') || type === 'drill.ended';

export function visibleTo(viewer: JurisdictionCode, route: Route): boolean {
  if (route.ceiling !== null && !isWithin(viewer, route.ceiling)) return false;
  if (isWithin(route.jurisdiction, viewer)) return true;
  if (route.down && isWithin(viewer, route.jurisdiction)) return true;
  return route.extra !== null && route.extra === viewer;
}

/**
 * Room names a station's connection joins, derived from its token only:
 * `node:<own>` receives upward-visible events, `below:<a>` for its node and each ancestor receives
 * warnings issued at that node.
 */
export function roomsOf(jurisdiction: JurisdictionCode): string[] {
  return [`node:${jurisdiction}`, ...[jurisdiction, ...ancestorsOf(jurisdiction)].map((a) => `below:${a}`)];
}

/** The rooms an event is emitted to; a connection in any of them may see it (see `visibleTo`). */
export function roomsFor(route: Route): string[] {
  const under = (code: JurisdictionCode) => route.ceiling === null || isWithin(code, route.ceiling);
  const rooms = [route.jurisdiction, ...ancestorsOf(route.jurisdiction)]
    .filter(under)
    .map((a) => `node:${a}`);
  // `below:<j>` is joined by stations at or below j only: within the ceiling when j is.
  if (route.down && under(route.jurisdiction)) rooms.push(`below:${route.jurisdiction}`);
  if (route.extra !== null && under(route.extra)) rooms.push(`node:${route.extra}`);
  return rooms;
}
