import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import { likelyDuplicates } from '../../../shared/domain/duplicates';
import { isOpen, type Obligation } from '../../../shared/rules/obligation';
import { DAY } from '../../../shared/time';
import { incidentsAdapter } from './slice';

const incidents = incidentsAdapter.getSelectors((s: RootState) => s.incidents);

export const selectPanel = (s: RootState) => s.incidents.panel;

/** The incident the panel is open for, closed ones too (it stays open to reopen it). */
export const selectPanelIncident = (s: RootState) =>
  s.incidents.panel.incidentId ? incidents.selectById(s, s.incidents.panel.incidentId) : undefined;

/** Only the leader on duty may waive a report; the station decides, the screen only says so ahead. */
export const selectOperatorIsLeader = (s: RootState) => s.station.info?.operator.role === 'leader';

const NONE: readonly Obligation[] = [];

/** The incident's report obligations as the station computed them: still owed first, by due time. */
export const selectObligationsOf = (s: RootState, incidentId: string): readonly Obligation[] =>
  s.reports.obligations.entities[incidentId]?.obligations ?? NONE;

export const sortObligations = (list: readonly Obligation[]): Obligation[] =>
  [...list].sort(
    (a, b) =>
      Number(isOpen(b)) - Number(isOpen(a)) || a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key),
  );

/** The dispatch orders for an incident, with their team's name, newest first. */
export const selectDispatchesOf = createSelector(
  [
    (s: RootState) => s.resources.dispatchOrders.entities,
    (s: RootState) => s.resources.teams.entities,
    (_: RootState, incidentId: string) => incidentId,
  ],
  (orders, teams, incidentId) =>
    Object.values(orders)
      .filter((o) => o !== undefined && o.incidentId === incidentId)
      .map((order) => ({ order, teamName: teams[order.teamId]?.name ?? order.teamId }))
      .sort((a, b) => b.order.issuedAt.localeCompare(a.order.issuedAt)),
);

/**
 * Where a duplicate may be merged: the other open incidents, the likely duplicates (same area and
 * category, close in time; shared/domain/duplicates.ts, over a day here) first, then newest call first.
 */
export const selectMergeTargets = createSelector(
  [incidents.selectAll, (_: RootState, incidentId: string) => incidentId],
  (all, incidentId) => {
    const self = all.find((i) => i.id === incidentId);
    const others = all.filter((i) => i.id !== incidentId && i.status !== 'closed');
    if (!self) return others.map((incident) => ({ incident, likely: false }));
    const likely = likelyDuplicates(self.facts, others, DAY).map((c) => c.incident);
    const ids = new Set(likely.map((i) => i.id));
    return [
      ...likely.map((incident) => ({ incident, likely: true })),
      ...others.filter((i) => !ids.has(i.id)).map((incident) => ({ incident, likely: false })),
    ];
  },
);
