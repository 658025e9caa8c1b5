import { createAsyncThunk } from '@reduxjs/toolkit';
import type { ApiOutput } from '../../../shared/api/contract';
import { newId } from '../../../shared/ids';
import { sendCommand, type StationThunk } from '../../app/commands';

/** Teams that can go to this incident, soonest estimated arrival first (the station's `rankTeams`). */
export const fetchRanking = createAsyncThunk<
  ApiOutput<'rankTeams'>,
  { incidentId: string; nowMs: number },
  StationThunk
>('dispatch/rank', async ({ incidentId }, { extra, rejectWithValue }) => {
  const result = await extra.client.rankTeams({ incidentId });
  return result.ok ? result.value : rejectWithValue(result.errors);
});

/** 调度: one `dispatch.issue` command; the order then goes through the hub to the team's station. */
export const issueDispatch = createAsyncThunk<
  { dispatchId: string },
  { teamId: string; incidentId: string; etaAt?: string },
  StationThunk
>('dispatch/issue', async ({ teamId, incidentId, etaAt }, { extra, rejectWithValue }) => {
  const dispatchId = newId();
  const result = await sendCommand(extra.client, {
    type: 'dispatch.issue',
    payload: { dispatchId, teamId, incidentId, ...(etaAt ? { etaAt } : {}) },
  });
  return result.ok ? { dispatchId } : rejectWithValue(result.errors);
});

/** 外勤终端 (issue 19): the team terminals paired at this station, revoked ones included. */
export const fetchTeamTerminals = createAsyncThunk<ApiOutput<'teamTerminals'>, undefined, StationThunk>(
  'dispatch/teamTerminals',
  async (_, { extra, rejectWithValue }) => {
    const result = await extra.client.teamTerminals({});
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

/** Pair a team leader's phone: the address with its token comes back once, to open on the phone. */
export const pairTeamTerminal = createAsyncThunk<
  ApiOutput<'pairTeamTerminal'>,
  { teamId: string; label: string },
  StationThunk
>('dispatch/pairTeamTerminal', async (input, { extra, rejectWithValue }) => {
  const result = await extra.client.pairTeamTerminal(input);
  return result.ok ? result.value : rejectWithValue(result.errors);
});

export const revokeTeamTerminal = createAsyncThunk<{ terminalId: string }, { terminalId: string }, StationThunk>(
  'dispatch/revokeTeamTerminal',
  async (input, { extra, rejectWithValue }) => {
    const result = await extra.client.revokeTeamTerminal(input);
    return result.ok ? input : rejectWithValue(result.errors);
  },
);
