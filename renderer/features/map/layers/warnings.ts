import { PolygonLayer } from '@deck.gl/layers';
import type { WarningArea } from '../markers';
import type { RGBA } from './types';

export const warningColour: Record<WarningArea['colour'], RGBA> = {
  blue: [59, 130, 246, 60],
  yellow: [234, 179, 8, 60],
  orange: [249, 115, 22, 70],
  red: [220, 38, 38, 80],
};

/** One polygon per ring: an area of several parts (a multipolygon district) is drawn part by part. */
export function warningRings(areas: readonly WarningArea[]): WarningArea[] {
  return areas.flatMap((w) => w.rings.map((ring) => ({ ...w, rings: [ring] })));
}

/** Warnings in force as translucent areas in their warning colour, outlined more strongly. */
export function warningLayer(rings: readonly WarningArea[]) {
  return new PolygonLayer<WarningArea>({
    id: 'warnings',
    data: rings,
    getPolygon: (w) => w.rings[0] ?? [],
    getFillColor: (w) => warningColour[w.colour],
    getLineColor: (w) => [...warningColour[w.colour].slice(0, 3), 220] as RGBA,
    getLineWidth: 2,
    lineWidthUnits: 'pixels',
    pickable: true,
  });
}
