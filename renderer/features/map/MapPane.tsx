import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import DeckGL from '@deck.gl/react';
import { MapView, type PickingInfo } from '@deck.gl/core';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { placePicked } from '../incidents/slice';
import { fetchBasemaps } from './commands';
import { initialView, tooltipFor, tooltipText } from './layers';
import type { IncidentMarker } from './markers';
import { incidentSelected } from '../../app/actions';
import { useMapLayers } from './useMapLayers';
import { MapFeatureList } from './MapFeatureList';
import { MapLegend } from './MapLegend';
import { MapSelection } from './MapSelection';
import { OutlineNotice } from './OutlineNotice';
import { JurisdictionTree } from './JurisdictionTree';
import './map.css';

// One view for every render: a new MapView each time makes deck.gl compare views on every render.
const views = new MapView({ repeat: false });
const controller = { doubleClickZoom: false };

/**
 * 态势一张图: incidents, teams, risks, resources, warnings and on-site headquarters over an offline
 * basemap (bundled GeoJSON; an MBTiles package or an XYZ source when the station names one). The
 * layers come from factories (./layers, composed in useMapLayers); the list beside the canvas names
 * what is drawn, for screen readers and for tests, and stands in when the PC has no WebGL. Selecting an
 * incident here selects it in the incident list, and the reverse.
 */
export function MapPane({ wall = false }: { wall?: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const picking = useAppSelector((s) => s.incidents.pick.active);
  const riskPointCount = useAppSelector((s) => s.resources.riskPoints.ids.length);
  const connected = useAppSelector((s) => s.station.connected);
  useEffect(() => {
    if (connected) void dispatch(fetchBasemaps(undefined));
  }, [connected, dispatch]);
  const [failed, setFailed] = useState(false);
  const [zoom, setZoom] = useState(10);
  const { layers, incidents, selectedId, lines, sources, riskClusters, counts } = useMapLayers(wall, zoom);

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
  const view = useMemo(
    () => initialView(wall, incidents, size),
    // Re-fit only when the set of open incidents (frameKey) or the pane's size changes, not on every tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `incidents` is new on every push; frameKey says when it matters
    [wall, frameKey, size],
  );
  useEffect(() => setZoom(Math.floor(view.zoom)), [view.zoom]);

  // Stable handlers: what they read changes through refs, so DeckGL is not handed new props on each render.
  const state = useRef({ zoom, picking, wall });
  state.current = { zoom, picking, wall };
  const onViewStateChange = useCallback(({ viewState }: { viewState: unknown }) => {
    const z = Math.floor((viewState as { zoom: number }).zoom);
    if (z !== state.current.zoom) setZoom(z);
  }, []);
  const onClick = useCallback(
    ({ object, layer, coordinate }: PickingInfo) => {
      if (state.current.wall) return;
      // While the intake form picks a place, a click gives its point instead of selecting.
      if (state.current.picking) {
        if (coordinate) dispatch(placePicked({ lon: coordinate[0], lat: coordinate[1] }));
        return;
      }
      if (layer?.id === 'incidents' && object) dispatch(incidentSelected((object as IncidentMarker).id));
    },
    [dispatch],
  );
  const getCursor = useCallback(
    ({ isHovering }: { isHovering: boolean }) => (state.current.picking ? 'crosshair' : isHovering ? 'pointer' : 'grab'),
    [],
  );
  const getTooltip = useCallback(
    ({ object, layer }: PickingInfo) => (object && layer ? tooltipFor(tooltipText(layer.id, object, t), wall) : null),
    [t, wall],
  );
  const onError = useCallback(() => setFailed(true), []);

  const selected = incidents.find((i) => i.id === selectedId);
  return (
    <div
      className={`map-pane${wall ? ' map-wall' : ''}`}
      data-testid="map"
      data-risk-points={riskPointCount}
      data-shelters={counts.shelters}
      data-depots={counts.depots}
      data-warning-areas={counts.warningAreas}
      data-headquarters={counts.headquarters}
      ref={box}
    >
      {!failed && (
        <DeckGL
          views={views}
          initialViewState={view}
          controller={controller}
          layers={layers}
          onError={onError}
          onViewStateChange={onViewStateChange}
          onClick={onClick}
          getCursor={getCursor}
          getTooltip={getTooltip}
        />
      )}
      <OutlineNotice />
      {!wall && <JurisdictionTree />}
      <MapLegend wall={wall} hasTiles={sources.length > 0} />
      {!wall && <MapSelection selectedId={selectedId} selected={selected} />}
      <MapFeatureList failed={failed} lines={lines} riskCount={riskClusters.reduce((n, c) => n + c.count, 0)} />
    </div>
  );
}
