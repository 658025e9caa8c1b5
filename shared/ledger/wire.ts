import { z } from 'zod';
import { Actor } from '../domain/common';
import { Depot, RiskPoint, Shelter, Team } from '../domain/resources';
import { ledgerProblems, type LedgerProblem } from './messages';

/**
 * The ledger import as it crosses the station API (shared/api/contract.ts): schemas both ends
 * validate with. The report stays at the station under an import id; the window confirms by that
 * id, so what gets registered is what the station checked, not what a window sends back.
 */
export const LedgerKindWire = z.enum(['team', 'depot', 'shelter', 'risk_point']);

export const ImportId = z.string().regex(/^imp-[0-9A-Za-z]{1,40}$/, 'expected an import id');

export const LedgerFindingWire = z.object({
  row: z.number().int().min(0),
  column: z.string().max(500).optional(),
  problem: z.enum(Object.keys(ledgerProblems) as [LedgerProblem, ...LedgerProblem[]]),
  message: z.object({ zh: z.string().max(500), en: z.string().max(500) }),
  value: z.string().max(200).optional(),
});

const validRow = <T extends z.ZodType>(object: T) =>
  z.object({ row: z.number().int().min(1), object, idDerived: z.boolean(), updatesExisting: z.boolean() });

export const LedgerReportWire = z.object({
  kind: LedgerKindWire,
  fileName: z.string().max(500),
  sheet: z.string().max(200).optional(),
  rowsRead: z.number().int().min(0),
  valid: z.union([z.array(validRow(Team)), z.array(validRow(Depot)), z.array(validRow(Shelter)), z.array(validRow(RiskPoint))]),
  findings: z.array(LedgerFindingWire),
  invalidRows: z.array(z.number().int().min(0)),
  columns: z.array(z.object({ header: z.string().max(500), field: z.string().max(50) })),
});

/** A file picked or dropped in the window arrives as its name and bytes. */
export const LedgerPrepareInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  bytes: z.instanceof(Uint8Array),
  kind: z.union([LedgerKindWire, z.literal('auto')]),
  sheet: z.string().max(200).optional(),
});

export const LedgerPrepared = z.object({ importId: ImportId, report: LedgerReportWire });

export const LedgerConfirmInput = z.object({
  importId: ImportId,
  actor: Actor,
  skippedRowsAcknowledged: z.number().int().min(0),
  rows: z.array(z.number().int().min(1)).max(100_000).optional(),
});
