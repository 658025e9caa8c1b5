import { describe, expect, it } from 'vitest';
import type { Layer } from '@deck.gl/core';
import type { FeatureCollection } from 'geojson';
import i18next from 'i18next';
import { initI18n } from '../../../i18n';
import type { DispatchLine, IncidentMarker, RiskCluster, ShelterMarker, TeamMarker, WarningArea } from '../markers';
import {
  basemapLayers,
  depotLayer,
  dispatchLayers,
  districtBounds,
  headquartersLayer,
  incidentLayers,
  initialView,
  jurisdictionLayer,
  overduePulseLayer,
  pulseOn,
  riskPointLayer,
  selectedIncidentLayer,
  shelterLayer,
  teamLayer,
  tooltipFor,
  tooltipText,
  trailLayer,
  trailPaths,
  warningLayer,
  warningRings,
  type LayerView,
} from '.';

const none: FeatureCollection = { type: 'FeatureCollection', features: [] };
const consoleView: LayerView = { scale: 1, atlas: {} };
const wallView: LayerView = { scale: 1.5, atlas: {} };

/** An accessor of a layer applied to one object, as deck.gl would when it fills the attribute. */
function accessor(layer: Layer, name: string, object: unknown): unknown {
  const value = (layer.props as unknown as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as (o: unknown, i: unknown) => unknown)(object, {}) : value;
}
const dataOf = (layer: Layer) => layer.props.data;

const incident = (over: Partial<IncidentMarker> = {}): IncidentMarker => ({
  id: 'inc-1',
  title: '凉风村山洪',
  category: 'natural_disaster',
  level: 'III',
  subtype: 'flood',
  status: 'received',
  lon: 106.9,
  lat: 28.9,
  overdue: false,
  ...over,
});
const team = (over: Partial<TeamMarker> = {}): TeamMarker => ({
  id: 'team-1',
  name: '万盛救援队',
  kind: 'comprehensive',
  status: 'en_route',
  headcount: 12,
  lon: 106.95,
  lat: 28.95,
  atBase: false,
  ...over,
});
const line = (over: Partial<DispatchLine> = {}): DispatchLine => ({
  orderId: 'o-1',
  teamName: '万盛救援队',
  incidentTitle: '凉风村山洪',
  status: 'issued',
  from: [106.8, 28.8],
  to: [107, 29],
  late: false,
  ...over,
});

describe('incident layers', () => {
  it('a dot coloured by level with the category symbol on top, larger on the wall', () => {
    const [dots, symbols] = incidentLayers([incident({ level: 'I' })], consoleView);
    expect(dots.id).toBe('incidents');
    expect(accessor(dots, 'getFillColor', incident({ level: 'I' }))).toEqual([220, 38, 38, 255]);
    expect(accessor(dots, 'getFillColor', incident({ level: 'IV' }))).toEqual([59, 130, 246, 255]);
    expect(dots.props.pickable).toBe(true);
    expect(symbols.id).toBe('incident-symbols');
    expect(accessor(symbols, 'getIcon', incident())).toBe('natural_disaster');
    const [wallDots] = incidentLayers([incident()], wallView);
    expect(accessor(wallDots, 'getRadius', incident())).toBe(18);
    expect(accessor(dots, 'getRadius', incident())).toBe(12);
  });

  it('the pulse rings only incidents with an overdue report, and beats only while one is', () => {
    const late = incident({ id: 'late', overdue: true });
    expect(pulseOn([], 0)).toBe(false);
    expect(pulseOn([late], 4_000)).toBe(true);
    expect(pulseOn([late], 5_500)).toBe(false);
    const on = overduePulseLayer([late], true, 1);
    const off = overduePulseLayer([late], false, 1);
    expect(dataOf(on)).toEqual([late]);
    expect(accessor(on, 'getRadius', late)).toBe(26);
    expect(accessor(off, 'getRadius', late)).toBe(16);
    expect(on.props.updateTriggers).toEqual({ getRadius: true });
  });

  it('the selected incident gets a white ring', () => {
    const ring = selectedIncidentLayer([incident()], 1.5);
    expect(ring.id).toBe('incident-selected');
    expect(accessor(ring, 'getLineColor', incident())).toEqual([255, 255, 255, 255]);
    expect(accessor(ring, 'getRadius', incident())).toBe(30);
  });
});

