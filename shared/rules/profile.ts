import { z } from 'zod';
import { IncidentCategory, IncidentSubtype, SeverityLevel } from '../domain/incident';
import { JurisdictionCode, JurisdictionLevel } from '../domain/jurisdiction';
import { INCIDENT_LEVEL_LABELS } from '../labels/incidents';
import { fromZodError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';
import defaultProfileJson from '../../resources/rules/default.json';

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

/**
 * How a period given in days is counted. `calendar` (the Civil Code's rule, arts. 201 and 203): the day on
 * which the period starts is not counted, and its last day ends at 24:00 China time — an accident at 16:40
 * on 1 July with a 7-day window is open until 24:00 on 8 July. `elapsed`: that many 24-hour days from the
 * starting instant, to the minute. A profile states which one each day-based rule uses.
 */
export const DayCounting = z.enum(['calendar', 'elapsed']);
export type DayCounting = z.infer<typeof DayCounting>;

/** Casualty changes after closure must be reported while inside the window counted from occurred-at. */
export const SupplementaryRule = z.strictObject({
  windowDays: z.number().int().min(1).max(366),
  dayCounting: DayCounting,
  dueMinutesAfterChange: z.number().int().min(1).max(MAX_MINUTES),
  source: Source,
});
export type SupplementaryRule = z.infer<typeof SupplementaryRule>;

/**
 * Many dead or missing: report straight to the province as well as to the next level. 0 asks it of every
 * incident at this level (a 直报 rule by severity), from registration or from the change to this level.
 */
export const DirectToProvinceRule = z.strictObject({
  deadOrMissingAtLeast: z.number().int().min(0).max(100_000),
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

/**
 * One subtype's rules: those named directly hold at every level, those under `levels.<level>` at that
 * level only. The most specific wins: subtype and level, then subtype, then the category's level.
 */
export const SubtypeRules = LevelRules.extend({ levels: levelsOf(LevelRules).partial().optional() });
export type SubtypeRules = z.infer<typeof SubtypeRules>;

export const CategoryRules = z.strictObject({
  levels: levelsOf(LevelRules),
  /** Per subtype, rules that replace the level's (each named rule whole; `null` switches it off). */
  subtypes: z.partialRecord(IncidentSubtype, SubtypeRules).optional(),
});
export type CategoryRules = z.infer<typeof CategoryRules>;

const categoriesOf = <T extends z.ZodType>(rules: T) =>
  z.strictObject({ natural_disaster: rules, accident: rules, public_health: rules, social_security: rules });

const ProfileId = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a profile id of lower-case letters, digits, _ or -');
const SignOff = z.strictObject({ required: z.boolean(), source: Source });
const Relay = z.strictObject({ minutesPerLevel: z.number().int().min(1).max(24 * 60), source: Source });

/**
 * What starts the daily follow-ups (续报) of an incident whose level has a `followUpDaily` rule:
 * `first_report`: the written first report's due time (the safe default: nobody has to mark anything);
 * `registration`: registration (received-at), even before the first report is due;
 * `responding`: the officer marking 处置中 (none are owed until then, and none before the written first
 * report is due). Every kind stops at closure; a reopened incident starts again at the reopening.
 */
export const FollowUpStart = z.enum(['first_report', 'registration', 'responding']);
export type FollowUpStart = z.infer<typeof FollowUpStart>;
const DailyFollowUpStart = z.strictObject({ startsFrom: FollowUpStart, source: Source });

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
  /** What starts the daily follow-ups. */
  dailyFollowUps: DailyFollowUpStart,
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
  dailyFollowUps: DailyFollowUpStart.optional(),
  categories: categoriesOf(
    z.strictObject({ levels: levelsOf(LevelRules).partial(), subtypes: z.partialRecord(IncidentSubtype, SubtypeRules) }).partial(),
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
      for (const [subtype, sp] of Object.entries(patch.subtypes) as Array<[IncidentSubtype, SubtypeRules]>) {
        const was = current.subtypes?.[subtype];
        const { levels: levelPatch, ...named } = sp;
        const merged: SubtypeRules = { ...was, ...named };
        if (was?.levels || levelPatch) {
          const byLevel: NonNullable<SubtypeRules['levels']> = { ...was?.levels };
          for (const level of SeverityLevel.options) {
            const lp = levelPatch?.[level];
            if (lp) byLevel[level] = { ...was?.levels?.[level], ...lp };
          }
          merged.levels = byLevel;
        }
        subtypes[subtype] = merged;
      }
    }
    categories[category] = { levels, ...(subtypes ? { subtypes } : {}) };
  }
  const { appliesTo, timeZone, signOff, relay, dailyFollowUps } = override;
  return {
    id: override.id,
    name: override.name,
    ...(appliesTo !== undefined ? { appliesTo } : {}),
    timeZone: timeZone ?? base.timeZone,
    signOff: signOff ?? base.signOff,
    relay: relay ?? base.relay,
    dailyFollowUps: dailyFollowUps ?? base.dailyFollowUps,
    categories,
  };
}

/**
 * Validate a profile read from a file and lay it over the default (or over `base`, e.g. a city's
 * rules over its province's). A complete profile passes too (it replaces every rule). A bad profile
 * is refused whole, with one error per bad field, each named in Chinese and English.
 */
export function loadRuleProfile(json: unknown, base: RuleProfile = defaultRuleProfile): Result<RuleProfile> {
  const override = RuleProfileOverride.safeParse(json);
  if (!override.success) return fail(...override.error.issues.map(profileIssue));
  const merged = RuleProfile.safeParse(mergeRuleProfile(base, override.data));
  if (!merged.success) return fail(...merged.error.issues.map(profileIssue));
  return ok(merged.data);
}

/** One bad field of a profile file: its dotted path, and what is wrong in both languages. */
function profileIssue(issue: z.core.$ZodIssue): DomainError {
  const field = issue.path.map(String).join('.');
  const where = fieldLabel(issue.path.map(String));
  const unknown = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
  const zh = unknown ? `未知字段 ${unknown.join('、')}` : issueZh(issue);
  const en = unknown ? `unknown field ${unknown.join(', ')}` : issue.message;
  return {
    code: 'INVALID_FIELD',
    ...(field ? { field } : {}),
    message: { zh: `${where.zh}：${zh}`, en: `${where.en}: ${en}` },
    detail: issue.message,
  };
}

function issueZh(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '缺少此项' : `类型不对（应为${typeZh[issue.expected] ?? issue.expected}）`;
    case 'too_small':
      return issue.origin === 'string' ? '不能为空（每条规则都要注明依据）' : `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return `不能大于 ${String(issue.maximum)}`;
    case 'invalid_format': {
      const path = issue.path.map(String);
      if (path.includes('times') || path.includes('byStationLevel')) return '时刻应写作 "HH:mm"（24小时制，北京时间）';
      if (path.at(-1) === 'appliesTo') return '应为2、4、6、9或12位行政区划代码';
      if (path.at(-1) === 'id') return '应以小写字母开头，只含小写字母、数字、_ 或 -';
      return '格式不对';
    }
    case 'invalid_value':
      return `只能是 ${issue.values.map(String).join('、')} 之一`;
    case 'invalid_key':
      return '键名无效';
    default:
      return '取值无效';
  }
}

const typeZh: Record<string, string> = { number: '数字', string: '文字', object: '对象', array: '列表', boolean: '是/否' };

/** A profile field path in words: "事故灾难 › 重大(II) › 电话首报 › 依据" / "accident › II › initialPhone › source". */
export function fieldLabel(path: readonly string[]): { zh: string; en: string } {
  if (path.length === 0) return { zh: '整个配置', en: 'the profile' };
  const zh = path.filter((p) => p !== 'categories' && p !== 'levels' && p !== 'subtypes').map((p) => fieldZh[p] ?? subtypeZh[p] ?? p);
  return { zh: zh.join(' › ') || '类别', en: path.join(' › ') };
}

const fieldZh: Record<string, string> = {
  id: '配置标识',
  name: '配置名称',
  appliesTo: '适用行政区划',
  timeZone: '时区',
  signOff: '签发要求',
  required: '是否必须签发',
  relay: '逐级上报',
  minutesPerLevel: '每级上报分钟数',
  dailyFollowUps: '每日续报起算',
  startsFrom: '起算点',
  natural_disaster: '自然灾害',
  accident: '事故灾难',
  public_health: '公共卫生事件',
  social_security: '社会安全事件',
  ...Object.fromEntries(SeverityLevel.options.map((l) => [l, `${INCIDENT_LEVEL_LABELS[l].zh}(${l})`])),
  initialPhone: '电话首报',
  initialWritten: '书面首报',
  followUpAfterChange: '变化续报',
  followUpDaily: '每日续报',
  final: '终报',
  supplementary: '补报（伤亡变化）',
  directToProvince: '直报省级',
  relayUpTo: '逐级上报至',
  minutes: '分钟数',
  times: '报送时刻',
  byStationLevel: '按本站层级的时刻',
  hoursAfterClosure: '处置结束后小时数',
  windowDays: '补报窗口天数',
  dayCounting: '天数计算方式',
  dueMinutesAfterChange: '变化后报送分钟数',
  deadOrMissingAtLeast: '死亡失踪人数达到',
  level: '层级',
  source: '依据',
  national: '国家级',
  province: '省级',
  city: '市级',
  district: '县级',
  township: '乡镇级',
  village: '村级',
};

const subtypeZh: Record<string, string> = {
  flood: '洪涝',
  rainstorm: '暴雨',
  landslide: '地质灾害',
  forest_fire: '森林火灾',
  earthquake: '地震',
  typhoon: '台风',
  drought: '干旱',
  snow_freeze: '低温雨雪冰冻',
  other_natural: '其他自然灾害',
  fire: '火灾',
  road_traffic: '道路交通',
  hazardous_chemicals: '危化品',
  mine: '矿山',
  construction: '建筑施工',
  water_traffic: '水上交通',
  special_equipment: '特种设备',
  other_accident: '其他事故',
  epidemic: '传染病疫情',
  food_poisoning: '食物中毒',
  other_health: '其他公共卫生事件',
  mass_incident: '群体性事件',
  other_security: '其他社会安全事件',
};

/** The facts of an incident that select its rules. */
export interface RuleSelector {
  category: IncidentCategory;
  subtype: string;
  level: SeverityLevel;
}

/** Which rule of which profile gave a due time: its id, where it sits in the profile file, its text. */
export interface RuleRef {
  /** "<profile>:<category>.<subtype and/or level>.<rule>", e.g. "henan:accident.III.initialWritten". */
  id: string;
  /** The rule's path in the profile, e.g. "categories.accident.subtypes.road_traffic.levels.II.initialPhone". */
  path: string;
  source: string;
}

/**
 * One named rule for an incident, the most specific that names it: its subtype at its level, else its
 * subtype at every level, else its category at its level. Undefined when the rule is absent or switched
 * off (`null`, which wins like any value). The ref says where it was found.
 */
export function ruleOf<N extends RuleName>(
  profile: RuleProfile,
  facts: RuleSelector,
  name: N,
): { rule: NonNullable<LevelRules[N]>; ref: RuleRef } | undefined {
  // The engine asks the same few questions for every event and every daily slot: answers are kept per
  // profile object (profiles are not changed once loaded), so ids and paths are written once.
  let memo = found.get(profile);
  if (!memo) found.set(profile, (memo = {}));
  const byCategory: NonNullable<Memo[RuleName]> = (memo[name] ??= {});
  const byLevel: NonNullable<NonNullable<Memo[RuleName]>[IncidentCategory]> = (byCategory[facts.category] ??= {});
  const bySubtype = (byLevel[facts.level] ??= new Map<string, Found>());
  if (bySubtype.has(facts.subtype)) return bySubtype.get(facts.subtype) as { rule: NonNullable<LevelRules[N]>; ref: RuleRef } | undefined;
  const answer = lookUp(profile, facts, name);
  bySubtype.set(facts.subtype, answer);
  return answer;
}

type Found = { rule: NonNullable<LevelRules[RuleName]>; ref: RuleRef } | undefined;
type Memo = Partial<Record<RuleName, Partial<Record<IncidentCategory, Partial<Record<SeverityLevel, Map<string, Found>>>>>>>;
const found = new WeakMap<RuleProfile, Memo>();

function lookUp<N extends RuleName>(profile: RuleProfile, facts: RuleSelector, name: N): { rule: NonNullable<LevelRules[N]>; ref: RuleRef } | undefined {
  const { category: c, subtype: st, level } = facts;
  const category = profile.categories[c];
  const subtype = category.subtypes?.[st];
  const atLevel = subtype?.levels?.[level];
  let rule: LevelRules[N];
  let where: string;
  let path: string;
  if (atLevel !== undefined && atLevel[name] !== undefined) {
    rule = atLevel[name];
    where = `${st}.${level}`;
    path = `categories.${c}.subtypes.${st}.levels.${level}.${name}`;
  } else if (subtype !== undefined && subtype[name] !== undefined) {
    rule = subtype[name];
    where = st;
    path = `categories.${c}.subtypes.${st}.${name}`;
  } else {
    rule = category.levels[level][name];
    where = level;
    path = `categories.${c}.levels.${level}.${name}`;
  }
  if (rule === undefined || rule === null) return undefined;
  return { rule, ref: { id: `${profile.id}:${c}.${where}.${name}`, path, source: rule.source } };
}

/**
 * The profile a station uses: the one whose `appliesTo` is the longest prefix of the station's
 * jurisdiction (a city rule beats its province's), else the first without `appliesTo` (the default).
 * The station reads the list from resources/rules and its site file (station/rules/profiles.ts).
 */
export function ruleProfileFor(jurisdiction: JurisdictionCode, profiles: readonly RuleProfile[]): RuleProfile {
  let best: RuleProfile | undefined;
  for (const p of profiles) {
    if (p.appliesTo === undefined || !jurisdiction.startsWith(p.appliesTo)) continue;
    if (!best || p.appliesTo.length > (best.appliesTo?.length ?? 0)) best = p;
  }
  return best ?? profiles.find((p) => p.appliesTo === undefined) ?? defaultRuleProfile;
}
