import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { JurisdictionCode } from '../../shared/domain/jurisdiction';
import { domainError, type DomainError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import { defaultRuleProfile, loadRuleProfile, ruleProfileFor, type RuleProfile } from '../../shared/rules/profile';

/*
 * Which report rule profile a station runs. The mapping from division codes to profile files is the
 * `appliesTo` of each file in resources/rules (adding a province is adding its file there); a site file
 * can add or replace entries ("4101": "zhengzhou.json", paths relative to the site file). A profile is
 * laid over the profile of the nearest code above its own (a city's over its province's, a province's
 * over the national default), so a file names only what differs.
 */

/** The folder of the shipped profiles. */
export const shippedRulesDir = `${join(dirname(fileURLToPath(import.meta.url)), '../../resources/rules')}/`;

/** A site file: division code → profile file (absolute, or relative to the site file). */
export const SiteRuleMapping = z.record(JurisdictionCode, z.string().trim().min(1).max(1000));

interface ProfileFile {
  /** Where it was read from, for messages. */
  file: string;
  json: unknown;
  /** The code the mapping gives it (a site entry); a shipped file's own `appliesTo` otherwise. */
  code?: string;
}

const readJson = (file: string): Result<unknown> => {
  try {
    return ok(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  } catch (error) {
    return fail(domainError('INVALID_FIELD', undefined, `${file}: ${error instanceof Error ? error.message : String(error)}`));
  }
};

/** Errors of one file: `detail` names the file, the message says what is wrong with which field. */
const inFile = (file: string, errors: readonly DomainError[]): DomainError[] => errors.map((e) => ({ ...e, detail: file }));

/**
 * Load profile files over one another: the national default first (resources/rules/default.json, part
 * of the program), then each file over the profile of the nearest code above its own, shortest codes
 * first. Two files for one code are refused, as is a site entry whose file names another code.
 */
function layer(files: readonly ProfileFile[]): Result<RuleProfile[]> {
  const profiles: RuleProfile[] = [defaultRuleProfile];
  const errors: DomainError[] = [];
  const withCodes = files.map((f) => {
    const declared = (f.json as { appliesTo?: unknown } | null)?.appliesTo;
    return { ...f, code: f.code ?? (typeof declared === 'string' ? declared : undefined), declared };
  });
  withCodes.sort((a, b) => (a.code?.length ?? 0) - (b.code?.length ?? 0));
  const byCode = new Map<string, string>();
  for (const f of withCodes) {
    if (f.code === undefined) {
      errors.push(...inFile(f.file, [domainError('INVALID_FIELD', 'appliesTo', '只有全国缺省配置可以不写适用行政区划 / only the national default may omit appliesTo')]));
      continue;
    }
    if (f.declared !== undefined && f.declared !== f.code) {
      const says = typeof f.declared === 'string' ? f.declared : JSON.stringify(f.declared);
      errors.push(...inFile(f.file, [domainError('INVALID_FIELD', 'appliesTo', `映射为 ${f.code}，文件写的是 ${says} / mapped to ${f.code}, the file says ${says}`)]));
      continue;
    }
    const earlier = byCode.get(f.code);
    if (earlier !== undefined) {
      errors.push(...inFile(f.file, [domainError('ALREADY_EXISTS', 'appliesTo', `${f.code} 已由 ${earlier} 配置 / ${f.code} is already given by ${earlier}`)]));
      continue;
    }
    const base = ruleProfileFor(f.code, profiles);
    const json = f.declared === undefined && typeof f.json === 'object' && f.json !== null ? { ...f.json, appliesTo: f.code } : f.json;
    const loaded = loadRuleProfile(json, base);
    if (!loaded.ok) {
      errors.push(...inFile(f.file, loaded.errors));
      continue;
    }
    byCode.set(f.code, f.file);
    profiles.push(loaded.value);
  }
  return errors.length > 0 ? fail(...errors) : ok(profiles);
}

/** The shipped profile files (every *.json in the folder but default.json, which the program carries). */
function shippedFiles(dir: string): Result<ProfileFile[]> {
  const files: ProfileFile[] = [];
  const errors: DomainError[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'default.json').sort()) {
    const file = join(dir, name);
    const json = readJson(file);
    if (json.ok) files.push({ file, json: json.value });
    else errors.push(...json.errors);
  }
  return errors.length > 0 ? fail(...errors) : ok(files);
}

/** The site file's entries, each with its profile file read. */
function siteFiles(siteFile: string): Result<ProfileFile[]> {
  const raw = readJson(siteFile);
  if (!raw.ok) return raw;
  const mapping = SiteRuleMapping.safeParse(raw.value);
  if (!mapping.success) {
    return fail(
      ...inFile(
        siteFile,
        mapping.error.issues.map((i) => domainError('INVALID_FIELD', i.path.map(String).join('.') || undefined, `站点规则映射应为 {"行政区划代码": "配置文件"} / the site mapping is {"division code": "profile file"}: ${i.message}`)),
      ),
    );
  }
  const files: ProfileFile[] = [];
  const errors: DomainError[] = [];
  for (const [code, path] of Object.entries(mapping.data)) {
    const file = isAbsolute(path) ? path : resolve(dirname(siteFile), path);
    const json = readJson(file);
    if (json.ok) files.push({ file, json: json.value, code });
    else errors.push(...json.errors);
  }
  return errors.length > 0 ? fail(...errors) : ok(files);
}

export interface RuleProfileSources {
  /** The shipped profiles' folder (resources/rules by default). */
  dir?: string;
  /** A site file mapping division codes to profile files; its entries replace the shipped ones for their codes. */
  siteFile?: string;
}

/** Every profile a station could run: the default, the shipped ones, and the site file's (which win for their codes). */
export function readRuleProfiles(sources: RuleProfileSources = {}): Result<RuleProfile[]> {
  const dir = sources.dir ?? shippedRulesDir;
  const shipped = shippedFiles(dir);
  if (!shipped.ok) return shipped;
  let files = shipped.value;
  if (sources.siteFile !== undefined) {
    const site = siteFiles(sources.siteFile);
    if (!site.ok) return site;
    const siteCodes = new Set(site.value.map((f) => f.code));
    // A site entry replaces the shipped file for the same code.
    files = [
      ...files.filter((f) => {
        const code = (f.json as { appliesTo?: unknown } | null)?.appliesTo;
        return !(typeof code === 'string' && siteCodes.has(code));
      }),
      ...site.value,
    ];
  }
  return layer(files);
}

/**
 * The profile a station with this jurisdiction runs: the one mapped to the longest prefix of its code,
 * else the national default. A bad profile or site file stops the start with every bad field named:
 * a station must not run on rules it could not read.
 */
export function stationRuleProfile(jurisdiction: string, sources: RuleProfileSources = {}): RuleProfile {
  const profiles = readRuleProfiles(sources);
  if (!profiles.ok) {
    throw new Error(
      `报送时限配置无法读取 / report rule profiles cannot be read: ${profiles.errors
        .map((e) => `${e.detail ?? ''} ${e.field ?? ''}: ${e.message.zh} / ${e.message.en}`)
        .join('; ')}`,
    );
  }
  return ruleProfileFor(jurisdiction, profiles.value);
}
