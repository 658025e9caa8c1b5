import { createAsyncThunk } from '@reduxjs/toolkit';
import type { DomainError } from '../../shared/errors';
import type { IncidentFacts } from '../../shared/domain/incident';
import { newId } from '../../shared/ids';
import type { RootState, ThunkExtra } from './store';

type Rejected = { rejectValue: DomainError[]; state: RootState; extra: ThunkExtra };

const operatorOf = (state: RootState) => state.station.info?.operator ?? { id: 'unknown' };

/** 接报登记: one command; on refusal the form is told which fields are wrong. */
export const registerIncident = createAsyncThunk<{ incidentId: string }, { facts: IncidentFacts }, Rejected>(
  'incidents/register',
  async ({ facts }, { getState, extra, rejectWithValue }) => {
    const incidentId = newId();
    const result = await extra.client.execute({
      id: newId(),
      type: 'incident.register',
      payload: { incidentId, facts },
      actor: operatorOf(getState()),
    });
    return result.ok ? { incidentId } : rejectWithValue(result.errors);
  },
);

export const acknowledgeAlarm = createAsyncThunk<boolean, { alarmId: string }, Rejected>(
  'alarms/acknowledge',
  async ({ alarmId }, { getState, extra, rejectWithValue }) => {
    const result = await extra.client.acknowledgeAlarm({ alarmId, actor: operatorOf(getState()) });
    return result.ok ? true : rejectWithValue(result.errors);
  },
);
