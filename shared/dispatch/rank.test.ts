import { describe, expect, it } from 'vitest';
import { Team, type TeamStatus } from '../domain/resources';
import { greatCircleKm } from './geo';
import { defaultDispatchEstimate, DispatchRankingWire, loadDispatchEstimate, rankTeams, rankTeamsForIncident } from './rank';
import { matchingSkills } from './skills';

const NOW = Date.parse('2026-07-10T02:00:00.000Z');
const incidentPoint = { lon: 106.927, lat: 28.958 };

function team(id: string, lon: number, lat: number, extra: Partial<Omit<Team, 'id'>> & { status?: TeamStatus } = {}): Team {
  return Team.parse({
    id,
    name: `队伍 ${id}`,
    kind: 'comprehensive',
    jurisdiction: '500110',
    headcount: 20,
    base: { lon, lat },
    ...extra,
  });
}

describe('great-circle distance', () => {
  it('is about 111.2 km per degree of latitude and zero for the same point', () => {
    expect(greatCircleKm({ lon: 106.9, lat: 28 }, { lon: 106.9, lat: 29 })).toBeCloseTo(111.2, 1);
    expect(greatCircleKm(incidentPoint, incidentPoint)).toBe(0);
  });

  it('shrinks with the cosine of latitude along a parallel', () => {
    const km = greatCircleKm({ lon: 106, lat: 60 }, { lon: 107, lat: 60 });
    expect(km).toBeCloseTo(111.195 * Math.cos(Math.PI / 3), 0);
  });
});

describe('ranking teams for dispatch', () => {
  it('lists the nearest available team first', () => {
    const teams = [team('far', 107.05, 28.85), team('near', 106.93, 28.96), team('middle', 106.88, 28.99)];
    const { ranked } = rankTeams({ point: incidentPoint }, teams, NOW);
    expect(ranked.map((r) => r.team.id)).toEqual(['near', 'middle', 'far']);
    expect(ranked[0].etaMinutes).toBeLessThan(ranked[1].etaMinutes);
    expect(DispatchRankingWire.safeParse(rankTeams({ point: incidentPoint }, teams, NOW)).success).toBe(true);
  });

  it('excludes teams already en route, on scene or working, and keeps returning teams', () => {
    const teams = [
      team('busy-en-route', 106.927, 28.958, { status: 'en_route' }),
      team('busy-working', 106.927, 28.959, { status: 'working' }),
      team('assembling', 106.927, 28.96, { status: 'assembling' }),
      team('returning', 106.95, 28.97, { status: 'returning' }),
      team('standby', 107.0, 28.9),
    ];
    const { ranked, unavailable } = rankTeams({ point: incidentPoint }, teams, NOW);
    expect(ranked.map((r) => r.team.id)).toEqual(['returning', 'standby']);
    expect(unavailable).toEqual([
      { teamId: 'assembling', status: 'assembling' },
      { teamId: 'busy-en-route', status: 'en_route' },
      { teamId: 'busy-working', status: 'working' },
    ]);
  });

  it('applies the road factor and the speed of the team kind to the arrival estimate', () => {
    const t = team('ws-1', 106.927, 29.058); // 0.1° north: about 11.12 km straight
    const straight = greatCircleKm(t.base, incidentPoint);
    const plain = rankTeams({ point: incidentPoint }, [t], NOW, { ...defaultDispatchEstimate, roadFactor: 1 }).ranked[0];
    const winding = rankTeams({ point: incidentPoint }, [t], NOW, { ...defaultDispatchEstimate, roadFactor: 2 }).ranked[0];
    expect(plain.roadKm).toBeCloseTo(straight, 2);
    expect(winding.roadKm).toBeCloseTo(2 * straight, 2);
    // comprehensive teams at 40 km/h by default
    expect(plain.etaMinutes).toBe(Math.ceil((straight / 40) * 60));
    expect(winding.etaMinutes).toBe(Math.ceil(((2 * straight) / 40) * 60));
    expect(winding.etaAt).toBe(new Date(NOW + winding.etaMinutes * 60_000).toISOString());
  });

  it('lets a faster kind of team overtake a nearer slower one', () => {
    const config = loadDispatchEstimate({ speedKmhByKind: { professional: 80, social: 20 } });
    expect(config.ok).toBe(true);
    if (!config.ok) return;
    const teams = [
      team('social-near', 106.927, 28.998, { kind: 'social' }), // ~4.4 km
      team('pro-farther', 106.927, 29.018, { kind: 'professional' }), // ~6.7 km
    ];
    const { ranked } = rankTeams({ point: incidentPoint }, teams, NOW, config.value);
    expect(ranked.map((r) => r.team.id)).toEqual(['pro-farther', 'social-near']);
  });

  it('measures from the live position when the team has reported one', () => {
    const t = team('moving', 107.2, 29.2, {
      position: { point: { lon: 106.93, lat: 28.96 }, at: '2026-07-10T01:59:00.000Z' },
    });
    const [r] = rankTeams({ point: incidentPoint }, [t], NOW).ranked;
    expect(r.from).toBe('position');
    expect(r.straightKm).toBeLessThan(1);
  });

  it('shows the skills that suit the incident and breaks ties by skills, then headcount, then id', () => {
    const at = { lon: 106.93, lat: 28.96 };
    const teams = [
      team('b-big', at.lon, at.lat, { headcount: 60 }),
      team('a-small', at.lon, at.lat, { headcount: 10 }),
      team('z-boats', at.lon, at.lat, { headcount: 5, skills: ['水域救援', '搜救'], equipment: ['冲锋舟 2 艘'] }),
      team('c-big', at.lon, at.lat, { headcount: 60 }),
    ];
    const { ranked } = rankTeams({ point: incidentPoint, subtype: 'flood' }, teams, NOW);
    expect(ranked.map((r) => r.team.id)).toEqual(['z-boats', 'b-big', 'c-big', 'a-small']);
    expect(ranked[0].matchedSkills).toEqual(['水域救援', '冲锋舟 2 艘']);
    expect(ranked[1].matchedSkills).toEqual([]);
  });

  it('gives the same order whatever order the teams arrive in', () => {
    const teams = [team('a', 106.93, 28.96), team('b', 106.93, 28.96), team('c', 106.95, 28.9), team('d', 106.88, 28.99)];
    const once = rankTeams({ point: incidentPoint }, teams, NOW).ranked.map((r) => r.team.id);
    const reversed = rankTeams({ point: incidentPoint }, [...teams].reverse(), NOW).ranked.map((r) => r.team.id);
    expect(reversed).toEqual(once);
  });

  it('refuses to rank for an incident without coordinates', () => {
    const result = rankTeamsForIncident(
      { facts: { location: { areaCode: '500110', address: '' }, subtype: 'flood' } as never },
      [team('a', 106.93, 28.96)],
      NOW,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].code).toBe('INCIDENT_NOT_LOCATED');
  });

  it('refuses a configuration with a road factor below 1', () => {
    const result = loadDispatchEstimate({ roadFactor: 0.5 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].field).toBe('dispatchEstimate.roadFactor');
  });
});

describe('skills that suit an incident', () => {
  it('matches English aliases case-insensitively and nothing for an unlisted subtype', () => {
    expect(matchingSkills('landslide', ['Search and Rescue', 'cooking'])).toEqual(['Search and Rescue']);
    expect(matchingSkills('drought', ['防汛抢险'])).toEqual([]);
    expect(matchingSkills(undefined, ['防汛抢险'])).toEqual([]);
  });
});
