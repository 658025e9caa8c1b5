import type { Casualties, IncidentFacts, SeverityLevel } from '../domain/incident';
import type { Report } from '../domain/report';
import { chinaParts } from '../time';
import { INCIDENT_LEVEL_LABELS } from '../labels/incidents';
import { zhOf } from '../labels/labels';

/**
 * The fixed Chinese wording of written reports: numerals, labels, times, casualty and loss phrases.
 * Reports are Chinese documents whatever the interface language, so these are not i18n keys.
 */

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const units = ['', '十', '百', '千'];

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 101 → 一百零一, 1010 → 一千零一十 (as in 续报十一). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999)
    throw new RangeError(`chineseNumeral: ${n} is outside 0–9999`);
  if (n === 0) return digits[0];
  const parts: string[] = [];
  const s = String(n);
  let zeroPending = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const unit = units[s.length - 1 - i];
    if (d === 0) {
      zeroPending = parts.length > 0;
      continue;
    }
    if (zeroPending) parts.push(digits[0]);
    zeroPending = false;
    parts.push(digits[d] + unit);
  }
  const text = parts.join('');
  // 10–19 read 十、十一… not 一十、一十一.
  return s.length === 2 && text.startsWith('一十') ? text.slice(1) : text;
}

export const levelLabel: Record<SeverityLevel, string> = zhOf(INCIDENT_LEVEL_LABELS);

export const subtypeLabel: Record<string, string> = {
  flood: '洪涝灾害',
  rainstorm: '暴雨灾害',
  landslide: '山体滑坡',
  forest_fire: '森林火灾',
  earthquake: '地震',
  typhoon: '台风灾害',
  drought: '干旱灾害',
  snow_freeze: '低温雨雪冰冻灾害',
  other_natural: '自然灾害',
  fire: '火灾',
  road_traffic: '道路交通事故',
  hazardous_chemicals: '危险化学品事故',
  mine: '矿山事故',
  construction: '建筑施工事故',
  water_traffic: '水上交通事故',
  special_equipment: '特种设备事故',
  other_accident: '生产安全事故',
  epidemic: '传染病疫情',
  food_poisoning: '食物中毒事件',
  other_health: '公共卫生事件',
  mass_incident: '群体性事件',
  other_security: '社会安全事件',
};

export const sourceLabel: Record<IncidentFacts['source'], string> = {
  phone: '电话',
  upper_level: '上级通报',
  lower_level: '下级报告',
  feed: '监测预警系统',
  grid_worker: '网格员报告',
  media: '媒体报道',
  other: '其他渠道',
};

/** 首报、续报一、终报、核报 — the label of a report within its incident's series. */
export function reportKindLabel(report: Pick<Report, 'kind' | 'sequence'>): string {
  switch (report.kind) {
    case 'initial':
      return '首报';
    case 'follow_up':
      return `续报${chineseNumeral(report.sequence ?? 1)}`;
    case 'final':
      return '终报';
    case 'supplementary':
      return '核报';
  }
}

/** "关于某镇山体滑坡的续报二" */
export function reportTitle(report: Pick<Report, 'kind' | 'sequence'>, subject: string): string {
  const about = subject
    .trim()
    .replace(/^关于/, '')
    .replace(/的?(情况|报告)$/, '');
  return `关于${about}的${reportKindLabel(report)}`;
}

/** "2026年11月25日9时52分" in China time — the way report bodies write times. */
export function chinaDateTimeZh(ms: number): string {
  const p = chinaParts(ms);
  return `${p.year}年${p.month}月${p.day}日${p.hour}时${String(p.minute).padStart(2, '0')}分`;
}

/** "2026年11月25日" in China time — the date under a report's header. */
export function chinaDateZh(ms: number): string {
  const p = chinaParts(ms);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** "造成2人死亡、3人受伤、1人失联" or "暂无人员伤亡"; trapped people are named too because rescue follows them. */
export function casualtyPhrase(c: Casualties): string {
  const parts = [
    c.dead > 0 ? `${c.dead}人死亡` : '',
    c.injured > 0 ? `${c.injured}人受伤` : '',
    c.missing > 0 ? `${c.missing}人失联` : '',
    c.trapped > 0 ? `${c.trapped}人被困` : '',
  ].filter(Boolean);
  return parts.length ? `造成${parts.join('、')}` : '暂无人员伤亡';
}

/** 8500 → "8500元", 1234000 → "123.4万元", 250000000 → "2.5亿元". */
export function yuanPhrase(yuan: number): string {
  const trim = (x: number) => String(Math.round(x * 100) / 100);
  if (yuan >= 1e8) return `${trim(yuan / 1e8)}亿元`;
  if (yuan >= 1e4) return `${trim(yuan / 1e4)}万元`;
  return `${trim(yuan)}元`;
}

export const casualtyLabel: Record<keyof Casualties, string> = {
  dead: '死亡',
  injured: '受伤',
  missing: '失联',
  trapped: '被困',
};
