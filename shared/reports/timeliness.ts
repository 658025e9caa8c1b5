import type { Report } from '../domain/report';
import { ObligationKind, type Obligation } from '../rules/obligation';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { toInstant, toMs, type Instant } from '../time';

/**
 * Timeliness statistics for a period: how many reports owed were made on time, late (迟报) or not at all
 * (漏报), per kind of obligation and per station, and how long it took from 接报 to the first report.
 */

/** The parts of an obligation from the deadline engine that these statistics read. */
export type ObligationLike = Pick<
  Obligation,
  'key' | 'incidentId' | 'kind' | 'dueAt' | 'state' | 'metByReportId' | 'metAt'
>;
export type ObligationKindName = ObligationKind;

export const obligationKinds: readonly ObligationKind[] = ObligationKind.options;

export const obligationKindLabel: Record<ObligationKindName, string> = {
  initial_phone: '电话首报',
  initial_written: '书面首报',
  follow_up: '续报',
  final: '终报',
  supplementary: '核报',
  relay: '向上转报',
};

/** One station's obligations (obligationsFor is asked per viewpoint, so they come grouped). */
export interface StationObligations {
  station: string;
  /** Shown in tables, e.g. "某区应急管理局"; the station id otherwise. */
  stationName?: string;
  obligations: readonly ObligationLike[];
}

export interface IncidentReceipt {
  id: string;
  station: string;
  /** 接报时间 */
  receivedAt: Instant;
}

export interface TimelinessInput {
  /** Half-open: obligations due in [from, to), incidents received in [from, to). */
  period: { from: number; to: number };
  stations: readonly StationObligations[];
  incidents: readonly IncidentReceipt[];
  /** Every report of those incidents: the first one sent gives the time to first report. */
  reports: readonly Report[];
}

export interface TimelinessRow {
  key: string;
  label: string;
  /** Obligations due in the period and not waived. */
  due: number;
  onTime: number;
  late: number;
  /** Past due and still not made (漏报 unless made later, then it counts as late). */
  missing: number;
  /** Not yet due (the period reaches past now). */
  pending: number;
  waived: number;
  /** onTime / (onTime + late + missing), null when nothing has fallen due. */
  onTimeRate: number | null;
}

export interface LateOrMissing {
  station: string;
  stationName: string;
  incidentId: string;
  key: string;
  kind: ObligationKindName;
  dueAt: Instant;
  metAt?: Instant;
  /** How late it was made, or how late it is as of `asOf` when still missing. */
  lateByMs: number;
  state: 'met_late' | 'overdue';
}

export interface FirstReportRow {
  station: string;
  stationName: string;
  incidents: number;
  reported: number;
  medianMs: number | null;
}

export interface TimelinessStats {
  period: { from: Instant; to: Instant };
  asOf: Instant;
  total: TimelinessRow;
  byKind: TimelinessRow[];
  byStation: TimelinessRow[];
  /** Median time from 接报 to the first report sent, over incidents received in the period. */
  firstReport: { total: FirstReportRow; byStation: FirstReportRow[] };
  /** Every late or missing obligation, most late first: the list a reviewer goes through. */
  exceptions: LateOrMissing[];
}

function emptyRow(key: string, label: string): TimelinessRow {
  return { key, label, due: 0, onTime: 0, late: 0, missing: 0, pending: 0, waived: 0, onTimeRate: null };
}

function count(row: TimelinessRow, o: ObligationLike): void {
  switch (o.state) {
    case 'met':
      row.onTime++;
      break;
    case 'met_late':
      row.late++;
      break;
    case 'overdue':
      row.missing++;
      break;
    case 'pending':
      row.pending++;
      break;
    case 'waived':
      row.waived++;
      return; // a waived obligation is not owed
  }
  row.due++;
}

function finish(row: TimelinessRow): TimelinessRow {
  const fallen = row.onTime + row.late + row.missing;
  return { ...row, onTimeRate: fallen ? row.onTime / fallen : null };
}

/** Median of a list of durations; the mean of the middle two for an even count. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * The statistics for a period, as of `now` (for how late the still-missing obligations are).
 * Refused when the period is empty or reversed.
 */
export function timelinessStats(input: TimelinessInput, now: number): Result<TimelinessStats> {
  const { from, to } = input.period;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    return fail(domainError('INVALID_FIELD', 'period', 'from must be before to'));
  }
  const within = (ms: number) => ms >= from && ms < to;

  const total = emptyRow('total', '合计');
  const byKind = new Map(obligationKinds.map((k) => [k, emptyRow(k, obligationKindLabel[k])]));
  const byStation = new Map<string, TimelinessRow>();
  const names = new Map<string, string>();
  const exceptions: LateOrMissing[] = [];

  for (const s of input.stations) {
    const name = s.stationName ?? s.station;
    names.set(s.station, name);
    const stationRow = byStation.get(s.station) ?? emptyRow(s.station, name);
    byStation.set(s.station, stationRow);
    for (const o of s.obligations) {
      const dueMs = toMs(o.dueAt);
      if (!within(dueMs)) continue;
      count(total, o);
      count(stationRow, o);
      const kindRow = byKind.get(o.kind);
      if (kindRow) count(kindRow, o);
      if (o.state === 'met_late' || o.state === 'overdue') {
        const doneMs = o.state === 'met_late' && o.metAt ? toMs(o.metAt) : now;
        exceptions.push({
          station: s.station,
          stationName: name,
          incidentId: o.incidentId,
          key: o.key,
          kind: o.kind,
          dueAt: o.dueAt,
          ...(o.metAt ? { metAt: o.metAt } : {}),
          lateByMs: Math.max(0, doneMs - dueMs),
          state: o.state,
        });
      }
    }
  }

  // 接报 → first report sent, per incident received in the period.
  const firstSent = new Map<string, number>();
  for (const r of input.reports) {
    if (!r.sentAt) continue;
    const ms = toMs(r.sentAt);
    const seen = firstSent.get(r.incidentId);
    if (seen === undefined || ms < seen) firstSent.set(r.incidentId, ms);
  }
  const delays = new Map<string, { incidents: number; delays: number[] }>();
  const all = { incidents: 0, delays: [] as number[] };
  for (const inc of input.incidents) {
    const receivedMs = toMs(inc.receivedAt);
    if (!within(receivedMs)) continue;
    const bucket = delays.get(inc.station) ?? { incidents: 0, delays: [] };
    delays.set(inc.station, bucket);
    bucket.incidents++;
    all.incidents++;
    const sent = firstSent.get(inc.id);
    if (sent !== undefined) {
      bucket.delays.push(Math.max(0, sent - receivedMs));
      all.delays.push(Math.max(0, sent - receivedMs));
    }
  }
  const firstRow = (
    station: string,
    name: string,
    b: { incidents: number; delays: number[] },
  ): FirstReportRow => ({
    station,
    stationName: name,
    incidents: b.incidents,
    reported: b.delays.length,
    medianMs: median(b.delays),
  });

  exceptions.sort((a, b) => b.lateByMs - a.lateByMs || a.dueAt.localeCompare(b.dueAt));
  return ok({
    period: { from: toInstant(from), to: toInstant(to) },
    asOf: toInstant(now),
    total: finish(total),
    byKind: [...byKind.values()].map(finish),
    byStation: [...byStation.values()].map(finish).sort((a, b) => a.key.localeCompare(b.key)),
    firstReport: {
      total: firstRow('total', '合计', all),
      byStation: [...delays.entries()]
        .map(([station, b]) => firstRow(station, names.get(station) ?? station, b))
        .sort((a, b) => a.station.localeCompare(b.station)),
    },
    exceptions,
  });
}
