import type { Incident, SeverityLevel } from '../domain/incident';
import type { ReportChannel, ReportKind } from '../domain/report';
import { isWithin, levelOf, type JurisdictionCode } from '../domain/jurisdiction';
import type { DomainEvent } from '../events/envelope';
import { evolveIncident, type IncidentEvent } from '../aggregates/incident';
import { DAY, HOUR, MINUTE, toInstant, toMs } from '../time';
import { calendarPeriodEnd, chinaDayOf, chinaInstant, dayKey, nextChinaDay } from './calendar';
import type { FollowUpSchedule, Obligation, ObligationKind } from './obligation';
import { ruleOf, type RuleProfile, type RuleRef, type RuleSelector } from './profile';

/*
 * The report-deadline engine: a pure fold over one incident's history (its own events and those of
 * its reports). Every rule compares the times of the facts — sent at, changed at, closed at, received
 * at — never positions in the log: reports and changes that reach a station late from the hub, and
 * two stations' events interleaved in any order, give the same obligations as long as each station's
 * own events keep their order. Two facts at the same instant are ordered by their station's own
 * sequence (and, across stations, by station id): a tie never depends on the log either.
 * (Each jurisdiction has one station, so the facts one rule compares come from one station's clock:
 * docs/decisions/0009-report-rules-to-the-letter.md.)
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
 *   meets the earliest slot whose window (since the previous slot) had opened when it was sent. What
 *   starts the slots is the profile's `dailyFollowUps.startsFrom`; closure stops them.
 * - Reopening an incident drops an unmet final report (the incident is not over); each closure opens
 *   its own final report obligation.
 */

/** Where a fact sits in time: its instant, then its station's own order for ties. */
interface Moment {
  at: number;
  station: string;
  seq: number;
}

const momentOf = (e: DomainEvent): Moment => ({ at: toMs(e.occurredAt), station: e.station, seq: e.stationSeq });

/** Whether `a` happened after `b`. */
const later = (a: Moment, b: Moment): boolean =>
  a.at !== b.at ? a.at > b.at : a.station !== b.station ? a.station > b.station : a.seq > b.seq;

const byMoment = (a: Moment, b: Moment): number =>
  a.at - b.at || (a.station < b.station ? -1 : a.station > b.station ? 1 : a.seq - b.seq);

interface SentReport extends Moment {
  reportId: string;
  kind: ReportKind;
  channel: ReportChannel;
  /** The sending station's jurisdiction. */
  jurisdiction: JurisdictionCode;
  addressedTo: JurisdictionCode;
}

interface ReportInfo {
  kind: ReportKind;
  channel: ReportChannel;
  jurisdiction: JurisdictionCode;
}

interface LevelChange {
  /** Where its limit counts from: received-at for the level registered, else the change. */
  from: number;
  moment: Moment;
  level: SeverityLevel;
  atRegistration: boolean;
}

interface FactsChange {
  eventId: string;
  moment: Moment;
  facts: RuleSelector;
  whileClosed: boolean;
  casualtiesChanged: boolean;
}

/** A run of daily slots: from what the profile says starts them (or a reopening) to a closure. */
interface Period {
  start: number;
  end?: number;
}

interface Closure {
  moment: Moment;
  level: SeverityLevel;
  reopened?: Moment;
}

interface Draft {
  key: string;
  kind: ObligationKind;
  dueAt: number;
  opensAt?: number;
  rule: RuleRef;
  met?: SentReport;
  /** Daily slots: what started their run and what stops it, as instants (one object per run). */
  schedule?: NonNullable<Obligation['schedule']>;
}

