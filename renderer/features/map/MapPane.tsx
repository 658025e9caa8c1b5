import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import DeckGL from '@deck.gl/react';
import { MapView, WebMercatorViewport, type PickingInfo } from '@deck.gl/core';
import {
  GeoJsonLayer,
  IconLayer,
  LineLayer,
  PathLayer,
  PolygonLayer,
  ScatterplotLayer,
  TextLayer,
} from '@deck.gl/layers';
import type { Feature, FeatureCollection, Point } from 'geojson';
import demoArea from '../../../resources/geo/demo-area.json';
import admin from '../../../resources/basemap/admin.geojson';
import rivers from '../../../resources/basemap/rivers.geojson';
import roads from '../../../resources/basemap/roads.geojson';
import { shallowEqual } from 'react-redux';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectNow } from '../header/selectors';
import { DispatchPanel } from '../dispatch/DispatchPanel';
import {
  selectDepotMarkers,
  selectDispatchLines,
  selectHeadquartersSites,
  selectHiddenLayers,
  selectIncidentMarkers,
  selectMapPoints,
  selectMapWarnings,
  selectRiskClustersAt,
  selectSelectedIncident,
  selectShelterMarkers,
  selectTeamMarkers,
  selectTrails,
} from './selectors';
import {
  boundsOf,
  clusterCellDeg,
  formatCountdown,
  warningAreas,
  type DepotMarker,
  type DispatchLine,
  type IncidentMarker,
  type RiskCluster,
  type ShelterMarker,
  type TeamMarker,
  type WarningArea,
} from './layers';
import { MAP_LAYERS, dispatchPanelOpened, incidentSelected, layerToggled, type MapLayerId } from './slice';
import { categoryIcon, iconAtlas, iconAtlasProps, iconMapping } from './icons';
import { basemapTileLayers, tileSources } from './basemap';
import { fetchBasemaps } from './commands';
import { placePicked } from '../incidents/slice';
import { OutlineNotice } from './OutlineNotice';
import { JurisdictionTree } from './JurisdictionTree';
import './map.css';

type RGBA = [number, number, number, number];

const isPosition = (c: unknown): c is [number, number] =>
  Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number';

// Township seats of the demo (points); district outlines, rivers and roads from the offline basemap.
const townships: FeatureCollection<Point> = {
  type: 'FeatureCollection',
  features: demoArea.features.flatMap(({ properties, geometry }): Array<Feature<Point>> =>
    geometry.type === 'Point' && isPosition(geometry.coordinates)
      ? [{ type: 'Feature', properties, geometry: { type: 'Point', coordinates: geometry.coordinates } }]
      : [],
  ),
};

export const levelColour: Record<string, RGBA> = {
  I: [220, 38, 38, 255],
  II: [234, 88, 12, 255],
  III: [234, 179, 8, 255],
  IV: [59, 130, 246, 255],
};
export const teamStatusColour: Record<TeamMarker['status'], RGBA> = {
  standby: [34, 197, 94, 255],
  assembling: [163, 230, 53, 255],
  en_route: [56, 189, 248, 255],
  on_scene: [250, 204, 21, 255],
  working: [249, 115, 22, 255],
  returning: [167, 139, 250, 255],
};
const riskColour: Record<RiskCluster['level'], RGBA> = {
  major: [220, 38, 38, 150],
  high: [234, 88, 12, 150],
  medium: [234, 179, 8, 130],
  low: [148, 163, 184, 120],
};
export const warningColour: Record<WarningArea['colour'], RGBA> = {
  blue: [59, 130, 246, 60],
  yellow: [234, 179, 8, 60],
  orange: [249, 115, 22, 70],
  red: [220, 38, 38, 80],
};
const shelterColour: Record<ShelterMarker['band'], RGBA> = {
  room: [45, 212, 191, 255],
  filling: [250, 204, 21, 255],
  full: [239, 68, 68, 255],
};

type Box = [[number, number], [number, number]];

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
const districtBounds = areaBounds();

function fitted(width: number, height: number, bounds: Box = districtBounds) {
  const { longitude, latitude, zoom } = new WebMercatorViewport({
    width: Math.max(width, 50),
    height: Math.max(height, 50),
  }).fitBounds(bounds, {
    padding: Math.round(Math.min(width, height) / 10),
  });
  return { longitude, latitude, zoom, pitch: 0, bearing: 0 };
}

