import { IconLayer, ScatterplotLayer } from '@deck.gl/layers';
import { categoryIcon, iconMapping } from '../icons';
import type { IncidentMarker } from '../markers';
import type { LayerView, RGBA } from './types';

/** Incident dots by level: 特别重大 red, 重大 orange, 较大 yellow, 一般 blue. */
export const levelColour: Record<string, RGBA> = {
  I: [220, 38, 38, 255],
  II: [234, 88, 12, 255],
  III: [234, 179, 8, 255],
  IV: [59, 130, 246, 255],
};
export const incidentColour = (i: Pick<IncidentMarker, 'level'>): RGBA => levelColour[i.level] ?? [220, 38, 38, 255];

/** The pulse is on in the first second of every two, while some incident's report is overdue. */
export const pulseOn = (overdue: readonly IncidentMarker[], nowMs: number) => overdue.length > 0 && nowMs % 2000 < 1000;

/**
 * A ring that pulses around each incident with an overdue report (nothing at all when none is, so
 * the clock moves nothing on the map).
 */
export function overduePulseLayer(overdue: readonly IncidentMarker[], on: boolean, scale: number) {
  return new ScatterplotLayer<IncidentMarker>({
    id: 'incident-pulse',
    data: overdue,
    getPosition: (i) => [i.lon, i.lat],
    getFillColor: [0, 0, 0, 0],
    getLineColor: [248, 113, 113, 255],
    stroked: true,
    filled: false,
    getLineWidth: 3,
    lineWidthUnits: 'pixels',
    getRadius: (on ? 26 : 16) * scale,
    radiusUnits: 'pixels',
    transitions: { getRadius: 900 },
    updateTriggers: { getRadius: on },
  });
}

/** A white ring around the incident selected here or in the incident list. */
export function selectedIncidentLayer(selected: readonly IncidentMarker[], scale: number) {
  return new ScatterplotLayer<IncidentMarker>({
    id: 'incident-selected',
    data: selected,
    getPosition: (i) => [i.lon, i.lat],
    stroked: true,
    filled: false,
    getLineColor: [255, 255, 255, 255],
    getLineWidth: 3,
    lineWidthUnits: 'pixels',
    getRadius: 20 * scale,
    radiusUnits: 'pixels',
  });
}

/** Open incidents: a dot coloured by level with the category's symbol on top. */
export function incidentLayers(incidents: readonly IncidentMarker[], view: LayerView) {
  return [
    new ScatterplotLayer<IncidentMarker>({
      id: 'incidents',
      data: incidents,
      getPosition: (i) => [i.lon, i.lat],
      getFillColor: incidentColour,
      getRadius: 12 * view.scale,
      radiusUnits: 'pixels',
      stroked: true,
      getLineColor: [15, 23, 42, 255],
      lineWidthMinPixels: 1,
      pickable: true,
    }),
    new IconLayer<IncidentMarker>({
      id: 'incident-symbols',
      data: incidents,
      ...view.atlas,
      iconMapping,
      getIcon: (i) => categoryIcon(i.category),
      getPosition: (i) => [i.lon, i.lat],
      getColor: [255, 255, 255, 255],
      getSize: 13 * view.scale,
    }),
  ];
}
