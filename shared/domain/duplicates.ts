import type { Incident, IncidentFacts } from './incident';
import { HOUR, toMs } from '../time';

/** How close in time two calls must be to be offered as the same incident (issue 5: within an hour). */
export const DUPLICATE_WINDOW_MS = HOUR;

export interface DuplicateCandidate {
  incident: Incident;
  /** Between the two calls' received-at (or occurred-at, whichever is closer). */
  gapMs: number;
}

/**
 * Incidents a new call likely repeats: not closed, same category, same administrative area (the
 * same code, or one area inside the other: a township call about an incident filed for its village),
 * received or occurred within the window of the new call. Nearest in time first. An empty area code
 * matches nothing: without a place there is no telling.
 */
export function likelyDuplicates(
  call: Pick<IncidentFacts, 'category' | 'location' | 'receivedAt' | 'occurredAt'>,
  incidents: readonly Incident[],
  windowMs: number = DUPLICATE_WINDOW_MS,
): DuplicateCandidate[] {
  const area = call.location.areaCode;
  if (!area) return [];
  const received = toMs(call.receivedAt);
  const occurred = toMs(call.occurredAt);
  const sameArea = (other: string) => other !== '' && (other.startsWith(area) || area.startsWith(other));
  return incidents
    .filter(
      (i) =>
        i.status !== 'closed' && i.facts.category === call.category && sameArea(i.facts.location.areaCode),
    )
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
