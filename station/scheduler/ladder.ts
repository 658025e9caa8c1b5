import { createHash } from 'node:crypto';
import type { AlarmStep, DueSourceKind } from '../../shared/alarms/events';
import { MINUTE } from '../../shared/time';

/**
 * Anything that falls due and is still owed: a report obligation, a headquarters task or check-in.
 * The scheduler treats them alike; `scope` groups the items a source recomputes together
 * (an incident's report obligations, one headquarters' tasks and check-ins).
 */
export interface DueItem {
  source: DueSourceKind;
  scope: string;
  incidentId: string;
  key: string;
  kind: string;
  dueAtMs: number;
  dueAt: string;
  /** Still owed: pending or overdue and unmet. Met and waived items only tell when to recompute. */
  open: boolean;
}

/** The rungs in the order they go off, with how long before the due time each one rings. */
export const LADDER: ReadonlyArray<{ step: AlarmStep; beforeMs: number; sound: boolean }> = [
  { step: 'reminder', beforeMs: 10 * MINUTE, sound: false },
  { step: 'alarm', beforeMs: 2 * MINUTE, sound: true },
  { step: 'overdue', beforeMs: 0, sound: true },
];

/** A rung that went off this much after its time is marked late (the scheduler's promise is 1 s). */
export const LATE_AFTER_MS = 1000;

/**
 * One id per station, item and rung, so the stream `alarm:<id>` holds that rung's whole story and a
 * restart finds it. The station is part of it: an upper station's relay alarm is its own.
 */
export function alarmIdFor(
  stationId: string,
  item: Pick<DueItem, 'source' | 'scope' | 'key'>,
  step: AlarmStep,
): string {
  return createHash('sha256')
    .update(`${stationId}|${item.source}|${item.scope}|${item.key}|${step}`)
    .digest('hex')
    .slice(0, 32);
}

/** The rung at an index of LADDER (0 reminder, 1 alarm, 2 overdue). */
export function rungAt(index: number): (typeof LADDER)[number] {
  const rung = LADDER[index];
  if (!rung) throw new RangeError(`the alarm ladder has no rung ${index}`);
  return rung;
}

export const stepAtOf = (item: Pick<DueItem, 'dueAtMs'>, rung: number): number =>
  item.dueAtMs - rungAt(rung).beforeMs;
