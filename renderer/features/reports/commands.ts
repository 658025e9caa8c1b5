import { createAsyncThunk } from '@reduxjs/toolkit';
import type { DomainError } from '../../../shared/errors';
import type { ReportContent, ReportKind } from '../../../shared/domain/report';
import type { ApiOutput } from '../../../shared/api/contract';
import { newId } from '../../../shared/ids';
import type { Result } from '../../../shared/result';
import type { RootState, ThunkExtra } from '../../app/store';

type Rejected = { rejectValue: DomainError[]; state: RootState; extra: ThunkExtra };

const operatorOf = (state: RootState) => state.station.info?.operator ?? { id: 'unknown' };
const unwrap = <T>(result: Result<T>, reject: (e: DomainError[]) => unknown) =>
  result.ok ? result.value : reject(result.errors);

/** One report command as this console's operator; the station decides and records it. */
export const reportCommand = createAsyncThunk<
  true,
  { type: `report.${string}`; payload: Record<string, unknown> },
  Rejected
>('reports/command', async ({ type, payload }, { getState, extra, rejectWithValue }) => {
  const result = await extra.client.execute({
    id: newId(),
    type,
    payload,
    actor: operatorOf(getState()),
  } as never);
  return result.ok ? true : rejectWithValue(result.errors);
});

/** 起草: a new report from the incident's record, or a revision of a returned one; then submit it for 签发. */
export const saveReport = createAsyncThunk<
  { reportId: string },
  { reportId?: string; incidentId: string; kind: ReportKind; content: ReportContent; submit: boolean },
  Rejected
>('reports/save', async (input, { getState, extra, rejectWithValue }) => {
  const actor = operatorOf(getState());
  const reportId = input.reportId ?? newId();
  const first = input.reportId
    ? await extra.client.execute({
        id: newId(),
        type: 'report.revise',
        payload: { reportId, content: input.content },
        actor,
      } as never)
    : await extra.client.execute({
        id: newId(),
        type: 'report.draft',
        payload: {
          reportId,
          incidentId: input.incidentId,
          kind: input.kind,
          channel: 'written',
          content: input.content,
        },
        actor,
      } as never);
  if (!first.ok) return rejectWithValue(first.errors);
  if (input.submit) {
    const submitted = await extra.client.execute({
      id: newId(),
      type: 'report.submit',
      payload: { reportId },
      actor,
    } as never);
    if (!submitted.ok) return rejectWithValue(submitted.errors);
  }
  return { reportId };
});

export const fetchDraft = createAsyncThunk<ReportContent, { incidentId: string; kind: ReportKind }, Rejected>(
  'reports/draft',
  async (input, { extra, rejectWithValue }) =>
    unwrap(await extra.client.draftReport(input), rejectWithValue) as ReportContent,
);

export const fetchTrail = createAsyncThunk<ApiOutput<'reportTrail'>, { reportId: string }, Rejected>(
  'reports/trail',
  async (input, { extra, rejectWithValue }) =>
    unwrap(await extra.client.reportTrail(input), rejectWithValue) as ApiOutput<'reportTrail'>,
);

export const fetchPrintView = createAsyncThunk<string, { reportId: string }, Rejected>(
  'reports/printView',
  async ({ reportId }, { extra, rejectWithValue }) =>
    unwrap(await extra.client.reportPrintView({ reportId, meta: {} }), rejectWithValue) as string,
);

export const fetchDocx = createAsyncThunk<ApiOutput<'exportReportDocx'>, { reportId: string }, Rejected>(
  'reports/docx',
  async ({ reportId }, { extra, rejectWithValue }) =>
    unwrap(
      await extra.client.exportReportDocx({ reportId, meta: {} }),
      rejectWithValue,
    ) as ApiOutput<'exportReportDocx'>,
);

export const fetchInbox = createAsyncThunk<ApiOutput<'inbox'>, undefined, Rejected>(
  'reports/inbox',
  async (_, { extra, rejectWithValue }) =>
    unwrap(await extra.client.inbox({}), rejectWithValue) as ApiOutput<'inbox'>,
);

/** 报送及时性统计 for a period (half-open, instants). */
export const fetchTimeliness = createAsyncThunk<
  ApiOutput<'reportTimeliness'>,
  { from: string; to: string },
  Rejected
>(
  'reports/timeliness',
  async (period, { extra, rejectWithValue }) =>
    unwrap(await extra.client.reportTimeliness(period), rejectWithValue) as ApiOutput<'reportTimeliness'>,
);

/** The same statistics as an .xlsx workbook made by the station. */
export const fetchTimelinessXlsx = createAsyncThunk<
  ApiOutput<'exportTimelinessXlsx'>,
  { from: string; to: string },
  Rejected
>(
  'reports/timelinessXlsx',
  async (period, { extra, rejectWithValue }) =>
    unwrap(
      await extra.client.exportTimelinessXlsx(period),
      rejectWithValue,
    ) as ApiOutput<'exportTimelinessXlsx'>,
);
