import type { z } from 'zod';
import { isWithin, JurisdictionCode } from '../domain/jurisdiction';
import { Depot, RiskPoint, Shelter, Team } from '../domain/resources';
import { ObjectId } from '../ids';
import { fieldLabels, mapColumns, requiredFields, type ColumnMap, type LedgerField } from './columns';
import { ledgerProblems, type LedgerProblem } from './messages';
import {
  cellText,
  isBlank,
  parseCount,
  parseDegrees,
  parseList,
  parseNumber,
  parseRiskLevel,
  parseStock,
  parseTeamKind,
  type Parsed,
  type StockLine,
} from './values';
import {
  MAX_LEDGER_ROWS,
  PROGRESS_EVERY_ROWS,
  type CellValue,
  type LedgerKind,
  type LedgerRow,
  type LedgerTable,
  type ProgressListener,
} from './table';

export type LedgerObject<K extends LedgerKind> = K extends 'team'
  ? Team
  : K extends 'depot'
    ? Depot
    : K extends 'shelter'
      ? Shelter
      : RiskPoint;

/** One problem the user must fix, pointing at the cell: row as Excel shows it, column as the file names it. */
export interface LedgerFinding {
  /** 1-based row (or feature) number; the header row for problems of the whole file. */
  row: number;
  /** The header as written in the file, when the problem is about one column. */
  column?: string;
  problem: LedgerProblem;
  message: { zh: string; en: string };
  /** The offending cell text, cut short, for the report table. */
  value?: string;
}

export interface ValidLedgerRow<K extends LedgerKind> {
  row: number;
  object: LedgerObject<K>;
  /** The file gave no id: one was derived from kind, jurisdiction and name, so a re-import matches. */
  idDerived: boolean;
  /** An object with this id is already registered at the station: confirming updates it. */
  updatesExisting: boolean;
}

export interface LedgerReport<K extends LedgerKind = LedgerKind> {
  kind: K;
  fileName: string;
  sheet?: string;
  /** Data rows read (blank rows are not counted). */
  rowsRead: number;
  valid: ValidLedgerRow<K>[];
  findings: LedgerFinding[];
  /** Rows with at least one finding: never imported. */
  invalidRows: number[];
  /** Header → the field it was read as, for the preview's column legend. */
  columns: Array<{ header: string; field: LedgerField | 'stockItem' | 'ignored' | 'unknown' }>;
}

export interface LedgerContext {
  /** The station's own node: rows outside it are refused; rows without a jurisdiction take it. */
  stationJurisdiction: JurisdictionCode;
  /** Ids already registered at the station, per kind, so the preview can say "update" rather than "new". */
  existingIds?: ReadonlySet<string>;
  /** Names of the station's divisions (万盛街道 → 500110001), for ledgers that write names, not codes. */
  jurisdictionNames?: Readonly<Record<string, JurisdictionCode>>;
}

const schemas = { team: Team, depot: Depot, shelter: Shelter, risk_point: RiskPoint } satisfies Record<LedgerKind, z.ZodType>;

const finding = (row: number, problem: LedgerProblem, column?: string, value?: string, detail?: string): LedgerFinding => ({
  row,
  ...(column !== undefined ? { column } : {}),
  problem,
  message: detail
    ? { zh: `${ledgerProblems[problem].zh}：${detail}`, en: `${ledgerProblems[problem].en}: ${detail}` }
    : { ...ledgerProblems[problem] },
  ...(value !== undefined && value !== '' ? { value: value.slice(0, 80) } : {}),
});

/** FNV-1a, 32 bit: a short stable fingerprint of a name for derived ids (not a security hash). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const idPrefix: Record<LedgerKind, string> = { team: 'team', depot: 'depot', shelter: 'shelter', risk_point: 'risk' };

/**
 * Checks a ledger row by row. Rows are fed one at a time so the caller can yield between chunks
 * and move a progress bar; nothing is imported here: the report lists valid rows for the user to
 * confirm and every problem with its row and column.
 */
export class LedgerValidator<K extends LedgerKind> {
  private readonly map: ColumnMap;
  private readonly findings: LedgerFinding[] = [];
  private readonly valid: ValidLedgerRow<K>[] = [];
  private readonly invalidRows: number[] = [];
  private readonly firstRowOfId = new Map<string, number>();
  private readonly missingColumns: LedgerField[];
  private rowsRead = 0;

  constructor(
    private readonly kind: K,
    private readonly table: Omit<LedgerTable, 'rows'>,
    private readonly context: LedgerContext,
  ) {
    this.map = mapColumns(kind, table.headers);
    this.missingColumns = requiredFields[kind].filter((f) => this.map.headerOf[f] === undefined);
    for (const field of this.missingColumns) {
      const label = fieldLabels[field];
      this.findings.push(finding(table.headerRow, 'MISSING_COLUMN', undefined, `${label.zh} (${label.en})`));
    }
  }