/** Where the fold has got to after reading a history. */
interface Reading {
  incidentId?: string;
  incident?: Incident;
  reports: Map<string, ReportInfo>;
  /** Sends that count (signed off where the profile requires it), earliest first. */
  sends: SentReport[];
  /** Receipts of reports of this incident, earliest first. */
  receipts: Array<Moment & { reportId: string; jurisdiction: JurisdictionCode }>;
  /** Waivers, earliest first: the first that applies gives the reason. */
  waivers: Array<Moment & { key: string; reason: string; jurisdiction: JurisdictionCode }>;
  levels: LevelChange[];
  changes: FactsChange[];
  /** Runs of daily follow-ups by what starts them: from registration (and each reopening), or from 处置中. */
  openPeriods: Period[];
  respondingPeriods: Period[];
  closures: Closure[];
  directTrigger?: { from: number; moment: Moment; minutes: number; ref: RuleRef };
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

/**
 * Read a history into facts. The incident's own events are folded in the order given (they are its
 * station's, in that station's order); reports, receipts and waivers are collected whatever their
 * position and resolved against each other by time once everything is read.
 */
function read(history: readonly DomainEvent[], profile: RuleProfile): Reading {
  const r: Reading = {
    reports: new Map(),
    sends: [],
    receipts: [],
    waivers: [],
    levels: [],
    changes: [],
    openPeriods: [],
    respondingPeriods: [],
    closures: [],
  };
  const sent: Array<
    Moment & { reportId: string; jurisdiction: JurisdictionCode; addressedTo: JurisdictionCode; external: boolean }
  > = [];
  /** Receipts recorded at the sender for reports sent outside Duty Room (issue 19), at the time received. */
  const recorded: Array<Moment & { reportId: string }> = [];
  const received: Array<Moment & { reportId: string; jurisdiction: JurisdictionCode }> = [];
  const approvals = new Map<string, Moment[]>();
  for (const e of history) {
    if (e.type.startsWith('incident.')) {
      const incidentId = e.stream.slice('incident:'.length);
      if (r.incidentId !== undefined && incidentId !== r.incidentId) continue;
      if (e.type === 'incident.obligation_waived') {
        // A waiver (often an upper station's) counts wherever the merge put it.
        r.incidentId = incidentId;
        const { obligationKey: key, reason } = e.payload;
        r.waivers.push({ at: toMs(e.occurredAt), station: e.station, seq: e.stationSeq, key, reason, jurisdiction: e.jurisdiction });
        continue;
      }
      const before = r.incident;
      const after = evolveIncident(before, e as IncidentEvent);
      if (!after) continue;
      r.incidentId = incidentId;
      r.incident = after;
      const moment = momentOf(e);
      const at = moment.at;
      switch (e.type) {
        case 'incident.registered':
          if (before) continue;
          r.levels.push({ from: toMs(after.facts.receivedAt), moment, level: after.facts.level, atRegistration: true });
          r.openPeriods.push({ start: toMs(after.facts.receivedAt) });
          break;
        case 'incident.facts_updated': {
          if (!before) continue;
          const levelChanged = after.facts.level !== before.facts.level;
          const casualtiesChanged = !sameCasualties(after.facts.casualties, before.facts.casualties);
          if (levelChanged) r.levels.push({ from: at, moment, level: after.facts.level, atRegistration: false });
          if (levelChanged || casualtiesChanged) {
            r.changes.push({ eventId: e.id, moment, facts: selector(after.facts), whileClosed: before.status === 'closed', casualtiesChanged });
          }
          break;
        }
        case 'incident.response_started':
          if (before?.status === 'received') r.respondingPeriods.push({ start: at });
          break;
        case 'incident.closed': {
          for (const periods of [r.openPeriods, r.respondingPeriods]) {
            const open = periods.at(-1);
            if (open && open.end === undefined) open.end = at;
          }
          r.closures.push({ moment, level: after.facts.level });
          break;
        }
        case 'incident.reopened': {
          const last = r.closures.at(-1);
          if (last && last.reopened === undefined) last.reopened = moment;
          r.openPeriods.push({ start: at });
          if (after.status === 'responding') r.respondingPeriods.push({ start: at });
          break;
        }
      }
      // 10 or more dead or missing (or any, for a rule by severity): the first moment the facts reach it.
      if (!r.directTrigger) {
        const direct = ruleOf(profile, selector(after.facts), 'directToProvince');
        const { dead, missing } = after.facts.casualties;
        if (direct && dead + missing >= direct.rule.deadOrMissingAtLeast) {
          const from = e.type === 'incident.registered' ? toMs(after.facts.receivedAt) : at;
          r.directTrigger = { from, moment, minutes: direct.rule.minutes, ref: direct.ref };
        }
      }
      continue;
    }
    const reportId = e.stream.slice('report:'.length);
    switch (e.type) {
      case 'report.drafted':
        if (r.incidentId === undefined) r.incidentId = e.payload.incidentId;
        if (e.payload.incidentId !== r.incidentId || r.reports.has(reportId)) continue;
        r.reports.set(reportId, { kind: e.payload.kind, channel: e.payload.channel, jurisdiction: e.jurisdiction });
        continue;
      case 'report.approved': {
        const list = approvals.get(reportId);
        const moment = momentOf(e);
        if (list) list.push(moment);
        else approvals.set(reportId, [moment]);
        continue;
      }
      case 'report.sent':
        sent.push({
          at: toMs(e.occurredAt),
          station: e.station,
          seq: e.stationSeq,
          reportId,
          jurisdiction: e.jurisdiction,
          addressedTo: e.payload.addressedTo,
          external: e.payload.external !== undefined,
        });
        continue;
      case 'report.receipt_recorded':
        recorded.push({ at: toMs(e.payload.receivedAt), station: e.station, seq: e.stationSeq, reportId });
        continue;
      case 'report.received':
        received.push({ at: toMs(e.occurredAt), station: e.station, seq: e.stationSeq, reportId, jurisdiction: e.jurisdiction });
        continue;
    }
  }
  for (const s of sent) {
    const info = r.reports.get(s.reportId);
    if (!info) continue;
    // Where 签发 is required, a written report counts only if signed off before it went out.
    if (profile.signOff.required && info.channel === 'written' && !approvals.get(s.reportId)?.some((a) => later(s, a))) continue;
    const { reportId, jurisdiction, addressedTo } = s;
    // Sent to a unit outside Duty Room (decision 0022): it counts once its receipt is recorded, as of the
    // time received. The receipt answers the sender's latest send of that report before it (one station's order).
    const counted = s.external ? receiptOf(s, sent, recorded) : s;
    if (!counted) continue;
    const { at, station, seq } = counted;
    r.sends.push({ at, station, seq, reportId, kind: info.kind, channel: info.channel, jurisdiction, addressedTo });
  }
  r.sends.sort(byMoment);
  r.receipts = received.filter((x) => r.reports.has(x.reportId)).sort(byMoment);
  r.waivers.sort(byMoment);
  return r;
}

/** The receipt recorded for an external send: after it in its station's order, before that report's next send. */
function receiptOf(
  send: Moment & { reportId: string },
  sends: ReadonlyArray<Moment & { reportId: string }>,
  receipts: ReadonlyArray<Moment & { reportId: string }>,
): Moment | undefined {
  const ownOrder = (m: Moment) => m.station === send.station && m.seq > send.seq;
  const next = sends
    .filter((x) => x.reportId === send.reportId && ownOrder(x))
    .reduce<number>((min, x) => Math.min(min, x.seq), Number.POSITIVE_INFINITY);
  return receipts.find((x) => x.reportId === send.reportId && ownOrder(x) && x.seq < next);
}

/** The incident's level in force at an instant (the latest change at or before it). */
function levelAt(levels: readonly LevelChange[], t: number, registered: SeverityLevel): SeverityLevel {
  let level = registered;
  let since = -Infinity;
  for (const c of levels) {
    if (c.from <= t && c.from >= since) {
      level = c.level;
      since = c.from;
    }
  }
  return level;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Stations at these ranks relay upward; a report stops at its ceiling (national = 0). */
const rank = { national: 0, province: 1, city: 2, district: 3, township: 4, village: 5 } as const;

function ownObligations(r: Reading, incident: Incident, profile: RuleProfile, now: number, viewpoint: JurisdictionCode): Draft[] {
  const facts = incident.facts;
  const own = r.sends.filter((s) => s.jurisdiction === viewpoint);
  const drafts: Draft[] = [];

  // 首报: by phone and in writing, counted from received-at; an upgrade counts the new limit from the change.
  const initial = (name: 'initialPhone' | 'initialWritten', kind: ObligationKind, key: string, meets: (s: SentReport) => boolean) => {
    const best = initialDue(r, incident, profile, name, own.find(meets));
    if (best) drafts.push({ ...best, key, kind });
    return best?.dueAt;
  };
  initial('initialPhone', 'initial_phone', 'initial.phone', (s) => s.kind === 'initial');
  const writtenDue = initial('initialWritten', 'initial_written', 'initial.written', (s) => s.kind === 'initial' && s.channel === 'written');

  // 续报 after a change of casualties or level, once a written account is out.
  for (const change of r.changes) {
    if (change.whileClosed) continue;
    const found = ruleOf(profile, change.facts, 'followUpAfterChange');
    if (!found) continue;
    if (!own.some((s) => s.channel === 'written' && later(change.moment, s))) continue;
    const met = own.find((s) => later(s, change.moment));
    drafts.push({
      key: `follow_up.change.${change.eventId}`,
      kind: 'follow_up',
      opensAt: change.moment.at,
      dueAt: change.moment.at + found.rule.minutes * MINUTE,
      rule: found.ref,
      ...(met ? { met } : {}),
    });
  }

  drafts.push(...dailyFollowUps(r, incident, profile, now, viewpoint, writtenDue, own));

  // 终报 after each closure that stands.
  r.closures.forEach((closure, i) => {
    const found = ruleOf(profile, selector(facts, closure.level), 'final');
    if (!found) return;
    const reopened = closure.reopened;
    const met = own.find((s) => s.kind === 'final' && later(s, closure.moment) && (reopened === undefined || later(reopened, s)));
    if (!met && reopened !== undefined) return;
    drafts.push({
      key: i === 0 ? 'final' : `final.${i + 1}`,
      kind: 'final',
      opensAt: closure.moment.at,
      dueAt: closure.moment.at + found.rule.hoursAfterClosure * HOUR,
      rule: found.ref,
      ...(met ? { met } : {}),
    });
  });

  // 补报: casualty changes after closure, inside the window counted from occurred-at (Reg. 493 art. 13).
  const occurredAt = toMs(facts.occurredAt);
  for (const change of r.changes) {
    if (!change.whileClosed || !change.casualtiesChanged) continue;
    const found = ruleOf(profile, change.facts, 'supplementary');
    if (!found || !withinDays(occurredAt, change.moment.at, found.rule.windowDays, found.rule.dayCounting)) continue;
    const met = own.find((s) => (s.kind === 'supplementary' || s.kind === 'final') && later(s, change.moment));
    drafts.push({
      key: `supplementary.${change.eventId}`,
      kind: 'supplementary',
      opensAt: change.moment.at,
      dueAt: change.moment.at + found.rule.dueMinutesAfterChange * MINUTE,
      rule: found.ref,
      ...(met ? { met } : {}),
    });
  }

  // 直报: many dead or missing go to the province as well, unless this station is the province.
  if (r.directTrigger && levelOf(viewpoint) !== 'province') {
    const trigger = r.directTrigger;
    const met = own.find((s) => later(s, trigger.moment) && levelOf(s.addressedTo) === 'province');
    drafts.push({
      key: 'direct.province',
      kind: 'relay',
      opensAt: trigger.from,
      dueAt: trigger.from + trigger.minutes * MINUTE,
      rule: trigger.ref,
      ...(met ? { met } : {}),
    });
  }
  return drafts;
}

/**
 * A first-report due time: each level the incident had before the report went out asks its limit, from
 * received-at for the level registered and from the change for a later one; the earliest stands.
 */
function initialDue(
  r: Reading,
  incident: Incident,
  profile: RuleProfile,
  name: 'initialPhone' | 'initialWritten',
  met: SentReport | undefined,
): Omit<Draft, 'key' | 'kind'> | undefined {
  let best: Omit<Draft, 'key' | 'kind'> | undefined;
  for (const change of r.levels) {
    if (met && later(change.moment, met)) continue;
    const found = ruleOf(profile, selector(incident.facts, change.level), name);
    if (!found) continue;
    const dueAt = change.from + found.rule.minutes * MINUTE;
    if (!best || dueAt < best.dueAt) {
      best = { dueAt, rule: found.ref, ...(change.atRegistration ? {} : { opensAt: change.from }), ...(met ? { met } : {}) };
    }
  }
  return best;
}

/** Whether `t` falls inside a period of `days` days counted from `from`, by the rule's convention. */
function withinDays(from: number, t: number, days: number, counting: 'calendar' | 'elapsed'): boolean {
  return counting === 'calendar' ? t < calendarPeriodEnd(from, days) : t <= from + days * DAY;
}

/**
 * The runs of daily follow-ups: from the written first report's due time (else registration), from
 * registration, or from 处置中, as the profile says; each stops at a closure, and a reopening starts
 * another. `floor`: no slot at or before it (the written first report is not yet due).
 */
function runsOf(r: Reading, profile: RuleProfile, writtenDue: number | undefined): { runs: Period[]; floor: number | undefined } {
  switch (profile.dailyFollowUps.startsFrom) {
    case 'registration':
      return { runs: r.openPeriods, floor: undefined };
    case 'responding':
      return { runs: r.respondingPeriods, floor: writtenDue };
    case 'first_report':
      return {
        runs: r.openPeriods.map((p) => ({ ...p, start: writtenDue !== undefined ? Math.max(p.start, writtenDue) : p.start })),
        floor: writtenDue,
      };
  }
}

/** The clock times of the daily rule at a level, for this station's level. */
function dailyTimes(profile: RuleProfile, facts: Incident['facts'], level: SeverityLevel, viewpoint: JurisdictionCode) {
  const found = ruleOf(profile, selector(facts, level), 'followUpDaily');
  return found ? { times: found.rule.byStationLevel?.[levelOf(viewpoint)] ?? found.rule.times, ref: found.ref } : undefined;
}

/** Daily follow-ups at fixed China-time clock times over each run, up to the first one after now. */
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
  const timesFor = (level: SeverityLevel) => dailyTimes(profile, facts, level, viewpoint);
  const candidates = new Set<string>();
  for (const level of ['I', 'II', 'III', 'IV'] as const) for (const t of timesFor(level)?.times ?? []) candidates.add(t);
  if (candidates.size === 0) return [];
  const clock = [...candidates].sort().map((t) => [Number(t.slice(0, 2)), Number(t.slice(3, 5))] as const);
  const startsBy = profile.dailyFollowUps.startsFrom;
  const { runs, floor } = runsOf(r, profile, writtenDue);

  const slots: Array<Draft & { opensAt: number }> = [];
  for (const run of runs) {
    if (run.end !== undefined && run.end < run.start) continue;
    // An open run stops at the first slot after now; the horizon only guards against a level whose
    // rule names none of the candidate times (clock times repeat daily, so two days settle it).
    const horizon = Math.max(now, run.start, floor ?? run.start) + 2 * DAY;
    const schedule = { startsBy, startsAt: toInstant(run.start), ...(run.end !== undefined ? { stopsAt: toInstant(run.end) } : {}) };
    let opensAt = run.start;
    let day = chinaDayOf(run.start);
    let done = false;
    while (!done) {
      for (const [hour, minute] of clock) {
        const t = chinaInstant(day, hour, minute);
        if (t <= run.start) continue;
        if ((run.end !== undefined && t > run.end) || (run.end === undefined && t > horizon)) {
          done = true;
          break;
        }
        // No follow-up is asked before the first written report is even due (unless counted from registration).
        if (floor !== undefined && t <= floor) continue;
        const rule = timesFor(levelAt(r.levels, t, facts.level));
        const wall = `${pad(hour)}:${pad(minute)}`;
        if (!rule?.times.includes(wall)) continue;
        slots.push({
          key: `follow_up.daily.${dayKey(day)}T${wall}`,
          kind: 'follow_up',
          opensAt,
          dueAt: t,
          rule: rule.ref,
          schedule,
        });
        opensAt = t;
        if (run.end === undefined && t > now) {
          done = true;
          break;
        }
      }
      day = nextChinaDay(day);
    }
  }

  // Each written follow-up meets the earliest slot whose window had opened when it was sent.
  for (const sent of own) {
    if (sent.kind !== 'follow_up' || sent.channel !== 'written') continue;
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
    const met = r.sends.find((s) => s.jurisdiction === viewpoint && later(s, receipt));
    drafts.push({
      key: `relay.${receipt.reportId}`,
      kind: 'relay',
      opensAt: receipt.at,
      dueAt: receipt.at + relay.minutesPerLevel * MINUTE,
      rule: { id: `${profile.id}:relay`, path: 'relay', source: relay.source },
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
      if (d.schedule) o.schedule = d.schedule;
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

/**
 * What starts and stops an incident's daily follow-ups, for the incident's page: undefined when its
 * level now asks none (or `viewpoint` is not the incident's own station, which alone owes them).
 */
export function followUpScheduleOf(
  history: readonly DomainEvent[],
  profile: RuleProfile,
  viewpoint?: JurisdictionCode,
): FollowUpSchedule | undefined {
  const r = read(history, profile);
  const incident = r.incident;
  if (!incident || (viewpoint !== undefined && viewpoint !== incident.jurisdiction)) return undefined;
  const station = viewpoint ?? incident.jurisdiction;
  const daily = dailyTimes(profile, incident.facts, incident.facts.level, station);
  if (!daily) return undefined;
  const own = r.sends.filter((s) => s.jurisdiction === station);
  const written = initialDue(r, incident, profile, 'initialWritten', own.find((s) => s.kind === 'initial' && s.channel === 'written'));
  const run = runsOf(r, profile, written?.dueAt).runs.at(-1);
  const setting = profile.dailyFollowUps;
  return {
    startsBy: setting.startsFrom,
    ...(run ? { startsAt: toInstant(run.start) } : {}),
    ...(run?.end !== undefined ? { stopsAt: toInstant(run.end) } : {}),
    times: [...daily.times],
    rule: daily.ref,
    start: { path: 'dailyFollowUps', source: setting.source },
  };
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
