import { toMs, MINUTE, type Instant } from '../time';
import { scriptedActions, type DrillScenario, type ExpectedActionType } from './scenario';

/*
 * 演练评估: a pure scoring of what the drilled room did against what the scenario expected. Nothing
 * here reads a clock or a database: the inputs are the scenario, when each inject reached the room,
 * and what the room did (read from the record by shared/drills/observe.ts).
 */

/** Something the drilled room did, about a subject: the call inject an incident came from, or a warning/question inject. */
export interface ObservedAction {
  action: ExpectedActionType;
  subject: string;
  at: Instant;
  /** What on the record it was (an event id), for the timeline and the report. */
  ref?: string;
}

export interface ScoringInput {
  scenario: DrillScenario;
  /** When each inject reached the drilled room; an inject not delivered (the drill ended first) is absent. */
  delivered: Readonly<Record<string, Instant>>;
  observed: readonly ObservedAction[];
  /** When the evaluation is made: an action done later is not counted. */
  asOf: Instant;
  /** The drill is over: an action not done is missed even if its due time had not come. */
  final?: boolean;
}

/**
 * - `on_time`: done by its due time;
 * - `late`: done after it;
 * - `missed`: not done, and its due time has passed (or the drill ended);
 * - `pending`: not done yet, not yet due, and the drill goes on;
 * - `not_delivered`: its inject never reached the room, so it is not scored.
 */
export type ActionOutcome = 'on_time' | 'late' | 'missed' | 'pending' | 'not_delivered';

export interface ActionResult {
  inject: string;
  action: string;
  type: ExpectedActionType;
  criterion: string;
  weight: number;
  deliveredAt?: Instant;
  dueAt?: Instant;
  doneAt?: Instant;
  ref?: string;
  /** Minutes late (0 when on time); absent when not done. */
  lateMinutes?: number;
  outcome: ActionOutcome;
  /** Share of the weight earned: 1 on time, the scenario's lateCredit when late, 0 otherwise. */
  credit: number;
}

export interface CriterionResult {
  key: string;
  weight: number;
  /** Weighted credit earned and possible, over the actions scored. */
  earned: number;
  possible: number;
  /** 0–100; null when none of its actions was scored (their injects never came). */
  score: number | null;
}

export interface DrillEvaluation {
  actions: ActionResult[];
  criteria: CriterionResult[];
  /** 0–100, the criteria weighted by the scenario; null when nothing was scored. */
  total: number | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Score a drill. Expected actions are matched to observed ones of the same type and subject done at
 * or after the inject reached the room (and by `asOf`); each observed action answers one expectation
 * only (two casualty changes each want their own 续报). The matching first puts as many expectations
 * on time as the record allows — each action, earliest first, answers the open expectation it is in
 * time for whose due time comes first — then gives each expectation still open, in the order its
 * inject came, the earliest action left (late).
 */
export function scoreDrill(input: ScoringInput): DrillEvaluation {
  const { scenario, delivered, asOf } = input;
  const asOfMs = toMs(asOf);
  const pool = [...input.observed]
    .map((o) => ({ o, ms: toMs(o.at) }))
    .filter((p) => p.ms <= asOfMs)
    .sort(
      (a, b) =>
        a.ms - b.ms ||
        (a.o.ref ?? '').localeCompare(b.o.ref ?? '') ||
        a.o.action.localeCompare(b.o.action) ||
        a.o.subject.localeCompare(b.o.subject),
    );
  const all = scriptedActions(scenario).map((s, index) => ({
    ...s,
    index,
    deliveredAt: delivered[s.inject.key],
  }));
  // Only what reached the room is matched; the rest is not scored.
  const scripted = all.flatMap((s) => {
    if (s.deliveredAt === undefined) return [];
    const deliveredMs = toMs(s.deliveredAt);
    return [
      {
        ...s,
        deliveredAt: s.deliveredAt,
        deliveredMs,
        dueMs: deliveredMs + s.expected.dueWithinMinutes * MINUTE,
      },
    ];
  });
  type Scripted = (typeof scripted)[number];
  type Done = (typeof pool)[number];
  const answer = new Map<number, Done>();
  const taken = new Set<number>();
  const fits = (s: Scripted, p: Done) =>
    p.o.action === s.expected.action && p.o.subject === s.subject && p.ms >= s.deliveredMs;
  // On time first: each action, earliest first, answers the open expectation due soonest that it is in time for.
  pool.forEach((p, i) => {
    let best: Scripted | undefined;
    for (const s of scripted) {
      if (answer.has(s.index) || !fits(s, p) || p.ms > s.dueMs) continue;
      if (!best || s.dueMs < best.dueMs || (s.dueMs === best.dueMs && s.index < best.index)) best = s;
    }
    if (best) {
      answer.set(best.index, p);
      taken.add(i);
    }
  });
  // Then late: what is still open, in the order its inject came, takes the earliest action left.
  const open = scripted
    .filter((s) => !answer.has(s.index))
    .sort((a, b) => a.deliveredMs - b.deliveredMs || a.dueMs - b.dueMs || a.index - b.index);
  for (const s of open) {
    const found = pool.findIndex((p, i) => !taken.has(i) && fits(s, p));
    const done = pool[found];
    if (done) {
      answer.set(s.index, done);
      taken.add(found);
    }
  }
  const byIndex = new Map(scripted.map((s) => [s.index, s]));
  const results: ActionResult[] = all.map((a) => {
    const base = {
      inject: a.inject.key,
      action: a.expected.key,
      type: a.expected.action,
      criterion: a.expected.criterion,
      weight: a.expected.weight,
    };
    const s = byIndex.get(a.index);
    if (s === undefined) return { ...base, outcome: 'not_delivered', credit: 0 };
    const timing = { deliveredAt: s.deliveredAt, dueAt: new Date(s.dueMs).toISOString() };
    const done = answer.get(s.index);
    if (!done)
      return {
        ...base,
        ...timing,
        outcome: input.final || asOfMs >= s.dueMs ? 'missed' : 'pending',
        credit: 0,
      };
    const lateMs = Math.max(0, done.ms - s.dueMs);
    return {
      ...base,
      ...timing,
      doneAt: done.o.at,
      ...(done.o.ref !== undefined ? { ref: done.o.ref } : {}),
      lateMinutes: round1(lateMs / MINUTE),
      outcome: lateMs > 0 ? 'late' : 'on_time',
      credit: lateMs > 0 ? scenario.lateCredit : 1,
    };
  });
  const criteria = scenario.criteria.map((c) => {
    const scored = results.filter(
      (r) => r.criterion === c.key && r.outcome !== 'not_delivered' && r.outcome !== 'pending',
    );
    const possible = scored.reduce((sum, r) => sum + r.weight, 0);
    const earned = scored.reduce((sum, r) => sum + r.weight * r.credit, 0);
    return {
      key: c.key,
      weight: c.weight,
      earned,
      possible,
      score: possible > 0 ? round1((earned / possible) * 100) : null,
    };
  });
  const counted = criteria.filter((c) => c.possible > 0);
  const weights = counted.reduce((sum, c) => sum + c.weight, 0);
  const total =
    weights > 0
      ? round1((counted.reduce((sum, c) => sum + c.weight * (c.earned / c.possible), 0) / weights) * 100)
      : null;
  return { actions: results, criteria, total };
}
