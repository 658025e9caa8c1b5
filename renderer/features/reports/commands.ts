import { createAsyncThunk } from '@reduxjs/toolkit';
import type { ReportContent, ReportKind } from '../../../shared/domain/report';
import type { ApiOutput } from '../../../shared/api/contract';
import type { ConsoleCommandType } from '../../../shared/commands/catalog';
import { newId } from '../../../shared/ids';
import { sendCommand, type CommandBody, type StationThunk } from '../../app/commands';

/** The commands on a report (draft, revise, submit, 签发, return, send, acknowledge). */
export type ReportCommand = CommandBody<Extract<ConsoleCommandType, `report.${string}`>>;

/** One report command; the station decides and records it as the person at this console. */
export const reportCommand = createAsyncThunk<true, ReportCommand, StationThunk>(
  'reports/command',
  async (command, { extra, rejectWithValue }) => {
    const result = await sendCommand(extra.client, command);
    return result.ok ? true : rejectWithValue(result.errors);
  },
);

/** 起草: a new report from the incident's record, or a revision of a returned one; then submit it for 签发. */
export const saveReport = createAsyncThunk<
  { reportId: string },
  { reportId?: string; incidentId: string; kind: ReportKind; content: ReportContent; submit: boolean },
  StationThunk
>('reports/save', async (input, { extra, rejectWithValue }) => {
  const reportId = input.reportId ?? newId();
  const first = await sendCommand(
    extra.client,
    input.reportId
      ? { type: 'report.revise', payload: { reportId, content: input.content } }
      : {
          type: 'report.draft',
          payload: {
            reportId,
            incidentId: input.incidentId,
            kind: input.kind,
            channel: 'written',
            content: input.content,
          },
        },
  );
  if (!first.ok) return rejectWithValue(first.errors);
  if (input.submit) {
    const submitted = await sendCommand(extra.client, { type: 'report.submit', payload: { reportId } });
    if (!submitted.ok) return rejectWithValue(submitted.errors);
  }
  return { reportId };
});

export const fetchDraft = createAsyncThunk<
  ReportContent,
  { incidentId: string; kind: ReportKind },
  StationThunk
>('reports/draft', async (input, { extra, rejectWithValue }) => {
  const result = await extra.client.draftReport(input);
  return result.ok ? result.value : rejectWithValue(result.errors);
});

export const fetchTrail = createAsyncThunk<ApiOutput<'reportTrail'>, { reportId: string }, StationThunk>(
  'reports/trail',
  async (input, { extra, rejectWithValue }) => {
    const result = await extra.client.reportTrail(input);
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

export const fetchPrintView = createAsyncThunk<string, { reportId: string }, StationThunk>(
  'reports/printView',
  async ({ reportId }, { extra, rejectWithValue }) => {
    const result = await extra.client.reportPrintView({ reportId, meta: {} });
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

export const fetchDocx = createAsyncThunk<ApiOutput<'exportReportDocx'>, { reportId: string }, StationThunk>(
  'reports/docx',
  async ({ reportId }, { extra, rejectWithValue }) => {
    const result = await extra.client.exportReportDocx({ reportId, meta: {} });
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

export const fetchInbox = createAsyncThunk<ApiOutput<'inbox'>, undefined, StationThunk>(
  'reports/inbox',
  async (_, { extra, rejectWithValue }) => {
    const result = await extra.client.inbox({});
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

/** 报送及时性统计 for a period (half-open, instants). */
export const fetchTimeliness = createAsyncThunk<
  ApiOutput<'reportTimeliness'>,
  { from: string; to: string },
  StationThunk
>('reports/timeliness', async (period, { extra, rejectWithValue }) => {
  const result = await extra.client.reportTimeliness(period);
  return result.ok ? result.value : rejectWithValue(result.errors);
});

/** The same statistics as an .xlsx workbook made by the station. */
export const fetchTimelinessXlsx = createAsyncThunk<
  ApiOutput<'exportTimelinessXlsx'>,
  { from: string; to: string },
  StationThunk
>('reports/timelinessXlsx', async (period, { extra, rejectWithValue }) => {
  const result = await extra.client.exportTimelinessXlsx(period);
  return result.ok ? result.value : rejectWithValue(result.errors);
});
