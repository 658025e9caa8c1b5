import type { Casualties, Incident, SeverityLevel } from '../../../shared/domain/incident';
import type { EventPayload } from '../../../shared/events/catalog';
import { domainError, type DomainError } from '../../../shared/errors';
import { fail, ok, type Result } from '../../../shared/result';

/** 更新情况: the facts an officer may change after 接报, as the form holds them (numbers as typed). */
export interface FactsForm {
  dead: string;
  injured: string;
  missing: string;
  trapped: string;
  level: SeverityLevel;
  areaCode: string;
  address: string;
  description: string;
}

export const CASUALTY_FIELDS = ['dead', 'injured', 'missing', 'trapped'] as const;
export type ChangedField =
  (typeof CASUALTY_FIELDS)[number] | 'level' | 'areaCode' | 'address' | 'description';

/** One line of "what changed", for the officer to check before saving and for the note on record. */
export interface ChangeLine {
  field: ChangedField;
  from: string;
  to: string;
}

export type FactsChanges = EventPayload<'incident.facts_updated'>['changes'];

export const formFromIncident = (incident: Incident): FactsForm => {
  const { casualties, level, location, description } = incident.facts;
  return {
    dead: String(casualties.dead),
    injured: String(casualties.injured),
    missing: String(casualties.missing),
    trapped: String(casualties.trapped),
    level,
    areaCode: location.areaCode,
    address: location.address,
    description,
  };
};

/**
 * What the form changes against the incident as recorded: the `changes` of `incident.update_facts` (the
 * casualties and the location go whole, as the event carries them) and the lines to show. A count that is
 * not a whole number ≥ 0 is refused by field, nothing sent.
 */
export function changesFrom(
  incident: Incident,
  form: FactsForm,
): Result<{ changes: Partial<FactsChanges>; lines: ChangeLine[] }> {
  const before = incident.facts;
  const errors: DomainError[] = [];
  const casualties: Casualties = { ...before.casualties };
  const lines: ChangeLine[] = [];
  for (const k of CASUALTY_FIELDS) {
    const typed = form[k].trim();
    const n = Number(typed);
    if (typed === '' || !Number.isInteger(n) || n < 0 || n > 1_000_000) {
      errors.push(domainError('INVALID_FIELD', k, typed));
      continue;
    }
    casualties[k] = n;
    if (n !== before.casualties[k])
      lines.push({ field: k, from: String(before.casualties[k]), to: String(n) });
  }
  if (errors.length > 0) return fail(...errors);
  const changes: Partial<FactsChanges> = {};
  if (lines.length > 0) changes.casualties = casualties;
  if (form.level !== before.level) {
    changes.level = form.level;
    lines.push({ field: 'level', from: before.level, to: form.level });
  }
  const areaCode = form.areaCode.trim();
  const address = form.address.trim();
  if (areaCode !== before.location.areaCode || address !== before.location.address) {
    changes.location = { ...before.location, areaCode, address };
    if (areaCode !== before.location.areaCode)
      lines.push({ field: 'areaCode', from: before.location.areaCode, to: areaCode });
    if (address !== before.location.address)
      lines.push({ field: 'address', from: before.location.address, to: address });
  }
  if (form.description !== before.description) {
    changes.description = form.description;
    lines.push({ field: 'description', from: before.description, to: form.description });
  }
  return ok({ changes, lines });
}

/** Whether a change moves the report clocks (casualties or level): it opens a 续报 (补报 once closed). */
export const isMaterial = (lines: readonly ChangeLine[]) =>
  lines.some((l) => l.field === 'level' || (CASUALTY_FIELDS as readonly string[]).includes(l.field));
