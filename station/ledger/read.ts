import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { domainError } from '../../shared/errors';
import { recognisedCount } from '../../shared/ledger/columns';
import {
  PROGRESS_EVERY_ROWS,
  MAX_LEDGER_ROWS,
  type CellValue,
  type LedgerFormat,
  type LedgerKind,
  type LedgerRow,
  type LedgerTable,
  type ProgressListener,
} from '../../shared/ledger/table';
import { fail, ok, type Result } from '../../shared/result';

/** Larger than any district ledger; refusing early keeps a mistaken pick of a video file harmless. */
export const MAX_LEDGER_BYTES = 50 * 1024 * 1024;

/** Title rows ("万盛经开区应急救援队伍台账") may sit above the header; look this far down for it. */
const HEADER_SEARCH_ROWS = 10;

export interface ReadLedgerOptions {
  /** Helps find the header row under title rows; any kind's columns count when absent. */
  kind?: LedgerKind;
  /** Worksheet name in an .xlsx; the first sheet with data when absent. */
  sheet?: string;
  onProgress?: ProgressListener;
}

const kinds: LedgerKind[] = ['team', 'depot', 'shelter', 'risk_point'];

export async function readLedgerFile(path: string, options: ReadLedgerOptions = {}): Promise<Result<LedgerTable>> {
  try {
    const info = await stat(path);
    if (info.size > MAX_LEDGER_BYTES) return fail(domainError('LEDGER_UNREADABLE', 'file', `larger than ${MAX_LEDGER_BYTES} bytes`));
    return await readLedgerBytes(basename(path), await readFile(path), options);
  } catch (error) {
    return fail(domainError('LEDGER_UNREADABLE', 'file', (error as Error).message));
  }
}

/** Read a ledger handed over as bytes (a file dropped in the window arrives this way). */
export async function readLedgerBytes(fileName: string, bytes: Uint8Array, options: ReadLedgerOptions = {}): Promise<Result<LedgerTable>> {
  if (bytes.byteLength > MAX_LEDGER_BYTES) return fail(domainError('LEDGER_UNREADABLE', 'file', `larger than ${MAX_LEDGER_BYTES} bytes`));
  const format = formatOf(fileName);
  if (!format) return fail(domainError('LEDGER_UNREADABLE', 'file', 'expected .xlsx, .csv or .geojson'));
  try {
    switch (format) {
      case 'xlsx':
        return await readXlsx(fileName, bytes, options);
      case 'csv':
        return await readCsv(fileName, bytes, options);
      case 'geojson':
        return readGeoJson(fileName, bytes, options);
    }
  } catch (error) {
    // exceljs and JSON.parse throw on damaged files: that is the user's file, not our bug.
    return fail(domainError('LEDGER_UNREADABLE', 'file', (error as Error).message.slice(0, 200)));
  }
}

function formatOf(fileName: string): LedgerFormat | undefined {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  return undefined;
}

/** Cells as the user sees them: rich text flattened, formulas by their result, dates as ISO text. */
function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      // A formula saved without its result (some generators do that) shows as its text, so it is reported, not lost.
      const result = 'result' in value ? value.result : undefined;
      if (result !== undefined) return cellValue(result);
      return `=${'formula' in value ? value.formula : value.sharedFormula}`;
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
    // A hyperlink whose text is rich text (exceljs gives the rich-text object, not a string).
    if ('hyperlink' in value) return cellValue(value.text);
    if ('error' in value) return value.error;
  }
  return String(value);
}

