import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DivisionSource, type Overlay, type Point } from './gazetteer';
import { DivisionTable } from './table';

// Paths from this file's own (a string, not a URL object: a jsdom test environment has its own URL class).
const here = dirname(fileURLToPath(import.meta.url));
/** The demo district (resources/demo/wansheng.json) and the bundled outline of it (resources/geo/demo-area.json). */
export const demoDistrictPath = join(here, '../../resources/demo/wansheng.json');
export const demoOutlinePath = join(here, '../../resources/geo/demo-area.json');

interface DemoPlace {
  code: string;
  name: string;
  point?: Point;
  villages?: DemoPlace[];
}

const isPlace = (p: unknown): p is DemoPlace =>
  typeof p === 'object' &&
  p !== null &&
  'code' in p &&
  typeof p.code === 'string' &&
  'name' in p &&
  typeof p.name === 'string';

/**
 * The demo district as an overlay: its code (500110) is 綦江区 in the dataset, and its townships and villages
 * are the demo's own, with centroids. A station within or above the demo district names that subtree from it.
 */
export function demoOverlay(path = demoDistrictPath): Overlay {
  const demo: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isPlace(demo) || !('townships' in demo) || !Array.isArray(demo.townships))
    throw new Error(`${path}: expected a district with its townships`);
  const rows: Array<{ code: string; name: string }> = [{ code: demo.code, name: demo.name }];
  const points = new Map<string, Point>();
  const visit = (place: unknown, parent: string) => {
    if (!isPlace(place) || !place.code.startsWith(parent))
      throw new Error(`${path}: a place below ${parent} without a code that starts with it`);
    rows.push({ code: place.code, name: place.name });
    if (place.point) points.set(place.code, { lon: place.point.lon, lat: place.point.lat });
    for (const v of place.villages ?? []) visit(v, place.code);
  };
  for (const t of demo.townships) visit(t, demo.code);
  rows.sort((a, b) => (a.code < b.code ? -1 : 1));
  const upper = new DivisionTable(
    rows.filter((r) => r.code.length < 12),
    path,
  );
  const villages = new DivisionTable(
    rows.filter((r) => r.code.length === 12),
    path,
  );
  return {
    root: demo.code,
    source: new DivisionSource(
      () => upper,
      () => villages,
      () => [demo.code.slice(0, 2)],
      points,
    ),
    note: `演示区划：resources/demo/wansheng.json（${demo.name}）`,
  };
}

/** Codes the bundled outline draws (the demo district and its townships). */
export function outlinedCodes(path = demoOutlinePath): Set<string> {
  const geo: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const codes = new Set<string>();
  if (typeof geo === 'object' && geo !== null && 'features' in geo && Array.isArray(geo.features))
    for (const f of geo.features as unknown[]) {
      const props = typeof f === 'object' && f !== null && 'properties' in f ? f.properties : null;
      if (typeof props === 'object' && props !== null && 'code' in props && typeof props.code === 'string')
        codes.add(props.code);
    }
  return codes;
}
