import type { z } from 'zod';
import type { Command } from '../../shared/commands/catalog';
import { domainError } from '../../shared/errors';
import type { Ulid } from '../../shared/ids';
import { commandsForConfirmedImport } from '../../shared/ledger/confirm';
import type { LedgerKind, ProgressListener } from '../../shared/ledger/table';
import type { LedgerContext, LedgerReport } from '../../shared/ledger/validate';
import { LedgerConfirmInput, LedgerPrepareInput } from '../../shared/ledger/wire';
import { fromZodError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import { prepareLedgerImport } from './import';

export interface LedgerImports {
  /** Read and check a file; the report is kept here under the returned id until confirmed or discarded. */
  prepare(input: z.input<typeof LedgerPrepareInput>, onProgress?: ProgressListener): Promise<Result<{ importId: string; report: LedgerReport }>>;
  /**
   * The register commands for the confirmed rows of a prepared import, for the caller to execute
   * through the store. The import is used up: a second confirmation of the same id is refused.
   */
  confirm(input: z.input<typeof LedgerConfirmInput>): Result<Command[]>;
  discard(importId: string): void;
  pending(): number;
}

export interface LedgerImportsOptions {
  /** The station's jurisdiction and what it already holds of the given kind. */
  context: (kind: LedgerKind) => LedgerContext;
  newId: () => Ulid;
  clock?: () => number;
  /** A preview left unconfirmed this long is dropped: the station's data may have moved on since. */
  keepMs?: number;
}

/** Prepared imports kept at most; an officer previews one file at a time, a few at most. */
const MAX_PENDING = 8;

export function createLedgerImports(options: LedgerImportsOptions): LedgerImports {
  const clock = options.clock ?? Date.now;
  const keepMs = options.keepMs ?? 30 * 60_000;
  const pending = new Map<string, { report: LedgerReport; preparedAt: number }>();

  const dropStale = () => {
    for (const [id, entry] of pending) if (clock() - entry.preparedAt > keepMs) pending.delete(id);
    while (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as string);
  };

  return {
    async prepare(raw, onProgress) {
      const input = LedgerPrepareInput.safeParse(raw);
      if (!input.success) return fail(...fromZodError(input.error));
      const { fileName, bytes, kind, sheet } = input.data;
      const result = await prepareLedgerImport(
        { fileName, bytes },
        { kind, context: options.context, ...(sheet !== undefined ? { sheet } : {}), ...(onProgress ? { onProgress } : {}) },
      );
      if (!result.ok) return result;
      const importId = `imp-${options.newId()}`;
      pending.set(importId, { report: result.value, preparedAt: clock() });
      dropStale();
      return ok({ importId, report: result.value });
    },

    confirm(raw) {
      const input = LedgerConfirmInput.safeParse(raw);
      if (!input.success) return fail(...fromZodError(input.error));
      dropStale();
      const entry = pending.get(input.data.importId);
      if (!entry) return fail(domainError('NOT_FOUND', 'importId'));
      const { actor, skippedRowsAcknowledged, rows } = input.data;
      const commands = commandsForConfirmedImport(
        entry.report,
        { actor, skippedRowsAcknowledged, ...(rows ? { rows } : {}) },
        options.newId,
      );
      if (commands.ok) pending.delete(input.data.importId);
      return commands;
    },

    discard: (importId) => void pending.delete(importId),
    pending: () => pending.size,
  };
}
