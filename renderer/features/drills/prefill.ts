import type { IncidentFacts } from '../../../shared/domain/incident';
import { emptyDraft, toChinaLocalInput, type IncidentDraft } from '../incidents/facts';

/**
 * The intake form's draft filled from what a call brought (a drill's call inject): the officer checks it and
 * saves as with any call; the times are the call's own.
 */
export function draftFromCall(facts: IncidentFacts, now: number): IncidentDraft {
  const draft = emptyDraft(now, facts.location.areaCode);
  return {
    ...draft,
    title: facts.title,
    category: facts.category,
    subtype: facts.subtype,
    level: facts.level,
    address: facts.location.address,
    lon: facts.location.point ? String(facts.location.point.lon) : '',
    lat: facts.location.point ? String(facts.location.point.lat) : '',
    occurredAt: toChinaLocalInput(Date.parse(facts.occurredAt)),
    receivedAt: toChinaLocalInput(Date.parse(facts.receivedAt)),
    source: facts.source,
    callerName: facts.caller?.name ?? '',
    callerPhone: facts.caller?.phone ?? '',
    dead: String(facts.casualties.dead),
    injured: String(facts.casualties.injured),
    missing: String(facts.casualties.missing),
    trapped: String(facts.casualties.trapped),
    description: facts.description,
  };
}
