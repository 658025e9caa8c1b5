import type { Actor } from '../domain/common';
import type { Command } from '../commands/catalog';
import { validateCommand } from '../commands/catalog';
import { domainError } from '../errors';
import type { Ulid } from '../ids';
import { fail, ok, type Result } from '../result';
import type { LedgerKind } from './table';
import type { LedgerReport } from './validate';

export interface LedgerConfirmation {
  actor: Actor;
  /**
   * The user has seen that these rows will NOT be imported. Must equal the report's invalid rows
   * (as a count), so a file with problems is never imported partially without the user saying so.
   */
  skippedRowsAcknowledged: number;
  /** Import only these rows (the preview lets the user untick rows); all valid rows when absent. */
  rows?: readonly number[];
}

/**
 * The register commands for the rows the user confirmed, for the station to execute. Building them
 * executes nothing; every command is validated exactly as the station will validate it.
 */
export function commandsForConfirmedImport(
  report: LedgerReport,
  confirmation: LedgerConfirmation,
  newId: () => Ulid,
): Result<Command[]> {
  if (confirmation.skippedRowsAcknowledged !== report.invalidRows.length) {
    return fail(
      domainError(
        'LEDGER_SKIPPED_ROWS_UNCONFIRMED',
        'skippedRowsAcknowledged',
        String(report.invalidRows.length),
      ),
    );
  }
  const wanted = confirmation.rows ? new Set(confirmation.rows) : undefined;
  if (wanted) {
    const validRows = new Set(report.valid.map((v) => v.row));
    const notValid = [...wanted].filter((r) => !validRows.has(r));
    if (notValid.length > 0) return fail(domainError('INVALID_FIELD', 'rows', `rows ${notValid.join(', ')} are not valid rows`));
  }
  const commands: Command[] = [];
  for (const { row, object } of report.valid) {
    if (wanted && !wanted.has(row)) continue;
    const checked = validateCommand({ id: newId(), type: registerType[report.kind], payload: payloadFor(report.kind, object), actor: confirmation.actor });
    // The report came from the same schemas, so a refusal here means the report was altered.
    if (!checked.ok) return fail(...checked.errors.map((e) => ({ ...e, detail: `row ${row}: ${e.detail ?? ''}` })));
    commands.push(checked.value);
  }
  return ok(commands);
}

const registerType = {
  team: 'team.register',
  depot: 'depot.register',
  shelter: 'shelter.register',
  risk_point: 'risk_point.register',
} as const satisfies Record<LedgerKind, Command['type']>;

function payloadFor(kind: LedgerKind, object: unknown): unknown {
  switch (kind) {
    case 'team':
      return { team: object };
    case 'depot':
      return { depot: object };
    case 'shelter':
      return { shelter: object };
    case 'risk_point':
      return { riskPoint: object };
  }
}
