import type { Incident } from '../../shared/domain/incident';
import { ok } from '../../shared/result';
import type { ApiStore } from './ports';
import { stationApiFeature } from './context';

/**
 * The incidents a window lists: open ones, and closed ones that still owe a report (closing starts the
 * 终报, a casualty change after it a 补报, whose clock the console must keep showing after a reload).
 */
export function listedIncidents(
  store: Pick<ApiStore, 'openIncidents' | 'pendingObligations' | 'incident'>,
): Incident[] {
  const open = store.openIncidents();
  const listed = new Set(open.map((i) => i.id));
  const owing = [...new Set(store.pendingObligations().map((o) => o.incidentId))]
    .filter((id) => !listed.has(id))
    .flatMap((id) => store.incident(id) ?? []);
  return [...open, ...owing];
}

/** 突发事件 at the station API: an incident, its obligations, and the incidents a window opens with. */
export const incidentsApi = stationApiFeature({
  name: 'incidents',
  open: ({ store }) => ({
    handlers: {
      incident: ({ id }: { id: string }) => ok(store.incident(id) ?? null),
      obligationsOf: ({ incidentId }: { incidentId: string }) => ok(store.obligationsOf(incidentId)),
    },
    snapshot: () => {
      const incidents = listedIncidents(store);
      return {
        incidents,
        obligations: incidents.map((i) => ({ incidentId: i.id, obligations: store.obligationsOf(i.id) })),
      };
    },
    /** The incidents the events touched, also through one of their reports, with their obligations. */
    changedIn: (events) => {
      const incidentIds = new Set<string>();
      const reportIds = new Set<string>();
      for (const e of events) {
        const [aggregate, id = ''] = e.stream.split(':');
        if (aggregate === 'incident') incidentIds.add(id);
        else if (aggregate === 'report') reportIds.add(id);
      }
      for (const id of reportIds) {
        const report = store.report(id);
        if (report) incidentIds.add(report.incidentId);
      }
      return {
        incidents: [...incidentIds].flatMap((id) => store.incident(id) ?? []),
        obligations: [...incidentIds].map((incidentId) => ({
          incidentId,
          obligations: store.obligationsOf(incidentId),
        })),
      };
    },
  }),
});
