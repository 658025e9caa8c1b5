/**
 * A ledger file (台账) as read from disk, before any meaning is given to it: the header row as the
 * office wrote it and each data row with the number the user sees in Excel (or the feature number
 * in a GeoJSON file), so every finding can point at the exact cell.
 */
export type CellValue = string | number | boolean | null;

export type LedgerFormat = 'xlsx' | 'csv' | 'geojson';

export interface LedgerRow {
  /** 1-based, as shown by Excel (the header row counts) or the 1-based feature number in GeoJSON. */
  row: number;
  cells: Record<string, CellValue>;
}

export interface LedgerTable {
  fileName: string;
  format: LedgerFormat;
  sheet?: string;
  /** Header cells as written in the file, in column order. */
  headers: string[];
  /** The row number of the header itself (title rows above it are common in 台账). */
  headerRow: number;
  rows: LedgerRow[];
}

/** One ledger can hold one kind of object. */
export type LedgerKind = 'team' | 'depot' | 'shelter' | 'risk_point';

/** Progress for long files: reported every few hundred rows so a progress bar can move. */
export interface LedgerProgress {
  phase: 'read' | 'validate';
  done: number;
  total?: number;
}
export type ProgressListener = (progress: LedgerProgress) => void;

/** How often progress is reported. */
export const PROGRESS_EVERY_ROWS = 500;

/** Beyond this a file is refused: no district ledger is that long, and the import preview must stay usable. */
export const MAX_LEDGER_ROWS = 100_000;
