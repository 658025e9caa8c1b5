// Report rule profiles from the command line:
//   npm run rules -- check FILE…        every bad field of a profile (or of a site mapping file), in Chinese and English
//   npm run rules -- explain FILE --incident accident/road_traffic/II [--at "2026-11-25 10:00"] [--station CODE]
//                                 [--dead N] [--missing N] [--days N]
//                                     the deadline ladder a sample incident gets under the profile
// A profile file is checked as the station would load it: over the profile of the nearest code above its
// `appliesTo` (a city's over its province's), else over the national default.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { IncidentCategory, SeverityLevel, subtypesByCategory, type IncidentFacts } from '../../shared/domain/incident';
import { JurisdictionCode, levelOf } from '../../shared/domain/jurisdiction';
import type { DomainError } from '../../shared/errors';
import { sealEvents, type DomainEvent } from '../../shared/events/envelope';
import { newId } from '../../shared/ids';
import { calendarPeriodEnd } from '../../shared/rules/calendar';
import { followUpScheduleOf, obligationsFor } from '../../shared/rules/obligations';
import { fieldLabel, loadRuleProfile, ruleOf, ruleProfileFor, type RuleProfile } from '../../shared/rules/profile';
import { chinaWallTime, DAY, formatChinaTime, MINUTE, toInstant } from '../../shared/time';
import { readRuleProfiles } from './profiles';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    incident: { type: 'string' },
    at: { type: 'string' },
    station: { type: 'string' },
    dead: { type: 'string' },
    missing: { type: 'string' },
    days: { type: 'string' },
  },
});

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function usage(): never {
  err('用法 usage:');
  err('  npm run rules -- check FILE…');
  err('  npm run rules -- explain FILE --incident CATEGORY/SUBTYPE/LEVEL [--at "YYYY-MM-DD HH:mm"] [--station CODE] [--dead N] [--missing N] [--days N]');
  err(`  CATEGORY: ${IncidentCategory.options.join(', ')}; LEVEL: I, II, III, IV`);
  process.exit(2);
}

function printErrors(file: string, errors: readonly DomainError[]): void {
  err(`✗ ${file}: ${errors.length} 处错误 / ${errors.length} error(s)`);
  for (const e of errors) {
    err(`  - ${e.field ?? '(整个文件 / whole file)'}`);
    err(`      ${e.message.zh}`);
    err(`      ${e.message.en}${e.detail && !e.message.en.includes(e.detail) ? ` (${e.detail})` : ''}`);
  }
}

/** The shipped profiles (and the site file's, if DUTYROOM_RULES names one), as a station would read them. */
function shipped(): RuleProfile[] {
  const read = readRuleProfiles(process.env.DUTYROOM_RULES ? { siteFile: process.env.DUTYROOM_RULES } : {});
  if (!read.ok) {
    printErrors('resources/rules', read.errors);
    process.exit(1);
  }
  return read.value;
}

/** Load one profile file over the profile of the nearest code strictly above its own. */
function loadFile(file: string): { ok: true; profile: RuleProfile } | { ok: false; errors: DomainError[] } | { ok: 'mapping' } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ code: 'INVALID_FIELD', message: { zh: `不是有效的 JSON 文件：${detail}`, en: `not a valid JSON file: ${detail}` }, detail }] };
  }
  if (json !== null && typeof json === 'object' && !('id' in json) && !('categories' in json)) return { ok: 'mapping' };
  const appliesTo = (json as { appliesTo?: unknown }).appliesTo;
  const code = typeof appliesTo === 'string' && JurisdictionCode.safeParse(appliesTo).success ? appliesTo : undefined;
  const above = shipped().filter((p) => p.appliesTo === undefined || (code !== undefined && p.appliesTo !== code));
  const loaded = loadRuleProfile(json, code !== undefined ? ruleProfileFor(code, above) : above[0]);
  return loaded.ok ? { ok: true, profile: loaded.value } : { ok: false, errors: loaded.errors };
}

function check(files: readonly string[]): number {
  if (files.length === 0) usage();
  let bad = 0;
  for (const file of files) {
    const loaded = loadFile(file);
    if (loaded.ok === 'mapping') {
      // A site file: division code → profile file.
      const read = readRuleProfiles({ siteFile: file });
      if (!read.ok) {
        printErrors(file, read.errors);
        bad += 1;
      } else out(`✓ ${file}: 站点映射有效 / site mapping valid (${read.value.map((p) => `${p.appliesTo ?? '缺省'}→${p.id}`).join(', ')})`);
    } else if (loaded.ok) {
      const p = loaded.profile;
      out(`✓ ${file}: ${p.name} (${p.id}${p.appliesTo ? `, 适用 applies to ${p.appliesTo}` : ''}) 有效 / valid`);
    } else {
      printErrors(file, loaded.errors);
      bad += 1;
    }
  }
  return bad > 0 ? 1 : 0;
}

