import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { domainError } from '../../shared/errors';
import { guessLedgerKind } from '../../shared/ledger/columns';
import { PROGRESS_EVERY_ROWS, type LedgerKind, type LedgerTable, type ProgressListener } from '../../shared/ledger/table';
import { LedgerValidator, type LedgerContext, type LedgerReport } from '../../shared/ledger/validate';
import { fail, ok, type Result } from '../../shared/result';
import { readLedgerBytes, readLedgerFile } from './read';

export type LedgerSource = { path: string } | { fileName: string; bytes: Uint8Array };

export interface PrepareLedgerOptions<K extends LedgerKind> {
  /** What the ledger holds; guessed from its headers when 'auto'. */
  kind: K | 'auto';
  /** A function when the context depends on the kind (ids already registered differ per kind). */
  context: LedgerContext | ((kind: LedgerKind) => LedgerContext);
  sheet?: string;
  onProgress?: ProgressListener;
}

/**
 * Step one of an import: read the file and check every row. The result is a report for the user
 * to review; nothing is registered until they confirm (see shared/ledger/confirm.ts), and the
 * confirmation turns the valid rows into register commands for the store to execute.
 */
export async function prepareLedgerImport<K extends LedgerKind = LedgerKind>(
  source: LedgerSource,
  options: PrepareLedgerOptions<K>,
): Promise<Result<LedgerReport<K>>> {
  const readOptions = {
    ...(options.kind !== 'auto' ? { kind: options.kind } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const read = 'path' in source ? await readLedgerFile(source.path, readOptions) : await readLedgerBytes(source.fileName, source.bytes, readOptions);
  if (!read.ok) return read;
  const kind = (options.kind === 'auto' ? guessLedgerKind(read.value.headers) : options.kind) as K | undefined;
  if (!kind) return fail(domainError('LEDGER_UNREADABLE', 'kind', 'the columns match no ledger kind (teams, depots, shelters, risk points)'));
  const context = typeof options.context === 'function' ? options.context(kind) : options.context;
  return ok(await validateInChunks(kind, read.value, context, options.onProgress));
}

/** Validation yields to the event loop between chunks so progress reaches the window while it runs. */
async function validateInChunks<K extends LedgerKind>(
  kind: K,
  table: LedgerTable,
  context: LedgerContext,
  onProgress?: ProgressListener,
): Promise<LedgerReport<K>> {
  const validator = new LedgerValidator(kind, table, context);
  const total = table.rows.length;
  for (const [i, row] of table.rows.entries()) {
    validator.add(row);
    if ((i + 1) % PROGRESS_EVERY_ROWS === 0) {
      onProgress?.({ phase: 'validate', done: i + 1, total });
      await yieldToEventLoop();
    }
  }
  onProgress?.({ phase: 'validate', done: total, total });
  return validator.report();
}