describe('team layer', () => {
  it('an arrow turned to the heading for a team that reports one, a dot otherwise, coloured by status', () => {
    const layer = teamLayer([team()], consoleView);
    const heading = team({ headingDeg: 90 });
    expect(accessor(layer, 'getIcon', heading)).toBe('arrow');
    expect(accessor(layer, 'getAngle', heading)).toBe(-90);
    expect(accessor(layer, 'getSize', heading)).toBe(20);
    expect(accessor(layer, 'getIcon', team())).toBe('dot');
    expect(accessor(layer, 'getSize', team())).toBe(14);
    expect(accessor(layer, 'getColor', team({ status: 'standby' }))).toEqual([34, 197, 94, 255]);
    expect(accessor(layer, 'getPosition', team())).toEqual([106.95, 28.95]);
    expect(accessor(teamLayer([], wallView), 'getSize', team())).toBe(21);
  });
});

describe('risk, resources and headquarters layers', () => {
  it('risk clusters grow with the square root of their count up to a cap, coloured by the gravest level', () => {
    const cluster = (count: number, level: RiskCluster['level'] = 'high'): RiskCluster => ({ lon: 1, lat: 2, count, level, ids: [] });
    const layer = riskPointLayer([cluster(1)], 1);
    expect(accessor(layer, 'getRadius', cluster(1))).toBe(6);
    expect(accessor(layer, 'getRadius', cluster(400))).toBe(18);
    expect(accessor(layer, 'getFillColor', cluster(1, 'major'))).toEqual([220, 38, 38, 150]);
    expect(accessor(riskPointLayer([], 1.5), 'getRadius', cluster(1))).toBe(9);
  });

  it('shelters by how full they are; depots and headquarters as their icons, scaled on the wall', () => {
    const shelter: ShelterMarker = { id: 's', name: '关坝小学', lon: 1, lat: 2, capacity: 100, occupancy: 99, fill: 0.99, band: 'full' };
    const s = shelterLayer([shelter], wallView);
    expect(accessor(s, 'getColor', shelter)).toEqual([239, 68, 68, 255]);
    expect(accessor(s, 'getSize', shelter)).toBe(27);
    const d = depotLayer([], consoleView);
    expect([d.id, accessor(d, 'getIcon', {}), accessor(d, 'getSize', {})]).toEqual(['depots', 'depot', 16]);
    const site = { id: 'hq', lon: 1, lat: 2, responseLevel: 'III', incidentTitle: '凉风村山洪' };
    const h = headquartersLayer([site], consoleView);
    expect([h.id, accessor(h, 'getIcon', site), accessor(h, 'getPosition', site)]).toEqual(['headquarters', 'headquarters', [1, 2]]);
  });

  it('warnings in force one polygon per ring, in the warning colour, outlined opaque', () => {
    const area: WarningArea = { warningId: 'w', hazard: '暴雨', colour: 'orange', rings: [[[0, 0], [1, 0], [1, 1]], [[2, 2], [3, 2], [3, 3]]] };
    const rings = warningRings([area]);
    expect(rings.map((r) => r.rings.length)).toEqual([1, 1]);
    const layer = warningLayer(rings);
    expect(accessor(layer, 'getFillColor', area)).toEqual([249, 115, 22, 70]);
    expect(accessor(layer, 'getLineColor', area)).toEqual([249, 115, 22, 220]);
  });
});