const kindLabel: Record<string, string> = {
  initial_phone: '电话首报 phone first report',
  initial_written: '书面首报 written first report',
  follow_up: '续报 follow-up',
  final: '终报 final report',
  supplementary: '补报 supplementary',
  relay: '上报/直报 relay',
};

const startLabel = {
  first_report: '书面首报应报时起 from the written first report’s due time',
  registration: '接报登记时起 from registration',
  responding: '标记“处置中”时起 from 处置中 (responding)',
} as const;

function parseAt(text: string | undefined): number {
  if (text === undefined) return Math.floor(Date.now() / MINUTE) * MINUTE;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) {
    err(`--at 应为北京时间 "YYYY-MM-DD HH:mm" / --at is China time "YYYY-MM-DD HH:mm": ${text}`);
    process.exit(2);
  }
  return chinaWallTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

function count(name: string, text: string | undefined): number {
  const n = text === undefined ? 0 : Number(text);
  if (!Number.isInteger(n) || n < 0) {
    err(`--${name} 应为非负整数 / --${name} must be a whole number ≥ 0`);
    process.exit(2);
  }
  return n;
}

/** A sample incident's history, registered at `at` and nothing more. */
function sampleHistory(station: string, facts: IncidentFacts, at: number): DomainEvent[] {
  return sealEvents([{ type: 'incident.registered', stream: `incident:${newId(at)}`, payload: { facts } }], {
    station: `station-${station}`,
    jurisdiction: station,
    actor: { id: 'rules-cli', role: 'system' },
    now: toInstant(at),
    lastStationSeq: 0,
    lastHash: null,
    newId: () => newId(at),
  });
}

