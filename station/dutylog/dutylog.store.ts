import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db';
import {
  decideDutyLog,
  evolveDutyLogEntry,
  searchTextOf,
  type DutyLogCommand,
  type DutyLogEntry,
  type DutyLogEvent,
} from '../../shared/dutylog/aggregate';
import { payloadText, stationFeature } from '../store/feature';
import { projectionDutyLog } from './migrations/0125-projection-duty-log';
import { toInstant, toMs } from '../../shared/time';

/** What the duty log is searched by; every field narrows, none is required. */
export interface DutyLogQuery {
  /** Words the entry must all contain (in any version's text or counterpart), separated by spaces. */
  q?: string;
  /** Entries that happened at or after `from` and before `to`. */
  from?: string;
  to?: string;
  incidentId?: string;
  /** One station's entries (an upper station also holds its subordinates' logs). */
  station?: string;
  /** At most this many, newest first (default 200). */
  limit?: number;
}

export const DUTY_LOG_DEFAULT_LIMIT = 200;
export const DUTY_LOG_MAX_LIMIT = 5_000;
/** More words than this narrow nothing useful; the rest are ignored. */
export const DUTY_LOG_MAX_TERMS = 8;
/** FTS5's trigram index finds terms of three characters or more; shorter ones are scanned for. */
const INDEXED_TERM_CHARS = 3;
/** A term's length in code points, as the trigram tokenizer counts characters. */
const codePoints = (term: string) => Array.from(term).length;

/**
 * The duty log's queries over the `duty_log` projection (migration 0125). A search term of three or more
 * characters goes through the trigram index as a phrase; a shorter one (two Chinese characters are a
 * common word: 水库, 来电) is looked for in the rows the other conditions leave. Statements are prepared
 * once per shape (how many short terms, whether an indexed phrase is present) and kept.
 */
export function dutyLogQueries(db: Db) {
  const entry = db.prepare<[string]>('SELECT state FROM duty_log WHERE id = ?').pluck();
  const shapes = new Map<string, Statement>();

  const statementFor = (indexed: boolean, shortTerms: number): Statement => {
    const key = `${indexed ? 1 : 0}:${shortTerms}`;
    let st = shapes.get(key);
    if (!st) {
      const conditions = [
        'd.occurred_at >= $from AND d.occurred_at < $to',
        '($incident IS NULL OR d.incident_id = $incident)',
        '($station IS NULL OR d.station = $station)',
      ];
      if (indexed)
        conditions.push('d.rowid IN (SELECT rowid FROM duty_log_search WHERE duty_log_search MATCH $match)');
      for (let i = 0; i < shortTerms; i += 1) conditions.push(`instr(lower(d.search), $t${i}) > 0`);
      // The page is chosen on narrow rows (rowid, time, id) and only then are its states read: a common word
      // matches thousands of entries, and sorting them with their JSON would copy every one.
      st = db
        .prepare(
          `SELECT state FROM duty_log WHERE rowid IN (
             SELECT d.rowid FROM duty_log d WHERE ${conditions.join(' AND ')}
             ORDER BY d.occurred_at DESC, d.id DESC LIMIT $limit)
           ORDER BY occurred_at DESC, id DESC`,
        )
        .pluck();
      shapes.set(key, st);
    }
    return st;
  };

  /** A bound of the time range in the column's one spelling; an unreadable one is ignored, not guessed. */
  const bound = (value: string | undefined, fallback: string) => {
    if (value === undefined) return fallback;
    const ms = toMs(value);
    return Number.isFinite(ms) ? toInstant(ms) : fallback;
  };

  return {
    entry(id: string): DutyLogEntry | undefined {
      const json = entry.get(id) as string | undefined;
      return json === undefined ? undefined : (JSON.parse(json) as DutyLogEntry);
    },

    search(query: DutyLogQuery): DutyLogEntry[] {
      const terms = [...new Set((query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean))].slice(
        0,
        DUTY_LOG_MAX_TERMS,
      );
      const long = terms.filter((t) => codePoints(t) >= INDEXED_TERM_CHARS);
      const short = terms.filter((t) => codePoints(t) < INDEXED_TERM_CHARS);
      const params: Record<string, unknown> = {
        // '' sorts before and '~' after every instant.
        from: bound(query.from, ''),
        to: bound(query.to, '~'),
        incident: query.incidentId ?? null,
        station: query.station ?? null,
        limit: Math.min(Math.max(1, Math.floor(query.limit ?? DUTY_LOG_DEFAULT_LIMIT)), DUTY_LOG_MAX_LIMIT),
      };
      // Each long term as a quoted phrase (a quote inside is doubled), all of them required.
      if (long.length > 0) params.match = long.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
      short.forEach((t, i) => {
        params[`t${i}`] = t;
      });
      const rows = statementFor(long.length > 0, short.length).all(params) as string[];
      return rows.map((json) => JSON.parse(json) as DutyLogEntry);
    },
  };
}

/** 值班日志: the duty log this station holds (its own and its subordinates' entries). */
export interface DutyLogRepository {
  /** 值班日志: entries matching the query, newest first by when they happened. */
  dutyLog(query: DutyLogQuery): DutyLogEntry[];
  dutyLogEntry(id: string): DutyLogEntry | undefined;
}

/** The duty-log feature at the station: its projection (and search index), its queries and decisions. */
export const dutyLogFeature = stationFeature<DutyLogRepository>({
  name: 'dutylog',
  migrations: [projectionDutyLog],
  projections: {
    dutylog: {
      table: 'duty_log',
      evolve: (s, e) => evolveDutyLogEntry(s as DutyLogEntry | undefined, e as DutyLogEvent),
      columns: {
        station: (s: DutyLogEntry) => s.station,
        // One spelling of the instant, so that text order is time order.
        occurred_at: (s: DutyLogEntry) => toInstant(toMs(s.occurredAt)),
        incident_id: (s: DutyLogEntry) => s.incidentId ?? null,
        search: (s: DutyLogEntry) => searchTextOf(s),
      },
    },
  },
  repository(db) {
    const queries = dutyLogQueries(db);
    return { dutyLog: (query) => queries.search(query), dutyLogEntry: (id) => queries.entry(id) };
  },
  decide: {
    dutylog(cmd, load, ctx) {
      const entryId = payloadText(cmd, 'entryId');
      return decideDutyLog(
        cmd as DutyLogCommand,
        {
          entry: entryId ? load.read.dutyLogEntry(entryId) : undefined,
          incidentExists: (id) => load.state(`incident:${id}`) !== undefined,
        },
        ctx,
      );
    },
  },
});
