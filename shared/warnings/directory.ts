import { z } from 'zod';
import { domainError, fromZodError, type DomainError } from '../errors';
import { isWithin, JurisdictionCode } from '../domain/jurisdiction';
import { fail, ok, type Result } from '../result';
import { WarningContact } from './recipients';

/**
 * The station's directory of warning recipients (预警叫应通讯录): duty rooms and officials of each node
 * below the station and the grid persons in charge (网格责任人) of each village. A file (demo:
 * resources/demo/wansheng-contacts.json), validated whole; phones stay here and never enter the log.
 */
export const WarningDirectory = z.object({
  note: z.string().max(2000).optional(),
  /** The station's jurisdiction the directory was drawn up for. */
  jurisdiction: JurisdictionCode,
  contacts: z.array(WarningContact).min(1).max(20_000),
});
export type WarningDirectory = z.infer<typeof WarningDirectory>;

/** Parse a directory: the schema, then ids unique, superiors on record, everyone within the jurisdiction. */
export function loadWarningDirectory(json: unknown): Result<WarningDirectory> {
  const parsed = WarningDirectory.safeParse(json);
  if (!parsed.success) return fail(...fromZodError(parsed.error));
  const dir = parsed.data;
  const errors: DomainError[] = [];
  const ids = new Set<string>();
  dir.contacts.forEach((c, i) => {
    if (ids.has(c.id)) errors.push(domainError('INVALID_FIELD', `contacts.${i}.id`, `${c.id} listed twice`));
    ids.add(c.id);
    if (!isWithin(c.jurisdiction, dir.jurisdiction))
      errors.push(
        domainError(
          'INVALID_FIELD',
          `contacts.${i}.jurisdiction`,
          `${c.jurisdiction} is outside ${dir.jurisdiction}`,
        ),
      );
  });
  dir.contacts.forEach((c, i) => {
    if (c.superiorId !== undefined && (!ids.has(c.superiorId) || c.superiorId === c.id))
      errors.push(
        domainError(
          'INVALID_FIELD',
          `contacts.${i}.superiorId`,
          `${c.superiorId} is not another contact on record`,
        ),
      );
  });
  return errors.length > 0 ? fail(...errors) : ok(dir);
}
