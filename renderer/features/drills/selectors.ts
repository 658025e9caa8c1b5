import { createSelector } from '@reduxjs/toolkit';
import type { Incident } from '../../../shared/domain/incident';
import type { RootState } from '../../app/store';
import { selectAllIncidents } from '../incidents/selectors';
import { deliveryKey, type DrillDelivery, type DrillEnd } from './slice';

const own = (s: RootState) => s.station.info?.jurisdiction ?? null;
const operator = (s: RootState) => s.station.info?.operator ?? null;
const deliveries = (s: RootState) => s.drills.deliveries;
const ends = (s: RootState) => s.drills.ends;

/** The drills ended, by id, as this console heard. */
export const selectEndedDrills = createSelector([ends], (list) => new Set(list.map((e) => e.drillId)));

/** The calls a drill delivered to this station that nobody here has registered yet, while the drill runs. */
export const selectIncomingCalls = createSelector(
  [deliveries, own, selectEndedDrills, selectAllIncidents],
  (
    list,
    jurisdiction,
    ended,
    incidents,
  ): Array<DrillDelivery & { facts: NonNullable<DrillDelivery['facts']> }> => {
    const registered = new Set(
      incidents.flatMap((i) =>
        i.drill ? [`${i.drill.drillId}|${i.drill.injectKey}|${i.jurisdiction}`] : [],
      ),
    );
    return list
      .filter(
        (d): d is DrillDelivery & { facts: NonNullable<DrillDelivery['facts']> } =>
          d.drilled === jurisdiction &&
          d.inject.kind === 'incident_call' &&
          d.facts !== undefined &&
          !ended.has(d.drillId) &&
          !registered.has(deliveryKey(d)),
      )
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  },
);

/**
 * The other injects delivered here (a casualty change, a road cut, a team that cannot come, a warning or
 * a question from above) that the officer has not read or answered yet, while the drill runs.
 */
export const selectIncomingMessages = createSelector(
  [deliveries, own, selectEndedDrills, (s: RootState) => s.drills.setAside],
  (list, jurisdiction, ended, setAside) =>
    list
      .filter(
        (d) =>
          d.drilled === jurisdiction &&
          d.inject.kind !== 'incident_call' &&
          !ended.has(d.drillId) &&
          !setAside.includes(deliveryKey(d)),
      )
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
);

/** The end notices to show: drills that delivered something here, ended, and not yet acknowledged. */
export const selectEndNotices = createSelector(
  [deliveries, ends, own, (s: RootState) => s.drills.noticesClosed],
  (list, ended, jurisdiction, closed): DrillEnd[] => {
    const drilledHere = new Set(list.filter((d) => d.drilled === jurisdiction).map((d) => d.drillId));
    return ended.filter((e) => drilledHere.has(e.drillId) && !closed.includes(e.drillId));
  },
);

/** The call the intake form is filled from, if any. */
export const selectIntakeDelivery = createSelector(
  [deliveries, (s: RootState) => s.drills.intakeFrom],
  (list, key) => (key ? (list.find((d) => deliveryKey(d) === key) ?? null) : null),
);

export type DrillMarkKind = 'drill' | 'leaderTold' | null;

/**
 * Whether this console marks a drill-tagged incident 演练 (decision 0024): above the drilled room always (the
 * organiser knows); in the drilled room once the drill is over or when it is announced — during a blind
 * drill nothing says so, except to the leader on duty where the organiser chose to tell the leader.
 */
export function drillMarkOf(
  incident: Pick<Incident, 'drill' | 'jurisdiction'>,
  context: {
    jurisdiction: string | null;
    leader: boolean;
    ended: ReadonlySet<string>;
    deliveries: readonly DrillDelivery[];
  },
): DrillMarkKind {
  const tag = incident.drill;
  if (!tag) return null;
  if (incident.jurisdiction !== context.jurisdiction) return 'drill';
  if (context.ended.has(tag.drillId)) return 'drill';
  const delivered = context.deliveries.find(
    (d) => d.drillId === tag.drillId && d.drilled === incident.jurisdiction,
  );
  if (delivered?.mode === 'announced') return 'drill';
  if (delivered?.tellLeader && context.leader) return 'leaderTold';
  return null;
}

/** What drillMarkOf reads from the store, in one object (stable while nothing of it changes). */
export const selectDrillMarkContext = createSelector(
  [own, operator, selectEndedDrills, deliveries],
  (jurisdiction, op, ended, list) => ({
    jurisdiction,
    leader: op?.role === 'leader',
    ended,
    deliveries: list,
  }),
);
