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
