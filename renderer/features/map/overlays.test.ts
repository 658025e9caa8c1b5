import { describe, expect, it } from 'vitest';
import { Incident } from '../../../shared/domain/incident';
import { Depot, Shelter, Team } from '../../../shared/domain/resources';
import { newId } from '../../../shared/ids';
import {
  appendTrails,
  boundsOf,
  clusterCellDeg,
  depotMarkers,
  formatCountdown,
  headquartersSites,
  incidentMarkers,
  shelterMarkers,
  teamMarkers,
  warningAreas,
  type MapWarning,
} from './markers';

const incident = (
  over: { level?: 'I' | 'II' | 'III' | 'IV'; point?: { lon: number; lat: number } | null } = {},
) =>
  Incident.parse({
    id: newId(),
    jurisdiction: '500110',
    status: 'received',
    version: 1,
    facts: {
      title: '某镇山体滑坡',
      category: 'natural_disaster',
      subtype: 'landslide',
      level: over.level ?? 'III',
      location: {
        areaCode: '500110001',
        address: '某村三组',
        ...(over.point === null ? {} : { point: over.point ?? { lon: 106.6, lat: 28.9 } }),
      },
      occurredAt: '2026-11-25T01:40:00.000Z',
      receivedAt: '2026-11-25T01:52:00.000Z',
      source: 'phone',
      casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
      affectedPeople: 0,
      description: '山体滑坡',
    },
  });

const team = (id: string, position?: { lon: number; lat: number; headingDeg?: number }) =>
  Team.parse({
    id,
    name: `队伍${id}`,
    kind: 'professional',
    jurisdiction: '500110',
    headcount: 20,
    base: { lon: 106.5, lat: 28.8 },
    status: position ? 'en_route' : 'standby',
    ...(position
      ? {
          position: {
            point: { lon: position.lon, lat: position.lat },
            ...(position.headingDeg !== undefined ? { headingDeg: position.headingDeg } : {}),
            at: '2026-11-25T02:00:00.000Z',
          },
        }
      : {}),
  });

describe('team trails from the positions the station sent', () => {
  it('keeps the newest positions in order, skips a repeat, and leaves other teams alone', () => {
    let trails = appendTrails({}, [team('a', { lon: 1, lat: 1 }), team('b')], 3);
    expect(trails).toEqual({ a: [[1, 1]] });
    trails = appendTrails(trails, [team('a', { lon: 1, lat: 1 })], 3);
    expect(trails.a).toEqual([[1, 1]]);
    for (const lon of [2, 3, 4]) trails = appendTrails(trails, [team('a', { lon, lat: 1 })], 3);
    expect(trails.a).toEqual([
      [2, 1],
      [3, 1],
      [4, 1],
    ]);
    trails = appendTrails(trails, [team('c', { lon: 9, lat: 9 })], 3);
    expect(trails.a).toHaveLength(3);
    expect(trails.c).toEqual([[9, 9]]);
  });
});

describe('incident markers', () => {
  const now = Date.parse('2026-11-25T03:00:00.000Z');
  it('pulse while an owed report is past due, and not once it is met', () => {
    const late = incident();
    const calm = incident({ level: 'I' });
    const met = incident();
    const markers = incidentMarkers(
      [late, calm, met],
      {
        [late.id]: [{ state: 'pending', dueAt: '2026-11-25T02:52:00.000Z' }],
        [calm.id]: [{ state: 'pending', dueAt: '2026-11-25T03:30:00.000Z' }],
        [met.id]: [{ state: 'met_late', dueAt: '2026-11-25T02:52:00.000Z' }],
      },
      now,
    );
    expect(markers.map((m) => [m.id, m.overdue])).toEqual([
      [late.id, true],
      [calm.id, false],
      [met.id, false],
    ]);
    expect(markers[1]).toMatchObject({ level: 'I', category: 'natural_disaster', lon: 106.6, lat: 28.9 });
  });
  it('an obligation the station already marked overdue pulses; an incident without a point is not drawn', () => {
    const a = incident();
    const nowhere = incident({ point: null });
    const markers = incidentMarkers(
      [a, nowhere],
      { [a.id]: [{ state: 'overdue', dueAt: '2026-11-25T04:00:00.000Z' }] },
      now,
    );
    expect(markers.map((m) => m.id)).toEqual([a.id]);
    expect(markers[0]?.overdue).toBe(true);
  });
});

