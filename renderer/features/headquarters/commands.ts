import { createAsyncThunk } from '@reduxjs/toolkit';
import type { DomainError } from '../../../shared/errors';
import type { ApiOutput } from '../../../shared/api/contract';
import type { SeverityLevel } from '../../../shared/domain/incident';
import type { ContingencyPlan } from '../../../shared/headquarters/plan';
import { newId } from '../../../shared/ids';
import type { RootState, ThunkExtra } from '../../app/store';

type Rejected = { rejectValue: DomainError[]; state: RootState; extra: ThunkExtra };

const operatorOf = (state: RootState) => state.station.info?.operator ?? { id: 'unknown' };

/** One headquarters command as this console's operator; the station decides and records it. */
export const hqCommand = createAsyncThunk<
  true,
  { type: `headquarters.${string}`; payload: Record<string, unknown> },
  Rejected
>('headquarters/command', async ({ type, payload }, { getState, extra, rejectWithValue }) => {
  const result = await extra.client.execute({
    id: newId(),
    type,
    payload,
    actor: operatorOf(getState()),
  } as never);
  return result.ok ? true : rejectWithValue(result.errors);
});

/** Save an edited plan template (a new version; the station refuses a stale or invalid one by field). */
export const savePlan = createAsyncThunk<true, ContingencyPlan, Rejected>(
  'headquarters/savePlan',
  async (plan, { getState, extra, rejectWithValue }) => {
    const result = await extra.client.execute({
      id: newId(),
      type: 'hq_plan.save',
      payload: { plan },
      actor: operatorOf(getState()),
    } as never);
    return result.ok ? true : rejectWithValue(result.errors);
  },
);

export const fetchPreview = createAsyncThunk<
  ApiOutput<'hqPreview'>,
  { incidentId: string; level: SeverityLevel; planId?: string },
  Rejected
>('headquarters/preview', async (input, { extra, rejectWithValue }) => {
  const result = await extra.client.hqPreview(input);
  return result.ok ? result.value : rejectWithValue(result.errors);
});

export const fetchRecord = createAsyncThunk<ApiOutput<'hqRecord'>, { headquartersId: string }, Rejected>(
  'headquarters/record',
  async (input, { extra, rejectWithValue }) => {
    const result = await extra.client.hqRecord(input);
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

export const fetchPlans = createAsyncThunk<ApiOutput<'hqPlans'>, undefined, Rejected>(
  'headquarters/plans',
  async (_input, { extra, rejectWithValue }) => {
    const result = await extra.client.hqPlans({});
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);
