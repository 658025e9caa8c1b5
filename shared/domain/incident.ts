import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';
import { JurisdictionCode } from './jurisdiction';
import { Count, GeoPoint, LongText, PhoneNumber, ShortText } from './common';
import { DrillTag } from '../drills/tag';

/** 突发事件四大类 */
export const IncidentCategory = z.enum(['natural_disaster', 'accident', 'public_health', 'social_security']);
export type IncidentCategory = z.infer<typeof IncidentCategory>;

/** Subtypes, grouped by the category they belong to. */
export const subtypesByCategory = {
  natural_disaster: ['flood', 'rainstorm', 'landslide', 'forest_fire', 'earthquake', 'typhoon', 'drought', 'snow_freeze', 'other_natural'],
  accident: ['fire', 'road_traffic', 'hazardous_chemicals', 'mine', 'construction', 'water_traffic', 'special_equipment', 'other_accident'],
  public_health: ['epidemic', 'food_poisoning', 'other_health'],
  social_security: ['mass_incident', 'other_security'],
} as const satisfies Record<IncidentCategory, readonly string[]>;

export const IncidentSubtype = z.enum(Object.values(subtypesByCategory).flat() as [string, ...string[]]);
export type IncidentSubtype = z.infer<typeof IncidentSubtype>;

/** 特别重大 I / 重大 II / 较大 III / 一般 IV */
export const SeverityLevel = z.enum(['I', 'II', 'III', 'IV']);
export type SeverityLevel = z.infer<typeof SeverityLevel>;

/** 接报 → 处置中 → 处置结束 */
export const IncidentStatus = z.enum(['received', 'responding', 'closed']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const IncidentSource = z.enum(['phone', 'upper_level', 'lower_level', 'feed', 'grid_worker', 'media', 'other']);

export const Casualties = z.object({
  dead: Count.default(0),
  injured: Count.default(0),
  missing: Count.default(0),
  trapped: Count.default(0),
});
export type Casualties = z.infer<typeof Casualties>;

export const IncidentLocation = z.object({
  point: GeoPoint.optional(),
  areaCode: JurisdictionCode,
  address: z.string().max(300).default(''),
});

/** The facts of an incident as registered at 接报. */
export const IncidentFactsBase = z.object({
    title: ShortText,
    category: IncidentCategory,
    subtype: IncidentSubtype,
    level: SeverityLevel,
    location: IncidentLocation,
    occurredAt: Instant,
    receivedAt: Instant,
    source: IncidentSource,
    caller: z.object({ name: z.string().max(100).optional(), phone: PhoneNumber.optional() }).optional(),
    casualties: Casualties.default({ dead: 0, injured: 0, missing: 0, trapped: 0 }),
    affectedPeople: Count.default(0),
    estimatedLossYuan: z.number().min(0).max(1e13).optional(),
    description: LongText.default(''),
});

export const subtypeFitsCategory = (f: { category: IncidentCategory; subtype: string }) =>
  (subtypesByCategory[f.category] as readonly string[]).includes(f.subtype);

export const IncidentFacts = IncidentFactsBase.refine(subtypeFitsCategory, {
    message: 'subtype does not belong to the category',
    path: ['subtype'],
  });
export type IncidentFacts = z.infer<typeof IncidentFacts>;

/** The projection of an incident: its facts now and where it stands. */
export const Incident = z.object({
  id: Ulid,
  jurisdiction: JurisdictionCode,
  facts: IncidentFacts,
  status: IncidentStatus,
  respondingAt: Instant.optional(),
  closedAt: Instant.optional(),
  /** Last time casualties or level changed: starts the "follow-up within N minutes" clock. */
  lastMaterialChangeAt: Instant.optional(),
  /** Registered from a drill's call inject (issue 22): a drill record, never counted as real. */
  drill: DrillTag.optional(),
  version: z.number().int().min(1),
});
export type Incident = z.infer<typeof Incident>;
