import { WebMercatorViewport } from '@deck.gl/core';
import demoArea from '../../../../resources/geo/demo-area.json';
import { boundsOf } from '../markers';

export type Box = [[number, number], [number, number]];

/** The bounding box of the bundled outline: the view opens on the whole district. */
function areaBounds(): Box {
  let [minLon, minLat, maxLon, maxLat] = [180, 90, -180, -90];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      minLon = Math.min(minLon, c[0]);
      maxLon = Math.max(maxLon, c[0]);
      minLat = Math.min(minLat, c[1]);
      maxLat = Math.max(maxLat, c[1]);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of demoArea.features) visit(f.geometry.coordinates);
  return [
    [minLon, minLat],
    [maxLon, maxLat],
  ];
}
export const districtBounds = areaBounds();

/** The view that shows `bounds` in a canvas of this size, with a tenth of the short side as margin. */
export function fitted(width: number, height: number, bounds: Box = districtBounds) {
  const { longitude, latitude, zoom } = new WebMercatorViewport({
    width: Math.max(width, 50),
    height: Math.max(height, 50),
  }).fitBounds(bounds, {
    padding: Math.round(Math.min(width, height) / 10),
  });
  return { longitude, latitude, zoom, pitch: 0, bearing: 0 };
}

/** The console opens on the district; the wall frames the open incidents (the district when none). */
export function initialView(
  wall: boolean,
  incidents: ReadonlyArray<{ lon: number; lat: number }>,
  size: { width: number; height: number },
) {
  const frame = wall ? (boundsOf(incidents, 0.08) ?? districtBounds) : districtBounds;
  return fitted(size.width, size.height, frame);
}
