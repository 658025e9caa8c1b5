import { z } from 'zod';
import { GeoPoint } from '../domain/common';
import type { Incident } from '../domain/incident';
import { Team, TeamStatus } from '../domain/resources';
import { ObjectId } from '../ids';
import { domainError, fromZodError } from '../errors';
import { fail, ok, type Result } from '../result';
import { Instant as InstantSchema, toInstant, MINUTE, type Instant } from '../time';
import { greatCircleKm } from './geo';
import { skillMatcher } from './skills';

/**
 * How arrival is estimated, as data a district can tune. The road factor turns straight-line
 * distance into road distance (hill country like Wansheng winds: 1.4 is a common planning figure);
 * speeds are average road speeds per kind of team, vehicles included.
 */
export const DispatchEstimateConfig = z.strictObject({
  roadFactor: z.number().min(1).max(5).default(1.4),
  speedKmhByKind: z
    .strictObject({
      comprehensive: z.number().positive().max(200).default(40),
      professional: z.number().positive().max(200).default(40),
      social: z.number().positive().max(200).default(30),
      militia: z.number().positive().max(200).default(30),
    })
    .default({ comprehensive: 40, professional: 40, social: 30, militia: 30 }),
  /** Statuses in which a team can take a new order: 待命, and 返回 on its way back. */
  availableStatuses: z.array(TeamStatus).min(1).default(['standby', 'returning']),
});
export type DispatchEstimateConfig = z.infer<typeof DispatchEstimateConfig>;

export const defaultDispatchEstimate: DispatchEstimateConfig = DispatchEstimateConfig.parse({});

/** Validate a configuration read from a file or settings; missing fields take the defaults. */
export function loadDispatchEstimate(json: unknown): Result<DispatchEstimateConfig> {
  const parsed = DispatchEstimateConfig.safeParse(json ?? {});
  return parsed.success ? ok(parsed.data) : fail(...fromZodError(parsed.error, 'dispatchEstimate'));
}

/** Where the teams must go and what for. */
export const DispatchTarget = z.object({ point: GeoPoint, subtype: z.string().optional() });
export type DispatchTarget = z.infer<typeof DispatchTarget>;

export interface RankedTeam {
  team: Team;
  /** The live position when the team has reported one, else its base. */
  from: 'position' | 'base';
  straightKm: number;
  roadKm: number;
  etaMinutes: number;
  etaAt: Instant;
  /** Ledger skills and equipment entries that suit the incident subtype. */
  matchedSkills: string[];
}

export interface DispatchRanking {
  /** Available teams, soonest arrival first. */
  ranked: RankedTeam[];
  /** Teams that cannot take an order now, with their status, so the board can show them greyed. */
  unavailable: Array<{ teamId: string; status: TeamStatus }>;
}

/** The ranking as it crosses the station API (for a `rankTeams` query in shared/api/contract.ts). */
export const DispatchRankingWire = z.object({
  ranked: z.array(
    z.object({
      team: Team,
      from: z.enum(['position', 'base']),
      straightKm: z.number().min(0),
      roadKm: z.number().min(0),
      etaMinutes: z.number().int().min(0),
      etaAt: InstantSchema,
      matchedSkills: z.array(z.string().max(200)),
    }),
  ),
  unavailable: z.array(z.object({ teamId: ObjectId, status: TeamStatus })),
});

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Available teams ranked by estimated arrival: great-circle distance × road factor ÷ the kind's
 * speed. Ties (same minute) go to the better skills match, then the larger team, then the id, so
 * two screens always show the same order.
 */
export function rankTeams(
  target: DispatchTarget,
  teams: readonly Team[],
  nowMs: number,
  config: DispatchEstimateConfig = defaultDispatchEstimate,
): DispatchRanking {
  const ranked: RankedTeam[] = [];
  const unavailable: DispatchRanking['unavailable'] = [];
  const matchSkills = skillMatcher(target.subtype);
  // Many teams arrive in the same minute: format each arrival instant once.
  const etaInstants = new Map<number, Instant>();
  const etaAtFor = (minutes: number) => {
    let at = etaInstants.get(minutes);
    if (at === undefined) {
      at = toInstant(nowMs + minutes * MINUTE);
      etaInstants.set(minutes, at);
    }
    return at;
  };
  for (const team of teams) {
    if (!config.availableStatuses.includes(team.status)) {
      unavailable.push({ teamId: team.id, status: team.status });
      continue;
    }
    const origin = team.position?.point ?? team.base;
    const straightKm = greatCircleKm(origin, target.point);
    const roadKm = straightKm * config.roadFactor;
    const speed = config.speedKmhByKind[team.kind];
    const etaMinutes = Math.ceil((roadKm / speed) * 60);
    ranked.push({
      team,
      from: team.position ? 'position' : 'base',
      straightKm: round(straightKm, 2),
      roadKm: round(roadKm, 2),
      etaMinutes,
      etaAt: etaAtFor(etaMinutes),
      matchedSkills: matchSkills(team.skills, team.equipment),
    });
  }
  ranked.sort(
    (a, b) =>
      a.etaMinutes - b.etaMinutes ||
      b.matchedSkills.length - a.matchedSkills.length ||
      b.team.headcount - a.team.headcount ||
      (a.team.id < b.team.id ? -1 : a.team.id > b.team.id ? 1 : 0),
  );
  unavailable.sort((a, b) => (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0));
  return { ranked, unavailable };
}

/** Rank for a registered incident; refused when the incident has no coordinates to go to. */
export function rankTeamsForIncident(
  incident: Pick<Incident, 'facts'>,
  teams: readonly Team[],
  nowMs: number,
  config: DispatchEstimateConfig = defaultDispatchEstimate,
): Result<DispatchRanking> {
  const point = incident.facts.location.point;
  if (!point) return fail(domainError('INCIDENT_NOT_LOCATED', 'facts.location.point'));
  return ok(rankTeams({ point, subtype: incident.facts.subtype }, teams, nowMs, config));
}