describe('teams, shelters and depots on the map', () => {
  it('a team is drawn at its live position with its heading, else at its base without one', () => {
    const [moving, home] = teamMarkers([team('m', { lon: 106.7, lat: 28.95, headingDeg: 90 }), team('h')]);
    expect(moving).toMatchObject({
      lon: 106.7,
      lat: 28.95,
      headingDeg: 90,
      atBase: false,
      status: 'en_route',
    });
    expect(home).toMatchObject({ lon: 106.5, lat: 28.8, atBase: true, status: 'standby' });
    expect(home).not.toHaveProperty('headingDeg');
  });
  it('a shelter shows how full it is: room, filling from 70 %, full from 95 % (and over capacity)', () => {
    const shelter = (occupancy: number, capacity = 100) =>
      Shelter.parse({
        id: `s${occupancy}`,
        name: '避难场所',
        jurisdiction: '500110',
        point: { lon: 1, lat: 2 },
        capacity,
        occupancy,
      });
    expect(
      shelterMarkers([shelter(10), shelter(70), shelter(95), shelter(130), shelter(0, 0)]).map((s) => s.band),
    ).toEqual(['room', 'filling', 'full', 'full', 'full']);
    expect(shelterMarkers([shelter(130)])[0]?.fill).toBe(1);
  });
  it("a depot's stock is listed largest first", () => {
    const depot = Depot.parse({
      id: 'd1',
      name: '区应急物资储备库',
      jurisdiction: '500110',
      point: { lon: 1, lat: 2 },
      stock: [
        { item: '帐篷', unit: '顶', quantity: 50 },
        { item: '棉被', unit: '床', quantity: 800 },
      ],
    });
    expect(depotMarkers([depot])[0]?.stock.map((s) => s.item)).toEqual(['棉被', '帐篷']);
  });
});

describe('warning areas and on-site headquarters', () => {
  const admin = [
    {
      properties: { code: '500110', name: '綦江区' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [106, 28],
            [107, 28],
            [107, 29],
            [106, 28],
          ],
        ],
      },
    },
    {
      properties: { code: '500113', name: '巴南区' },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [106, 29],
              [107, 29],
              [107, 30],
              [106, 29],
            ],
          ],
          [
            [
              [108, 29],
              [109, 29],
              [109, 30],
              [108, 29],
            ],
          ],
        ],
      },
    },
  ];
  const warning = (over: Partial<MapWarning>): MapWarning => ({
    id: newId(),
    hazard: '暴雨',
    colour: 'orange',
    areas: ['500110'],
    ...over,
  });
  it("draws a warning's own polygon, else the outline of each named area (a township code falls in its district)", () => {
    const own = warning({
      colour: 'red',
      polygon: [
        { lon: 1, lat: 1 },
        { lon: 2, lat: 1 },
        { lon: 2, lat: 2 },
      ],
    });
    const byArea = warning({ colour: 'yellow', areas: ['500110003', '500113'] });
    const areas = warningAreas([own, byArea], admin);
    expect(areas.map((a) => [a.colour, a.areaName ?? null, a.rings.length])).toEqual([
      ['yellow', '綦江区', 1],
      ['yellow', '巴南区', 2],
      ['red', null, 1],
    ]);
  });
  it('a lifted warning is not drawn', () => {
    expect(warningAreas([warning({ liftedAt: '2026-11-25T02:00:00.000Z' })], admin)).toEqual([]);
  });
  it('on-site headquarters of active responses with a placed site, named by their incident', () => {
    const i = incident();
    const sites = headquartersSites(
      [
        {
          id: 'h1',
          incidentId: i.id,
          responseLevel: 'III',
          status: 'active',
          site: { lon: 106.61, lat: 28.91 },
          siteAddress: '镇政府',
        },
        { id: 'h2', incidentId: i.id, responseLevel: 'III', status: 'active' },
        { id: 'h3', incidentId: i.id, responseLevel: 'II', status: 'terminated', site: { lon: 1, lat: 1 } },
      ],
      [i],
    );
    expect(sites).toEqual([
      {
        id: 'h1',
        lon: 106.61,
        lat: 28.91,
        responseLevel: 'III',
        incidentTitle: '某镇山体滑坡',
        address: '镇政府',
      },
    ]);
  });
});

describe('framing and countdowns', () => {
  it('the wall frames every open incident, at least a minimum span around a single one', () => {
    expect(boundsOf([], 0.1)).toBeNull();
    const [[w, s], [e, n]] = boundsOf([{ lon: 106.6, lat: 28.9 }], 0.1) ?? [
      [0, 0],
      [0, 0],
    ];
    expect([w, e, s, n].map((x) => Number(x.toFixed(3)))).toEqual([106.55, 106.65, 28.85, 28.95]);
    expect(
      boundsOf(
        [
          { lon: 106, lat: 28 },
          { lon: 107, lat: 29.5 },
        ],
        0.1,
      ),
    ).toEqual([
      [106, 28],
      [107, 29.5],
    ]);
  });
  it('risk points gather in cells of about 40 px, and stand alone when zoomed in close', () => {
    expect(clusterCellDeg(10)).toBeCloseTo((40 * 360) / (256 * 1024), 10);
    expect(clusterCellDeg(12)).toBeLessThan(clusterCellDeg(10) ?? 0);
    expect(clusterCellDeg(13)).toBeNull();
  });
  it('a countdown reads mm:ss, h:mm:ss beyond an hour, and +mm:ss once late', () => {
    expect(formatCountdown(15 * 60_000 + 5_000)).toBe('15:05');
    expect(formatCountdown(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatCountdown(-90_000)).toBe('+01:30');
  });
});
