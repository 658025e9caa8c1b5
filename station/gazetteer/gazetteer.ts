import { levelOf, type JurisdictionLevel } from '../../shared/domain/jurisdiction';
import { isDivisionCode, isGroupingName, normalizeTyped, typedParts } from '../../shared/gazetteer/names';
import { locateDataset, readUpperLevels, VillageFile, type DatasetInfo } from './dataset';
import { EXACT, type DivisionTable, type MatchClass } from './table';

export interface Point {
  lon: number;
  lat: number;
}

/** One administrative division, as the gazetteer knows it. */
export interface Division {
  code: string;
  /** As said (红岩村); the dataset's name is `officialName` where it differs (红岩村民委员会). */
  name: string;
  officialName?: string;
  level: JurisdictionLevel;
  parent: string | null;
  /** A municipality's 市辖区/县 or a province's 省直辖县级行政区划: groups, is no city. */
  grouping?: true;
  /** A centroid where one is known (an overlay's); the dataset has none. */
  point?: Point;
}

const parentLength: Record<number, number> = { 4: 2, 6: 4, 9: 6, 12: 9 };
const childLength: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12 };
const levelRank: Record<JurisdictionLevel, number> = {
  province: 0,
  city: 1,
  district: 2,
  township: 3,
  village: 4,
};
const rankByLength: Record<number, number> = { 2: 0, 4: 1, 6: 2, 9: 3, 12: 4 };

/**
 * Divisions from one origin: the dataset (provinces to townships in one table, villages per province), or a
 * bundled overlay for one subtree (the demo district, with its townships' centroids).
 */
export class DivisionSource {
  constructor(
    private readonly upperTable: () => DivisionTable,
    private readonly villageTable: (province: string) => DivisionTable,
    /** Provinces with villages, for a search with no `within`. */
    private readonly villageProvinces: () => string[],
    private readonly points: ReadonlyMap<string, Point> = new Map(),
  ) {}

  /** The table that holds this code's level (villages: their province's, loaded on first use). */
  tableOf(code: string): DivisionTable {
    return code.length === 12 ? this.villageTable(code.slice(0, 2)) : this.upperTable();
  }

  row(table: DivisionTable, i: number): Division {
    const code = table.codes[i];
    const name = table.shorts[i];
    const official = table.names[i];
    const level = levelOf(code);
    const point = this.points.get(code);
    return {
      code,
      name,
      ...(official !== name ? { officialName: official } : {}),
      level,
      parent: parentLength[code.length] !== undefined ? code.slice(0, parentLength[code.length]) : null,
      ...(level === 'city' && isGroupingName(official) ? { grouping: true as const } : {}),
      ...(point ? { point } : {}),
    };
  }

  division(code: string): Division | undefined {
    if (!isDivisionCode(code)) return undefined;
    const table = this.tableOf(code);
    const i = table.find(code);
    return i < 0 ? undefined : this.row(table, i);
  }

  /** The divisions one level below `code`, in code order. */
  children(code: string): Division[] {
    const length = childLength[code.length];
    if (length === undefined) return [];
    const table = length === 12 ? this.villageTable(code.slice(0, 2)) : this.upperTable();
    const [from, to] = table.range(code);
    const out: Division[] = [];
    for (let i = from; i < to; i += 1)
      if (table.codes[i].length === length) out.push(this.row(table, i));
    return out;
  }

  /** The table ranges that hold `within` and everything below it (the whole source when undefined). */
  spans(within: string | undefined): Array<{ table: DivisionTable; from: number; to: number }> {
    const upper = this.upperTable();
    const provinces = within === undefined ? this.villageProvinces() : [within.slice(0, 2)];
    const spans = [upper, ...provinces.map((p) => this.villageTable(p))].map((table) => {
      const [from, to] = within === undefined ? [0, table.size] : table.range(within);
      return { table, from, to };
    });
    return spans.filter((s) => s.to > s.from);
  }
}

/** The dataset as one source, loaded on first use and kept for the life of the process. */
export function datasetSource(info: DatasetInfo = locateDataset()): DivisionSource {
  let upper: DivisionTable | null = null;
  const villages = new VillageFile(info);
  return new DivisionSource(
    () => (upper ??= readUpperLevels(info)),
    (province) => villages.province(province),
    () => villages.provinces(),
  );
}

/** A subtree the station names from elsewhere than the dataset (the demo district). */
export interface Overlay {
  /** Its top division: it and everything below it come from `source`, nothing of the dataset's. */
  root: string;
  source: DivisionSource;
  /** Where it comes from, for the window (resources/demo/wansheng.json). */
  note: string;
}

export interface Hit {
  division: Division;
  how: MatchClass;
}

export interface SearchResult {
  matches: Division[];
  total: number;
  /** The one division the text names, or null (none or several fit). */
  resolved: string | null;
}

interface Collected {
  hits: Hit[];
  /** How many matched, by class (exact, prefix, contains). */
  counts: [number, number, number];
}

const SCOPE_MAX = 20_000;

/**
 * The gazetteer as one station sees it: the dataset (and an overlay, for the demo), its own jurisdiction
 * (`home`) for the default search area and for how names are labelled.
 */
