import { z } from 'zod';
import { ObjectId } from '../ids';
import { PhoneNumber, ShortText } from '../domain/common';
import { isWithin, JurisdictionCode, parentOf } from '../domain/jurisdiction';
import type { IssuedRecipient } from './events';

/**
 * Someone a warning may be sent to: the duty room or the responsible official of a node, or a grid
 * person in charge (网格责任人) of a village/community grid. Phones stay in this directory and never
 * enter the warning's events.
 */
export const WarningContact = z.object({
  id: ObjectId,
  name: ShortText,
  jurisdiction: JurisdictionCode,
  kind: z.enum(['duty_room', 'official', 'grid_person']),
  /** Who is told when this contact does not answer; by default the duty room of the node above. */
  superiorId: ObjectId.optional(),
  phones: z.array(PhoneNumber).max(5).default([]),
});
export type WarningContact = z.infer<typeof WarningContact>;

const depth: Record<number, number> = { 2: 0, 4: 1, 6: 2, 9: 3, 12: 4 };

/** Levels between the issuer and a node below it: 1 for the next level down. */
export const tierBelow = (issuer: JurisdictionCode, code: JurisdictionCode): number =>
  (depth[code.length] ?? 4) - (depth[issuer.length] ?? 0);

export interface RecipientChoice {
  /** Tiers of duty rooms and officials to include (1 = the level right below the issuer). */
  tiers: number[];
  /** Include the grid persons in charge within the areas, whatever their tier (直达网格责任人). */
  gridPersons: boolean;
  /** Also the responsible officials at those tiers, not only their duty rooms. */
  officials?: boolean;
}

/**
 * The recipients of a warning over `areas`, issued at `issuer`: contacts below the issuer inside an
 * area, by tier, plus grid persons if asked. A contact without a superior on record answers to the
 * duty room of the node above it, when the directory has one.
 */
export function chooseRecipients(
  contacts: readonly WarningContact[],
  issuer: JurisdictionCode,
  areas: readonly JurisdictionCode[],
  choice: RecipientChoice,
): IssuedRecipient[] {
  const dutyRoomOf = new Map<string, string>();
  for (const c of contacts)
    if (c.kind === 'duty_room' && !dutyRoomOf.has(c.jurisdiction)) dutyRoomOf.set(c.jurisdiction, c.id);
  const out: IssuedRecipient[] = [];
  for (const c of contacts) {
    const tier = tierBelow(issuer, c.jurisdiction);
    if (tier < 1 || tier > 5 || !isWithin(c.jurisdiction, issuer)) continue;
    if (!areas.some((a) => isWithin(c.jurisdiction, a))) continue;
    if (c.kind === 'grid_person' ? !choice.gridPersons : !choice.tiers.includes(tier)) continue;
    if (c.kind === 'official' && !choice.officials) continue;
    const parent = parentOf(c.jurisdiction);
    // A grid person answers first to their own village's duty room, then the node above.
    const fallback =
      c.kind === 'grid_person'
        ? (dutyRoomOf.get(c.jurisdiction) ?? (parent ? dutyRoomOf.get(parent) : undefined))
        : parent
          ? dutyRoomOf.get(parent)
          : undefined;
    const superiorId = c.superiorId ?? fallback;
    out.push({
      id: c.id,
      name: c.name,
      jurisdiction: c.jurisdiction,
      tier,
      ...(superiorId && superiorId !== c.id ? { superiorId } : {}),
    });
  }
  return out;
}
