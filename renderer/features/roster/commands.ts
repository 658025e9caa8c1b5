import { createAsyncThunk } from '@reduxjs/toolkit';
import { saveFile } from '../../app/download';
import type { ApiInput, ApiOutput } from '../../../shared/api/contract';
import type { ConsoleCommandType } from '../../../shared/commands/catalog';
import type { Roster } from '../../../shared/roster/schemas';
import type { HandoverSheet } from '../../../shared/roster/handover';
import { sendCommand, type CommandBody, type StationThunk } from '../../app/commands';

/** The commands on a month's roster (publish, seats, check-in, swaps, handover). */
export type RosterCommand = CommandBody<Extract<ConsoleCommandType, `roster.${string}`>>;

/** One roster command, recorded as the person at this console; a refusal comes back as its DomainErrors. */
export const rosterCommand = createAsyncThunk<true, RosterCommand, StationThunk>(
  'roster/command',
  async (command, { extra, rejectWithValue }) => {
    const result = await sendCommand(extra.client, command);
    return result.ok ? true : rejectWithValue(result.errors);
  },
);

export const publishRoster = (roster: Roster) =>
  rosterCommand({ type: 'roster.publish', payload: { roster } });

export const assignSeat = (rosterId: string, shiftId: string, positionIndex: number, personId?: string) =>
  rosterCommand({
    type: 'roster.assign_position',
    payload: { rosterId, shiftId, positionIndex, ...(personId ? { personId } : {}), reason: '手工调整' },
  });

export const checkIn = (rosterId: string, shiftId: string, positionIndex: number) =>
  rosterCommand({ type: 'roster.check_in', payload: { rosterId, shiftId, positionIndex } });

export const requestSwap = (
  rosterId: string,
  shiftId: string,
  positionIndex: number,
  toPersonId: string,
  reason: string,
) =>
  rosterCommand({
    type: 'roster.request_swap',
    payload: { rosterId, shiftId, positionIndex, toPersonId, reason },
  });

export const decideSwap = (rosterId: string, swapId: string, approve: boolean, reason = '不同意') =>
  rosterCommand(
    approve
      ? { type: 'roster.approve_swap', payload: { rosterId, swapId } }
      : { type: 'roster.reject_swap', payload: { rosterId, swapId, reason } },
  );

export const recordHandover = (rosterId: string, sheet: HandoverSheet) =>
  rosterCommand({ type: 'roster.record_handover', payload: { rosterId, sheet } });

// 交接班签字 asks the signer's own PIN: signHandoverWithPin (renderer/features/signin/slice.ts), not a bare command.

export const generateRoster = createAsyncThunk<
  ApiOutput<'generateRoster'>,
  ApiInput<'generateRoster'>,
  StationThunk
>('roster/generate', async (input, { extra, rejectWithValue }) => {
  const result = await extra.client.generateRoster(input);
  return result.ok ? result.value : rejectWithValue(result.errors);
});

export const draftHandover = createAsyncThunk<HandoverSheet, { notes: string }, StationThunk>(
  'roster/draftHandover',
  async ({ notes }, { extra, rejectWithValue }) => {
    const result = await extra.client.handoverDraft({ notes });
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

type FileCall = 'exportRosterXlsx' | 'exportRosterICal';
type FileRequest = { [C in FileCall]: { call: C; input: ApiInput<C> } }[FileCall];
/** A file the station made (xlsx, ics), saved through the browser's download. */
export const exportRosterFile = createAsyncThunk<true, FileRequest, StationThunk>(
  'roster/export',
  async (request, { extra, rejectWithValue }) => {
    const result =
      request.call === 'exportRosterXlsx'
        ? await extra.client.exportRosterXlsx(request.input)
        : await extra.client.exportRosterICal(request.input);
    if (!result.ok) return rejectWithValue(result.errors);
    saveFile(result.value);
    return true;
  },
);

/** A printable page from the station (wall table, handover record), shown in a sandboxed frame. */
export const printView = createAsyncThunk<
  string,
  { kind: 'wall'; rosterId: string } | { kind: 'handover'; rosterId: string; handoverId: string },
  StationThunk
>('roster/printView', async (input, { extra, rejectWithValue }) => {
  const result =
    input.kind === 'wall'
      ? await extra.client.rosterWallView({ rosterId: input.rosterId })
      : await extra.client.handoverPrintView({ rosterId: input.rosterId, handoverId: input.handoverId });
  return result.ok ? result.value : rejectWithValue(result.errors);
});

/** The staff directory from an .xlsx file the officer chose: the station registers every row, or none. */
export const importStaffFile = createAsyncThunk<ApiOutput<'importStaffXlsx'>, File, StationThunk>(
  'roster/importStaff',
  async (file, { extra, rejectWithValue }) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    // In slices: String.fromCharCode takes its arguments on the stack.
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const result = await extra.client.importStaffXlsx({ base64: btoa(binary) });
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);
