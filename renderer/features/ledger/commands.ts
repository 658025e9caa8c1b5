import { createAsyncThunk } from '@reduxjs/toolkit';
import { LEDGER_CHUNK_BYTES, type LedgerJobProgress } from '../../../shared/api/ledger-calls';
import type { LedgerKind } from '../../../shared/ledger/table';
import { newId } from '../../../shared/ids';
import type { RootState, ThunkExtra } from '../../app/store';
import { ledgerProgressReceived, ledgerRefused, ledgerStarted, ledgerStatusLoaded } from './slice';

type Thunk = { state: RootState; extra: ThunkExtra };

/** The bytes of a chosen file (a File in the window; plain bytes in tests). */
export interface LedgerFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Send a file to the station in chunks (each under the browser-mode socket's message limit), then
 * ask it to read and check every row. Progress and the report arrive through the station's pushes.
 */
export const checkLedgerFile = createAsyncThunk<boolean, { file: LedgerFile; kind: LedgerKind | 'auto' }, Thunk>(
  'ledger/check',
  async ({ file, kind }, { dispatch, extra }) => {
    const uploadId = `up-${newId()}`;
    const totalBytes = file.bytes.byteLength;
    dispatch(ledgerStarted({ uploadId, fileName: file.name, fileBytes: totalBytes }));
    if (totalBytes === 0) {
      dispatch(
        ledgerRefused({
          uploadId,
          errors: [{ code: 'LEDGER_UNREADABLE', field: 'file', message: { zh: '文件为空', en: 'The file is empty' } }],
        }),
      );
      return false;
    }
    for (let offset = 0; offset < totalBytes; offset += LEDGER_CHUNK_BYTES) {
      const chunk = file.bytes.subarray(offset, Math.min(offset + LEDGER_CHUNK_BYTES, totalBytes));
      const sent = await extra.client.ledgerUpload({ uploadId, fileName: file.name, totalBytes, offset, chunk });
      if (!sent.ok) {
        dispatch(ledgerRefused({ uploadId, errors: sent.errors }));
        return false;
      }
    }
    const started = await extra.client.ledgerPrepare({ uploadId, kind });
    if (!started.ok) dispatch(ledgerRefused({ uploadId, errors: started.errors }));
    return started.ok;
  },
);

export const fetchLedgerStatus = createAsyncThunk<boolean, { uploadId: string }, Thunk>(
  'ledger/status',
  async ({ uploadId }, { dispatch, extra }) => {
    const status = await extra.client.ledgerStatus({ uploadId });
    if (status.ok) dispatch(ledgerStatusLoaded({ uploadId, job: status.value }));
    else dispatch(ledgerRefused({ uploadId, errors: status.errors }));
    return status.ok;
  },
);

/** A progress push: kept, and at a turning point (report ready, import done, failure) the details fetched. */
export const ledgerPushed = createAsyncThunk<boolean, LedgerJobProgress, Thunk>(
  'ledger/pushed',
  async (progress, { dispatch, getState }) => {
    if (getState().ledger.uploadId !== progress.uploadId) return false;
    dispatch(ledgerProgressReceived(progress));
    if (progress.state === 'ready' || progress.state === 'done' || progress.state === 'failed') {
      await dispatch(fetchLedgerStatus({ uploadId: progress.uploadId }));
    }
    return true;
  },
);

/**
 * The user confirmed: register the valid rows. `skippedRowsAcknowledged` is the number of invalid rows
 * the user saw would be left out; the station refuses the import unless it matches.
 */
export const confirmLedgerImport = createAsyncThunk<boolean, { skippedRowsAcknowledged: number }, Thunk>(
  'ledger/confirm',
  async ({ skippedRowsAcknowledged }, { dispatch, getState, extra }) => {
    const uploadId = getState().ledger.uploadId;
    if (!uploadId) return false;
    const started = await extra.client.ledgerConfirm({ uploadId, skippedRowsAcknowledged });
    // Progress and the result come with the pushes (the reply may trail them: it is not shown).
    if (!started.ok) dispatch(ledgerRefused({ uploadId, errors: started.errors }));
    return started.ok;
  },
);

export const discardLedger = createAsyncThunk<boolean, undefined, Thunk>(
  'ledger/discard',
  async (_, { getState, extra }) => {
    const uploadId = getState().ledger.uploadId;
    if (!uploadId) return false;
    return (await extra.client.ledgerDiscard({ uploadId })).ok;
  },
);
