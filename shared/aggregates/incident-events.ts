import { z } from 'zod';
import { Ulid } from '../ids';
import { ShortText } from '../domain/common';
import { Casualties, IncidentFacts, IncidentLocation, SeverityLevel } from '../domain/incident';
import { DrillKey } from '../drills/scenario';
import { DrillTag } from '../drills/tag';

/*
 * Event and command types of the incident (突发事件) aggregate; shared/features.ts registers them and the
 * catalogs in shared/events and shared/commands are built from the registry.
 */

export const incidentEventPayloads = {
  // `drill`: registered from a drill's call inject (issue 22): everything about it stays in the drill.
  'incident.registered': z.object({ facts: IncidentFacts, drill: DrillTag.optional() }),
  'incident.facts_updated': z.object({
    changes: z
      .object({
        title: ShortText,
        level: SeverityLevel,
        location: IncidentLocation,
        casualties: Casualties,
        affectedPeople: z.number().int().min(0),
        estimatedLossYuan: z.number().min(0).max(1e13),
        description: z.string().max(8000),
      })
      .partial()
      .refine((c) => Object.keys(c).length > 0, 'at least one change'),
    note: z.string().max(2000).optional(),
  }),
  'incident.response_started': z.object({}),
  'incident.closed': z.object({ summary: z.string().max(4000).default('') }),
  'incident.reopened': z.object({ reason: z.string().min(1).max(2000) }),
  /** A report obligation set aside, with the reason on record (e.g. merged into another incident). */
  'incident.obligation_waived': z.object({ obligationKey: z.string().min(1).max(200), reason: z.string().trim().min(1).max(2000) }),
} as const;

/**
 * What a user (or a feed) may ask of an incident. Each command names its target and, when it creates an
 * object, may carry the new id so that a retried command stays idempotent.
 */
export const incidentCommandPayloads = {
  /** `fromInject`: the call a drill delivered here (issue 22); without it the incident is real. */
  'incident.register': z.object({
    incidentId: Ulid.optional(),
    facts: IncidentFacts,
    fromInject: z.object({ drillId: Ulid, injectKey: DrillKey }).optional(),
  }),
  'incident.update_facts': z
    .object({ incidentId: Ulid })
    .extend(incidentEventPayloads['incident.facts_updated'].shape),
  'incident.start_response': z.object({ incidentId: Ulid }),
  'incident.close': z.object({ incidentId: Ulid, summary: z.string().max(4000).default('') }),
  'incident.reopen': z.object({ incidentId: Ulid, reason: z.string().trim().min(1).max(2000) }),
  'incident.waive_obligation': z.object({
    incidentId: Ulid,
    obligationKey: z.string().min(1).max(200),
    reason: z.string().trim().min(1).max(2000),
  }),
} as const;
