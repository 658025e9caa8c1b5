import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ApiHandlers } from '../../shared/api/serve';
import {
  LEDGER_PREVIEW_ROWS,
  LEDGER_REPORT_LIST_MAX,
  type LedgerImportResult,
  type LedgerJob,
  type LedgerJobProgress,
  type LedgerReportSummary,
} from '../../shared/api/ledger-calls';
import type { JurisdictionCode } from '../../shared/domain/jurisdiction';
import { domainError, type DomainError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { LedgerKind } from '../../shared/ledger/table';
import type { LedgerReport } from '../../shared/ledger/validate';
import { fail, ok } from '../../shared/result';
import { createLedgerImports } from '../ledger/imports';
import type { ApiStore, ConsoleWriter } from './ports';
import type { Actor } from '../../shared/domain/common';
import { stationApiFeature } from './context';

type LedgerMethods = 'ledgerUpload' | 'ledgerPrepare' | 'ledgerStatus' | 'ledgerConfirm' | 'ledgerDiscard';

export interface LedgerApiOptions {
  store: Pick<ApiStore, 'teams' | 'depots' | 'shelters' | 'riskPoints'>;
  /** Registers the rows as the person at this console. */
  writer: ConsoleWriter;
  /** Who the console acts as: the ledger's commands name them. */
  operator: Actor;
  jurisdiction: JurisdictionCode;
  /** Progress of a job, for every window (the one that started it picks it out by upload id). */
  push: (progress: LedgerJobProgress) => void;
  clock?: () => number;
  onBug?: (error: unknown) => void;
}

interface Job {
  uploadId: string;
  fileName: string;
  totalBytes: number;
  chunks: Uint8Array[];
  received: number;
  progress: LedgerJobProgress;
  importId?: string;
  report?: LedgerReport;
  summary?: LedgerReportSummary;
  result?: LedgerImportResult;
  errors?: DomainError[];
  touchedAt: number;
}

/** Files held at once (an officer imports one at a time) and how long an abandoned one is kept. */
const MAX_JOBS = 4;
const KEEP_MS = 30 * 60_000;
/** Registered rows between two progress pushes (and two yields, so the station keeps answering). */
const IMPORT_STEP = 25;

/** The report cut to what a window shows: counts, the problems (first ones), a preview of valid rows. */
export function summarise(importId: string, report: LedgerReport): LedgerReportSummary {
  return {
    importId,
    kind: report.kind,
    fileName: report.fileName,
    ...(report.sheet !== undefined ? { sheet: report.sheet } : {}),
    rowsRead: report.rowsRead,
    validCount: report.valid.length,
    updateCount: report.valid.filter((v) => v.updatesExisting).length,
    invalidCount: report.invalidRows.length,
    invalidRows: report.invalidRows.slice(0, LEDGER_REPORT_LIST_MAX),
    findingsTotal: report.findings.length,
    findings: report.findings.slice(0, LEDGER_REPORT_LIST_MAX),
    columns: report.columns.slice(0, 500),
    preview: report.valid.slice(0, LEDGER_PREVIEW_ROWS).map((v) => ({
      row: v.row,
      id: v.object.id,
      name: v.object.name,
      updatesExisting: v.updatesExisting,
    })),
  };
}

/**
 * The station side of the ledger calls (shared/api/ledger-calls.ts): uploads assembled in order,
 * reading and checking in the background with progress pushed, and registration of the confirmed
 * valid rows through the store, one command per row, each refusal reported with its row.
 */
export function createLedgerApi(options: LedgerApiOptions): Pick<ApiHandlers, LedgerMethods> {
  const { store } = options;
  const clock = options.clock ?? Date.now;
  const jobs = new Map<string, Job>();
  const idsOf: Record<LedgerKind, () => string[]> = {
    team: () => store.teams().map((t) => t.id),
    depot: () => store.depots().map((d) => d.id),
    shelter: () => store.shelters().map((s) => s.id),
    risk_point: () => store.riskPoints().map((r) => r.id),
  };
  const imports = createLedgerImports({
    context: (kind) => ({ stationJurisdiction: options.jurisdiction, existingIds: new Set(idsOf[kind]()) }),
    newId: () => newId(),
    clock,
    keepMs: KEEP_MS,
  });

  const update = (job: Job, progress: Omit<LedgerJobProgress, 'uploadId'>) => {
    job.progress = { uploadId: job.uploadId, ...progress };
    job.touchedAt = clock();
    try {
      options.push(job.progress);
    } catch (error) {
      options.onBug?.(error);
    }
  };
  const busy = (job: Job) => job.progress.state === 'checking' || job.progress.state === 'importing';
  const dropStale = () => {
    for (const [id, job] of jobs) {
      if (!busy(job) && clock() - job.touchedAt > KEEP_MS) {
        if (job.importId) imports.discard(job.importId);
        jobs.delete(id);
      }
    }
  };
  const notFound = (uploadId: string) => fail(domainError('NOT_FOUND', 'input.uploadId', uploadId));

  async function check(job: Job, kind: LedgerKind | 'auto', sheet: string | undefined) {
    const bytes = new Uint8Array(job.totalBytes);
    let at = 0;
    for (const chunk of job.chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    const prepared = await imports.prepare(
      { fileName: job.fileName, bytes, kind, ...(sheet !== undefined ? { sheet } : {}) },
      (p) =>
        update(job, {
          state: 'checking',
          phase: p.phase,
          done: p.done,
          ...(p.total !== undefined ? { total: p.total } : {}),
        }),
    );
    if (!prepared.ok) {
      job.errors = prepared.errors;
      update(job, { state: 'failed', done: 0 });
      return;
    }
    job.importId = prepared.value.importId;
    job.report = prepared.value.report;
    job.summary = summarise(prepared.value.importId, prepared.value.report);
    update(job, { state: 'ready', done: job.report.rowsRead, total: job.report.rowsRead });
  }

  async function register(
    job: Job,
    commands: Array<{ command: unknown; row: number; updates: boolean }>,
    skipped: number,
  ) {
    const report = job.report as LedgerReport;
    const result: LedgerImportResult = { kind: report.kind, registered: 0, updated: 0, skipped, refused: [] };
    const total = commands.length;
    for (const [i, { command, row, updates }] of commands.entries()) {
      let outcome: ReturnType<ConsoleWriter['execute']>;
      try {
        outcome = options.writer.execute(command);
      } catch (error) {
        // The store itself cannot write (read-only after a fault): stop, and say how far it got.
        options.onBug?.(error);
        job.result = result;
        job.errors = [domainError('INVALID_REPLY', 'store', (error as Error).message.slice(0, 200))];
        update(job, { state: 'failed', phase: 'import', done: i, total });
        return;
      }
      if (!outcome.ok) result.refused.push({ row, errors: outcome.errors });
      else if (updates) result.updated++;
      else result.registered++;
      if ((i + 1) % IMPORT_STEP === 0 && i + 1 < total) {
        update(job, { state: 'importing', phase: 'import', done: i + 1, total });
        await yieldToEventLoop();
      }
    }
    job.result = result;
    update(job, { state: 'done', phase: 'import', done: total, total });
  }

  return {
    ledgerUpload: ({ uploadId, fileName, totalBytes, offset, chunk }) => {
      dropStale();
      let job = jobs.get(uploadId);
      if (!job) {
        if (offset !== 0) return notFound(uploadId);
        if (jobs.size >= MAX_JOBS) {
          // Make room by the oldest idle one; when every job is running, refuse.
          const idle = [...jobs.values()]
            .filter((j) => !busy(j))
            .sort((a, b) => a.touchedAt - b.touchedAt)[0];
          if (!idle)
            return fail(domainError('INVALID_FIELD', 'input.uploadId', 'too many imports under way'));
          if (idle.importId) imports.discard(idle.importId);
          jobs.delete(idle.uploadId);
        }
        job = {
          uploadId,
          fileName,
          totalBytes,
          chunks: [],
          received: 0,
          progress: { uploadId, state: 'uploading', phase: 'upload', done: 0, total: totalBytes },
          touchedAt: clock(),
        };
        jobs.set(uploadId, job);
      }
      if (job.progress.state !== 'uploading')
        return fail(domainError('INVALID_FIELD', 'input.uploadId', 'upload already complete'));
      if (job.fileName !== fileName || job.totalBytes !== totalBytes)
        return fail(domainError('INVALID_FIELD', 'input.fileName', 'a chunk of another file'));
      if (offset !== job.received)
        return fail(domainError('INVALID_FIELD', 'input.offset', `expected ${job.received}`));
      if (job.received + chunk.byteLength > totalBytes)
        return fail(
          domainError('INVALID_FIELD', 'input.chunk', `more than the ${totalBytes} bytes announced`),
        );
      // A copy: a transport may hand over a view of a buffer it reuses.
      job.chunks.push(new Uint8Array(chunk));
      job.received += chunk.byteLength;
      update(job, { state: 'uploading', phase: 'upload', done: job.received, total: totalBytes });
      return ok({ received: job.received });
    },

    ledgerPrepare: ({ uploadId, kind, sheet }) => {
      const job = jobs.get(uploadId);
      if (!job) return notFound(uploadId);
      if (job.received !== job.totalBytes)
        return fail(
          domainError(
            'INVALID_FIELD',
            'input.uploadId',
            `${job.received} of ${job.totalBytes} bytes uploaded`,
          ),
        );
      if (busy(job) || job.progress.state === 'done')
        return fail(domainError('INVALID_FIELD', 'input.uploadId', `the import is ${job.progress.state}`));
      // Checking again (another kind or sheet) replaces the earlier report.
      if (job.importId) imports.discard(job.importId);
      delete job.importId;
      delete job.report;
      delete job.summary;
      delete job.errors;
      update(job, { state: 'checking', phase: 'read', done: 0 });
      check(job, kind, sheet).catch((error: unknown) => {
        options.onBug?.(error);
        job.errors = [domainError('LEDGER_UNREADABLE', 'file', (error as Error).message.slice(0, 200))];
        update(job, { state: 'failed', done: 0 });
      });
      return ok(job.progress);
    },

    ledgerStatus: ({ uploadId }) => {
      const job = jobs.get(uploadId);
      if (!job) return notFound(uploadId);
      const status: LedgerJob = {
        progress: job.progress,
        ...(job.summary ? { report: job.summary } : {}),
        ...(job.result ? { result: job.result } : {}),
        ...(job.errors ? { errors: job.errors } : {}),
      };
      return ok(status);
    },

    ledgerConfirm: ({ uploadId, skippedRowsAcknowledged, rows }) => {
      const job = jobs.get(uploadId);
      if (!job) return notFound(uploadId);
      if (job.progress.state !== 'ready' || !job.importId || !job.report)
        return fail(domainError('INVALID_FIELD', 'input.uploadId', `the import is ${job.progress.state}`));
      const confirmed = imports.confirm({
        importId: job.importId,
        actor: options.operator,
        skippedRowsAcknowledged,
        ...(rows ? { rows } : {}),
      });
      if (!confirmed.ok) return confirmed;
      // The commands come in the report's order of valid rows (shared/ledger/confirm.ts).
      const wanted = rows ? new Set(rows) : undefined;
      const chosen = job.report.valid.filter((v) => !wanted || wanted.has(v.row));
      const commands = confirmed.value.map((command, i) => ({
        command,
        row: chosen[i]?.row ?? 0,
        updates: chosen[i]?.updatesExisting ?? false,
      }));
      job.chunks = []; // the file is no longer needed
      update(job, { state: 'importing', phase: 'import', done: 0, total: commands.length });
      register(job, commands, job.report.invalidRows.length).catch((error: unknown) => {
        options.onBug?.(error);
        update(job, { state: 'failed', phase: 'import', done: 0 });
      });
      return ok(job.progress);
    },

    ledgerDiscard: ({ uploadId }) => {
      const job = jobs.get(uploadId);
      if (job && !busy(job)) {
        if (job.importId) imports.discard(job.importId);
        jobs.delete(uploadId);
      }
      return ok({});
    },
  };
}

/** 台账导入 at the station API: the rows are registered as the person confirming, progress pushed to every window. */
export const ledgerApi = stationApiFeature({
  name: 'ledger',
  open: ({ store, asOperator, actorOrNobody, station, emit, clock, options }) => ({
    handlers: createLedgerApi({
      store,
      writer: asOperator,
      // Read when an import is confirmed: the person signed in at the screen confirming it.
      get operator() {
        return actorOrNobody();
      },
      jurisdiction: station.jurisdiction,
      push: (job) => emit({ kind: 'ledger', job }),
      clock,
      ...(options.onBug ? { onBug: options.onBug } : {}),
    }),
  }),
});
