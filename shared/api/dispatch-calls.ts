import { z } from 'zod';
import { Ulid } from '../ids';
import { DispatchRankingWire } from '../dispatch/rank';
import { query } from './call';

/** 调度: the teams, depots, shelters and orders a window lists arrive with the snapshot and pushes (contract.ts). */
export const dispatchCalls = {
  /** Teams that can take an order for this incident, soonest estimated arrival first, and those that cannot. */
  rankTeams: query(z.object({ incidentId: Ulid }), DispatchRankingWire),
} as const;
