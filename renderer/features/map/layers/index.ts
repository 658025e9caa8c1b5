// The map's layers, one factory a file: pure functions from data and the view (scale, icon atlas) to a
// deck.gl layer. MapPane only composes them, in this drawing order (bottom first): basemap tiles, the
// jurisdiction outline, rivers, roads and townships, warnings, risk points, shelters, depots, trails,
// dispatch lines, teams, headquarters, incidents.
export { basemapLayers, jurisdictionLayer, townships } from './basemap';
export { depotLayer } from './depots';
export { dispatchLayers } from './dispatch';
export { headquartersLayer, type HeadquartersSite } from './headquarters';
export { incidentLayers, levelColour, overduePulseLayer, pulseOn, selectedIncidentLayer } from './incidents';
export { riskPointLayer } from './riskPoints';
export { shelterLayer } from './shelters';
export { teamLayer, teamStatusColour } from './teams';
export { tooltipFor, tooltipText } from './tooltip';
export { trailLayer, trailPaths } from './trails';
export type { LayerView, RGBA } from './types';
export { districtBounds, fitted, initialView } from './view';
export { warningColour, warningLayer, warningRings } from './warnings';
