import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import { selectNow } from '../header/selectors';
import { warningsAdapter } from './slice';

const listSelectors = warningsAdapter.getSelectors((s: RootState) => s.warnings.list);

/** In force first, newest first within each. */
export const selectWarnings = createSelector([listSelectors.selectAll], (all) => [
  ...all.filter((w) => w.status === 'active'),
  ...all.filter((w) => w.status !== 'active'),
]);

export const selectSelectedWarning = (s: RootState) =>
  s.warnings.selectedId ? (listSelectors.selectById(s, s.warnings.selectedId) ?? null) : null;

/** How many answered, of how many, per warning (for the list). */
export const selectAnswerCounts = createSelector([listSelectors.selectAll], (all) =>
  Object.fromEntries(
    all.map((w) => [
      w.id,
      { answered: w.recipients.filter((r) => r.acknowledgedAt).length, total: w.recipients.length },
    ]),
  ),
);

export type BoardStage = 'issued' | 'delivered' | 'acknowledged' | 'action_reported';

export interface BoardRow {
  id: string;
  name: string;
  jurisdiction: string;
  superiorName?: string;
  stage: BoardStage;
  deliveredAt?: string;
  deliveredBy?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  actionReportedAt?: string;
  action?: string;
  renotifiedAt: string[];
  escalatedAt?: string;
  deliveryFailedAt?: string;
  deliveryFailure?: string;
  ackDueAt?: string;
  /** ms left to answer (negative: overdue); undefined once answered or lifted. */
  remainingMs?: number;
  late: boolean;
  next?: string;
  nextDueAt?: string;
}

/**
 * The closed-loop board of the selected warning, one row per recipient: the steps from the warning as
 * pushed, the deadlines from the record as of the station clock, and the countdown from the one tick.
 */
export const selectBoard = createSelector(
  [
    selectSelectedWarning,
    (s: RootState) => s.warnings.record,
    (s: RootState) => s.warnings.recordSkewMs,
    selectNow,
  ],
  (w, record, skewMs, tick): BoardRow[] => {
    const now = tick + skewMs;
    if (!w) return [];
    const loop = new Map((record?.warning.id === w.id ? record.loop : []).map((l) => [l.recipientId, l]));
    const names = record?.warning.id === w.id ? record.names : {};
    return w.recipients.map((r) => {
      const l = loop.get(r.id);
      const stage: BoardStage = r.actionReportedAt
        ? 'action_reported'
        : r.acknowledgedAt
          ? 'acknowledged'
          : r.deliveredAt
            ? 'delivered'
            : 'issued';
      const open = !r.acknowledgedAt && w.status === 'active' && l;
      const remainingMs = open ? Date.parse(l.ackDueAt) - now : undefined;
      const superiorName = r.superiorId ? names[r.superiorId] : undefined;
      return {
        id: r.id,
        name: r.name,
        jurisdiction: r.jurisdiction,
        ...(superiorName ? { superiorName } : {}),
        stage,
        ...(r.deliveredAt ? { deliveredAt: r.deliveredAt } : {}),
        ...(r.deliveredBy ? { deliveredBy: r.deliveredBy } : {}),
        ...(r.acknowledgedAt ? { acknowledgedAt: r.acknowledgedAt } : {}),
        ...(r.acknowledgedBy ? { acknowledgedBy: r.acknowledgedBy } : {}),
        ...(r.actionReportedAt ? { actionReportedAt: r.actionReportedAt } : {}),
        ...(r.action ? { action: r.action } : {}),
        renotifiedAt: r.renotifiedAt,
        ...(r.escalatedAt ? { escalatedAt: r.escalatedAt } : {}),
        ...(r.deliveryFailedAt ? { deliveryFailedAt: r.deliveryFailedAt } : {}),
        ...(r.deliveryFailure ? { deliveryFailure: r.deliveryFailure.reason } : {}),
        ...(l ? { ackDueAt: l.ackDueAt } : {}),
        ...(remainingMs !== undefined ? { remainingMs } : {}),
        late: remainingMs !== undefined ? remainingMs < 0 : (l?.late ?? false),
        ...(l?.next && !r.acknowledgedAt ? { next: l.next.kind, nextDueAt: l.next.dueAt } : {}),
      };
    });
  },
);
