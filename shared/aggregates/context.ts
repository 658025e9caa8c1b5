import type { Actor } from '../domain/common';
import type { JurisdictionCode } from '../domain/jurisdiction';
import type { Instant } from '../time';

/** What a decision may know about the world beyond its aggregate: the clock and the station. */
export interface DecideContext {
  now: Instant;
  actor: Actor;
  /** The deciding station's jurisdiction. */
  jurisdiction: JurisdictionCode;
  /** The deciding station's id, for what belongs to the station itself (its wall display settings). */
  station?: string;
  newId: () => string;
}
