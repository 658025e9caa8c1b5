import { z } from 'zod';
import { ImportId, LedgerFindingWire, LedgerKindWire } from '../ledger/wire';
import { MAX_LEDGER_ROWS } from '../ledger/table';
import { command, query } from './call';

/**
 * Importing an office's ledger (台账) from the window, in four steps the station drives:
 * 1. `ledgerUpload`: the file's bytes in chunks (the browser-mode socket refuses a message over 1 MB);
 * 2. `ledgerPrepare`: read and check every row in the background; the station pushes progress
 *    (`{ kind: 'ledger', job }`) and the window fetches the report with `ledgerStatus`;
 * 3. the user reviews the report (row, column, problem) and confirms, acknowledging the rows that will
 *    be skipped: `ledgerConfirm` registers the valid rows, again with pushed progress;
 * 4. `ledgerStatus` gives the result: how many registered, updated, and any refused with their row.
 * Nothing is registered before step 3, and an invalid row is never registered.
 */

/** Chosen by the window for one file; names the job in every call and push. */
export const LedgerUploadId = z.string().regex(/^up-[0-9A-Za-z_-]{8,40}$/, 'expected an upload id');
export type LedgerUploadId = z.infer<typeof LedgerUploadId>;

/** Half the socket's 1 MB message limit (station/host/server.ts), leaving room for the envelope. */
export const LEDGER_CHUNK_BYTES = 512 * 1024;
/** Larger than any district ledger (station/ledger/read.ts refuses beyond the same size). */
export const LEDGER_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** The report lists at most this many findings and invalid rows; the totals say how many there are. */
export const LEDGER_REPORT_LIST_MAX = 2000;
/** Valid rows shown in the preview (the first ones, in file order). */
export const LEDGER_PREVIEW_ROWS = 200;

export const LedgerUploadChunk = z.object({
  uploadId: LedgerUploadId,
  fileName: z.string().trim().min(1).max(255),
  totalBytes: z.number().int().min(1).max(LEDGER_MAX_UPLOAD_BYTES),
  offset: z.number().int().min(0).max(LEDGER_MAX_UPLOAD_BYTES),
  chunk: z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes')
    .refine((c) => c.byteLength > 0 && c.byteLength <= LEDGER_CHUNK_BYTES, `a chunk holds 1 to ${LEDGER_CHUNK_BYTES} bytes`),
});

/** Where a job stands, as pushed while it runs (small: no report in it). */
export const LedgerJobProgress = z.object({
  uploadId: LedgerUploadId,
  state: z.enum(['uploading', 'checking', 'ready', 'importing', 'done', 'failed']),
  phase: z.enum(['upload', 'read', 'validate', 'import']).optional(),
  done: z.number().int().min(0),
  total: z.number().int().min(0).optional(),
});
export type LedgerJobProgress = z.infer<typeof LedgerJobProgress>;

/** The report as the window shows it: counts, the problems cell by cell, and a preview of valid rows. */
export const LedgerReportSummary = z.object({
  importId: ImportId,
  kind: LedgerKindWire,
  fileName: z.string().max(500),
  sheet: z.string().max(200).optional(),
  rowsRead: z.number().int().min(0),
  validCount: z.number().int().min(0),
  /** Valid rows whose id the station already holds: confirming updates them. */
  updateCount: z.number().int().min(0),
  invalidCount: z.number().int().min(0),
  invalidRows: z.array(z.number().int().min(0)).max(LEDGER_REPORT_LIST_MAX),
  findingsTotal: z.number().int().min(0),
  findings: z.array(LedgerFindingWire).max(LEDGER_REPORT_LIST_MAX),
  columns: z.array(z.object({ header: z.string().max(500), field: z.string().max(50) })).max(500),
  preview: z
    .array(
      z.object({
        row: z.number().int().min(1),
        id: z.string().max(64),
        name: z.string().max(200),
        updatesExisting: z.boolean(),
      }),
    )
    .max(LEDGER_PREVIEW_ROWS),
});
export type LedgerReportSummary = z.infer<typeof LedgerReportSummary>;

const ErrorWire = z.object({
  code: z.string().max(100),
  field: z.string().max(500).optional(),
  message: z.object({ zh: z.string().max(4000), en: z.string().max(4000) }),
  detail: z.string().max(4000).optional(),
});

export const LedgerImportResult = z.object({
  kind: LedgerKindWire,
  registered: z.number().int().min(0),
  updated: z.number().int().min(0),
  /** Invalid rows left out, as the user acknowledged. */
  skipped: z.number().int().min(0),
  /** Rows the station refused when registering (the store's own checks), each with why. */
  refused: z.array(z.object({ row: z.number().int().min(1), errors: z.array(ErrorWire).min(1) })).max(MAX_LEDGER_ROWS),
});
export type LedgerImportResult = z.infer<typeof LedgerImportResult>;

export const LedgerJob = z.object({
  progress: LedgerJobProgress,
  report: LedgerReportSummary.optional(),
  result: LedgerImportResult.optional(),
  errors: z.array(ErrorWire).optional(),
});
export type LedgerJob = z.infer<typeof LedgerJob>;

export const ledgerCalls = {
  /** One chunk of a file, in order from offset 0; the reply says how many bytes the station holds. */
  ledgerUpload: command(LedgerUploadChunk, z.object({ received: z.number().int().min(0) })),
  /** Read and check the uploaded file in the background (kind guessed from the headers on 'auto'). */
  ledgerPrepare: command(
    z.object({
      uploadId: LedgerUploadId,
      kind: z.union([LedgerKindWire, z.literal('auto')]),
      sheet: z.string().max(200).optional(),
    }),
    LedgerJobProgress,
  ),
  ledgerStatus: query(z.object({ uploadId: LedgerUploadId }), LedgerJob),
  /**
   * Register the valid rows of a checked file. `skippedRowsAcknowledged` must equal the number of
   * invalid rows: the user has seen that they will not be imported.
   */
  ledgerConfirm: command(
    z.object({
      uploadId: LedgerUploadId,
      skippedRowsAcknowledged: z.number().int().min(0),
      rows: z.array(z.number().int().min(1)).max(MAX_LEDGER_ROWS).optional(),
    }),
    LedgerJobProgress,
  ),
  /** Forget an upload or a checked file the user abandoned. */
  ledgerDiscard: command(z.object({ uploadId: LedgerUploadId }), z.object({})),
};