function explain(file: string | undefined): number {
  if (file === undefined || values.incident === undefined) usage();
  const loaded = loadFile(file);
  if (loaded.ok === 'mapping') {
    err(`${file} 是站点映射文件，请指定配置文件 / ${file} is a site mapping; name a profile file`);
    return 2;
  }
  if (!loaded.ok) {
    printErrors(file, loaded.errors);
    return 1;
  }
  const profile = loaded.profile;
  const [category, subtypeText, level] = values.incident.split(/[/.]/);
  const cat = IncidentCategory.safeParse(category);
  const lv = SeverityLevel.safeParse(level);
  const subtype = subtypeText ?? '';
  if (!cat.success || !lv.success || !(subtypesByCategory[cat.data] as readonly string[]).includes(subtype)) {
    err(`--incident 应为 类别/细类/等级 / --incident is CATEGORY/SUBTYPE/LEVEL, e.g. accident/road_traffic/II`);
    if (cat.success) err(`  ${cat.data}: ${subtypesByCategory[cat.data].join(', ')}`);
    return 2;
  }
  const padded = (profile.appliesTo ?? '500101').padEnd(6, '01').slice(0, 6);
  const station = values.station ?? padded;
  if (!JurisdictionCode.safeParse(station).success) {
    err(`--station 应为2、4、6、9或12位行政区划代码 / --station is a division code of 2, 4, 6, 9 or 12 digits`);
    return 2;
  }
  const at = parseAt(values.at);
  const days = values.days === undefined ? 2 : count('days', values.days);
  const dead = count('dead', values.dead);
  const missing = count('missing', values.missing);
  const facts: IncidentFacts = {
    title: '示例事件',
    category: cat.data,
    subtype: subtype,
    level: lv.data,
    occurredAt: toInstant(at),
    receivedAt: toInstant(at),
    location: { areaCode: station, address: '' },
    source: 'phone',
    casualties: { dead, injured: 0, missing, trapped: 0 },
    affectedPeople: 0,
    description: '',
  };
  const selector = { category: cat.data, subtype: subtype, level: lv.data };
  const history = sampleHistory(station, facts, at);
  const ladder = obligationsFor(history, profile, at + days * DAY, station);

  out(`配置 profile: ${profile.name}`);
  out(`  ${profile.id}${profile.appliesTo ? `，适用 applies to ${profile.appliesTo}` : '（全国缺省 national default）'}`);
  out(`事件 incident: ${fieldLabel(['categories', cat.data, 'subtypes', subtype, lv.data]).zh} (${values.incident})，接报 received ${formatChinaTime(at)}（北京时间 China time），死亡 dead ${dead}，失踪 missing ${missing}`);
  out(`本站 station: ${station}（${fieldLabel([levelOf(station)]).zh} ${levelOf(station)}）`);
  out();
  out(`时限阶梯（未报送任何报告，至接报后 ${days} 天）/ ladder with no report sent, over ${days} day(s):`);
  for (const o of ladder) {
    out(`  ${formatChinaTime(Date.parse(o.dueAt))}  ${kindLabel[o.kind] ?? o.kind}  [${o.key}]`);
    out(`      规则 rule: ${o.rule.path ?? o.rule.id}`);
    out(`      依据 source: ${o.rule.source}`);
  }
  if (ladder.length === 0) out('  （无 none）');

  const schedule = followUpScheduleOf(history, profile, station);
  out();
  out('视情况而定 when it happens:');
  if (schedule) {
    out(`  每日续报 daily follow-ups ${schedule.times.join('、')}：${startLabel[schedule.startsBy]}，处置结束即止 stop at closure`);
    out(`      规则 rule: ${schedule.rule.path ?? schedule.rule.id}；起算 start: ${schedule.start.path}`);
    out(`      依据 source: ${schedule.start.source}`);
  }
  const rules: Array<[string, string | undefined, string | undefined]> = [];
  const change = ruleOf(profile, selector, 'followUpAfterChange');
  if (change) rules.push([`伤亡或等级变化后 ${change.rule.minutes} 分钟内续报 / follow-up within ${change.rule.minutes} min of a change`, change.ref.path, change.ref.source]);
  const fin = ruleOf(profile, selector, 'final');
  if (fin) rules.push([`处置结束后 ${fin.rule.hoursAfterClosure} 小时内终报 / final report within ${fin.rule.hoursAfterClosure} h of closure`, fin.ref.path, fin.ref.source]);
  const sup = ruleOf(profile, selector, 'supplementary');
  if (sup) {
    const end = sup.rule.dayCounting === 'calendar' ? calendarPeriodEnd(at, sup.rule.windowDays) : at + sup.rule.windowDays * DAY;
    const until = sup.rule.dayCounting === 'calendar' ? `${formatChinaTime(end - DAY).slice(0, 10)} 24:00` : formatChinaTime(end);
    rules.push([
      `结案后伤亡变化 ${sup.rule.dueMinutesAfterChange} 分钟内补报，窗口 ${sup.rule.windowDays} 日（${sup.rule.dayCounting === 'calendar' ? '按日历日' : '按24小时'}，至 ${until}）/ supplementary within ${sup.rule.dueMinutesAfterChange} min, window ${sup.rule.windowDays} days (${sup.rule.dayCounting}) until ${until}`,
      sup.ref.path,
      sup.ref.source,
    ]);
  }
  const direct = ruleOf(profile, selector, 'directToProvince');
  if (direct) {
    const when = direct.rule.deadOrMissingAtLeast === 0 ? '本等级一律 at this level always' : `死亡失踪达 ${direct.rule.deadOrMissingAtLeast} 人 / ${direct.rule.deadOrMissingAtLeast}+ dead or missing`;
    rules.push([`直报省级（${when}）${direct.rule.minutes} 分钟内 / to the province within ${direct.rule.minutes} min`, direct.ref.path, direct.ref.source]);
  }
  const ceiling = ruleOf(profile, selector, 'relayUpTo');
  rules.push([
    `上级收到后 ${profile.relay.minutesPerLevel} 分钟内逐级上报${ceiling ? `，至${fieldLabel([ceiling.rule.level]).zh}为止 / up to ${ceiling.rule.level}` : ''} / each level relays within ${profile.relay.minutesPerLevel} min`,
    ceiling ? `relay; ${ceiling.ref.path}` : 'relay',
    ceiling ? `${profile.relay.source}；${ceiling.ref.source}` : profile.relay.source,
  ]);
  rules.push([`书面报告须签发 / written reports need sign-off: ${profile.signOff.required ? '是 yes' : '否 no'}`, 'signOff', profile.signOff.source]);
  for (const [what, path, source] of rules) {
    out(`  ${what}`);
    if (path) out(`      规则 rule: ${path}`);
    if (source) out(`      依据 source: ${source}`);
  }
  return 0;
}

const [command, ...rest] = positionals;
if (command === 'check') process.exitCode = check(rest);
else if (command === 'explain') process.exitCode = explain(rest[0]);
else usage();
