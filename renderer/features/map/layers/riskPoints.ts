import { ScatterplotLayer } from '@deck.gl/layers';
import type { RiskCluster } from '../markers';
import type { RGBA } from './types';

export const riskColour: Record<RiskCluster['level'], RGBA> = {
  major: [220, 38, 38, 150],
  high: [234, 88, 12, 150],
  medium: [234, 179, 8, 130],
  low: [148, 163, 184, 120],
};

/** Pixels across a cluster's dot: grows with the square root of its count, capped so it never buries an incident. */
export const clusterRadius = (count: number, scale: number) => Math.min(4 + Math.sqrt(count) * 2, 18) * scale;

/** Risk points as clusters (one dot per point when zoomed in), coloured by the gravest level in each. */
export function riskPointLayer(clusters: readonly RiskCluster[], scale: number) {
  return new ScatterplotLayer<RiskCluster>({
    id: 'risk-points',
    data: clusters,
    getPosition: (c) => [c.lon, c.lat],
    getFillColor: (c) => riskColour[c.level],
    getRadius: (c) => clusterRadius(c.count, scale),
    radiusUnits: 'pixels',
    pickable: true,
    updateTriggers: { getRadius: scale },
  });
}
