import { useMemo } from 'react';
import type { Layer } from '@deck.gl/core';
import { shallowEqual } from 'react-redux';
import admin from '../../../resources/basemap/admin.geojson';
import rivers from '../../../resources/basemap/rivers.geojson';
import roads from '../../../resources/basemap/roads.geojson';
import { useAppSelector } from '../../app/hooks';
import { selectNow } from '../header/selectors';
import {
  selectDepotMarkers,
  selectDispatchLines,
  selectHeadquartersSites,
  selectHiddenLayers,
  selectIncidentMarkers,
  selectMapWarnings,
  selectRiskClustersAt,
  selectSelectedIncident,
  selectShelterMarkers,
  selectTeamMarkers,
  selectTrails,
} from './selectors';
import { clusterCellDeg, warningAreas } from './markers';
import { iconAtlas, iconAtlasProps } from './icons';
import { tileSources } from './basemap';
import {
  basemapLayers,
  depotLayer,
  dispatchLayers,
  headquartersLayer,
  incidentLayers,
  jurisdictionLayer,
  overduePulseLayer,
  pulseOn,
  riskPointLayer,
  selectedIncidentLayer,
  shelterLayer,
  teamLayer,
  trailLayer,
  trailPaths,
  warningLayer,
  warningRings,
  type LayerView,
} from './layers';
import type { MapLayerId } from './slice';

const atlas = () => iconAtlasProps(typeof document === 'undefined' ? null : iconAtlas());

/**
 * The map's layers from the store, each factory memoised on its own inputs: a second's team positions
 * rebuild the team and trail layers only, and the window's clock tick rebuilds nothing unless a
 * dispatch countdown runs or an overdue incident pulses (deck.gl then diffs one layer, not fifteen).
 */
export function useMapLayers(wall: boolean, zoom: number) {
  const hidden = useAppSelector(selectHiddenLayers);
  const scale = wall ? 1.5 : 1;
  const atlasProps = useMemo(atlas, []);
  const view = useMemo<LayerView>(() => ({ scale, atlas: atlasProps }), [scale, atlasProps]);

  const incidents = useAppSelector(selectIncidentMarkers);
  const teams = useAppSelector(selectTeamMarkers);
  const trails = useAppSelector(selectTrails);
  const shelters = useAppSelector(selectShelterMarkers);
  const depots = useAppSelector(selectDepotMarkers);
  const warnings = useAppSelector(selectMapWarnings);
  const hqSites = useAppSelector(selectHeadquartersSites);
  const selectedId = useAppSelector(selectSelectedIncident);
  const basemaps = useAppSelector((s) => s.map.basemaps);
  const riskClusters = useAppSelector((s) => selectRiskClustersAt(s, clusterCellDeg(zoom)));
  // The clock is read inside the selectors, so the pane re-renders on a tick only when what it draws
  // moves: lines equal when none is under way, the pulse a boolean that flips while something is overdue.
  const lines = useAppSelector((s) => selectDispatchLines(s, selectNow(s)), shallowEqual);
  const overdue = useMemo(() => incidents.filter((i) => i.overdue), [incidents]);
  const pulse = useAppSelector((s) => pulseOn(overdue, selectNow(s)));

  const sources = useMemo(() => tileSources(basemaps), [basemaps]);
  const warningPolygons = useMemo(() => warningAreas(warnings, admin.features), [warnings]);
  const paths = useMemo(() => trailPaths(trails), [trails]);
  const selected = useMemo(() => incidents.filter((i) => i.id === selectedId), [incidents, selectedId]);

  const showTiles = !hidden.includes('tiles');
  const base = useMemo(() => basemapLayers(sources, showTiles, { rivers, roads }), [sources, showTiles]);
  const outline = useMemo(() => jurisdictionLayer(admin), []);
  const warningsL = useMemo(() => warningLayer(warningRings(warningPolygons)), [warningPolygons]);
  const riskL = useMemo(() => riskPointLayer(riskClusters, scale), [riskClusters, scale]);
  const sheltersL = useMemo(() => shelterLayer(shelters, view), [shelters, view]);
  const depotsL = useMemo(() => depotLayer(depots, view), [depots, view]);
  const trailsL = useMemo(() => trailLayer(paths), [paths]);
  const dispatchL = useMemo(() => dispatchLayers(lines, scale), [lines, scale]);
  const teamsL = useMemo(() => teamLayer(teams, view), [teams, view]);
  const hqL = useMemo(() => headquartersLayer(hqSites, view), [hqSites, view]);
  const pulseL = useMemo(() => overduePulseLayer(overdue, pulse, scale), [overdue, pulse, scale]);
  const selectedL = useMemo(() => selectedIncidentLayer(selected, scale), [selected, scale]);
  const incidentsL = useMemo(() => incidentLayers(incidents, view), [incidents, view]);

  const layers = useMemo((): Layer[] => {
    const shown = (id: MapLayerId) => !hidden.includes(id);
    return [
      ...base.tiles,
      outline,
      ...base.features,
      ...(shown('warnings') ? [warningsL] : []),
      ...(shown('riskPoints') ? [riskL] : []),
      ...(shown('shelters') ? [sheltersL] : []),
      ...(shown('depots') ? [depotsL] : []),
      ...(shown('trails') ? [trailsL] : []),
      ...(shown('dispatch') ? dispatchL : []),
      ...(shown('teams') ? [teamsL] : []),
      ...(shown('headquarters') ? [hqL] : []),
      ...(shown('incidents') ? [pulseL, selectedL, ...incidentsL] : []),
    ];
  }, [hidden, base, outline, warningsL, riskL, sheltersL, depotsL, trailsL, dispatchL, teamsL, hqL, pulseL, selectedL, incidentsL],
  );

  const counts = {
    shelters: shelters.length,
    depots: depots.length,
    warningAreas: warningPolygons.length,
    headquarters: hqSites.length,
  };
  return { layers, incidents, selectedId, lines, sources, riskClusters, counts };
}
