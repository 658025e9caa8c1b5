import { z } from 'zod';
import { IncidentCategory, IncidentSubtype, SeverityLevel } from '../domain/incident';
import { JurisdictionCode, JurisdictionLevel } from '../domain/jurisdiction';
import { fromZodError } from '../errors';
import { fail, ok, type Result } from '../result';
import defaultProfileJson from '../../resources/rules/default.json';
import henanProfileJson from '../../resources/rules/henan.json';

/**
 * Report time limits are data, never code: no single national table exists and provinces differ.
 * Every rule carries the text it comes from, because JSON has no comments and a duty officer who is
 * told "overdue" must be able to see which rule says so.
 */
const Source = z.string().trim().min(1, 'every rule names its source').max(500);

/** "HH:mm" on the 24-hour clock, read in China Standard Time. */
export const WallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time "HH:mm" (24-hour, China time)');

const MAX_MINUTES = 31 * 24 * 60;

/** A limit counted in minutes from a starting instant (received-at, a change, a receipt). */
export const MinutesRule = z.strictObject({ minutes: z.number().int().min(1).max(MAX_MINUTES), source: Source });
export type MinutesRule = z.infer<typeof MinutesRule>;

/** Reports due every day at fixed China-time clock times while the incident is being responded to. */
export const DailyRule = z.strictObject({
  times: z.array(WallTime).min(1).max(24),
  /** Upper levels report later in the day (natural disasters: county 09:00, city 10:00, province 12:00). */
  byStationLevel: z.partialRecord(JurisdictionLevel, z.array(WallTime).min(1).max(24)).optional(),
  source: Source,
});
export type DailyRule = z.infer<typeof DailyRule>;

export const FinalRule = z.strictObject({ hoursAfterClosure: z.number().min(0.25).max(24 * 90), source: Source });
export type FinalRule = z.infer<typeof FinalRule>;

/** Casualty changes after closure must be reported while inside the window counted from occurred-at. */
export const SupplementaryRule = z.strictObject({
  windowDays: z.number().int().min(1).max(366),
  dueMinutesAfterChange: z.number().int().min(1).max(MAX_MINUTES),
  source: Source,
});
export type SupplementaryRule = z.infer<typeof SupplementaryRule>;

/** Many dead or missing: report straight to the province as well as to the next level. */
export const DirectToProvinceRule = z.strictObject({
  deadOrMissingAtLeast: z.number().int().min(1).max(100_000),
  minutes: z.number().int().min(1).max(MAX_MINUTES),
  source: Source,
});
export type DirectToProvinceRule = z.infer<typeof DirectToProvinceRule>;

/** The highest level a report of this severity must climb to (Reg. 493 art. 10); stations at or above it relay no further. */
export const RelayCeiling = z.enum(['national', 'province', 'city', 'district']);
export const RelayUpToRule = z.strictObject({ level: RelayCeiling, source: Source });
export type RelayUpToRule = z.infer<typeof RelayUpToRule>;

/**
 * The rules of one category and severity level. Every rule is optional; `null` says "explicitly
 * not required here" so that an override can switch off a rule of the profile it extends.
 */
export const LevelRules = z
  .strictObject({
    initialPhone: MinutesRule.nullable(),
    initialWritten: MinutesRule.nullable(),
    followUpAfterChange: MinutesRule.nullable(),
    followUpDaily: DailyRule.nullable(),
    final: FinalRule.nullable(),
    supplementary: SupplementaryRule.nullable(),
    directToProvince: DirectToProvinceRule.nullable(),
    relayUpTo: RelayUpToRule.nullable(),
  })
  .partial();
export type LevelRules = z.infer<typeof LevelRules>;
export type RuleName = keyof LevelRules;

const levelsOf = <T extends z.ZodType>(rules: T) => z.strictObject({ I: rules, II: rules, III: rules, IV: rules });

export const CategoryRules = z.strictObject({
  levels: levelsOf(LevelRules),
  /** Per subtype, rules that replace the level's (each named rule whole; `null` switches it off). */
  subtypes: z.partialRecord(IncidentSubtype, LevelRules).optional(),
});
export type CategoryRules = z.infer<typeof CategoryRules>;

const categoriesOf = <T extends z.ZodType>(rules: T) =>
  z.strictObject({ natural_disaster: rules, accident: rules, public_health: rules, social_security: rules });

const ProfileId = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a profile id of lower-case letters, digits, _ or -');
const SignOff = z.strictObject({ required: z.boolean(), source: Source });
const Relay = z.strictObject({ minutesPerLevel: z.number().int().min(1).max(24 * 60), source: Source });

export const RuleProfile = z.strictObject({
  id: ProfileId,
  name: z.string().trim().min(1).max(200),
  /** The jurisdiction whose stations use this profile ("41" = Henan); absent for the national default. */
  appliesTo: JurisdictionCode.optional(),
  /** Fixed daily times are read in this zone; the only one the product supports. */
  timeZone: z.literal('Asia/Shanghai'),
  /** Written reports count only once signed off (签发) when required. */
  signOff: SignOff,
  /** Each level relays what it received within this many minutes (Reg. 493 art. 10). */
  relay: Relay,
  categories: categoriesOf(CategoryRules),
});
export type RuleProfile = z.infer<typeof RuleProfile>;

/**
 * A provincial override: the same shape with everything optional. Named rules replace the default's
 * rule whole (so a value never appears under another text's source); levels and subtypes merge by name.
 */
