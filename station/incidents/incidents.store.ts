import { decideIncident, evolveIncident, type IncidentCommand, type IncidentEvent } from '../../shared/aggregates/incident';
import type { Incident } from '../../shared/domain/incident';
import { tagFromInject, type DrillState } from '../../shared/drills/aggregate';
import { payloadText, stationFeature } from '../store/feature';
import { projectionIncidents } from './migrations/0050-projection-incidents';

/** 突发事件: the incidents this station holds (the `incidents` projection). */
export interface IncidentRepository {
  /** Incidents not closed, earliest received first. */
  openIncidents(): Incident[];
  incident(id: string): Incident | undefined;
}

/** The incident feature at the station: its projection, its queries and how an incident command is decided. */
export const incidentsFeature = stationFeature<IncidentRepository>({
  name: 'incidents',
  migrations: [projectionIncidents],
  projections: {
    incident: {
      table: 'incidents',
      evolve: (s, e) => evolveIncident(s as Incident | undefined, e as IncidentEvent),
      columns: {
        status: (s: Incident) => s.status,
        jurisdiction: (s: Incident) => s.jurisdiction,
        received_at: (s: Incident) => s.facts.receivedAt,
      },
    },
  },
  repository(db) {
    const open = db.prepare("SELECT state FROM incidents WHERE status <> 'closed' ORDER BY received_at").pluck();
    const byId = db.prepare('SELECT state FROM incidents WHERE id = ?').pluck();
    return {
      openIncidents: () => open.all().map((r) => JSON.parse(r as string) as Incident),
      incident: (id) => {
        const row = byId.get(id);
        return typeof row === 'string' ? (JSON.parse(row) as Incident) : undefined;
      },
    };
  },
  decide: {
    incident(cmd, load, ctx) {
      const id = payloadText(cmd, 'incidentId');
      const incident = id ? (load.state(`incident:${id}`) as Incident | undefined) : undefined;
      // A call a drill delivered here is registered tagged with its drill; anything else is real.
      const from = cmd.type === 'incident.register' ? cmd.payload.fromInject : undefined;
      if (from) {
        const tag = tagFromInject(load.state(`drill:${from.drillId}`) as DrillState | undefined, from, ctx.jurisdiction);
        if (!tag.ok) return tag;
        return decideIncident(cmd as IncidentCommand, incident, ctx, tag.value);
      }
      return decideIncident(cmd as IncidentCommand, incident, ctx);
    },
  },
});
