import { createAsyncThunk } from '@reduxjs/toolkit';
import type { ApiOutput } from '../../../shared/api/contract';
import type { SeverityLevel } from '../../../shared/domain/incident';
import type { ContingencyPlan } from '../../../shared/headquarters/plan';
import type { ConsoleCommandType } from '../../../shared/commands/catalog';
import { sendCommand, type CommandBody, type StationThunk } from '../../app/commands';

/** The commands of a headquarters once activated (and the activation itself). */
export type HeadquartersCommand = CommandBody<Extract<ConsoleCommandType, `headquarters.${string}`>>;

/** One headquarters command; the station decides and records it as the person at this console. */
export const hqCommand = createAsyncThunk<true, HeadquartersCommand, StationThunk>(
  'headquarters/command',
  async (command, { extra, rejectWithValue }) => {
    const result = await sendCommand(extra.client, command);
    return result.ok ? true : rejectWithValue(result.errors);
  },
);

/** Save an edited plan template (a new version; the station refuses a stale or invalid one by field). */
export const savePlan = createAsyncThunk<true, ContingencyPlan, StationThunk>(
  'headquarters/savePlan',
  async (plan, { extra, rejectWithValue }) => {
    const result = await sendCommand(extra.client, { type: 'hq_plan.save', payload: { plan } });
    return result.ok ? true : rejectWithValue(result.errors);
  },
);

export const fetchPreview = createAsyncThunk<
  ApiOutput<'hqPreview'>,
  { incidentId: string; level: SeverityLevel; planId?: string },
  StationThunk
>('headquarters/preview', async (input, { extra, rejectWithValue }) => {
  const result = await extra.client.hqPreview(input);
  return result.ok ? result.value : rejectWithValue(result.errors);
});

export const fetchRecord = createAsyncThunk<ApiOutput<'hqRecord'>, { headquartersId: string }, StationThunk>(
  'headquarters/record',
  async (input, { extra, rejectWithValue }) => {
    const result = await extra.client.hqRecord(input);
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

export const fetchPlans = createAsyncThunk<ApiOutput<'hqPlans'>, undefined, StationThunk>(
  'headquarters/plans',
  async (_input, { extra, rejectWithValue }) => {
    const result = await extra.client.hqPlans({});
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);
