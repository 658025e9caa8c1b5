import type { Incident, SeverityLevel } from '../domain/incident';
import type { ReportChannel, ReportKind } from '../domain/report';
import { isWithin, levelOf, type JurisdictionCode } from '../domain/jurisdiction';
import type { DomainEvent } from '../events/envelope';
import { evolveIncident, type IncidentEvent } from '../aggregates/incident';
import { DAY, HOUR, MINUTE, toInstant, toMs } from '../time';
import { chinaDayOf, chinaInstant, dayKey, nextChinaDay } from './calendar';
import type { Obligation, ObligationKind } from './obligation';
import { ruleOf, type RuleProfile, type RuleSelector } from './profile';

/*
 * The report-deadline engine: a pure fold over one incident's history (its own events and those of
 * its reports, in log order). "After" means later in the log; "late" compares occurred-at instants.
 * Only UTC instants and the China-time helpers of shared/time are used: nothing here reads the host
 * time zone, so every station computes the same deadlines.
 *
 * Decisions a duty officer should be able to predict (see also docs in the tests' names):
 * - A written first report also meets a still-open phone obligation: the upper level then holds the
 *   facts in the stronger form, and phoning afterwards would only repeat them. If it went out after the
 *   phone deadline, the phone obligation is met late.
 * - A level change never gives more time: the new level's limit counts from the change, and the
 *   earlier of the old and new due times stands (for reports not yet sent).
 * - A material change (casualties or level, as evolveIncident defines it) opens a follow-up only once
 *   a written report has gone out; before that the pending written report carries the new figures.
 * - Daily follow-ups (续报) are met by written follow-up reports, one report per daily slot: each report
 *   meets the earliest slot whose window (since the previous slot) had opened when it was sent.
 * - Reopening an incident drops an unmet final report (the incident is not over); each closure opens
 *   its own final report obligation.
 */

interface SentReport {
  reportId: string;
  kind: ReportKind;
  channel: ReportChannel;
  /** The sending station's jurisdiction. */
  jurisdiction: JurisdictionCode;
  addressedTo: JurisdictionCode;
  at: number;
  pos: number;
}

interface ReportInfo {
  kind: ReportKind;
  channel: ReportChannel;
  jurisdiction: JurisdictionCode;
  approved: boolean;
}

interface LevelChange {
  at: number;
  pos: number;
  level: SeverityLevel;
  atRegistration: boolean;
}

interface FactsChange {
  eventId: string;
  at: number;
  pos: number;
  facts: RuleSelector;
  whileClosed: boolean;
  casualtiesChanged: boolean;
}

interface ResponsePeriod {
  start: number;
  end?: number;
}

interface Closure {
  at: number;
  pos: number;
  level: SeverityLevel;
  reopenedPos?: number;
}

interface Draft {
  key: string;
  kind: ObligationKind;
  dueAt: number;
  opensAt?: number;
  rule: { id: string; source: string };
  met?: SentReport;
}

/** Where the fold has got to after reading a history. */
interface Reading {
  incidentId?: string;
  incident?: Incident;
  reports: Map<string, ReportInfo>;
  sends: SentReport[];
  receipts: Array<{ reportId: string; at: number; pos: number; jurisdiction: JurisdictionCode }>;
  waivers: Array<{ key: string; reason: string; jurisdiction: JurisdictionCode }>;
  levels: LevelChange[];
  changes: FactsChange[];
  periods: ResponsePeriod[];
  closures: Closure[];
  directTrigger?: { at: number; pos: number; minutes: number; ref: { id: string; source: string } };
}

/**
 * The incident facts `read` looks at: the rules are chosen by category, subtype and level, deadlines run from
 * received-at and occurred-at, and casualties start follow-ups and the direct-to-province report.
 */
const FACTS_THE_RULES_READ = ['level', 'casualties', 'category', 'subtype', 'receivedAt', 'occurredAt'] as const;