export class Gazetteer {
  constructor(
    private readonly core: DivisionSource,
    readonly home: string,
    private readonly overlay?: Overlay,
    readonly info?: Pick<DatasetInfo, 'dataset' | 'edition'>,
  ) {}

  /** Where the overlay's names come from, when the station has one. */
  get overlayNote(): string | undefined {
    return this.overlay?.note;
  }

  private inOverlay = (code: string) => this.overlay !== undefined && code.startsWith(this.overlay.root);
  private sourceOf = (code: string) =>
    this.overlay && this.inOverlay(code) ? this.overlay.source : this.core;

  division(code: string): Division | undefined {
    return this.sourceOf(code).division(code);
  }

  /** From the parent up to the province, nearest first. */
  chain(code: string): Division[] {
    const chain: Division[] = [];
    for (let c = this.division(code)?.parent ?? null; c !== null;) {
      const d = this.division(c);
      if (!d) break;
      chain.push(d);
      c = d.parent;
    }
    return chain;
  }

  children(code: string): Division[] {
    // The overlay's root takes its children from the overlay; a division above it keeps the dataset's list,
    // with the overlay's root in place of the dataset's division of that code.
    const children = this.sourceOf(code).children(code);
    if (!this.overlay || this.inOverlay(code)) return children;
    return children.map((c) => (c.code === this.overlay?.root ? (this.division(c.code) ?? c) : c));
  }

  /**
   * The name as this station shows it: the division, then upward every division the station does not share
   * (a grouping skipped, a repeat dropped: 东莞市 under 东莞市); a village always with its township.
   */
  label(code: string): string {
    const d = this.division(code);
    if (!d) return code;
    const chain = this.chain(code);
    if (d.grouping) {
      const province = chain[0]?.name ?? '';
      return d.officialName === '市辖区' || d.name === '市辖区' ? province : `${province} ${d.name}`;
    }
    const parts = [d.name];
    for (const a of chain) {
      if (a.grouping) continue;
      if (this.home.startsWith(a.code)) break;
      parts.unshift(a.name);
    }
    if (d.level === 'village' && parts.length === 1 && chain[0]) parts.unshift(chain[0].name);
    return parts.filter((p, i) => p !== parts[i + 1]).join(' ');
  }

  /** Table ranges to search below `within`: the overlay's or the dataset's, the overlay's subtree never twice. */
  private spans(within: string | undefined) {
    const { overlay } = this;
    if (overlay && within !== undefined && within.startsWith(overlay.root))
      return overlay.source.spans(within).map((s) => ({ ...s, source: overlay.source, skip: null }));
    const core = this.core
      .spans(within)
      .map((s) => ({
        ...s,
        source: this.core,
        skip: overlay && (within === undefined || overlay.root.startsWith(within)) ? overlay.root : null,
      }));
    const over =
      overlay && (within === undefined || overlay.root.startsWith(within))
        ? overlay.source.spans(overlay.root).map((s) => ({ ...s, source: overlay.source, skip: null }))
        : [];
    return [...core, ...over];
  }

  /** Names that hold `q` below `within`: the first `limit` of each class and level, and how many in all. */
  private collect(q: string, within: string | undefined, limit: number): Collected {
    const buckets = new Map<number, Hit[]>();
    const counts: [number, number, number] = [0, 0, 0];
    for (const { table, from, to, source, skip } of this.spans(within)) {
      table.scan(q, from, to, (i, how) => {
        const code = table.codes[i];
        if (skip !== null && code.startsWith(skip)) return true;
        counts[how] += 1;
        const key = how * 10 + (rankByLength[code.length] ?? 4);
        const bucket = buckets.get(key) ?? [];
        if (bucket.length < limit) {
          bucket.push({ division: source.row(table, i), how });
          buckets.set(key, bucket);
        }
        return true;
      });
    }
    const hits = [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([, bucket]) => bucket.sort((x, y) => (x.division.code < y.division.code ? -1 : 1)))
      .slice(0, limit);
    return { hits, counts };
  }

  /** Upper-level divisions (not villages) named exactly `name` below `within`, by code. */
  private namedAbove(name: string, within: string | undefined): string[] {
    const out: string[] = [];
    for (const { table, from, to, skip } of this.spans(within)) {
      // Villages are never a parent: their tables are not asked.
      if (table.codes[from].length === 12) continue;
      for (const i of table.named(name)) {
        const code = table.codes[i];
        if (i >= from && i < to && code.length < 12 && (skip === null || !code.startsWith(skip)))
          out.push(code);
      }
    }
    return out.sort();
  }