  add(row: LedgerRow): void {
    if (Object.values(row.cells).every(isBlank)) return;
    this.rowsRead++;
    if (this.rowsRead > MAX_LEDGER_ROWS) {
      if (this.rowsRead === MAX_LEDGER_ROWS + 1) this.findings.push(finding(row.row, 'TOO_MANY_ROWS'));
      this.invalidRows.push(row.row);
      return;
    }
    // Without a required column no row can be whole; the file-level finding says why.
    if (this.missingColumns.length > 0) {
      this.invalidRows.push(row.row);
      return;
    }
    const problems: LedgerFinding[] = [];
    const candidate = this.readRow(row, problems);
    if (problems.length === 0) {
      const parsed = schemas[this.kind].safeParse(candidate);
      if (!parsed.success) {
        // Rules only the domain schema knows (text lengths, list sizes): its message is the detail.
        for (const issue of parsed.error.issues) {
          const header = this.headerFor(String(issue.path[0] ?? ''));
          const cell = header === undefined ? undefined : cellText(row.cells[header]);
          problems.push(finding(row.row, 'INVALID_VALUE', header, cell, issue.message.slice(0, 200)));
        }
      } else {
        this.accept(row.row, parsed.data as LedgerObject<K>, candidate.idDerived as boolean, problems);
      }
    }
    if (problems.length > 0) {
      this.findings.push(...problems);
      this.invalidRows.push(row.row);
    }
  }

  report(): LedgerReport<K> {
    const empty = this.rowsRead === 0 && this.missingColumns.length === 0;
    return {
      kind: this.kind,
      fileName: this.table.fileName,
      ...(this.table.sheet !== undefined ? { sheet: this.table.sheet } : {}),
      rowsRead: this.rowsRead,
      valid: [...this.valid],
      findings: empty ? [...this.findings, finding(this.table.headerRow, 'NO_DATA_ROWS')] : [...this.findings],
      invalidRows: [...this.invalidRows],
      columns: this.table.headers.map((header) => ({ header, field: this.map.meanings.get(header)?.field ?? 'unknown' })),
    };
  }

  private headerFor(field: string): string | undefined {
    if (field === 'point') return this.map.headerOf.lon;
    return this.map.headerOf[field as LedgerField];
  }

  private cell(row: LedgerRow, field: LedgerField): CellValue | undefined {
    const header = this.map.headerOf[field];
    return header === undefined ? undefined : row.cells[header];
  }

  /** Each cell read with its own rules; problems collected rather than stopping at the first. */
  private readRow(row: LedgerRow, problems: LedgerFinding[]): Record<string, unknown> {
    const n = row.row;
    const out: Record<string, unknown> = {};
    const need = (field: LedgerField): boolean => {
      if (!isBlank(this.cell(row, field))) return true;
      if (requiredFields[this.kind].includes(field)) problems.push(finding(n, 'MISSING_VALUE', this.headerFor(field)));
      return false;
    };
    const take = <T>(field: LedgerField, parse: (cell: CellValue | undefined) => Parsed<T>): T | undefined => {
      if (!need(field)) return undefined;
      const raw = this.cell(row, field);
      const parsed = parse(raw);
      if (parsed.ok) return parsed.value;
      problems.push(finding(n, parsed.problem, this.headerFor(field), cellText(raw)));
      return undefined;
    };

    if (need('name')) out.name = cellText(this.cell(row, 'name'));

    const jurisdiction = this.readJurisdiction(row, problems);
    out.jurisdiction = jurisdiction;

    const point = this.readPoint(row, problems);
    if (this.kind === 'team') out.base = point;
    else out.point = point;

    switch (this.kind) {
      case 'team': {
        out.kind = take('kind', parseTeamKind);
        out.headcount = take('headcount', parseCount);
        out.skills = parseList(this.cell(row, 'skills'));
        out.equipment = parseList(this.cell(row, 'equipment'));
        if (!isBlank(this.cell(row, 'leader'))) out.leader = cellText(this.cell(row, 'leader'));
        if (!isBlank(this.cell(row, 'phone'))) out.phone = cellText(this.cell(row, 'phone'));
        break;
      }
      case 'depot':
        out.stock = this.readStock(row, problems);
        break;
      case 'shelter': {
        out.capacity = take('capacity', parseCount);
        const occupancy = take('occupancy', parseCount);
        if (occupancy !== undefined) out.occupancy = occupancy;
        break;
      }
      case 'risk_point': {
        if (need('kind')) out.kind = cellText(this.cell(row, 'kind'));
        out.level = take('level', parseRiskLevel);
        if (!isBlank(this.cell(row, 'responsiblePerson'))) out.responsiblePerson = cellText(this.cell(row, 'responsiblePerson'));
        break;
      }
    }

    const idCell = this.cell(row, 'id');
    if (!isBlank(idCell)) {
      const id = cellText(idCell);
      if (ObjectId.safeParse(id).success) out.id = id;
      else problems.push(finding(n, 'BAD_ID', this.headerFor('id'), id));
      out.idDerived = false;
    } else if (typeof out.name === 'string' && typeof jurisdiction === 'string') {
      out.id = `${idPrefix[this.kind]}-${jurisdiction}-${fnv1a(out.name)}`;
      out.idDerived = true;
    }
    return out;
  }

