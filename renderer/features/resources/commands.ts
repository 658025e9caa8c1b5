import { createAsyncThunk } from '@reduxjs/toolkit';
import type { DispatchOrder } from '../../../shared/domain/operations';
import type { RecordSource, TeamStatus } from '../../../shared/domain/resources';
import { sendCommand, type StationThunk } from '../../app/commands';
import { statusCommand } from './teamStatus';

/** 记录队伍状态: the team's status (or its order's step), and where the news came from. */
export const recordTeamStatus = createAsyncThunk<
  true,
  { teamId: string; order?: Pick<DispatchOrder, 'id' | 'status'>; status: TeamStatus; source: RecordSource },
  StationThunk
>('resources/recordTeamStatus', async ({ teamId, order, status, source }, { extra, rejectWithValue }) => {
  const result = await sendCommand(extra.client, statusCommand(teamId, order, status, source));
  return result.ok ? true : rejectWithValue(result.errors);
});

/** 取消调度指令, with the reason: the station stands the team down or sends it back. */
export const cancelOrder = createAsyncThunk<
  true,
  { dispatchId: string; reason: string; source: RecordSource },
  StationThunk
>('resources/cancelOrder', async (payload, { extra, rejectWithValue }) => {
  const result = await sendCommand(extra.client, { type: 'dispatch.cancel', payload });
  return result.ok ? true : rejectWithValue(result.errors);
});
