import { createAsyncThunk } from '@reduxjs/toolkit';
import type { IncidentFacts } from '../../../shared/domain/incident';
import { sendCommand, type StationThunk } from '../../app/commands';

/**
 * A call that repeats an incident already on record is merged into it: no second incident (which would
 * owe its own reports and be counted twice), but a duty-log entry 接到来电 linked to the incident, with
 * the caller, the time of the call and what was said, so nothing the caller reported is lost.
 */
export const recordRepeatCall = createAsyncThunk<
  true,
  { incidentId: string; facts: IncidentFacts; text: string },
  StationThunk
>('incidents/repeatCall', async ({ incidentId, facts, text }, { extra, rejectWithValue }) => {
  const caller = [facts.caller?.name, facts.caller?.phone].filter(Boolean).join(' ');
  const result = await sendCommand(extra.client, {
    type: 'dutylog.record',
    payload: {
      kind: 'call_received',
      text: text.slice(0, 2000),
      ...(caller ? { counterpart: caller.slice(0, 100) } : {}),
      incidentId,
      occurredAt: facts.receivedAt,
    },
  });
  return result.ok ? true : rejectWithValue(result.errors);
});