describe('dispatch and trails', () => {
  it('lines team → incident, red once late; the countdown only where an arrival is estimated, at the middle', () => {
    const onTime = line({ remainingMs: 125_000 });
    const late = line({ orderId: 'o-2', late: true, remainingMs: -60_000 });
    const unknown = line({ orderId: 'o-3' });
    const [lines, eta] = dispatchLayers([onTime, late, unknown], 1);
    expect(dataOf(lines)).toHaveLength(3);
    expect(accessor(lines, 'getColor', late)).toEqual([220, 38, 38, 230]);
    expect(accessor(lines, 'getColor', onTime)).toEqual([16, 185, 129, 230]);
    expect((dataOf(eta) as DispatchLine[]).map((l) => l.orderId)).toEqual(['o-1', 'o-2']);
    expect(accessor(eta, 'getText', onTime)).toBe('02:05');
    expect(accessor(eta, 'getText', late)).toBe('+01:00');
    expect(accessor(eta, 'getPosition', onTime)).toEqual([106.9, 28.9]);
  });

  it('trails of two positions or more', () => {
    const paths = trailPaths({ a: [[1, 1]], b: [[1, 1], [2, 2]] });
    expect(paths).toEqual([{ id: 'b', path: [[1, 1], [2, 2]] }]);
    expect(dataOf(trailLayer(paths))).toBe(paths);
  });
});

describe('basemap and view', () => {
  it('tiles only when a source is named and the layer shown; rivers, roads and townships always', () => {
    const source = { id: 'xyz', url: 'https://t/{z}/{x}/{y}.png', minzoom: 0, maxzoom: 18 };
    expect(basemapLayers([source], true, { rivers: none, roads: none }).tiles.map((l) => l.id)).toEqual(['tiles-xyz']);
    expect(basemapLayers([source], false, { rivers: none, roads: none }).tiles).toEqual([]);
    expect(basemapLayers([], true, { rivers: none, roads: none }).features.map((l) => l.id)).toEqual(['rivers', 'roads', 'townships']);
  });

  it('the jurisdiction outline brightens the station’s own district', () => {
    const outline = jurisdictionLayer(none);
    expect(accessor(outline, 'getLineWidth', { properties: { focus: true } })).toBe(2);
    expect(accessor(outline, 'getLineWidth', { properties: {} })).toBe(1);
    expect(accessor(outline, 'getFillColor', { properties: null })).toEqual([0, 0, 0, 0]);
  });

  it('the console opens on the district, the wall on the open incidents', () => {
    const size = { width: 800, height: 600 };
    const district = initialView(false, [incident()], size);
    const wall = initialView(true, [incident({ lon: 106.9, lat: 28.9 })], size);
    const [[w, s], [e, n]] = districtBounds;
    expect(district.longitude).toBeCloseTo((w + e) / 2, 1);
    expect(district.latitude).toBeGreaterThan(s);
    expect(district.latitude).toBeLessThan(n);
    expect(wall.longitude).toBeCloseTo(106.9, 3);
    expect(wall.zoom).toBeGreaterThan(district.zoom);
    expect(initialView(true, [], size)).toEqual(district);
  });
});

describe('tooltips', () => {
  it('say what is under the pointer in the window’s language, and nothing for unnamed layers', () => {
    initI18n('zh-CN');
    const t = i18next.t.bind(i18next);
    expect(tooltipText('teams', team({ status: 'on_scene' }), t)).toContain('到场');
    expect(tooltipText('incidents', incident({ overdue: true }), t)).toMatch(/^凉风村山洪\n较大/);
    expect(tooltipText('dispatch-lines', line({ remainingMs: 61_000 }), t)).toBe('万盛救援队 → 凉风村山洪\n01:01');
    expect(tooltipText('trails', {}, t)).toBeNull();
    expect(tooltipFor(null, false)).toBeNull();
    expect(tooltipFor('x', true)?.style.fontSize).toBe('22px');
  });
});
