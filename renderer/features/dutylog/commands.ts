import { createAsyncThunk } from '@reduxjs/toolkit';
import type { DutyLogEntry } from '../../../shared/dutylog/aggregate';
import type { DutyLogChanges, DutyLogKind } from '../../../shared/dutylog/events';
import type { ApiOutput } from '../../../shared/api/contract';
import { newId } from '../../../shared/ids';
import { sendCommand, type StationThunk } from '../../app/commands';

export interface EntryInput {
  kind: DutyLogKind;
  text: string;
  counterpart?: string;
  incidentId?: string;
}

/** 记一笔: one `dutylog.record` as the person at this console (the station stamps who); a refusal names each bad field. */
export const recordDutyLog = createAsyncThunk<{ entryId: string }, EntryInput, StationThunk>(
  'dutyLog/record',
  async (input, { extra, rejectWithValue }) => {
    const entryId = newId();
    const result = await sendCommand(extra.client, {
      type: 'dutylog.record',
      payload: { entryId, ...input },
    });
    return result.ok ? { entryId } : rejectWithValue(result.errors);
  },
);

/** 更正: the entry keeps its earlier versions; the reason is on record. */
export const correctDutyLog = createAsyncThunk<
  true,
  { entryId: string; changes: DutyLogChanges; reason: string },
  StationThunk
>('dutyLog/correct', async (input, { extra, rejectWithValue }) => {
  const result = await sendCommand(extra.client, { type: 'dutylog.correct', payload: input });
  return result.ok ? true : rejectWithValue(result.errors);
});

export const searchDutyLog = createAsyncThunk<DutyLogEntry[], { q: string }, StationThunk>(
  'dutyLog/search',
  async ({ q }, { extra, rejectWithValue }) => {
    const result = await extra.client.dutyLogSearch({ q, limit: 500 });
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

export const exportDutyLog = createAsyncThunk<
  ApiOutput<'exportDutyLogXlsx'>,
  { from: string; to: string },
  StationThunk
>('dutyLog/export', async (period, { extra, rejectWithValue }) => {
  const result = await extra.client.exportDutyLogXlsx(period);
  return result.ok ? result.value : rejectWithValue(result.errors);
});
