import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Deck, MapView, type PickingInfo } from '@deck.gl/core';
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
const canvasBoxStyle = { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%' } as const;

/**
 * 态势一张图: incidents, teams, risks, resources, warnings and on-site headquarters over an offline
 * basemap (bundled GeoJSON; an MBTiles package or an XYZ source when the station names one). The
 * layers come from factories (./layers, composed in useMapLayers); the list beside the canvas names
 * what is drawn, for screen readers and for tests, and stands in when the PC has no WebGL. Selecting an
 * incident here selects it in the incident list, and the reverse.
 *
 * deck.gl is driven directly (one `Deck` in an effect, new layers by `setProps`), not through the
 * `@deck.gl/react` wrapper: the wrapper answers each of deck.gl's redraws with a React update and draws
 * in the layout effect of that update, a task after the animation frame, so while the map is panned
 * the frame often went by without the map and the next one drew it (decision 0034).
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

  // One Deck for the pane's life (again after a failure is cleared); it draws inside its own animation
  // frame. What it is handed later goes through setProps, read here through a ref when it is created.
  const canvasBox = useRef<HTMLDivElement>(null);
  const deck = useRef<Deck<MapView> | null>(null);
  const latest = useRef({ layers, view, getTooltip });
  latest.current = { layers, view, getTooltip };
  useEffect(() => {
    const parent = canvasBox.current;
    if (failed || !parent) return;
    // Each Deck gets a host of its own, removed with it: a Deck finalised before its WebGL device is
    // ready (an effect run twice, a remount) still adds its canvas when the device comes, and that
    // canvas must not land in the pane over the live one.
    const host = document.createElement('div');
    Object.assign(host.style, canvasBoxStyle);
    parent.appendChild(host);
    const created = new Deck({
      parent: host,
      views,
      controller,
      initialViewState: latest.current.view,
      layers: latest.current.layers,
      onError,
      onViewStateChange,
      onClick,
      getCursor,
      getTooltip: latest.current.getTooltip,
    });
    deck.current = created;
    return () => {
      deck.current = null;
      created.finalize();
      host.remove();
    };
  }, [failed, onError, onViewStateChange, onClick, getCursor]);
  useEffect(() => deck.current?.setProps({ layers }), [layers]);
  // A new initial view (the pane resized, the wall's incidents changed) re-fits, as deck.gl does for it.
  useEffect(() => deck.current?.setProps({ initialViewState: view }), [view]);
  useEffect(() => deck.current?.setProps({ getTooltip }), [getTooltip]);

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
      {!failed && <div className="map-deck" style={canvasBoxStyle} ref={canvasBox} />}
      <OutlineNotice />
      {!wall && <JurisdictionTree />}
      <MapLegend wall={wall} hasTiles={sources.length > 0} />
      {!wall && <MapSelection selectedId={selectedId} selected={selected} />}
      <MapFeatureList failed={failed} lines={lines} riskCount={riskClusters.reduce((n, c) => n + c.count, 0)} />
    </div>
  );
}
