import { shortDivisionName } from '../../shared/gazetteer/names';

/** How well a name fits what was typed: the whole name, its start, or a part of it. */
export type MatchClass = 0 | 1 | 2;
export const EXACT: MatchClass = 0;
export const PREFIX: MatchClass = 1;
export const CONTAINS: MatchClass = 2;

/** A code past every code that starts with `prefix` (codes are digits; ':' sorts after '9'). */
const pastPrefix = (prefix: string) => `${prefix}:`;

function lowerBound(sorted: ArrayLike<string>, key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBoundInt(sorted: Int32Array, key: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Divisions in code order, indexed for the intake's search: by code (binary search; a code's subtree is one
 * contiguous range, because a child's code starts with its parent's), by exact name (a map), and by any part
 * of a name (for each character, the rows whose names hold it: a query scans only the rows holding its
 * rarest character, in code order, so the first matches found are the first by code).
 */
export class DivisionTable {
  readonly codes: string[];
  /** The dataset's names. */
  readonly names: string[];
  /** As said (shared/gazetteer/names.ts): equal to `names[i]` except for villages' committees. */
  readonly shorts: string[];
  private postings: Map<string, Int32Array> | null = null;
  private exactNames: Map<string, number[]> | null = null;

  /** `rows` must be in code order without repeats (checked: the index depends on it). */
  constructor(rows: ReadonlyArray<{ code: string; name: string }>, what: string) {
    this.codes = new Array<string>(rows.length);
    this.names = new Array<string>(rows.length);
    this.shorts = new Array<string>(rows.length);
    rows.forEach((row, i) => {
      if (i > 0 && !(this.codes[i - 1] < row.code))
        throw new Error(`${what}: division codes out of order or repeated at ${row.code}`);
      this.codes[i] = row.code;
      this.names[i] = row.name;
      this.shorts[i] = row.code.length === 12 ? shortDivisionName(row.name) : row.name;
    });
  }

  get size(): number {
    return this.codes.length;
  }

  /** The row of a code, or -1. */
  find(code: string): number {
    const i = lowerBound(this.codes, code);
    return this.codes[i] === code ? i : -1;
  }

  /** The rows whose codes start with `prefix`: [from, to). */
  range(prefix: string): [number, number] {
    return [lowerBound(this.codes, prefix), lowerBound(this.codes, pastPrefix(prefix))];
  }

  /** Rows named exactly `name` (as said or officially), in code order. */
  named(name: string): readonly number[] {
    if (!this.exactNames) {
      const map = new Map<string, number[]>();
      const add = (key: string, i: number) => {
        const rows = map.get(key);
        if (!rows) map.set(key, [i]);
        else if (rows[rows.length - 1] !== i) rows.push(i);
      };
      for (let i = 0; i < this.codes.length; i += 1) {
        add(this.shorts[i], i);
        add(this.names[i], i);
      }
      this.exactNames = map;
    }
    return this.exactNames.get(name) ?? [];
  }

  /**
   * For each character and each pair of adjacent characters, the rows whose name (as said or official) holds
   * it, ascending. A query of two characters or more is checked only against the rows holding its rarest pair.
   */
  private index(): Map<string, Int32Array> {
    if (this.postings) return this.postings;
    const lists = new Map<string, number[]>();
    const keys = new Set<string>();
    for (let i = 0; i < this.codes.length; i += 1) {
      keys.clear();
      for (const name of [this.names[i], this.shorts[i]]) {
        for (let k = 0; k < name.length; k += 1) {
          keys.add(name[k]);
          if (k + 1 < name.length) keys.add(name.slice(k, k + 2));
        }
      }
      for (const key of keys) {
        const list = lists.get(key);
        if (list) list.push(i);
        else lists.set(key, [i]);
      }
    }
    this.postings = new Map([...lists].map(([c, list]) => [c, Int32Array.from(list)]));
    return this.postings;
  }

  /**
   * Every row in [from, to) whose name holds `q` (not empty, no spaces), in code order, with how well it
   * fits; `visit` returns false to stop.
   */
  scan(
    q: string,
    from: number,
    to: number,
    visit: (row: number, how: MatchClass) => boolean,
  ): void {
    const postings = this.index();
    // The rarest character of the query: its rows are the fewest to check.
    let rows: Int32Array | undefined;
    const keys = q.length === 1 ? [q] : Array.from({ length: q.length - 1 }, (_, k) => q.slice(k, k + 2));
    for (const key of keys) {
      const list = postings.get(key);
      if (!list) return;
      if (!rows || list.length < rows.length) rows = list;
    }
    if (!rows) return;
    for (let k = lowerBoundInt(rows, from); k < rows.length; k += 1) {
      const i = rows[k];
      if (i >= to) break;
      const short = this.shorts[i];
      const name = this.names[i];
      let how: MatchClass;
      if (short === q || name === q) how = EXACT;
      else if (short.startsWith(q) || name.startsWith(q)) how = PREFIX;
      else if (short.includes(q) || name.includes(q)) how = CONTAINS;
      else continue;
      if (!visit(i, how)) return;
    }
  }
}
