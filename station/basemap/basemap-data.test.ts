import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LedgerKind } from '../../shared/ledger/table';
import { prepareLedgerImport } from '../ledger/import';

const resources = fileURLToPath(new URL('../../resources/', import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(resources + path, 'utf8')) as FeatureCollection;

type Position = [number, number];
interface FeatureCollection {
  type: string;
  features: Array<{
    type: string;
    properties: Record<string, unknown>;
    geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] } | { type: 'LineString'; coordinates: Position[] };
  }>;
}

/** Even-odd ray casting over the outer ring and its holes. */
function inPolygon([x, y]: Position, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const admin = readJson('basemap/admin.geojson');
const demoDistrict = admin.features.find((f) => f.properties.code === '500110')!;
const demoRings = demoDistrict.geometry.type === 'Polygon' ? demoDistrict.geometry.coordinates : [];

describe('the offline basemap of the demo region', () => {
  it('holds the demo district 500110 and its neighbours as closed polygons with coordinates in the region', () => {
    expect(admin.features.map((f) => f.properties.code)).toEqual(['500110', '500113', '500116', '500119']);
    expect(demoDistrict.properties.focus).toBe(true);
    for (const feature of admin.features) {
      const rings = (feature.geometry.type === 'MultiPolygon' ? feature.geometry.coordinates.flat() : feature.geometry.coordinates) as Position[][];
      for (const ring of rings) {
        expect(ring.length).toBeGreaterThan(50);
        expect(ring[0]).toEqual(ring.at(-1));
        const outside = ring.filter(([lon, lat]) => !(lon > 105.5 && lon < 107.6 && lat > 28.3 && lat < 29.9));
        expect(outside).toEqual([]);
      }
    }
  });

  it('contains the Wansheng urban area inside the demo district and not inside a neighbour', () => {
    const urban: Position = [106.927, 28.958];
    expect(inPolygon(urban, demoRings)).toBe(true);
    for (const neighbour of admin.features.slice(1)) {
      expect(inPolygon(urban, neighbour.geometry.coordinates as Position[][])).toBe(false);
    }
  });

  it('marks hand-drawn rivers and roads as schematic lines', () => {
    for (const file of ['basemap/rivers.geojson', 'basemap/roads.geojson']) {
      const lines = readJson(file);
      expect(lines.features.length).toBeGreaterThan(0);
      for (const f of lines.features) {
        expect(f.geometry.type).toBe('LineString');
        expect(f.properties.schematic).toBe(true);
      }
    }
  });

  it('places every valid row of the sample ledgers inside the demo district', async () => {
    const samples: Array<[string, LedgerKind]> = [
      ['ledgers/teams.xlsx', 'team'],
      ['ledgers/risk-points.csv', 'risk_point'],
      ['ledgers/shelters.csv', 'shelter'],
      ['ledgers/depots.csv', 'depot'],
    ];
    for (const [file, kind] of samples) {
      const result = await prepareLedgerImport({ path: resources + file }, { kind, context: { stationJurisdiction: '500110' } });
      if (!result.ok) throw new Error(`${file} unreadable`);
      for (const { object } of result.value.valid) {
        const point = 'base' in object ? object.base : object.point;
        expect(inPolygon([point.lon, point.lat], demoRings), `${file}: ${object.name}`).toBe(true);
      }
    }
  });
});
