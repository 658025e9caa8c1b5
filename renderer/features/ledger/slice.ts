import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type {
  LedgerImportResult,
  LedgerJob,
  LedgerJobProgress,
  LedgerReportSummary,
} from '../../../shared/api/ledger-calls';

/** An error as the station sent it (shared/errors.ts DomainError over the wire). */
export interface LedgerError {
  code: string;
  field?: string;
  message: { zh: string; en: string };
  detail?: string;
}

/** The one ledger import this window is working on, as the station reports it. */
export interface LedgerState {
  uploadId: string | null;
  fileName: string | null;
  fileBytes: number;
  progress: LedgerJobProgress | null;
  report: LedgerReportSummary | null;
  result: LedgerImportResult | null;
  errors: LedgerError[] | null;
}

const initialState: LedgerState = {
  uploadId: null,
  fileName: null,
  fileBytes: 0,
  progress: null,
  report: null,
  result: null,
  errors: null,
};

export const ledgerSlice = createSlice({
  name: 'ledger',
  initialState,
  reducers: {
    ledgerStarted: (_state, { payload }: PayloadAction<{ uploadId: string; fileName: string; fileBytes: number }>) => ({
      ...initialState,
      ...payload,
      progress: { uploadId: payload.uploadId, state: 'uploading', phase: 'upload', done: 0, total: payload.fileBytes },
    }),
    /** Progress pushed by the station; every window hears it, only the one that started the job keeps it. */
    ledgerProgressReceived(state, { payload }: PayloadAction<LedgerJobProgress>) {
      if (payload.uploadId !== state.uploadId) return;
      state.progress = payload;
    },
    ledgerStatusLoaded(state, { payload }: PayloadAction<{ uploadId: string; job: LedgerJob }>) {
      if (payload.uploadId !== state.uploadId) return;
      const { progress, report, result, errors } = payload.job;
      state.progress = progress;
      state.report = report ?? null;
      state.result = result ?? null;
      state.errors = errors ?? null;
    },
    /** A call was refused (a chunk, the check, the confirmation): the station said why. */
    ledgerRefused(state, { payload }: PayloadAction<{ uploadId: string; errors: LedgerError[] }>) {
      if (payload.uploadId !== state.uploadId) return;
      state.errors = payload.errors;
    },
    ledgerCleared: () => initialState,
  },
});

export const { ledgerStarted, ledgerProgressReceived, ledgerStatusLoaded, ledgerRefused, ledgerCleared } =
  ledgerSlice.actions;
