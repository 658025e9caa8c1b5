import demo from '../../../resources/demo/wansheng.json';

/** An administrative area an officer can name in the intake form: its code, its name, a point in it. */
export interface Area {
  code: string;
  name: string;
  point: { lon: number; lat: number };
}

interface DemoPlace {
  code: string;
  name: string;
  point: { lon: number; lat: number };
  villages?: DemoPlace[];
}

/** The demo district's townships and their villages (resources/demo/wansheng.json), townships first. */
export const AREAS: readonly Area[] = (demo.townships as DemoPlace[]).flatMap((t) => [
  { code: t.code, name: t.name, point: t.point },
  ...(t.villages ?? []).map((v) => ({ code: v.code, name: `${t.name} ${v.name}`, point: v.point })),
]);

const byCode = new Map(AREAS.map((a) => [a.code, a]));
export const areaOf = (code: string): Area | undefined => byCode.get(code.trim());

/**
 * Divisions above and beside the demo district that a console names (a city sees its districts' incidents
 * and reports): the municipality and the neighbouring districts drawn on the offline basemap.
 */
const OTHER_DIVISIONS: Readonly<Record<string, string>> = {
  '50': '重庆市',
  '5001': '重庆市',
  '500113': '巴南区',
  '500116': '江津区',
  '500119': '南川区',
};
const divisionNames = new Map<string, string>([
  ...Object.entries(OTHER_DIVISIONS),
  [demo.code, demo.name],
  ...(demo.townships as DemoPlace[]).flatMap((t) => [
    [t.code, t.name] as [string, string],
    ...(t.villages ?? []).map((v) => [v.code, `${t.name}${v.name}`] as [string, string]),
  ]),
]);

/** A division's name for a code (district, township, village), or the code itself where none is known. */
export const divisionName = (code: string): string => divisionNames.get(code.trim()) ?? code;

/**
 * The division code an officer meant by what they typed in the area field: a well-formed code as it is, else
 * the one township or village whose name it is (or the only one whose name contains it); null when none or
 * several fit.
 */
export function resolveArea(typed: string): string | null {
  const q = typed.trim();
  if (/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(q)) return q;
  const bare = (s: string) => s.replace(/\s/g, '');
  const exact = AREAS.filter((a) => bare(a.name) === bare(q));
  if (exact.length === 1) return exact[0]?.code ?? null;
  // A village named alone (红岩村) is its township's village when no other village bears the name.
  const own = AREAS.filter((a) => q.length >= 2 && bare(a.name).endsWith(bare(q)));
  if (own.length === 1) return own[0]?.code ?? null;
  const found = matchAreas(q, 2);
  return found.length === 1 ? (found[0]?.code ?? null) : null;
}

/**
 * Areas an officer may mean by what they typed: a code (or its start) or part of a name, townships first.
 * The intake offers these as the officer types (名称或代码).
 */
export function matchAreas(typed: string, limit = 8): Area[] {
  const q = typed.trim();
  if (q === '') return [];
  const exact = areaOf(q);
  const found = AREAS.filter(
    (a) => a !== exact && (a.code.startsWith(q) || a.name.replace(/\s/g, '').includes(q.replace(/\s/g, ''))),
  );
  return [...(exact ? [exact] : []), ...found].slice(0, limit);
}
