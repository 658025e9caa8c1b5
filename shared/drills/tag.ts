import { z } from 'zod';
import { Ulid } from '../ids';
import { JurisdictionCode } from '../domain/jurisdiction';

/**
 * What an incident created from a drill's inject carries (issue 22), and everything done about it
 * inherits through the incident: its reports, dispatches and headquarters. Kept apart from
 * scenario.ts so the incident's own schema can name it without a cycle.
 */
export const DrillTag = z.object({
  drillId: Ulid,
  injectKey: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'expected a key of lower-case letters, digits and _'),
  /** The organiser's jurisdiction: nothing about the drill goes higher. */
  organiser: JurisdictionCode,
});
export type DrillTag = z.infer<typeof DrillTag>;