/**
 * Whether appending this event to an incident's history can change its obligations. Only a facts update that
 * touches none of the facts the rules read cannot (the address, the description, the number affected…): a
 * store may keep the obligations it has instead of folding the whole history again. Time moving on is the
 * scheduler's to follow (it recomputes at each daily slot), as for an incident with no new event at all.
 */
export function canMoveObligations(event: DomainEvent): boolean {
  if (event.type !== 'incident.facts_updated') return true;
  const changes = event.payload.changes as Record<string, unknown>;
  return FACTS_THE_RULES_READ.some((k) => changes[k] !== undefined);
}

const sameCasualties = (a: Incident['facts']['casualties'], b: Incident['facts']['casualties']) =>
  a.dead === b.dead && a.injured === b.injured && a.missing === b.missing && a.trapped === b.trapped;

const selector = (f: Incident['facts'], level = f.level): RuleSelector => ({ category: f.category, subtype: f.subtype, level });

function read(history: readonly DomainEvent[], profile: RuleProfile): Reading {
  const r: Reading = { reports: new Map(), sends: [], receipts: [], waivers: [], levels: [], changes: [], periods: [], closures: [] };
  history.forEach((e, pos) => {
    const at = toMs(e.occurredAt);
    if (e.type.startsWith('incident.')) {
      const incidentId = e.stream.slice('incident:'.length);
      if (r.incidentId !== undefined && incidentId !== r.incidentId) return;
      const before = r.incident;
      const after = evolveIncident(before, e as IncidentEvent);
      if (!after) return;
      r.incidentId = incidentId;
      r.incident = after;
      switch (e.type) {
        case 'incident.registered':
          if (before) return;
          r.levels.push({ at: toMs(after.facts.receivedAt), pos, level: after.facts.level, atRegistration: true });
          break;
        case 'incident.facts_updated': {
          if (!before) return;
          const levelChanged = after.facts.level !== before.facts.level;
          const casualtiesChanged = !sameCasualties(after.facts.casualties, before.facts.casualties);
          if (levelChanged) r.levels.push({ at, pos, level: after.facts.level, atRegistration: false });
          if (levelChanged || casualtiesChanged) {
            r.changes.push({ eventId: e.id, at, pos, facts: selector(after.facts), whileClosed: before.status === 'closed', casualtiesChanged });
          }
          break;
        }
        case 'incident.response_started':
          if (before?.status === 'received') r.periods.push({ start: at });
          break;
        case 'incident.closed': {
          const open = r.periods.at(-1);
          if (open && open.end === undefined) open.end = at;
          r.closures.push({ at, pos, level: after.facts.level });
          break;
        }
        case 'incident.reopened': {
          const last = r.closures.at(-1);
          if (last && last.reopenedPos === undefined) last.reopenedPos = pos;
          if (after.status === 'responding') r.periods.push({ start: at });
          break;
        }
        case 'incident.obligation_waived':
          r.waivers.push({ key: e.payload.obligationKey, reason: e.payload.reason, jurisdiction: e.jurisdiction });
          break;
      }
      // 10 or more dead or missing: the first moment the figures reach the threshold.
      if (!r.directTrigger) {
        const facts = selector(after.facts);
        const direct = ruleOf(profile, facts, 'directToProvince');
        const { dead, missing } = after.facts.casualties;
        if (direct && dead + missing >= direct.rule.deadOrMissingAtLeast) {
          const triggeredAt = e.type === 'incident.registered' ? toMs(after.facts.receivedAt) : at;
          r.directTrigger = { at: triggeredAt, pos, minutes: direct.rule.minutes, ref: direct.ref };
        }
      }
      return;
    }
    const reportId = e.stream.slice('report:'.length);
    switch (e.type) {
      case 'report.drafted':
        if (r.incidentId === undefined) r.incidentId = e.payload.incidentId;
        if (e.payload.incidentId !== r.incidentId || r.reports.has(reportId)) return;
        r.reports.set(reportId, { kind: e.payload.kind, channel: e.payload.channel, jurisdiction: e.jurisdiction, approved: false });
        return;
      case 'report.approved': {
        const info = r.reports.get(reportId);
        if (info) info.approved = true;
        return;
      }
      case 'report.sent': {
        const info = r.reports.get(reportId);
        if (!info) return;
        // Where 签发 is required, an unsigned written report does not count as reported.
        if (profile.signOff.required && info.channel === 'written' && !info.approved) return;
        r.sends.push({ reportId, kind: info.kind, channel: info.channel, jurisdiction: e.jurisdiction, addressedTo: e.payload.addressedTo, at, pos });
        return;
      }
      case 'report.received':
        if (r.reports.has(reportId)) r.receipts.push({ reportId, at, pos, jurisdiction: e.jurisdiction });
        return;
    }
  });
  return r;
}

