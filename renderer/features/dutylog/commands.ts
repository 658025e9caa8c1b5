import { createAsyncThunk } from '@reduxjs/toolkit';
import type { DomainError } from '../../../shared/errors';
import type { DutyLogEntry } from '../../../shared/dutylog/aggregate';
import type { DutyLogChanges, DutyLogKind } from '../../../shared/dutylog/events';
import type { ApiOutput } from '../../../shared/api/contract';
import { newId } from '../../../shared/ids';
import type { RootState, ThunkExtra } from '../../app/store';

type Rejected = { rejectValue: DomainError[]; state: RootState; extra: ThunkExtra };

const operatorOf = (state: RootState) => state.station.info?.operator ?? { id: 'unknown' };

export interface EntryInput {
  kind: DutyLogKind;
  text: string;
  counterpart?: string;
  incidentId?: string;
}

/** 记一笔: one `dutylog.record` as this console's operator; a refusal names each bad field. */
export const recordDutyLog = createAsyncThunk<{ entryId: string }, EntryInput, Rejected>(
  'dutyLog/record',
  async (input, { getState, extra, rejectWithValue }) => {
    const entryId = newId();
    const result = await extra.client.execute({
      id: newId(),
      type: 'dutylog.record',
      payload: { entryId, ...input },
      actor: operatorOf(getState()),
    });
    return result.ok ? { entryId } : rejectWithValue(result.errors);
  },
);

/** 更正: the entry keeps its earlier versions; the reason is on record. */
export const correctDutyLog = createAsyncThunk<
  true,
  { entryId: string; changes: DutyLogChanges; reason: string },
  Rejected
>('dutyLog/correct', async (input, { getState, extra, rejectWithValue }) => {
  const result = await extra.client.execute({
    id: newId(),
    type: 'dutylog.correct',
    payload: input,
    actor: operatorOf(getState()),
  });
  return result.ok ? true : rejectWithValue(result.errors);
});

export const searchDutyLog = createAsyncThunk<DutyLogEntry[], { q: string }, Rejected>(
  'dutyLog/search',
  async ({ q }, { extra, rejectWithValue }) => {
    const result = await extra.client.dutyLogSearch({ q, limit: 500 });
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

export const exportDutyLog = createAsyncThunk<
  ApiOutput<'exportDutyLogXlsx'>,
  { from: string; to: string },
  Rejected
>('dutyLog/export', async (period, { extra, rejectWithValue }) => {
  const result = await extra.client.exportDutyLogXlsx(period);
  return result.ok ? result.value : rejectWithValue(result.errors);
});
