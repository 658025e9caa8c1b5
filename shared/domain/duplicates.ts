import type { Incident, IncidentFacts } from './incident';
import { HOUR, toMs } from '../time';
import { greatCircleKm } from '../dispatch/geo';

/** How close in time two calls must be to be offered as the same incident (issue 5: within an hour). */
export const DUPLICATE_WINDOW_MS = HOUR;
/** Two calls placed further apart than this are two events, even in the same area. */
export const DUPLICATE_DISTANCE_KM = 1;

export interface DuplicateCandidate {
  incident: Incident;
  /** Between the two calls' received-at (or occurred-at, whichever is closer). */
  gapMs: number;
}

/**
 * Incidents a new call likely repeats: not closed, same category, same administrative area (the same
 * area code; where both calls have coordinates, also within a kilometre of each other), received or
 * occurred within the window of the new call. Nearest in time first. An empty area code matches
 * nothing: without a place there is no telling.
 */
export function likelyDuplicates(
  call: Pick<IncidentFacts, 'category' | 'location' | 'receivedAt' | 'occurredAt'>,
  incidents: readonly Incident[],
  windowMs: number = DUPLICATE_WINDOW_MS,
): DuplicateCandidate[] {
  const { areaCode, point } = call.location;
  if (!areaCode) return [];
  const received = toMs(call.receivedAt);
  const occurred = toMs(call.occurredAt);
  const samePlace = (other: Incident['facts']['location']) =>
    other.areaCode === areaCode &&
    (!point || !other.point || greatCircleKm(point, other.point) <= DUPLICATE_DISTANCE_KM);
  return incidents
    .filter((i) => i.status !== 'closed' && i.facts.category === call.category && samePlace(i.facts.location))
    .map((incident) => ({
      incident,
      gapMs: Math.min(
        Math.abs(toMs(incident.facts.receivedAt) - received),
        Math.abs(toMs(incident.facts.occurredAt) - occurred),
      ),
    }))
    .filter((c) => c.gapMs <= windowMs)
    .sort((a, b) => a.gapMs - b.gapMs || a.incident.id.localeCompare(b.incident.id));
}