  private readJurisdiction(row: LedgerRow, problems: LedgerFinding[]): string | undefined {
    const raw = this.cell(row, 'jurisdiction');
    const station = this.context.stationJurisdiction;
    if (isBlank(raw)) return station;
    const text = cellText(raw);
    const code = JurisdictionCode.safeParse(text).success ? text : this.context.jurisdictionNames?.[text];
    const header = this.headerFor('jurisdiction');
    if (code === undefined) {
      problems.push(finding(row.row, 'UNKNOWN_JURISDICTION', header, text));
      return undefined;
    }
    if (!isWithin(code, station)) {
      problems.push(finding(row.row, 'OUTSIDE_JURISDICTION', header, text));
      return undefined;
    }
    return code;
  }

  private readPoint(row: LedgerRow, problems: LedgerFinding[]): { lon: number; lat: number } | undefined {
    const lonHeader = this.headerFor('lon');
    const latHeader = this.headerFor('lat');
    const lonCell = this.cell(row, 'lon');
    const latCell = this.cell(row, 'lat');
    if (this.table.format === 'geojson' && isBlank(lonCell) && isBlank(latCell) && row.cells['@geometry'] !== undefined) {
      problems.push(finding(row.row, 'GEOMETRY_NOT_POINT', undefined, cellText(row.cells['@geometry'])));
      return undefined;
    }
    let lon: number | undefined;
    let lat: number | undefined;
    for (const [field, cell, header] of [
      ['lon', lonCell, lonHeader],
      ['lat', latCell, latHeader],
    ] as const) {
      if (isBlank(cell)) {
        problems.push(finding(row.row, 'MISSING_VALUE', header));
        continue;
      }
      const parsed = parseDegrees(cell);
      if (!parsed.ok) problems.push(finding(row.row, parsed.problem, header, cellText(cell)));
      else if (field === 'lon') lon = parsed.value;
      else lat = parsed.value;
    }
    if (lon === undefined || lat === undefined) return undefined;
    // Offices in China often type latitude into the longitude column: say so rather than "out of range".
    if (Math.abs(lat) > 90 && Math.abs(lon) <= 90 && Math.abs(lat) <= 180) {
      problems.push(finding(row.row, 'COORDINATES_SWAPPED', latHeader, `${cellText(lonCell)}, ${cellText(latCell)}`));
      return undefined;
    }
    if (Math.abs(lon) > 180) {
      problems.push(finding(row.row, 'LONGITUDE_OUT_OF_RANGE', lonHeader, cellText(lonCell)));
      return undefined;
    }
    if (Math.abs(lat) > 90) {
      problems.push(finding(row.row, 'LATITUDE_OUT_OF_RANGE', latHeader, cellText(latCell)));
      return undefined;
    }
    return { lon, lat };
  }

  private readStock(row: LedgerRow, problems: LedgerFinding[]): StockLine[] {
    const lines: StockLine[] = [];
    const listHeader = this.map.headerOf.stock;
    if (listHeader !== undefined && !isBlank(row.cells[listHeader])) {
      const parsed = parseStock(row.cells[listHeader]);
      if (parsed.ok) lines.push(...parsed.value);
      else problems.push(finding(row.row, parsed.problem, listHeader, cellText(row.cells[listHeader])));
    }
    for (const [header, meaning] of this.map.meanings) {
      if (meaning.field !== 'stockItem' || isBlank(row.cells[header])) continue;
      const quantity = parseNumber(row.cells[header]);
      if (!quantity.ok || quantity.value < 0) problems.push(finding(row.row, 'NOT_A_NUMBER', header, cellText(row.cells[header])));
      else lines.push({ item: meaning.item, unit: meaning.unit, quantity: quantity.value });
    }
    return lines;
  }

  private accept(rowNumber: number, object: LedgerObject<K>, idDerived: boolean, problems: LedgerFinding[]): void {
    const earlier = this.firstRowOfId.get(object.id);
    if (earlier !== undefined) {
      problems.push(finding(rowNumber, 'DUPLICATE_ID', idDerived ? this.headerFor('name') : this.headerFor('id'), `${object.id} (row ${earlier})`));
      return;
    }
    this.firstRowOfId.set(object.id, rowNumber);
    this.valid.push({ row: rowNumber, object, idDerived, updatesExisting: this.context.existingIds?.has(object.id) ?? false });
  }
}

/** Validate a whole table at once, reporting progress every few hundred rows. */
export function validateLedger<K extends LedgerKind>(
  kind: K,
  table: LedgerTable,
  context: LedgerContext,
  onProgress?: ProgressListener,
): LedgerReport<K> {
  const validator = new LedgerValidator(kind, table, context);
  table.rows.forEach((row, i) => {
    validator.add(row);
    if (onProgress && ((i + 1) % PROGRESS_EVERY_ROWS === 0 || i + 1 === table.rows.length)) {
      onProgress({ phase: 'validate', done: i + 1, total: table.rows.length });
    }
  });
  return validator.report();
}
