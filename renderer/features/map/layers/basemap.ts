import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Point } from 'geojson';
import demoArea from '../../../../resources/geo/demo-area.json';
import { basemapTileLayers, type TileSource } from '../basemap';
import type { RGBA } from './types';

const isPosition = (c: unknown): c is [number, number] =>
  Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number';

/** Township seats of the demo (points); district outlines, rivers and roads come from the offline basemap. */
export const townships: FeatureCollection<Point> = {
  type: 'FeatureCollection',
  features: demoArea.features.flatMap(({ properties, geometry }): Array<Feature<Point>> =>
    geometry.type === 'Point' && isPosition(geometry.coordinates)
      ? [{ type: 'Feature', properties, geometry: { type: 'Point', coordinates: geometry.coordinates } }]
      : [],
  ),
};

type Focus = { properties?: { focus?: unknown } | null };
/** The station's own district is filled and outlined brighter than its neighbours. */
export const outlineFill = (f: Focus): RGBA => (f.properties?.focus ? [100, 116, 139, 50] : [0, 0, 0, 0]);
export const outlineLine = (f: Focus): RGBA => (f.properties?.focus ? [203, 213, 225, 255] : [100, 116, 139, 200]);
export const outlineWidth = (f: Focus): number => (f.properties?.focus ? 2 : 1);

/** The jurisdiction outlines (the station's district and its neighbours) from the offline basemap (admin.geojson). */
export function jurisdictionLayer(admin: FeatureCollection) {
  return new GeoJsonLayer({
    id: 'districts',
    data: admin,
    stroked: true,
    filled: true,
    getFillColor: outlineFill,
    getLineColor: outlineLine,
    getLineWidth: outlineWidth,
    lineWidthUnits: 'pixels',
  });
}

/**
 * The basemap under the outline: raster tiles when the station names a source and the layer is shown,
 * then rivers, roads (the bundled GeoJSON, resources/basemap) and township seats (always there, offline).
 */
export function basemapLayers(
  sources: readonly TileSource[],
  showTiles: boolean,
  { rivers, roads }: { rivers: FeatureCollection; roads: FeatureCollection },
) {
  return {
    tiles: showTiles ? basemapTileLayers(sources) : [],
    features: [
      new GeoJsonLayer({
        id: 'rivers',
        data: rivers,
        getLineColor: [56, 189, 248, 200],
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
      }),
      new GeoJsonLayer({
        id: 'roads',
        data: roads,
        getLineColor: [148, 163, 184, 140],
        getLineWidth: 1,
        lineWidthUnits: 'pixels',
      }),
      new GeoJsonLayer({
        id: 'townships',
        data: townships,
        pointType: 'circle',
        getPointRadius: 3,
        pointRadiusUnits: 'pixels',
        getFillColor: [226, 232, 240, 200],
      }),
    ],
  };
}
