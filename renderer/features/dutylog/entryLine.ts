import type { DutyLogEntry } from '../../../shared/dutylog/aggregate';
import { DUTY_LOG_KINDS, type DutyLogChanges, type DutyLogKind } from '../../../shared/dutylog/events';
import { chinaParts, chinaWallTime, toInstant } from '../../../shared/time';

/** Keys 1–6 in the kind field pick a kind, in this order (the order the field lists them). */
export const KIND_KEYS: readonly DutyLogKind[] = DUTY_LOG_KINDS;

export function kindForKey(key: string): DutyLogKind | undefined {
  return /^[1-9]$/.test(key) ? KIND_KEYS[Number(key) - 1] : undefined;
}

/** The entry line's fields as typed; empty text means "not given". */
export interface LineDraft {
  kind: DutyLogKind;
  counterpart: string;
  text: string;
  incidentId: string;
}

export const emptyLine = (kind: DutyLogKind = 'call_received', incidentId = ''): LineDraft => ({
  kind,
  counterpart: '',
  text: '',
  incidentId,
});

/** The `dutylog.record` payload of a typed line: blanks left out (the station names what is missing). */
export function recordInput(line: LineDraft) {
  return {
    kind: line.kind,
    text: line.text,
    ...(line.counterpart.trim() !== '' ? { counterpart: line.counterpart.trim() } : {}),
    ...(line.incidentId !== '' ? { incidentId: line.incidentId } : {}),
  };
}

export const lineOf = (entry: DutyLogEntry): LineDraft => ({
  kind: entry.kind,
  counterpart: entry.counterpart ?? '',
  text: entry.text,
  incidentId: entry.incidentId ?? '',
});

/** What a correction changes: only the fields that differ; a field emptied is cleared (null). */
export function changesOf(entry: DutyLogEntry, line: LineDraft): DutyLogChanges {
  const changes: DutyLogChanges = {};
  if (line.kind !== entry.kind) changes.kind = line.kind;
  if (line.text.trim() !== entry.text) changes.text = line.text;
  const counterpart = line.counterpart.trim();
  if (counterpart !== (entry.counterpart ?? '')) changes.counterpart = counterpart === '' ? null : counterpart;
  if (line.incidentId !== (entry.incidentId ?? '')) changes.incidentId = line.incidentId === '' ? null : line.incidentId;
  return changes;
}

/** Start of the China-time day that `nowMs` falls in, as an instant. */
export function chinaDayStart(nowMs: number): string {
  const p = chinaParts(nowMs);
  return toInstant(chinaWallTime(p.year, p.month, p.day, 0, 0));
}

export type ExportPeriod = 'today' | 'last24h' | 'last7d';

/** The period an export covers, ending now. */
export function periodOf(period: ExportPeriod, nowMs: number): { from: string; to: string } {
  const to = new Date(nowMs + 1).toISOString();
  if (period === 'today') return { from: chinaDayStart(nowMs), to };
  const hours = period === 'last24h' ? 24 : 24 * 7;
  return { from: new Date(nowMs - hours * 3_600_000).toISOString(), to };
}