/** Turn raw rows (arrays of cells with their row numbers) into a table under its header row. */
async function tabulate(
  fileName: string,
  format: LedgerFormat,
  raw: Array<{ row: number; cells: CellValue[] }>,
  options: ReadLedgerOptions,
  sheet?: string,
): Promise<LedgerTable> {
  const text = (c: CellValue | undefined) => (c === null || c === undefined ? '' : String(c).trim());
  const nonBlank = raw.filter((r) => r.cells.some((c) => text(c) !== ''));
  const candidates = nonBlank.slice(0, HEADER_SEARCH_ROWS);
  let header = candidates[0];
  let best = 1; // a header must name at least two known columns to beat the first row
  for (const candidate of candidates) {
    const labels = candidate.cells.map(text);
    const score = Math.max(...(options.kind ? [options.kind] : kinds).map((k) => recognisedCount(k, labels)));
    if (score > best) {
      best = score;
      header = candidate;
    }
  }
  if (!header) return { fileName, format, ...(sheet ? { sheet } : {}), headers: [], headerRow: 1, rows: [] };

  // Repeated header names are kept apart so no cell is lost; the first one supplies the field.
  const seen = new Map<string, number>();
  const columns = header.cells.map((c) => {
    const name = text(c);
    if (name === '') return '';
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
  const rows: LedgerRow[] = [];
  const body = raw.filter((r) => r.row > header.row);
  for (const [i, r] of body.entries()) {
    if (rows.length >= MAX_LEDGER_ROWS + 1) break; // one over the limit, so the validator can say so
    const cells: Record<string, CellValue> = {};
    columns.forEach((name, col) => {
      if (name !== '') cells[name] = r.cells[col] ?? null;
    });
    rows.push({ row: r.row, cells });
    if ((i + 1) % PROGRESS_EVERY_ROWS === 0) {
      options.onProgress?.({ phase: 'read', done: i + 1, total: body.length });
      await yieldToEventLoop();
    }
  }
  options.onProgress?.({ phase: 'read', done: body.length, total: body.length });
  return { fileName, format, ...(sheet ? { sheet } : {}), headers: columns.filter((c) => c !== ''), headerRow: header.row, rows };
}

async function readXlsx(fileName: string, bytes: Uint8Array, options: ReadLedgerOptions): Promise<Result<LedgerTable>> {
  const workbook = new ExcelJS.Workbook();
  // ExcelJS takes an ArrayBuffer: the file's own bytes, not the whole (possibly pooled) backing store.
  await workbook.xlsx.load(Uint8Array.from(bytes).buffer);
  const sheet = options.sheet
    ? workbook.getWorksheet(options.sheet)
    : workbook.worksheets.find((ws) => ws.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) return fail(domainError('LEDGER_UNREADABLE', 'sheet', options.sheet ?? 'the workbook has no worksheet'));
  const raw: Array<{ row: number; cells: CellValue[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    // row.values is 1-based (index 0 unused), sparse where cells are empty.
    const values = row.values as ExcelJS.CellValue[];
    for (let col = 1; col < values.length; col++) cells.push(cellValue(values[col]));
    raw.push({ row: rowNumber, cells });
  });
  return ok(await tabulate(fileName, 'xlsx', raw, options, sheet.name));
}

/** Excel in a Chinese locale saves CSV as GB18030 (ANSI); everything newer writes UTF-8. */
function decodeText(bytes: Uint8Array): string {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

async function readCsv(fileName: string, bytes: Uint8Array, options: ReadLedgerOptions): Promise<Result<LedgerTable>> {
  const parsed = Papa.parse<string[]>(decodeText(bytes), { header: false, skipEmptyLines: false });
  const broken = parsed.errors.find((e) => e.type === 'Quotes');
  if (broken) return fail(domainError('LEDGER_UNREADABLE', 'file', `row ${(broken.row ?? 0) + 1}: ${broken.message}`));
  // Each record is one row in Excel, so record index + 1 is the row number the user sees.
  const raw = parsed.data.map((cells, i) => ({ row: i + 1, cells }));
  return ok(await tabulate(fileName, 'csv', raw, options));
}

interface Feature {
  type: 'Feature';
  geometry: { type: unknown; coordinates?: unknown } | null;
  properties: Record<string, unknown> | null;
}

/** GeoJSON: one row per feature (numbered from 1); a point geometry supplies 经度/纬度. */
function readGeoJson(fileName: string, bytes: Uint8Array, options: ReadLedgerOptions): Result<LedgerTable> {
  const json = JSON.parse(decodeText(bytes)) as { type?: string; features?: unknown[] };
  const features = (json.type === 'FeatureCollection' ? json.features : json.type === 'Feature' ? [json] : undefined) as Feature[] | undefined;
  if (!Array.isArray(features)) return fail(domainError('LEDGER_UNREADABLE', 'file', 'expected a GeoJSON Feature or FeatureCollection'));
  const headers: string[] = [];
  const rows: LedgerRow[] = [];
  const addHeader = (h: string) => {
    if (!headers.includes(h)) headers.push(h);
  };
  for (const [i, feature] of features.slice(0, MAX_LEDGER_ROWS + 1).entries()) {
    const cells: Record<string, CellValue> = {};
    for (const [key, value] of Object.entries(feature?.properties ?? {})) {
      addHeader(key);
      cells[key] = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as CellValue) : JSON.stringify(value);
    }
    const geometry = feature?.geometry;
    const coords = geometry?.type === 'Point' && Array.isArray(geometry.coordinates) ? (geometry.coordinates as unknown[]) : undefined;
    if (coords && typeof coords[0] === 'number' && typeof coords[1] === 'number') {
      addHeader('经度');
      addHeader('纬度');
      cells['经度'] = coords[0];
      cells['纬度'] = coords[1];
    } else if (geometry) {
      cells['@geometry'] = String(geometry.type);
    }
    rows.push({ row: i + 1, cells });
    if ((i + 1) % PROGRESS_EVERY_ROWS === 0) options.onProgress?.({ phase: 'read', done: i + 1, total: features.length });
  }
  options.onProgress?.({ phase: 'read', done: rows.length, total: features.length });
  // Row 0 stands for the file itself in findings about the whole file.
  return ok({ fileName, format: 'geojson', headers, headerRow: 0, rows });
}
