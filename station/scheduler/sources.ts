import type { DueSourceKind } from '../../shared/alarms/events';
import type { DomainEvent } from '../../shared/events/envelope';
import { headquartersObligations, type HeadquartersObligation } from '../../shared/headquarters/obligations';
import {
  evolveHeadquarters,
  type HeadquartersEvent,
  type HeadquartersState,
} from '../../shared/headquarters/aggregate';
import type { ContingencyPlan } from '../../shared/headquarters/plan';
import { shippedPlans } from '../../shared/headquarters/shippedPlans';
import { isOpen, type Obligation } from '../../shared/rules/obligation';
import { toMs } from '../../shared/time';
import type { StationStore } from '../store';
import type { DueItem } from './ladder';

/**
 * Where due items come from. A source answers per scope (an incident, a headquarters) so that one
 * change or one passing due time recomputes only what it touched.
 */
export interface DueSource {
  readonly kind: DueSourceKind;
  /** Every scope that may owe something (start-up, after a clock jump). */
  scopes(): string[];
  /**
   * A scope's items as of now. `recompute`: time alone may have changed them (a due time passed, the
   * clock jumped), so derive them afresh rather than read what was last stored.
   */
  load(scope: string, recompute: boolean): DueItem[];
  /** Tell `changed` which scopes a committed change touched; returns the unsubscribe. */
  watch(changed: (scopes: string[]) => void): () => void;
  /** Bring every scope up to now in one go where the source can do it cheaper than one by one. */
  recomputeAll?(): void;
}

/** What the scheduler needs of the station store. */
export type SchedulerStore = Pick<
  StationStore,
  | 'stationId'
  | 'openIncidents'
  | 'pendingObligations'
  | 'obligationsOf'
  | 'refreshObligations'
  | 'refreshObligationsOf'
  | 'report'
  | 'onAppended'
  | 'execute'
  | 'executeAll'
  | 'streamEvents'
>;

export const dueItemOfObligation = (o: Obligation): DueItem => ({
  source: 'report_obligation',
  scope: o.incidentId,
  incidentId: o.incidentId,
  key: o.key,
  kind: o.kind,
  dueAt: o.dueAt,
  dueAtMs: toMs(o.dueAt),
  open: isOpen(o),
});

/** The incidents whose report obligations an event may change. */
function incidentsTouched(store: SchedulerStore, events: readonly DomainEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.stream.startsWith('incident:')) ids.add(e.stream.slice('incident:'.length));
    else if (e.stream.startsWith('report:')) {
      if (e.type === 'report.drafted') ids.add(e.payload.incidentId);
      const report = store.report(e.stream.slice('report:'.length));
      if (report) ids.add(report.incidentId);
    }
  }
  return [...ids];
}

/** Report obligations (首报/续报/终报/核报, relays) as the store's deadline engine computes them. */
export function reportObligationSource(store: SchedulerStore): DueSource {
  return {
    kind: 'report_obligation',
    scopes() {
      const ids = new Set(store.openIncidents().map((i) => i.id));
      // A closed incident still owes its final report.
      for (const o of store.pendingObligations()) ids.add(o.incidentId);
      return [...ids];
    },
    load(incidentId, recompute) {
      const list = recompute ? store.refreshObligationsOf(incidentId) : store.obligationsOf(incidentId);
      return list.map(dueItemOfObligation);
    },
    watch(changed) {
      return store.onAppended((events) => {
        const touched = incidentsTouched(store, events);
        if (touched.length > 0) changed(touched);
      });
    },
    recomputeAll() {
      store.refreshObligations();
    },
  };
}

export const dueItemOfHeadquarters = (o: HeadquartersObligation): DueItem => ({
  source: 'headquarters',
  scope: o.headquartersId,
  incidentId: o.incidentId,
  key: o.key,
  kind: o.kind,
  dueAt: o.dueAt,
  dueAtMs: toMs(o.dueAt),
  open: o.state === 'pending' || o.state === 'overdue',
});

/**
 * Headquarters task countdowns and check-in alarms (shared/headquarters/obligations.ts), folded from
 * the store's `headquarters:<id>` streams with the plan version each was activated from. The store
 * keeps no headquarters list, so the source learns headquarters from the events it sees appended;
 * after a restart `knownHeadquarters` names those still running (until then they are picked up at
 * their next event).
 */
export function headquartersSource(
  store: SchedulerStore,
  options: {
    clock: () => number;
    plans?: readonly ContingencyPlan[];
    /** A plan version as the station knows it (edited plans included); overrides `plans`. */
    planOf?: (id: string, version: number) => ContingencyPlan | undefined;
    knownHeadquarters?: () => string[];
  },
): DueSource {
  const plans = options.plans ?? shippedPlans;
  const ids = new Set(options.knownHeadquarters?.() ?? []);
  const stateOf = (id: string): HeadquartersState | undefined => {
    let state: HeadquartersState | undefined;
    for (const e of store.streamEvents(`headquarters:${id}`)) {
      if (e.type.startsWith('headquarters.')) state = evolveHeadquarters(state, e as HeadquartersEvent);
    }
    return state;
  };
  return {
    kind: 'headquarters',
    scopes: () => [...ids],
    load(id) {
      const state = stateOf(id);
      if (!state) return [];
      const plan = options.planOf
        ? options.planOf(state.planId, state.planVersion)
        : plans.find((p) => p.id === state.planId && p.version === state.planVersion);
      if (!plan)
        throw new Error(`headquarters ${id}: plan ${state.planId} v${state.planVersion} is not loaded`);
      return headquartersObligations(state, plan, options.clock()).map(dueItemOfHeadquarters);
    },
    watch(changed) {
      return store.onAppended((events) => {
        const touched = new Set<string>();
        for (const e of events) {
          if (e.stream.startsWith('headquarters:')) touched.add(e.stream.slice('headquarters:'.length));
        }
        if (touched.size === 0) return;
        for (const id of touched) ids.add(id);
        changed([...touched]);
      });
    },
  };
}