/** The layers the legend lists, with the swatch it shows. */
const legendSwatch: Record<MapLayerId, string> = {
  incidents: '#dc2626',
  teams: '#22c55e',
  trails: '#38bdf8',
  dispatch: '#10b981',
  riskPoints: '#ea580c',
  depots: '#a78bfa',
  shelters: '#2dd4bf',
  warnings: '#eab308',
  headquarters: '#f472b6',
  tiles: '#64748b',
};

/**
 * 态势一张图: incidents, teams, risks, resources, warnings and on-site headquarters over an offline
 * basemap (bundled GeoJSON; an MBTiles package or an XYZ source when the station names one). The list
 * beside the canvas names what is drawn, for screen readers and for tests, and stands in when the PC
 * has no WebGL. Selecting an incident here selects it in the incident list, and the reverse.
 */
export function MapPane({ wall = false }: { wall?: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const points = useAppSelector(selectMapPoints);
  const incidents = useAppSelector(selectIncidentMarkers);
  const picking = useAppSelector((s) => s.incidents.pick.active);
  const teams = useAppSelector(selectTeamMarkers);
  const trails = useAppSelector(selectTrails);
  const shelters = useAppSelector(selectShelterMarkers);
  const depots = useAppSelector(selectDepotMarkers);
  const warnings = useAppSelector(selectMapWarnings);
  const hqSites = useAppSelector(selectHeadquartersSites);
  const hidden = useAppSelector(selectHiddenLayers);
  const selectedId = useAppSelector(selectSelectedIncident);
  const dispatchOpen = useAppSelector((s) => s.map.dispatchOpen);
  // The countdowns and the pulse move with the window's one clock tick (renderer/app/connect.ts).
  const now = useAppSelector(selectNow);
  // Equal when empty (and unchanged): with no order under way the map does not redraw on every tick.
  const lines = useAppSelector((s) => selectDispatchLines(s, now), shallowEqual);
  const [zoom, setZoom] = useState(10);
  const cellDeg = clusterCellDeg(zoom);
  const riskClusters = useAppSelector((s) => selectRiskClustersAt(s, cellDeg));
  const riskPointCount = useAppSelector((s) => s.resources.riskPoints.ids.length);
  const basemaps = useAppSelector((s) => s.map.basemaps);
  const sources = useMemo(() => tileSources(basemaps), [basemaps]);
  const connected = useAppSelector((s) => s.station.connected);
  useEffect(() => {
    if (connected) void dispatch(fetchBasemaps(undefined));
  }, [connected, dispatch]);
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 600, height: 400 });

  // Open on the whole district at whatever size the pane has; the wall frames the open incidents.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const frameKey = wall ? incidents.map((i) => `${i.id}@${i.lon},${i.lat}`).join('|') : '';
  const view = useMemo(() => {
    const frame = wall ? (boundsOf(incidents, 0.08) ?? districtBounds) : districtBounds;
    return fitted(size.width, size.height, frame);
    // Re-fit only when the set of open incidents (or the pane's size) changes, not on every tick.
  }, [wall, frameKey, size.width, size.height]);
  useEffect(() => setZoom(Math.floor(view.zoom)), [view.zoom]);

  const shown = useCallback((id: MapLayerId) => !hidden.includes(id), [hidden]);
  const atlasProps = useMemo(() => iconAtlasProps(typeof document === 'undefined' ? null : iconAtlas()), []);
  const warningPolygons = useMemo(() => warningAreas(warnings, admin.features), [warnings]);
  // A pulse only while some incident is overdue; otherwise nothing on the map moves with the clock.
  const overdue = useMemo(() => incidents.filter((i) => i.overdue), [incidents]);
  const pulseOn = overdue.length > 0 && now % 2000 < 1000;
  const selectedMarkers = useMemo(
    () => incidents.filter((i) => i.id === selectedId),
    [incidents, selectedId],
  );
  const trailPaths = useMemo(
    () =>
      Object.entries(trails)
        .filter(([, path]) => path.length > 1)
        .map(([id, path]) => ({ id, path })),
    [trails],
  );
  const warningRings = useMemo(
    () => warningPolygons.flatMap((w) => w.rings.map((ring) => ({ ...w, rings: [ring] }))),
    [warningPolygons],
  );
  const etaLabels = useMemo(() => lines.filter((l) => l.remainingMs !== undefined), [lines]);
  const scale = wall ? 1.5 : 1;

  const basemapLayers = useMemo(
    () => [
      ...(shown('tiles') ? basemapTileLayers(sources) : []),
      new GeoJsonLayer({
        id: 'districts',
        data: admin,
        stroked: true,
        filled: true,
        getFillColor: (f) => (f.properties?.focus ? [100, 116, 139, 50] : [0, 0, 0, 0]),
        getLineColor: (f) => (f.properties?.focus ? [203, 213, 225, 255] : [100, 116, 139, 200]),
        getLineWidth: (f) => (f.properties?.focus ? 2 : 1),
        lineWidthUnits: 'pixels',
      }),
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
    [shown, sources],
  );

  const overlayLayers = useMemo(
    () => [
      shown('warnings') &&
        new PolygonLayer<WarningArea>({
          id: 'warnings',
          data: warningRings,
          getPolygon: (w) => w.rings[0] ?? [],
          getFillColor: (w) => warningColour[w.colour],
          getLineColor: (w) => [...warningColour[w.colour].slice(0, 3), 220] as RGBA,
          getLineWidth: 2,
          lineWidthUnits: 'pixels',
          pickable: true,
        }),
      shown('riskPoints') &&
        new ScatterplotLayer<RiskCluster>({
          id: 'risk-points',
          data: riskClusters,
          getPosition: (c) => [c.lon, c.lat],
          getFillColor: (c) => riskColour[c.level],
          getRadius: (c) => Math.min(4 + Math.sqrt(c.count) * 2, 18) * scale,
          radiusUnits: 'pixels',
          pickable: true,
          // The same map serves the console and the wall (layout/Views): sizes follow the scale.
          updateTriggers: { getRadius: scale },
        }),
      shown('shelters') &&
        new IconLayer<ShelterMarker>({
          id: 'shelters',
          data: shelters,
          ...atlasProps,
          iconMapping,
          getIcon: () => 'shelter',
          getPosition: (s) => [s.lon, s.lat],
          getColor: (s) => shelterColour[s.band],
          getSize: 18 * scale,
          pickable: true,
        }),
      shown('depots') &&
        new IconLayer<DepotMarker>({
          id: 'depots',
          data: depots,
          ...atlasProps,
          iconMapping,
          getIcon: () => 'depot',
          getPosition: (d) => [d.lon, d.lat],
          getColor: [167, 139, 250, 255],
          getSize: 16 * scale,
          pickable: true,
        }),
      shown('trails') &&
        new PathLayer<{ id: string; path: Array<[number, number]> }>({
          id: 'trails',
          data: trailPaths,
          getPath: (d) => d.path,
          getColor: [56, 189, 248, 150],
          getWidth: 2,
          widthUnits: 'pixels',
        }),
      shown('dispatch') &&
        new LineLayer<DispatchLine>({
          id: 'dispatch-lines',
          data: lines,
          getSourcePosition: (l) => l.from,
          getTargetPosition: (l) => l.to,
          getColor: (l) => (l.late ? [220, 38, 38, 230] : [16, 185, 129, 230]),
          getWidth: 3 * scale,
          widthUnits: 'pixels',
          pickable: true,
        }),
      shown('dispatch') &&
        new TextLayer<DispatchLine>({
          id: 'dispatch-eta',
          data: etaLabels,
          getPosition: (l) => [(l.from[0] + l.to[0]) / 2, (l.from[1] + l.to[1]) / 2],
          getText: (l) => formatCountdown(l.remainingMs ?? 0),
          getColor: (l) => (l.late ? [254, 202, 202, 255] : [209, 250, 229, 255]),
          getSize: 14 * scale,
          background: true,
          getBackgroundColor: [2, 6, 23, 200],
          backgroundPadding: [4, 2],
          fontFamily: 'monospace',
          characterSet: '+0123456789:',
        }),
      shown('teams') &&
        new IconLayer<TeamMarker>({
          id: 'teams',
          data: teams,
          ...atlasProps,
          iconMapping,
          getIcon: (m) => (m.headingDeg === undefined ? 'dot' : 'arrow'),
          // deck.gl turns icons counter-clockwise; a heading turns clockwise from north.
          getAngle: (m) => -(m.headingDeg ?? 0),
          getPosition: (m) => [m.lon, m.lat],
          getColor: (m) => teamStatusColour[m.status],
          getSize: (m) => (m.headingDeg === undefined ? 14 : 20) * scale,
          updateTriggers: { getSize: scale },
          pickable: true,
        }),
      shown('headquarters') &&
        new IconLayer<(typeof hqSites)[number]>({
          id: 'headquarters',
          data: hqSites,
          ...atlasProps,
          iconMapping,
          getIcon: () => 'headquarters',
          getPosition: (h) => [h.lon, h.lat],
          getColor: [244, 114, 182, 255],
          getSize: 26 * scale,
          getPixelOffset: [8, -12],
          pickable: true,
        }),
      shown('incidents') &&
        new ScatterplotLayer<IncidentMarker>({
          id: 'incident-pulse',
          data: overdue,
          getPosition: (i) => [i.lon, i.lat],
          getFillColor: [0, 0, 0, 0],
          getLineColor: [248, 113, 113, 255],
          stroked: true,
          filled: false,
          getLineWidth: 3,
          lineWidthUnits: 'pixels',
          getRadius: (pulseOn ? 26 : 16) * scale,
          radiusUnits: 'pixels',
          transitions: { getRadius: 900 },
          updateTriggers: { getRadius: pulseOn },
        }),
      shown('incidents') &&
        new ScatterplotLayer<IncidentMarker>({
          id: 'incident-selected',
          data: selectedMarkers,
          getPosition: (i) => [i.lon, i.lat],
          stroked: true,
          filled: false,
          getLineColor: [255, 255, 255, 255],
          getLineWidth: 3,
          lineWidthUnits: 'pixels',
          getRadius: 20 * scale,
          radiusUnits: 'pixels',
        }),
      shown('incidents') &&
        new ScatterplotLayer<IncidentMarker>({
          id: 'incidents',
          data: incidents,
          getPosition: (i) => [i.lon, i.lat],
          getFillColor: (i) => levelColour[i.level] ?? [220, 38, 38, 255],
          getRadius: 12 * scale,
          radiusUnits: 'pixels',
          stroked: true,
          getLineColor: [15, 23, 42, 255],
          lineWidthMinPixels: 1,
          pickable: true,
        }),
      shown('incidents') &&
        new IconLayer<IncidentMarker>({
          id: 'incident-symbols',
          data: incidents,
          ...atlasProps,
          iconMapping,
          getIcon: (i) => categoryIcon(i.category),
          getPosition: (i) => [i.lon, i.lat],
          getColor: [255, 255, 255, 255],
          getSize: 13 * scale,
        }),
    ],
    [
      atlasProps,
      depots,
      etaLabels,
      hqSites,
      incidents,
      lines,
      overdue,
      pulseOn,
      riskClusters,
      scale,
      selectedMarkers,
      shelters,
      shown,
      teams,
      trailPaths,
      warningRings,
    ],
  );

  const tooltip = useCallback(
    ({ object, layer }: PickingInfo) => {
      if (!object || !layer) return null;
      const text = (() => {
        switch (layer.id) {
          case 'incidents': {
            const i = object as IncidentMarker;
            return `${i.title}\n${t(`incident.levels.${i.level}`)} · ${t(`incident.subtypes.${i.subtype}`)}${i.overdue ? `\n${t('map.overdue')}` : ''}`;
          }
          case 'teams': {
            const m = object as TeamMarker;
            return `${m.name}\n${t(`teams.statuses.${m.status}`)} · ${t(`teams.kinds.${m.kind}`)} · ${t('teams.headcount', { count: m.headcount })}`;
          }
          case 'risk-points': {
            const c = object as RiskCluster & { name?: string };
            return c.count > 1
              ? t('map.riskCluster', { count: c.count })
              : (c.name ?? t('map.layers.riskPoints'));
          }
          case 'shelters': {
            const s = object as ShelterMarker;
            return `${s.name}\n${t('map.shelterOccupancy', { occupancy: s.occupancy, capacity: s.capacity })}`;
          }
          case 'depots': {
            const d = object as DepotMarker;
            return [d.name, ...d.stock.slice(0, 6).map((s) => `${s.item} ${s.quantity}${s.unit}`)].join('\n');
          }
          case 'warnings': {
            const w = object as WarningArea;
            return `${t(`map.warningColours.${w.colour}`)} · ${w.hazard}${w.areaName ? `\n${w.areaName}` : ''}`;
          }
          case 'headquarters': {
            const h = object as (typeof hqSites)[number];
            return `${t('map.layers.headquarters')} · ${h.incidentTitle}${h.address ? `\n${h.address}` : ''}`;
          }
          case 'dispatch-lines': {
            const l = object as DispatchLine;
            return `${l.teamName} → ${l.incidentTitle}${l.remainingMs !== undefined ? `\n${formatCountdown(l.remainingMs)}` : ''}`;
          }
          default:
            return null;
        }
      })();
      return text
        ? {
            text,
            style: {
              background: '#020617e6',
              color: '#e2e8f0',
              fontSize: wall ? '22px' : '13px',
              whiteSpace: 'pre-line',
              borderRadius: '4px',
            },
          }
        : null;
    },
    [t, wall],
  );

  const selected = incidents.find((i) => i.id === selectedId);
  const incidentLabel = t('map.legendIncidents');
  const teamLabel = t('map.legendTeams');
  const layerIds = MAP_LAYERS.filter((id) => id !== 'tiles' || sources.length > 0);
  return (
    <div
      className={`map-pane${wall ? ' map-wall' : ''}`}
      data-testid="map"
      data-risk-points={riskPointCount}
      data-shelters={shelters.length}
      data-depots={depots.length}
      data-warning-areas={warningPolygons.length}
      data-headquarters={hqSites.length}
      ref={box}
    >
      {!failed && (
        <DeckGL
          views={new MapView({ repeat: false })}
          initialViewState={view}
          controller={{ doubleClickZoom: false }}
          layers={[...basemapLayers, ...overlayLayers]}
          onError={() => setFailed(true)}
          onViewStateChange={({ viewState }) => {
            const z = Math.floor((viewState as { zoom: number }).zoom);
            if (z !== zoom) setZoom(z);
          }}
          onClick={({ object, layer, coordinate }) => {
            if (wall) return;
            // While the intake form picks a place, a click gives its point instead of selecting.
            if (picking) {
              if (coordinate) dispatch(placePicked({ lon: coordinate[0], lat: coordinate[1] }));
              return;
            }
            if (layer?.id === 'incidents' && object)
              dispatch(incidentSelected((object as IncidentMarker).id));
          }}
          getCursor={({ isHovering }) => (picking ? 'crosshair' : isHovering ? 'pointer' : 'grab')}
          getTooltip={tooltip}
        />
      )}
      <OutlineNotice />
      {!wall && <JurisdictionTree />}
      <details className="map-legend" open={wall || undefined} data-testid="map-legend">
        <summary>{t('map.legend')}</summary>
        <ul>
          {layerIds.map((id) => (
            <li key={id}>
              <label>
                {!wall && (
                  <input
                    type="checkbox"
                    checked={shown(id)}
                    onChange={() => dispatch(layerToggled(id))}
                    data-testid={`layer-${id}`}
                  />
                )}
                <span className="swatch" style={{ background: legendSwatch[id] }} />
                {t(`map.layers.${id}`)}
              </label>
            </li>
          ))}
        </ul>
        <div className="legend-keys">
          <span>{t('map.keys.symbols')}</span>
          <span>{t('map.keys.levels')}</span>
          <span>{t('map.keys.teams')}</span>
        </div>
      </details>
      {!wall && selected && !dispatchOpen && (
        <div className="map-selection" data-testid="map-selection">
          <strong>{selected.title}</strong>
          <button
            type="button"
            className="primary"
            onClick={() => dispatch(dispatchPanelOpened(selected.id))}
          >
            {t('map.dispatch.open')} <kbd>D</kbd>
          </button>
          <button
            type="button"
            aria-label={t('map.dispatch.close')}
            onClick={() => dispatch(incidentSelected(null))}
          >
            ×
          </button>
        </div>
      )}
      {!wall && selectedId && dispatchOpen && <DispatchPanel key={selectedId} incidentId={selectedId} />}
      <ul
        className={failed ? 'map-fallback' : 'sr-only'}
        aria-label={t('map.listLabel')}
        data-testid="map-features"
      >
        {/* One text node per entry, positions in attributes (in the text only when the list stands in
            for the map): 2,000 teams move every second, and re-translating and re-laying out their
            text each time cost more than drawing them (tests/bench/map-frames.bench.ts). */}
        {points.map((p) => (
          <li
            key={`${p.kind}:${p.id}`}
            data-kind={p.kind}
            data-id={p.id}
            data-tag={p.tag}
            data-lon={p.lon.toFixed(3)}
            data-lat={p.lat.toFixed(3)}
          >
            {`${p.kind === 'incident' ? incidentLabel : teamLabel}: ${p.name}${failed ? ` (${p.lon.toFixed(3)}, ${p.lat.toFixed(3)})` : ''}`}
          </li>
        ))}
        {lines.map((l) => (
          <li key={`line:${l.orderId}`} data-kind="dispatch" data-id={l.orderId} data-late={l.late}>
            {l.teamName} → {l.incidentTitle}
            {l.remainingMs !== undefined ? ` ${formatCountdown(l.remainingMs)}` : ''}
          </li>
        ))}
        {shown('riskPoints') && (
          <li data-kind="risk-points" data-count={riskClusters.reduce((n, c) => n + c.count, 0)}>
            {t('map.riskCluster', { count: riskClusters.reduce((n, c) => n + c.count, 0) })}
          </li>
        )}
      </ul>
    </div>
  );
}
