import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWithin } from '../../shared/domain/jurisdiction';
import { domainError, fromZodError, type DomainError } from '../../shared/errors';
import { externalUnitsFor, ExternalUnitsFile, type ExternalUnit } from '../../shared/reports/external';
import { fail, ok, type Result } from '../../shared/result';

/**
 * The station's directory of upper levels outside Duty Room (issue 19, decision 0022): every file in
 * resources/external-units whose `appliesTo` covers the station, or the site's own file
 * (`DUTYROOM_EXTERNAL_UNITS`, `StationConfig.externalUnitsFile`), which replaces the shipped ones. Each
 * file is checked with zod; a station takes a shipped file's units above it (those at or below it are not
 * its upper levels), and every unit of a site file must stand for a jurisdiction above the station. A bad
 * file stops the start with every bad field named.
 */
export const shippedExternalUnitsDir = join(dirname(fileURLToPath(import.meta.url)), '../../resources/external-units');

function readOne(path: string): Result<ExternalUnitsFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return fail(domainError('INVALID_FIELD', path, e instanceof Error ? e.message : String(e)));
  }
  const parsed = ExternalUnitsFile.safeParse(raw);
  return parsed.success ? ok(parsed.data) : fail(...fromZodError(parsed.error).map((err) => ({ ...err, detail: `${path}: ${err.detail ?? ''}` })));
}

export function readExternalUnits(
  jurisdiction: string,
  sources: { siteFile?: string; dir?: string } = {},
): Result<ExternalUnit[]> {
  const errors: DomainError[] = [];
  const units: ExternalUnit[] = [];
  const files = sources.siteFile
    ? [sources.siteFile]
    : existsSync(sources.dir ?? shippedExternalUnitsDir)
      ? readdirSync(sources.dir ?? shippedExternalUnitsDir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(sources.dir ?? shippedExternalUnitsDir, f))
      : [];
  for (const path of files) {
    const file = readOne(path);
    if (!file.ok) {
      errors.push(...file.errors);
      continue;
    }
    // A site file names the station's own units; it must still say it applies here.
    if (!file.value.appliesTo.some((code) => isWithin(jurisdiction, code))) {
      if (sources.siteFile) errors.push(domainError('INVALID_FIELD', `${path}: appliesTo`, `does not cover ${jurisdiction}`));
      continue;
    }
    // A shipped file serves a county and everything below it: a station gets the units above it (its own
    // level's unit and those below are not its upper levels). A site file is the station's own: all must be above.
    const units_ = sources.siteFile ? file.value.units : file.value.units.filter((u) => !isWithin(u.jurisdiction, jurisdiction));
    const checked = externalUnitsFor(jurisdiction, units_);
    if (!checked.ok) errors.push(...checked.errors.map((e) => ({ ...e, field: `${path}: ${e.field ?? ''}` })));
    else
      for (const u of checked.value) {
        if (units.some((x) => x.id === u.id)) errors.push(domainError('INVALID_FIELD', `${path}: ${u.id}`, 'unit id given twice'));
        else units.push(u);
      }
  }
  return errors.length > 0 ? fail(...errors) : ok(units);
}

/** As readExternalUnits, throwing at start with every problem named (Chinese and English). */
export function stationExternalUnits(jurisdiction: string, sources: { siteFile?: string; dir?: string } = {}): ExternalUnit[] {
  const read = readExternalUnits(jurisdiction, sources);
  if (read.ok) return read.value;
  throw new Error(
    `外部上级单位名录无法读取 / external units cannot be read: ${read.errors
      .map((e) => `${e.field ?? ''} ${e.detail ?? ''}: ${e.message.zh} / ${e.message.en}`)
      .join('; ')}`,
  );
}
