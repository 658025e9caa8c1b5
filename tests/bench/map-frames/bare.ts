import { Deck, MapView, WebMercatorViewport } from '@deck.gl/core';
import { GeoJsonLayer, IconLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { FeatureCollection } from 'geojson';
import demoArea from '../../../resources/geo/demo-area.json';
import admin from '../../../resources/basemap/admin.geojson';
import rivers from '../../../resources/basemap/rivers.geojson';
import roads from '../../../resources/basemap/roads.geojson';
import { aggregateRiskPoints, clusterCellDeg, type RiskCluster } from '../../../renderer/features/map/markers';
import { categoryIcon, iconAtlas, iconMapping } from '../../../renderer/features/map/icons';
import type { Incident } from '../../../shared/domain/incident';
import type { Team } from '../../../shared/domain/resources';
import { frameRecorder } from './frames';
import { workload, type BenchPage } from './data';

/**
 * The same layers as the app's map pane draws for this workload (basemap, risk clusters, team trails,
 * teams with heading, incidents with their category symbol) and hover tooltips, with plain deck.gl and no
 * app around it: data arrays rebuilt once a second, clusters once per zoom level.
 */
type RGBA = [number, number, number, number];
const area = demoArea as unknown as FeatureCollection;
const townships: FeatureCollection = { type: 'FeatureCollection', features: area.features.filter((f) => f.geometry.type === 'Point') };
const levelColour: Record<string, RGBA> = { I: [220, 38, 38, 255], II: [234, 88, 12, 255], III: [234, 179, 8, 255], IV: [59, 130, 246, 255] };
const statusColour: Record<string, RGBA> = {
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

function bounds(): [[number, number], [number, number]] {
  let [minLon, minLat, maxLon, maxLat] = [180, 90, -180, -90];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      minLon = Math.min(minLon, c[0]);
      maxLon = Math.max(maxLon, c[0]);
      minLat = Math.min(minLat, c[1]);
      maxLat = Math.max(maxLat, c[1]);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of area.features) if (f.geometry.type !== 'GeometryCollection') visit(f.geometry.coordinates);
  return [
    [minLon, minLat],
    [maxLon, maxLat],
  ];
}

const container = document.getElementById('map') as HTMLDivElement;
const { width, height } = container.getBoundingClientRect();
const fit = new WebMercatorViewport({ width, height }).fitBounds(bounds(), { padding: Math.round(Math.min(width, height) / 10) });
const data = workload(Date.now());
const atlas = iconAtlas();
let teams: Team[] = data.teams;
const trails = new Map<string, Array<[number, number]>>();
const addTrails = () => {
  for (const t of teams) {
    const at = t.position?.point;
    if (!at) continue;
    const trail = trails.get(t.id) ?? [];
    trail.push([at.lon, at.lat]);
    if (trail.length > 8) trail.shift();
    trails.set(t.id, trail);
  }
};
addTrails();
const incidents = data.incidents.filter((i): i is Incident & { facts: { location: { point: { lon: number; lat: number } } } } => !!i.facts.location.point);
let zoomLevel = Math.floor(fit.zoom);
const clustersByCell = new Map<number | null, RiskCluster[]>();
const clusters = () => {
  const cell = clusterCellDeg(zoomLevel);
  let c = clustersByCell.get(cell);
  if (!c) {
    c = cell === null ? data.riskPoints.map((p) => ({ lon: p.point.lon, lat: p.point.lat, count: 1, level: p.level, ids: [p.id] })) : aggregateRiskPoints(data.riskPoints, cell);
    clustersByCell.set(cell, c);
  }
  return c;
};

const basemap = [
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
  new GeoJsonLayer({ id: 'rivers', data: rivers, getLineColor: [56, 189, 248, 200], getLineWidth: 2, lineWidthUnits: 'pixels' }),
  new GeoJsonLayer({ id: 'roads', data: roads, getLineColor: [148, 163, 184, 140], getLineWidth: 1, lineWidthUnits: 'pixels' }),
  new GeoJsonLayer({ id: 'townships', data: townships, pointType: 'circle', getPointRadius: 3, pointRadiusUnits: 'pixels', getFillColor: [226, 232, 240, 200] }),
];
const incidentLayers = [
  new ScatterplotLayer<(typeof incidents)[number]>({
    id: 'incidents',
    data: incidents,
    getPosition: (i) => [i.facts.location.point.lon, i.facts.location.point.lat],
    getFillColor: (i) => levelColour[i.facts.level] ?? [220, 38, 38, 255],
    getRadius: 12,
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: [15, 23, 42, 255],
    lineWidthMinPixels: 1,
    pickable: true,
  }),
  new IconLayer<(typeof incidents)[number]>({
    id: 'incident-symbols',
    data: incidents,
    iconAtlas: atlas as never,
    iconMapping,
    getIcon: (i) => categoryIcon(i.facts.category),
    getPosition: (i) => [i.facts.location.point.lon, i.facts.location.point.lat],
    getColor: [255, 255, 255, 255],
    getSize: 13,
  }),
];

const layers = () => [
  ...basemap,
  new ScatterplotLayer<RiskCluster>({
    id: 'risk-points',
    data: clusters(),
    getPosition: (c) => [c.lon, c.lat],
    getFillColor: (c) => riskColour[c.level],
    getRadius: (c) => Math.min(4 + Math.sqrt(c.count) * 2, 18),
    radiusUnits: 'pixels',
    pickable: true,
  }),
  new PathLayer<{ id: string; path: Array<[number, number]> }>({
    id: 'trails',
    data: [...trails].filter(([, p]) => p.length > 1).map(([id, path]) => ({ id, path })),
    getPath: (d) => d.path,
    getColor: [56, 189, 248, 150],
    getWidth: 2,
    widthUnits: 'pixels',
  }),
  new IconLayer<Team>({
    id: 'teams',
    data: teams,
    iconAtlas: atlas as never,
    iconMapping,
    getIcon: (t) => (t.position?.headingDeg === undefined ? 'dot' : 'arrow'),
    getAngle: (t) => -(t.position?.headingDeg ?? 0),
    getPosition: (t) => [t.position?.point.lon ?? t.base.lon, t.position?.point.lat ?? t.base.lat],
    getColor: (t) => statusColour[t.status] ?? [255, 255, 255, 255],
    getSize: (t) => (t.position?.headingDeg === undefined ? 14 : 20),
    pickable: true,
  }),
  ...incidentLayers,
];

const deck = new Deck({
  parent: container,
  views: new MapView({ repeat: false }),
  initialViewState: { longitude: fit.longitude, latitude: fit.latitude, zoom: fit.zoom, pitch: 0, bearing: 0 },
  controller: { doubleClickZoom: false },
  layers: layers(),
  // Hover picking, as the app's tooltips do.
  getTooltip: ({ object }) => (object ? { text: (object as { name?: string }).name ?? '' } : null),
  onViewStateChange: ({ viewState }) => {
    const z = Math.floor((viewState as { zoom: number }).zoom);
    if (z !== zoomLevel) {
      zoomLevel = z;
      deck.setProps({ layers: layers() });
    }
  },
});

const frames = frameRecorder();
const page: BenchPage = {
  ready: false,
  ticks: 0,
  startUpdates() {
    setInterval(() => {
      page.ticks += 1;
      teams = [...data.move(page.ticks)];
      addTrails();
      deck.setProps({ layers: layers() });
    }, 1000);
  },
  startFrames: frames.start,
  stopFrames: frames.stop,
  drawnFrames: frames.drawnFrames,
};
(window as unknown as { bench: BenchPage }).bench = page;
requestAnimationFrame(() => requestAnimationFrame(() => (page.ready = true)));