export const RuleProfileOverride = z.strictObject({
  id: ProfileId,
  name: z.string().trim().min(1).max(200),
  appliesTo: JurisdictionCode.optional(),
  timeZone: z.literal('Asia/Shanghai').optional(),
  signOff: SignOff.optional(),
  relay: Relay.optional(),
  categories: categoriesOf(
    z.strictObject({ levels: levelsOf(LevelRules).partial(), subtypes: z.partialRecord(IncidentSubtype, LevelRules) }).partial(),
  )
    .partial()
    .optional(),
});
export type RuleProfileOverride = z.infer<typeof RuleProfileOverride>;

const parsedDefault = RuleProfile.safeParse(defaultProfileJson);
if (!parsedDefault.success) {
  // The shipped default is part of the program; a broken one is a bug, not a user error.
  throw new Error(`resources/rules/default.json is invalid: ${JSON.stringify(fromZodError(parsedDefault.error))}`);
}
/** The national default profile (resources/rules/default.json). */
export const defaultRuleProfile: RuleProfile = parsedDefault.data;

/** Lay an override over a complete profile. */
export function mergeRuleProfile(base: RuleProfile, override: RuleProfileOverride): RuleProfile {
  const categories = { ...base.categories };
  for (const category of IncidentCategory.options) {
    const patch = override.categories?.[category];
    if (!patch) continue;
    const current = base.categories[category];
    const levels = { ...current.levels };
    for (const level of SeverityLevel.options) {
      const lp = patch.levels?.[level];
      if (lp) levels[level] = { ...current.levels[level], ...lp };
    }
    let subtypes = current.subtypes;
    if (patch.subtypes) {
      subtypes = { ...current.subtypes };
      for (const [subtype, sp] of Object.entries(patch.subtypes) as Array<[IncidentSubtype, LevelRules]>) {
        subtypes[subtype] = { ...current.subtypes?.[subtype], ...sp };
      }
    }
    categories[category] = { levels, ...(subtypes ? { subtypes } : {}) };
  }
  const { appliesTo, timeZone, signOff, relay } = override;
  return {
    id: override.id,
    name: override.name,
    ...(appliesTo !== undefined ? { appliesTo } : {}),
    timeZone: timeZone ?? base.timeZone,
    signOff: signOff ?? base.signOff,
    relay: relay ?? base.relay,
    categories,
  };
}

/**
 * Validate a profile read from a file and lay it over the default (or over `base`, e.g. a city's
 * rules over its province's). A complete profile passes too (it replaces every rule). A bad profile
 * is refused whole, with one error per bad field.
 */
export function loadRuleProfile(json: unknown, base: RuleProfile = defaultRuleProfile): Result<RuleProfile> {
  const override = RuleProfileOverride.safeParse(json);
  if (!override.success) return fail(...fromZodError(override.error));
  const merged = RuleProfile.safeParse(mergeRuleProfile(base, override.data));
  if (!merged.success) return fail(...fromZodError(merged.error));
  return ok(merged.data);
}

/** The facts of an incident that select its rules. */
export interface RuleSelector {
  category: IncidentCategory;
  subtype: string;
  level: SeverityLevel;
}

/**
 * One named rule for an incident: its subtype's replacement if the subtype names it, else its
 * level's. Undefined when the rule is absent or switched off (`null`). The id says where it was found,
 * e.g. "default:accident.road_traffic.supplementary" or "henan:accident.III.initialWritten".
 */
export function ruleOf<N extends RuleName>(
  profile: RuleProfile,
  facts: RuleSelector,
  name: N,
): { rule: NonNullable<LevelRules[N]>; ref: { id: string; source: string } } | undefined {
  const category = profile.categories[facts.category];
  const subtype = category.subtypes?.[facts.subtype as IncidentSubtype];
  const fromSubtype = subtype !== undefined && subtype[name] !== undefined;
  const rule = fromSubtype ? subtype[name] : category.levels[facts.level][name];
  if (rule === undefined || rule === null) return undefined;
  const where = fromSubtype ? facts.subtype : facts.level;
  return { rule, ref: { id: `${profile.id}:${facts.category}.${where}.${name}`, source: rule.source } };
}

/**
 * The profiles shipped in resources/rules, loaded over the default. Adding a province means adding
 * its JSON file there and one line here.
 */
export const shippedRuleProfiles: readonly RuleProfile[] = [defaultRuleProfile, shipped(henanProfileJson)];

function shipped(json: unknown): RuleProfile {
  const loaded = loadRuleProfile(json);
  // A shipped profile is part of the program; tests/rules/profiles.test.ts keeps them valid.
  if (!loaded.ok) throw new Error(`a shipped rule profile is invalid: ${JSON.stringify(loaded.errors)}`);
  return loaded.value;
}

/**
 * The profile a station uses: the one whose `appliesTo` is the longest prefix of the station's
 * jurisdiction (a city rule beats its province's), else the first without `appliesTo` (the default).
 */
export function ruleProfileFor(jurisdiction: JurisdictionCode, profiles: readonly RuleProfile[] = shippedRuleProfiles): RuleProfile {
  let best: RuleProfile | undefined;
  for (const p of profiles) {
    if (p.appliesTo === undefined || !jurisdiction.startsWith(p.appliesTo)) continue;
    if (!best || p.appliesTo.length > (best.appliesTo?.length ?? 0)) best = p;
  }
  return best ?? profiles.find((p) => p.appliesTo === undefined) ?? defaultRuleProfile;
}