  /**
   * "Township village" typed together (南桐镇红岩村, 南桐镇 红岩村, 綦江区 南桐镇 红岩): the head names a division
   * exactly, the tail is searched below it.
   */
  private combined(text: string, within: string | undefined, limit: number): Collected {
    const parts = typedParts(text);
    const pairs: Array<[string, string]> = [];
    if (parts.length >= 2) {
      const tail = parts[parts.length - 1];
      const head = parts.slice(0, -1);
      const parents =
        head.length === 1
          ? this.namedAbove(head[0], within)
          : [this.resolve(head.join(' '), within)];
      for (const p of parents) if (p) pairs.push([p, tail]);
    } else {
      const q = parts[0] ?? '';
      for (let k = 2; k < q.length; k += 1)
        for (const p of this.namedAbove(q.slice(0, k), within)) pairs.push([p, q.slice(k)]);
    }
    const hits: Hit[] = [];
    const counts: [number, number, number] = [0, 0, 0];
    for (const [parent, tail] of pairs) {
      if (parent === within) continue;
      const found = this.collect(tail, parent, limit);
      hits.push(...found.hits);
      found.counts.forEach((n, k) => (counts[k as MatchClass] += n));
    }
    return { hits, counts };
  }

  /** Divisions whose code is or starts with the digits typed, the code itself first. */
  private byCode(q: string, within: string | undefined, limit: number): SearchResult {
    const exact = isDivisionCode(q) ? this.division(q) : undefined;
    // Below the search area: the typed start narrows it; above it, the whole area fits.
    const prefix = within === undefined || q.startsWith(within) ? q : within.startsWith(q) ? within : null;
    const found: Division[] = exact ? [exact] : [];
    let total = found.length;
    if (prefix !== null) {
      const byLevel = new Map<number, Division[]>();
      for (const { table, from, to, source, skip } of this.spans(prefix)) {
        for (let i = from; i < to; i += 1) {
          const code = table.codes[i];
          if (code === exact?.code || (skip !== null && code.startsWith(skip))) continue;
          total += 1;
          const rank = levelRank[levelOf(code)] ?? 4;
          const list = byLevel.get(rank) ?? [];
          if (list.length < limit) {
            list.push(source.row(table, i));
            byLevel.set(rank, list);
          }
        }
      }
      found.push(...[...byLevel.entries()].sort(([a], [b]) => a - b).flatMap(([, l]) => l));
    }
    return { matches: found.slice(0, limit), total, resolved: exact ? exact.code : null };
  }

  /**
   * What the intake offers as the officer types, below `within` (the station's own area by default): exact
   * names, then starts, then parts, upper levels before villages, each in code order; and the one division the
   * text names, if one does.
   */
  search(
    text: string,
    { within = this.home, limit = 8 }: { within?: string | undefined; limit?: number } = {},
  ): SearchResult {
    const q = normalizeTyped(text);
    if (q === '') return { matches: [], total: 0, resolved: null };
    if (/^\d+$/.test(q)) return this.byCode(q, within, limit);
    const direct = this.collect(q, within, limit);
    const joined = this.combined(text, within, limit);
    const seen = new Set(direct.hits.map((h) => h.division.code));
    // A division found both ways counts once: the combined way finds only names that do not hold the whole text.
    const extra = joined.hits.filter((h) => !seen.has(h.division.code));
    const hits = [...direct.hits, ...extra]
      .sort(
        (a, b) =>
          a.how - b.how ||
          levelRank[a.division.level] - levelRank[b.division.level] ||
          (a.division.code < b.division.code ? -1 : 1),
      )
      .slice(0, limit);
    const total =
      direct.counts[0] +
      direct.counts[1] +
      direct.counts[2] +
      joined.counts[0] +
      joined.counts[1] +
      joined.counts[2];
    let resolved: string | null = null;
    if (direct.counts[EXACT] === 1)
      resolved = direct.hits.find((h) => h.how === EXACT)?.division.code ?? null;
    else if (direct.counts[EXACT] === 0 && joined.counts[EXACT] === 1)
      resolved = joined.hits.find((h) => h.how === EXACT)?.division.code ?? null;
    else if (direct.counts[EXACT] === 0 && joined.counts[EXACT] === 0 && total === 1)
      resolved = hits[0]?.division.code ?? null;
    return { matches: hits.map((h) => h.division), total, resolved };
  }

  /** The one division `text` names (a code that exists, a unique name) below `within`, or null. */
  resolve(text: string, within: string | undefined = this.home): string | null {
    return this.search(text, { within, limit: 8 }).resolved;
  }

  /**
   * The station's own jurisdiction and everything below it to township level (villages too below a township,
   * and in an overlay), in code order; `truncated` when more exist than `max`.
   */
  subordinates(max = SCOPE_MAX): { divisions: Division[]; truncated: boolean } {
    const villagesToo = this.home.length >= 9 || this.inOverlay(this.home);
    const out: Division[] = [];
    let truncated = false;
    for (const { table, from, to, source, skip } of this.spans(this.home)) {
      for (let i = from; i < to; i += 1) {
        const code = table.codes[i];
        if (code === this.home || (skip !== null && code.startsWith(skip))) continue;
        if (code.length === 12 && !villagesToo && source === this.core) continue;
        if (out.length >= max) {
          truncated = true;
          break;
        }
        out.push(source.row(table, i));
      }
    }
    // A province or city keeps its villages in the search: say so.
    if (!villagesToo)
      truncated ||= this.core.spans(this.home).some((s) => s.table.codes[s.from]?.length === 12);
    out.sort((a, b) => (a.code < b.code ? -1 : 1));
    return { divisions: out, truncated };
  }
}