/** The incident's level in force at an instant (the latest change at or before it). */
function levelAt(levels: readonly LevelChange[], t: number, registered: SeverityLevel): SeverityLevel {
  let level = registered;
  for (const c of levels) if (c.at <= t) level = c.level;
  return level;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Stations at these ranks relay upward; a report stops at its ceiling (national = 0). */
const rank = { national: 0, province: 1, city: 2, district: 3, township: 4, village: 5 } as const;

function ownObligations(r: Reading, incident: Incident, profile: RuleProfile, now: number, viewpoint: JurisdictionCode): Draft[] {
  const facts = incident.facts;
  const receivedAt = toMs(facts.receivedAt);
  const own = r.sends.filter((s) => s.jurisdiction === viewpoint);
  const drafts: Draft[] = [];

  // 首报: by phone and in writing, counted from received-at; an upgrade counts the new limit from the change.
  const initial = (name: 'initialPhone' | 'initialWritten', kind: ObligationKind, key: string, meets: (s: SentReport) => boolean) => {
    const met = own.find(meets);
    let best: Draft | undefined;
    for (const change of r.levels) {
      if (met && change.pos > met.pos) break;
      const found = ruleOf(profile, selector(facts, change.level), name);
      if (!found) continue;
      const start = change.atRegistration ? receivedAt : change.at;
      const dueAt = start + found.rule.minutes * MINUTE;
      if (!best || dueAt < best.dueAt) {
        best = { key, kind, dueAt, rule: found.ref, ...(change.atRegistration ? {} : { opensAt: change.at }), ...(met ? { met } : {}) };
      }
    }
    if (best) drafts.push(best);
    return best?.dueAt;
  };
  initial('initialPhone', 'initial_phone', 'initial.phone', (s) => s.kind === 'initial');
  const writtenDue = initial('initialWritten', 'initial_written', 'initial.written', (s) => s.kind === 'initial' && s.channel === 'written');

  // 续报 after a change of casualties or level, once a written account is out.
  for (const change of r.changes) {
    if (change.whileClosed) continue;
    const found = ruleOf(profile, change.facts, 'followUpAfterChange');
    if (!found) continue;
    if (!own.some((s) => s.pos < change.pos && s.channel === 'written')) continue;
    const met = own.find((s) => s.pos > change.pos);
    drafts.push({
      key: `follow_up.change.${change.eventId}`,
      kind: 'follow_up',
      opensAt: change.at,
      dueAt: change.at + found.rule.minutes * MINUTE,
      rule: found.ref,
      ...(met ? { met } : {}),
    });
  }

  drafts.push(...dailyFollowUps(r, incident, profile, now, viewpoint, writtenDue, own));

  // 终报 after each closure that stands.
  r.closures.forEach((closure, i) => {
    const found = ruleOf(profile, selector(facts, closure.level), 'final');
    if (!found) return;
    const met = own.find((s) => s.kind === 'final' && s.pos > closure.pos && (closure.reopenedPos === undefined || s.pos < closure.reopenedPos));
    if (!met && closure.reopenedPos !== undefined) return;
    drafts.push({
      key: i === 0 ? 'final' : `final.${i + 1}`,
      kind: 'final',
      opensAt: closure.at,
      dueAt: closure.at + found.rule.hoursAfterClosure * HOUR,
      rule: found.ref,
      ...(met ? { met } : {}),
    });
  });

  // 补报: casualty changes after closure, inside the window counted from occurred-at (Reg. 493 art. 13).
  const occurredAt = toMs(facts.occurredAt);
  for (const change of r.changes) {
    if (!change.whileClosed || !change.casualtiesChanged) continue;
    const found = ruleOf(profile, change.facts, 'supplementary');
    if (!found || change.at > occurredAt + found.rule.windowDays * DAY) continue;
    const met = own.find((s) => (s.kind === 'supplementary' || s.kind === 'final') && s.pos > change.pos);
    drafts.push({
      key: `supplementary.${change.eventId}`,
      kind: 'supplementary',
      opensAt: change.at,
      dueAt: change.at + found.rule.dueMinutesAfterChange * MINUTE,
      rule: found.ref,
      ...(met ? { met } : {}),
    });
  }

  // 直报: many dead or missing go to the province as well, unless this station is the province.
  if (r.directTrigger && levelOf(viewpoint) !== 'province') {
    const trigger = r.directTrigger;
    const met = own.find((s) => s.pos > trigger.pos && levelOf(s.addressedTo) === 'province');
    drafts.push({
      key: 'direct.province',
      kind: 'relay',
      opensAt: trigger.at,
      dueAt: trigger.at + trigger.minutes * MINUTE,
      rule: trigger.ref,
      ...(met ? { met } : {}),
    });
  }
  return drafts;
}

/** Daily follow-ups at fixed China-time clock times while responding, up to the first one after now. */
function dailyFollowUps(
  r: Reading,
  incident: Incident,
  profile: RuleProfile,
  now: number,
  viewpoint: JurisdictionCode,
  writtenDue: number | undefined,
  own: readonly SentReport[],
): Draft[] {
  const facts = incident.facts;
  const stationLevel = levelOf(viewpoint);
  const timesFor = (level: SeverityLevel) => {
    const found = ruleOf(profile, selector(facts, level), 'followUpDaily');
    return found ? { times: found.rule.byStationLevel?.[stationLevel] ?? found.rule.times, ref: found.ref } : undefined;
  };
  const candidates = new Set<string>();
  for (const level of ['I', 'II', 'III', 'IV'] as const) for (const t of timesFor(level)?.times ?? []) candidates.add(t);
  if (candidates.size === 0) return [];
  const clock = [...candidates].sort().map((t) => [Number(t.slice(0, 2)), Number(t.slice(3, 5))] as const);

  const slots: Array<Draft & { opensAt: number }> = [];
  for (const period of r.periods) {
    // An open period stops at the first slot after now; the horizon only guards against a level whose
    // rule names none of the candidate times (clock times repeat daily, so two days settle it).
    const horizon = Math.max(now, period.start, writtenDue ?? period.start) + 2 * DAY;
    let opensAt = period.start;
    let day = chinaDayOf(period.start);
    let done = false;
    while (!done) {
      for (const [hour, minute] of clock) {
        const t = chinaInstant(day, hour, minute);
        if (t <= period.start) continue;
        if ((period.end !== undefined && t > period.end) || (period.end === undefined && t > horizon)) {
          done = true;
          break;
        }
        // No follow-up is asked before the first written report is even due.
        if (writtenDue !== undefined && t <= writtenDue) continue;
        const rule = timesFor(levelAt(r.levels, t, facts.level));
        const wall = `${pad(hour)}:${pad(minute)}`;
        if (!rule?.times.includes(wall)) continue;
        slots.push({
          key: `follow_up.daily.${dayKey(day)}T${wall}`,
          kind: 'follow_up',
          opensAt,
          dueAt: t,
          rule: rule.ref,
        });
        opensAt = t;
        if (period.end === undefined && t > now) {
          done = true;
          break;
        }
      }
      day = nextChinaDay(day);
    }
  }

  // Each written follow-up meets the earliest slot whose window had opened when it was sent.
  const reports = own.filter((s) => s.kind === 'follow_up' && s.channel === 'written').sort((a, b) => a.at - b.at || a.pos - b.pos);
  for (const sent of reports) {
    const slot = slots.find((s) => !s.met && s.opensAt < sent.at);
    if (slot) slot.met = sent;
  }
  return slots;
}

/** Relays owed by a station above: each report it received goes up within the per-level limit. */
function relayObligations(r: Reading, profile: RuleProfile, viewpoint: JurisdictionCode): Draft[] {
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  const relay = profile.relay;
  for (const receipt of r.receipts) {
    if (receipt.jurisdiction !== viewpoint || seen.has(receipt.reportId)) continue;
    const report = r.reports.get(receipt.reportId);
    if (!report || report.jurisdiction === viewpoint || !isWithin(report.jurisdiction, viewpoint)) continue;
    seen.add(receipt.reportId);
    if (r.incident) {
      const ceiling = ruleOf(profile, selector(r.incident.facts, levelAt(r.levels, receipt.at, r.incident.facts.level)), 'relayUpTo');
      if (ceiling && rank[levelOf(viewpoint)] <= rank[ceiling.rule.level]) continue;
    }
    const met = r.sends.find((s) => s.jurisdiction === viewpoint && s.pos > receipt.pos);
    drafts.push({
      key: `relay.${receipt.reportId}`,
      kind: 'relay',
      opensAt: receipt.at,
      dueAt: receipt.at + relay.minutesPerLevel * MINUTE,
      rule: { id: `${profile.id}:relay`, source: relay.source },
      ...(met ? { met } : {}),
    });
  }
  return drafts;
}

/**
 * Every report obligation that `viewpoint` has for one incident, as of `now` (ms since the epoch).
 * The incident's own station owes first, follow-up, final and supplementary reports; a station above
 * owes the relay of each report it received. Sorted by due time, then key.
 */
export function obligationsFor(
  history: readonly DomainEvent[],
  profile: RuleProfile,
  now: number,
  viewpoint: JurisdictionCode,
): Obligation[] {
  const r = read(history, profile);
  if (r.incidentId === undefined) return [];
  const drafts: Draft[] = [];
  if (r.incident && r.incident.jurisdiction === viewpoint) drafts.push(...ownObligations(r, r.incident, profile, now, viewpoint));
  else drafts.push(...relayObligations(r, profile, viewpoint));

  const incidentId = r.incidentId;
  return drafts
    .map((d): Obligation => {
      // One object shape built in place: this runs for every obligation of every incident on each event.
      const o: Obligation = { key: d.key, incidentId, kind: d.kind, dueAt: toInstant(d.dueAt), state: 'pending', rule: d.rule };
      if (d.opensAt !== undefined) o.opensAt = toInstant(d.opensAt);
      if (d.met) {
        o.state = d.met.at <= d.dueAt ? 'met' : 'met_late';
        o.metByReportId = d.met.reportId;
        o.metAt = toInstant(d.met.at);
        return o;
      }
      // A waiver from this station or one above it sets an unmet obligation aside.
      const waiver = r.waivers.find((w) => w.key === d.key && isWithin(viewpoint, w.jurisdiction));
      if (waiver) {
        o.state = 'waived';
        o.waivedReason = waiver.reason;
      } else if (now > d.dueAt) o.state = 'overdue';
      return o;
    })
    .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Same-format UTC ISO strings (as toISOString writes them) order as text; others are parsed. */
const compareInstants = (a: string, b: string): number =>
  a.length === 24 && b.length === 24 ? (a < b ? -1 : a > b ? 1 : 0) : toMs(a) - toMs(b);

/** The obligation to watch: the earliest one still owed (pending or overdue), if any. */
export function nextDue(obligations: readonly Obligation[]): Obligation | undefined {
  let next: Obligation | undefined;
  for (const o of obligations) {
    if (o.state !== 'pending' && o.state !== 'overdue') continue;
    if (!next) {
      next = o;
      continue;
    }
    const d = compareInstants(o.dueAt, next.dueAt);
    if (d < 0 || (d === 0 && o.key < next.key)) next = o;
  }
  return next;
}
