import type { RiskPoint, Team } from '../domain/resources';
import type { LedgerProblem } from './messages';
import type { CellValue } from './table';

/** A cell read as a value, or the problem that stops it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: LedgerProblem };
const good = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (problem: LedgerProblem): Parsed<never> => ({ ok: false, problem });

/** Cell text with full-width digits and letters folded (Ｅ→E, ６０→60) and the edges trimmed. */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  return String(cell).normalize('NFKC').trim();
}

export const isBlank = (cell: CellValue | undefined): boolean => cellText(cell) === '';

/** A number as offices write it: "1,200", "60人", "３５ 顶". The unit after it is ignored. */
export function parseNumber(cell: CellValue | undefined): Parsed<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? good(cell) : bad('NOT_A_NUMBER');
  const text = cellText(cell).replace(/(\d),(?=\d{3}\b)/g, '$1');
  const m = /^([+-]?\d+(?:\.\d+)?)\s*[^\d.]*$/.exec(text);
  return m ? good(Number(m[1])) : bad('NOT_A_NUMBER');
}

export function parseCount(cell: CellValue | undefined): Parsed<number> {
  const n = parseNumber(cell);
  if (!n.ok) return n;
  return Number.isInteger(n.value) && n.value >= 0 && n.value <= 10_000_000 ? n : bad('NOT_A_WHOLE_NUMBER');
}

/**
 * A coordinate in decimal degrees, or degrees-minutes-seconds as surveyors write it
 * (106°55′30″, 106度55分30秒), with an optional hemisphere letter.
 */
export function parseDegrees(cell: CellValue | undefined): Parsed<number> {
  if (typeof cell === 'number') return parseNumber(cell);
  const text = cellText(cell).replace(/\s+/g, '');
  const dms = /^([+-]?\d+(?:\.\d+)?)[°度](?:(\d+(?:\.\d+)?)['′分])?(?:(\d+(?:\.\d+)?)(?:"|″|''|′′|秒))?([NSEW])?$/i.exec(text);
  if (dms) {
    const deg = Number(dms[1]);
    const value = Math.abs(deg) + Number(dms[2] ?? 0) / 60 + Number(dms[3] ?? 0) / 3600;
    const negative = deg < 0 || /[SW]/i.test(dms[4] ?? '');
    return good(negative ? -value : value);
  }
  const decimal = /^([+-]?\d+(?:\.\d+)?)([NSEW])?$/i.exec(text);
  if (!decimal) return bad('NOT_A_NUMBER');
  const value = Number(decimal[1]);
  return good(/[SW]/i.test(decimal[2] ?? '') ? -Math.abs(value) : value);
}

/** Lists in one cell: "水域救援、搜救；破拆" or "boats, pumps". */
export function parseList(cell: CellValue | undefined): string[] {
  return cellText(cell)
    .split(/[、,，;；/|\n]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const teamKinds: Array<[RegExp, Team['kind']]> = [
  [/^(综合|综合性|综合应急|comprehensive)/i, 'comprehensive'],
  [/^(专业|专业性|professional)/i, 'professional'],
  [/^(社会|社会力量|志愿|social|volunteer)/i, 'social'],
  [/^(民兵|militia)/i, 'militia'],
];

export function parseTeamKind(cell: CellValue | undefined): Parsed<Team['kind']> {
  const text = cellText(cell);
  const hit = teamKinds.find(([re]) => re.test(text));
  return hit ? good(hit[1]) : bad('UNKNOWN_TEAM_KIND');
}

const riskLevels: Array<[RegExp, RiskPoint['level']]> = [
  [/^(重大|特大|major|[ⅰi]级)$/i, 'major'],
  [/^(较大|高|high|[ⅱi]{2}级)$/i, 'high'],
  [/^(一般|中|medium|[ⅲi]{3}级)$/i, 'medium'],
  [/^(低|较低|low|[ⅳ]级|iv级)$/i, 'low'],
];

export function parseRiskLevel(cell: CellValue | undefined): Parsed<RiskPoint['level']> {
  const text = cellText(cell).replace(/(风险|隐患)$/, '');
  const hit = riskLevels.find(([re]) => re.test(text));
  return hit ? good(hit[1]) : bad('UNKNOWN_RISK_LEVEL');
}

export interface StockLine {
  item: string;
  unit: string;
  quantity: number;
}

/** "帐篷 200 顶；棉被:500床; tents x 30 each" → one line per supply. */
export function parseStock(cell: CellValue | undefined): Parsed<StockLine[]> {
  const lines: StockLine[] = [];
  for (const entry of cellText(cell).split(/[;；\n]+/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*[:：×xX*]?\s*(\d+(?:\.\d+)?)\s*(\S{0,20})$/.exec(entry.replace(/(\d),(?=\d{3}\b)/g, '$1'));
    const item = m?.[1]?.trim();
    if (!m || !item) return bad('BAD_STOCK_ENTRY');
    lines.push({ item, quantity: Number(m[2]), unit: m[3] ?? '' });
  }
  return good(lines);
}
