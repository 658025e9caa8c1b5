import { z } from 'zod';
import { ancestorsOf, JurisdictionCode, levelOf } from '../domain/jurisdiction';
import { ObjectId } from '../ids';
import { Instant } from '../time';
import { domainError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';

/**
 * Upper levels outside Duty Room (issue 19, decision 0022). A county whose city and province do not run
 * Duty Room reports to them through the provincial 突发事件信息报送 system, by phone, fax or in person.
 * Such an upper level is an external unit in the station's directory: a report addressed to it records
 * how it went, and a receipt recorded at the sending station (by hand, or answered by a provincial
 * system's API) says who received it and when. That receipt is what meets the report obligation.
 */

/** How a report went to an external unit. */
export const SendVia = z.enum(['provincial_system', 'phone', 'fax', 'in_person']);
export type SendVia = z.infer<typeof SendVia>;

/** The level of an external unit (a unit above a station: never a village). */
export const ExternalUnitLevel = z.enum(['province', 'city', 'district', 'township']);
export type ExternalUnitLevel = z.infer<typeof ExternalUnitLevel>;

export const ExternalContact = z.object({
  kind: z.enum(['phone', 'fax', 'email', 'system']),
  value: z.string().trim().min(1).max(200),
  label: z.string().trim().min(1).max(100).optional(),
});
export type ExternalContact = z.infer<typeof ExternalContact>;

/** One upper level outside Duty Room: 名称, 级别, the jurisdiction it stands for, its contacts. */
export const ExternalUnit = z
  .object({
    id: ObjectId,
    name: z.string().trim().min(1).max(100),
    level: ExternalUnitLevel,
    /** The division the unit answers for: a report goes to it as to that jurisdiction (upward only). */
    jurisdiction: JurisdictionCode,
    contacts: z.array(ExternalContact).max(20).default([]),
  })
  .refine((u) => levelOf(u.jurisdiction) === u.level, {
    message: 'level must be the level of the jurisdiction code',
    path: ['level'],
  });
export type ExternalUnit = z.infer<typeof ExternalUnit>;

/**
 * A directory file (`resources/external-units/*.json`, or the site's own file): the stations it applies
 * to (division codes; a file applies to a station at or below one of them) and their external units.
 */
export const ExternalUnitsFile = z
  .object({
    appliesTo: z.array(JurisdictionCode).min(1),
    units: z.array(ExternalUnit).max(50),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.units.forEach((u, i) => {
      if (seen.has(u.id)) ctx.addIssue({ code: 'custom', path: ['units', i, 'id'], message: `duplicate unit id ${u.id}` });
      seen.add(u.id);
    });
  });
export type ExternalUnitsFile = z.infer<typeof ExternalUnitsFile>;

/**
 * The external units a station at `jurisdiction` may report to: each must stand for one of its
 * superiors (reports go up). A unit that does not is an error naming it, never silently dropped.
 */
export function externalUnitsFor(jurisdiction: JurisdictionCode, units: readonly ExternalUnit[]): Result<ExternalUnit[]> {
  const above = new Set(ancestorsOf(jurisdiction));
  const errors: DomainError[] = units.flatMap((u, i) =>
    above.has(u.jurisdiction)
      ? []
      : [domainError('INVALID_FIELD', `units.${i}.jurisdiction`, `${u.name} (${u.jurisdiction}) is not above ${jurisdiction}`)],
  );
  return errors.length > 0 ? fail(...errors) : ok([...units]);
}

/** What a `report.sent` carries of an external addressee: enough to read the record without the directory. */
export const ExternalAddressee = z.object({
  unitId: ObjectId,
  name: z.string().trim().min(1).max(100),
  level: ExternalUnitLevel,
  via: SendVia,
});
export type ExternalAddressee = z.infer<typeof ExternalAddressee>;

/** manual: recorded by hand (人工回执); system: answered by a provincial system's API through its adapter. */
export const ReceiptSource = z.enum(['manual', 'system']);
export type ReceiptSource = z.infer<typeof ReceiptSource>;

/** The payload of `report.receipt_recorded`. */
export const RecordedReceipt = z.object({
  receiverName: z.string().trim().min(1).max(100),
  /** When the external unit received it, as its receiver said (or the system answered). */
  receivedAt: Instant,
  source: ReceiptSource,
  /** The provincial system's reference for the submission, when it gave one. */
  reference: z.string().trim().min(1).max(200).optional(),
  note: z.string().max(2000).optional(),
});
export type RecordedReceipt = z.infer<typeof RecordedReceipt>;
