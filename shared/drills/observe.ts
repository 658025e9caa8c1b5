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
  const push = (e: DomainEvent, action: ExpectedActionType, subject: string, detail: string) =>
    out.push({
      at: e.occurredAt,
      jurisdiction: e.jurisdiction,
      by: e.actor.name ?? e.actor.id,
      action,
      subject,
      detail,
      eventId: e.id,
    });
  for (const e of events) {
    switch (e.type) {
      case 'incident.registered':
        if (e.payload.drill?.drillId === drillId) {
          const incidentId = e.stream.slice('incident:'.length);
          incidents.set(incidentId, e.payload.drill.injectKey);
          push(e, 'register', e.payload.drill.injectKey, e.payload.facts.title);
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
        const subject = report ? incidents.get(report.incidentId) : undefined;
        const action = report ? REPORT_ACTION[report.kind] : undefined;
        if (subject !== undefined && action !== undefined)
          push(e, action, subject, `报送至${e.payload.addressedTo}`);
        break;
      }
      case 'dispatch.issued': {
        const subject = incidents.get(e.payload.incidentId);
        if (subject !== undefined) push(e, 'dispatch', subject, `调派队伍 ${e.payload.teamId}`);
        break;
      }
      case 'headquarters.activated': {
        const subject = incidents.get(e.payload.incidentId);
        if (subject !== undefined) push(e, 'hq_activation', subject, `启动${e.payload.responseLevel}级响应`);
        break;
      }
      case 'drill.inject_answered':
        if (e.stream === `drill:${drillId}`) push(e, e.payload.action, e.payload.injectKey, e.payload.answer);
        break;
      default:
        break;
    }
  }
  return out;
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
