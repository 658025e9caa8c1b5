import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import DeckGL from '@deck.gl/react';
import { MapView, WebMercatorViewport } from '@deck.gl/core';
import { GeoJsonLayer, LineLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { FeatureCollection } from 'geojson';
import demoArea from '../../../resources/geo/demo-area.json';
import admin from '../../../resources/basemap/admin.geojson';
import rivers from '../../../resources/basemap/rivers.geojson';
import roads from '../../../resources/basemap/roads.geojson';
import { useAppSelector } from '../../app/hooks';
import { selectDispatchLines, selectMapPoints, selectRiskClusters, type MapPoint } from './selectors';
import type { DispatchLine, RiskCluster } from './layers';

// Township seats of the demo (points); district outlines, rivers and roads from the offline basemap.
const area = demoArea as unknown as FeatureCollection;
const townships: FeatureCollection = {
  type: 'FeatureCollection',
  features: area.features.filter((f) => f.geometry.type === 'Point'),
};

const levelColour: Record<string, [number, number, number]> = {
  I: [220, 38, 38],
  II: [234, 88, 12],
  III: [234, 179, 8],
  IV: [59, 130, 246],
};
const riskColour: Record<RiskCluster['level'], [number, number, number, number]> = {
  major: [220, 38, 38, 140],
  high: [234, 88, 12, 140],
  medium: [234, 179, 8, 120],
  low: [148, 163, 184, 110],
};
const teamColour = (status: string): [number, number, number] =>
  status === 'standby' ? [34, 197, 94] : [16, 185, 129];

/** The bounding box of the bundled outline: the view opens on the whole district. */
function areaBounds(): [[number, number], [number, number]] {
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
const bounds = areaBounds();

function fitted(width: number, height: number) {
  const { longitude, latitude, zoom } = new WebMercatorViewport({
    width: Math.max(width, 50),
    height: Math.max(height, 50),
  }).fitBounds(bounds, {
    padding: Math.min(24, width / 8, height / 8),
  });
  return { longitude, latitude, zoom, pitch: 0, bearing: 0 };
}

/**
 * 态势一张图: incidents and teams over the district outline. No tiles are fetched (the station works
 * offline); the outline is bundled. The list beside the canvas names what is drawn, for screen readers
 * and for tests, and stands in when the PC has no WebGL.
 */
export function MapPane({ wall = false }: { wall?: boolean }) {
  const { t } = useTranslation();
  const points = useAppSelector(selectMapPoints);
  const riskClusters = useAppSelector(selectRiskClusters);
  // The dispatch countdown moves on with the clock: re-read the lines every 15 s.
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const lines = useAppSelector((s) => selectDispatchLines(s, nowMs));
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState(() => fitted(600, 400));
  // Open on the whole district at whatever size the pane has; the user may pan and zoom from there.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setView(fitted(el.clientWidth, el.clientHeight));
  }, []);
  const layers = useMemo(
    () => [
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
      new ScatterplotLayer<RiskCluster>({
        id: 'risk-points',
        data: riskClusters,
        getPosition: (c) => [c.lon, c.lat],
        getFillColor: (c) => riskColour[c.level],
        getRadius: (c) => Math.min(4 + Math.sqrt(c.count) * 2, 18),
        radiusUnits: 'pixels',
      }),
      new LineLayer<DispatchLine>({
        id: 'dispatch-lines',
        data: lines,
        getSourcePosition: (l) => l.from,
        getTargetPosition: (l) => l.to,
        getColor: (l) => (l.late ? [220, 38, 38, 230] : [16, 185, 129, 230]),
        getWidth: 2,
        widthUnits: 'pixels',
      }),
      new ScatterplotLayer<MapPoint>({
        id: 'teams',
        data: points.filter((p) => p.kind === 'team'),
        getPosition: (p) => [p.lon, p.lat],
        getFillColor: (p) => teamColour(p.tag),
        getRadius: wall ? 9 : 6,
        radiusUnits: 'pixels',
        stroked: true,
        getLineColor: [255, 255, 255],
        lineWidthMinPixels: 1,
        pickable: true,
      }),
      new ScatterplotLayer<MapPoint>({
        id: 'incidents',
        data: points.filter((p) => p.kind === 'incident'),
        getPosition: (p) => [p.lon, p.lat],
        getFillColor: (p) => levelColour[p.tag] ?? [220, 38, 38],
        getRadius: wall ? 16 : 11,
        radiusUnits: 'pixels',
        stroked: true,
        getLineColor: [255, 255, 255],
        lineWidthMinPixels: 2,
        pickable: true,
      }),
    ],
    [points, wall, riskClusters, lines],
  );
  return (
    <div className="map-pane" data-testid="map" ref={box}>
      {!failed && (
        <DeckGL
          views={new MapView({ repeat: false })}
          initialViewState={view}
          controller={{ doubleClickZoom: false }}
          layers={layers}
          onError={() => setFailed(true)}
          getTooltip={({ object }) => (object ? (object as MapPoint).name : null)}
        />
      )}
      <div className="map-legend">
        <span className="legend-incident">{t('map.legendIncidents')}</span>
        <span className="legend-team">{t('map.legendTeams')}</span>
      </div>
      <ul
        className={failed ? 'map-fallback' : 'sr-only'}
        aria-label={t('map.listLabel')}
        data-testid="map-features"
      >
        {points.map((p) => (
          <li key={`${p.kind}:${p.id}`} data-kind={p.kind} data-id={p.id}>
            {p.kind === 'incident' ? t('map.legendIncidents') : t('map.legendTeams')}: {p.name} (
            {p.lon.toFixed(3)}, {p.lat.toFixed(3)})
          </li>
        ))}
      </ul>
    </div>
  );
}
