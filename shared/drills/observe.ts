import type { DomainEvent } from '../events/envelope';
import type { ExpectedActionType } from './scenario';
import type { ObservedAction } from './scoring';

/*
 * 演练评估 from the record: what a drilled room did about a drill, read from the events the organiser's
 * station holds (the drilled station's events flow up to it). Only records tagged with the drill
 * count — an incident registered from one of its calls, and the reports, dispatches and headquarters
 * about that incident, which inherit its tag — so a real incident the room handled meanwhile never
 * enters the drill's evaluation, as drill records never enter real statistics.
 */

export interface DrillTimelineEntry {
  at: string;
  jurisdiction: string;
  /** Who did it (the actor's name, or id). */
  by: string;
  action: ExpectedActionType;
  /** The call inject the incident came from. */
  subject: string;
  /** What it was, in words for the timeline (the report's kind, the team…). */
  detail: string;
  eventId: string;
}

const REPORT_ACTION: Record<string, ExpectedActionType | undefined> = {
  initial: 'initial_report',
  follow_up: 'follow_up_report',
};

/** Every action of the drilled rooms on the drill's records, in the order the events come. */
export function drillTimeline(events: Iterable<DomainEvent>, drillId: string): DrillTimelineEntry[] {
  /** incident id → the call inject it came from, for this drill's incidents. */
  const incidents = new Map<string, string>();
  const reports = new Map<string, { incidentId: string; kind: string }>();
  const out: DrillTimelineEntry[] = [];
  /**
   * What was done about incidents registered by hand (no tag), kept until the end of the log: the
   * organiser may link one to the drill afterwards (drill.incident_linked), and then it all counts.
   */
  const untagged = new Map<string, Array<Omit<DrillTimelineEntry, 'subject'>>>();
  let linked = false;
  const entry = (e: DomainEvent, action: ExpectedActionType, detail: string) => ({
    at: e.occurredAt,
    jurisdiction: e.jurisdiction,
    by: e.actor.name ?? e.actor.id,
    action,
    detail,
    eventId: e.id,
  });
  const push = (e: DomainEvent, action: ExpectedActionType, subject: string, detail: string) =>
    out.push({ ...entry(e, action, detail), subject });
  /** An action about an incident: the drill's (by tag or link) now, or kept in case it is linked later. */
  const about = (e: DomainEvent, incidentId: string, action: ExpectedActionType, detail: string) => {
    const subject = incidents.get(incidentId);
    if (subject !== undefined) push(e, action, subject, detail);
    else untagged.get(incidentId)?.push(entry(e, action, detail));
  };
  for (const e of events) {
    switch (e.type) {
      case 'incident.registered':
        if (e.payload.drill?.drillId === drillId) {
          const incidentId = e.stream.slice('incident:'.length);
          incidents.set(incidentId, e.payload.drill.injectKey);
          push(e, 'register', e.payload.drill.injectKey, e.payload.facts.title);
        } else if (e.payload.drill === undefined) {
          untagged.set(e.stream.slice('incident:'.length), [entry(e, 'register', e.payload.facts.title)]);
        }
        break;
      case 'report.drafted':
        reports.set(e.stream.slice('report:'.length), {
          incidentId: e.payload.incidentId,
          kind: e.payload.kind,
        });
        break;
      case 'report.sent': {
        const report = reports.get(e.stream.slice('report:'.length));
        const action = report ? REPORT_ACTION[report.kind] : undefined;
        if (report && action !== undefined)
          about(e, report.incidentId, action, `报送至${e.payload.addressedTo}`);
        break;
      }
      case 'dispatch.issued':
        about(e, e.payload.incidentId, 'dispatch', `调派队伍 ${e.payload.teamId}`);
        break;
      case 'headquarters.activated':
        about(e, e.payload.incidentId, 'hq_activation', `启动${e.payload.responseLevel}级响应`);
        break;
      case 'drill.incident_linked': {
        if (e.stream !== `drill:${drillId}`) break;
        const { incidentId, injectKey } = e.payload;
        incidents.set(incidentId, injectKey);
        for (const done of untagged.get(incidentId) ?? []) out.push({ ...done, subject: injectKey });
        untagged.delete(incidentId);
        linked = true;
        break;
      }
      case 'drill.inject_answered':
        if (e.stream === `drill:${drillId}`) push(e, e.payload.action, e.payload.injectKey, e.payload.answer);
        break;
      default:
        break;
    }
  }
  // A linked incident's earlier actions joined late: put the timeline back in time order.
  return linked ? out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) : out;
}

/** The timeline of one drilled room as the scoring engine reads it. */
export function observedActions(
  timeline: readonly DrillTimelineEntry[],
  jurisdiction: string,
): ObservedAction[] {
  return timeline
    .filter((t) => t.jurisdiction === jurisdiction)
    .map((t) => ({ action: t.action, subject: t.subject, at: t.at, ref: t.eventId }));
}
