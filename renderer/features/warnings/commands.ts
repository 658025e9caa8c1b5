import { createAsyncThunk } from '@reduxjs/toolkit';
import type { ApiInput, ApiOutput } from '../../../shared/api/contract';
import { newId } from '../../../shared/ids';
import { sendCommand, type StationThunk } from '../../app/commands';

/** The areas below the station that the recipients directory knows. */
export const fetchWarningAreas = createAsyncThunk<ApiOutput<'warningAreas'>, undefined, StationThunk>(
  'warnings/areas',
  async (_, { extra, rejectWithValue }) => {
    const result = await extra.client.warningAreas({});
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

/** Who a choice of areas would reach (the station chooses; phones stay there). */
export const fetchRecipientsPreview = createAsyncThunk<
  ApiOutput<'warningRecipients'>,
  ApiInput<'warningRecipients'>,
  StationThunk
>('warnings/preview', async (choice, { extra, rejectWithValue }) => {
  const result = await extra.client.warningRecipients(choice);
  return result.ok ? result.value : rejectWithValue(result.errors);
});

/**
 * A warning's record and each recipient's deadline, as of the station's clock; with the window's tick
 * at that moment, so the countdown keeps to the station's time even if the station's clock moved.
 */
export const fetchWarningRecord = createAsyncThunk<
  { record: ApiOutput<'warningRecord'>; tickAt: number },
  { warningId: string },
  StationThunk
>('warnings/record', async ({ warningId }, { extra, getState, rejectWithValue }) => {
  const result = await extra.client.warningRecord({ warningId });
  return result.ok
    ? { record: result.value, tickAt: getState().station.now }
    : rejectWithValue(result.errors);
});

export interface IssueInput {
  hazard: string;
  colour: 'blue' | 'yellow' | 'orange' | 'red';
  areas: string[];
  text: string;
  recipients: ApiOutput<'warningRecipients'>;
}

/** 发布预警: the recipients as previewed; the station sends them the SMS and starts the loop's clock. */
export const issueWarning = createAsyncThunk<{ warningId: string }, IssueInput, StationThunk>(
  'warnings/issue',
  async (input, api) => {
    const warningId = newId();
    const result = await sendCommand(api.extra.client, {
      type: 'warning.issue',
      payload: {
        warningId,
        hazard: input.hazard,
        colour: input.colour,
        areas: input.areas,
        text: input.text,
        recipients: input.recipients.map(({ id, name, jurisdiction, tier, superiorId }) => ({
          id,
          name,
          jurisdiction,
          tier,
          ...(superiorId ? { superiorId } : {}),
        })),
      },
    });
    return result.ok ? { warningId } : api.rejectWithValue(result.errors);
  },
);

/**
 * How an answer is recorded here: the recipient's own duty room answers at its station (叫应); for
 * anyone else the officer records a call taken by phone (电话叫应).
 */
export const answerChannelFor = (recipientJurisdiction: string, stationJurisdiction: string | undefined) =>
  recipientJurisdiction === stationJurisdiction ? ('station' as const) : ('phone' as const);

/** An answer: the recipient's own station acknowledging, or a call answered by phone, recorded by the officer. */
export const acknowledgeByPhone = createAsyncThunk<
  { recipientId: string },
  { warningId: string; recipientId: string; channel: 'station' | 'phone'; note?: string },
  StationThunk
>('warnings/acknowledge', async ({ warningId, recipientId, channel, note }, api) => {
  const result = await sendCommand(api.extra.client, {
    type: 'warning.acknowledge',
    payload: { warningId, recipientId, channel, ...(note ? { note } : {}) },
  });
  return result.ok ? { recipientId } : api.rejectWithValue(result.errors);
});

/** What the recipient reported doing (checked, evacuated, closed roads…). */
export const reportAction = createAsyncThunk<
  { recipientId: string },
  { warningId: string; recipientId: string; action: string; evacuatedPeople?: number },
  StationThunk
>('warnings/reportAction', async (input, api) => {
  const result = await sendCommand(api.extra.client, { type: 'warning.report_action', payload: input });
  return result.ok ? { recipientId: input.recipientId } : api.rejectWithValue(result.errors);
});

/** 解除预警 with the reason. */
export const liftWarning = createAsyncThunk<
  { warningId: string },
  { warningId: string; reason: string },
  StationThunk
>('warnings/lift', async (input, api) => {
  const result = await sendCommand(api.extra.client, { type: 'warning.lift', payload: input });
  return result.ok ? { warningId: input.warningId } : api.rejectWithValue(result.errors);
});
