import { createAsyncThunk } from '@reduxjs/toolkit';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DomainError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { RootState, ThunkExtra } from '../../app/store';

type Rejected = { rejectValue: DomainError[]; state: RootState; extra: ThunkExtra };

const operatorOf = (state: RootState) => state.station.info?.operator ?? { id: 'unknown' };

/** Teams that can go to this incident, soonest estimated arrival first (the station's `rankTeams`). */
export const fetchRanking = createAsyncThunk<
  ApiOutput<'rankTeams'>,
  { incidentId: string; nowMs: number },
  Rejected
>('dispatch/rank', async ({ incidentId }, { extra, rejectWithValue }) => {
  const result = await extra.client.rankTeams({ incidentId });
  return result.ok ? result.value : rejectWithValue(result.errors);
});

/** 调度: one `dispatch.issue` command; the order then goes through the hub to the team's station. */
export const issueDispatch = createAsyncThunk<
  { dispatchId: string },
  { teamId: string; incidentId: string; etaAt?: string },
  Rejected
>('dispatch/issue', async ({ teamId, incidentId, etaAt }, { getState, extra, rejectWithValue }) => {
  const dispatchId = newId();
  const result = await extra.client.execute({
    id: newId(),
    type: 'dispatch.issue',
    payload: { dispatchId, teamId, incidentId, ...(etaAt ? { etaAt } : {}) },
    actor: operatorOf(getState()),
  });
  return result.ok ? { dispatchId } : rejectWithValue(result.errors);
});
