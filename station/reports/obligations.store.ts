import type { DomainEvent } from '../../shared/events/envelope';
import type { Report } from '../../shared/domain/report';
import { defaultRuleProfile } from '../../shared/rules/profile';
import { canMoveObligations, obligationsFor } from '../../shared/rules/obligations';
import type { DerivedTable, DerivedUpkeep, Folded } from '../store/feature';
import { drillAware, type Obligation, type ObligationEngine } from './obligations';

/** 报告时限: the deadline engine's obligations, derived from each incident and its reports (the `obligations` table). */
export interface ObligationRepository {
  /** Obligations still owed (pending or overdue), earliest due first; `limit` caps a long list. */
  pendingObligations(limit?: number): Obligation[];
  obligationsOf(incidentId: string): Obligation[];
  /** Recompute the obligations of every open incident as of now; returns how many incidents. */
  refreshObligations(): number;
  /** Recompute one incident's obligations as of now (its pending due time passed); returns them. */
  refreshObligationsOf(incidentId: string): Obligation[];
}

/** Whether an incident's stored obligation rows are exactly these (a row's other columns come from its body). */
function sameObligations(
  stored: ReadonlyArray<{ key: string; body: string }>,
  list: readonly Obligation[],
  bodies: readonly string[],
): boolean {
  if (stored.length !== list.length) return false;
  const byKey = new Map(stored.map((r) => [r.key, r.body]));
  return list.every((o, i) => byKey.get(o.key) === bodies[i]);
}

/** Enough for every open incident of a busy station; beyond it the cache starts again. */
const MAX_CACHED_HISTORIES = 5_000;

const nowObligationState = (o: Obligation, nowMs: number): Obligation =>
  o.state === 'pending' && Date.parse(o.dueAt) < nowMs ? { ...o, state: 'overdue' } : o;

const parseAll = (rows: unknown[]): Obligation[] => rows.map((r) => JSON.parse(r as string) as Obligation);

/**
 * The obligations table's upkeep: every incident a fold touched (its own stream, or a report naming it)
 * has its obligations recomputed at flush from its history — the incident's stream and its reports'
 * streams merged in canonical order — and its rows rewritten only when they changed.
 */
const upkeep: DerivedTable<ObligationRepository>['upkeep'] = (db, source): DerivedUpkeep => {
  const profile = source.options.ruleProfile ?? defaultRuleProfile;
  const engine: ObligationEngine = drillAware((history, now, viewpoint) =>
    obligationsFor(history, profile, now, viewpoint),
  );
  const viewpoint = source.options.jurisdiction;
  const reportIdsOf = db.prepare('SELECT id FROM reports WHERE incident_id = ?').pluck();
  const deleteObligations = db.prepare('DELETE FROM obligations WHERE incident_id = ?');
  const obligationBodies = db.prepare('SELECT key, body FROM obligations WHERE incident_id = ?');
  const insertObligation = db.prepare(
    'INSERT INTO obligations (incident_id, key, kind, due_at, state, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const incidentExists = db.prepare('SELECT 1 FROM incidents WHERE id = ?').pluck();
  // One look for both ways an incident can already have a history: an earlier event in its stream, a report naming it.
  const anythingBefore = db
    .prepare(
      'SELECT EXISTS (SELECT 1 FROM events WHERE stream = ? AND pos < ?) OR EXISTS (SELECT 1 FROM reports WHERE incident_id = ?)',
    )
    .pluck();

  const touchedIncidents = new Set<string>();
  /** Incidents registered in this transaction with no history before: no obligation rows to compare with yet. */
  const newIncidents = new Set<string>();
  /** Incident histories in canonical order, kept across transactions (see historyOf). */
  const histories = new Map<string, DomainEvent[]>();

  /** The incident a fold concerns, marked for a recompute unless the event cannot move its obligations. */
  const noteIncident = (fold: Folded, movesObligations = true): string | undefined => {
    let incidentId: string | undefined;
    if (fold.aggregate === 'incident') incidentId = fold.id;
    else if (fold.aggregate === 'report' && fold.next) incidentId = (fold.next as Report).incidentId;
    if (incidentId !== undefined && movesObligations) touchedIncidents.add(incidentId);
    return incidentId;
  };

  /** The registration of an incident with no earlier event in its stream and no report naming it yet. */
  const isFirstOfIncident = (event: DomainEvent, fold: Folded, pos: number): boolean =>
    event.type === 'incident.registered' &&
    fold.previous === undefined &&
    anythingBefore.get(event.stream, pos, fold.id) === 0;

  /** The incident's history, cached between transactions so a long incident is not re-read on every append. */
  const historyOf = (incidentId: string): DomainEvent[] => {
    const cached = histories.get(incidentId);
    if (cached) return cached;
    const history = source.mergedEvents([
      `incident:${incidentId}`,
      ...(reportIdsOf.all(incidentId) as string[]).map((r) => `report:${r}`),
    ]);
    if (histories.size >= MAX_CACHED_HISTORIES) histories.clear();
    histories.set(incidentId, history);
    return history;
  };

  const recompute = (incidentId: string): void => {
    // Within a flush the incident's state just written is still held: no need to ask the table.
    const held = source.heldState(`incident:${incidentId}`);
    const exists = held ? held.state !== undefined : incidentExists.get(incidentId) !== undefined;
    const list = exists ? engine(historyOf(incidentId), source.clock(), viewpoint) : [];
    const bodies = list.map((o) => JSON.stringify(o));
    // Most changes leave an incident's obligations as they were: then its rows are left untouched
    // (no deleted and re-inserted rows for the commit to write). A new incident has none yet.
    const stored = newIncidents.has(incidentId)
      ? []
      : (obligationBodies.all(incidentId) as Array<{ key: string; body: string }>);
    if (sameObligations(stored, list, bodies)) return;
    if (stored.length > 0) deleteObligations.run(incidentId);
    list.forEach((o, i) => {
      insertObligation.run(incidentId, o.key, o.kind, o.dueAt, o.state, bodies[i]);
    });
  };

  return {
    folded(fold, event, origin, pos) {
      const incidentId = noteIncident(fold, canMoveObligations(event));
      if (incidentId === undefined) return;
      const history = histories.get(incidentId);
      if (history && origin === 'local') history.push(event);
      else if (origin === 'local' && pos !== undefined && isFirstOfIncident(event, fold, pos)) {
        // A new incident's whole history is this one event: no need to read it back from the log.
        if (histories.size >= MAX_CACHED_HISTORIES) histories.clear();
        histories.set(incidentId, [event]);
        newIncidents.add(incidentId);
      } else histories.delete(incidentId);
    },
    refolded(fold) {
      const incidentId = noteIncident(fold);
      if (incidentId !== undefined) histories.delete(incidentId);
      // A report that moved to another incident leaves the old one's obligations to recompute too.
      if (fold.aggregate === 'report' && fold.previous) {
        touchedIncidents.add((fold.previous as Report).incidentId);
        histories.delete((fold.previous as Report).incidentId);
      }
    },
    flush() {
      for (const incidentId of touchedIncidents) recompute(incidentId);
      touchedIncidents.clear();
      newIncidents.clear();
    },
    recompute,
    discard() {
      touchedIncidents.clear();
      newIncidents.clear();
      histories.clear();
    },
    reordered() {
      histories.clear();
    },
  };
};

/**
 * The report obligations the deadline engine owes (首报, 续报, 转报 and their due times), derived from the
 * incidents and reports projections. Read with the time of asking: a pending one past due reads overdue.
 */
export const obligationsTable: DerivedTable<ObligationRepository> = {
  table: 'obligations',
  watches: ['incident', 'report'],
  upkeep,
  repository(db, options, rewrite) {
    const clock = options.clock ?? Date.now;
    const pending = db
      .prepare("SELECT body FROM obligations WHERE state IN ('pending', 'overdue') ORDER BY due_at LIMIT ?")
      .pluck();
    const ofIncident = db.prepare('SELECT body FROM obligations WHERE incident_id = ? ORDER BY due_at, key').pluck();
    const openIncidentIds = db.prepare("SELECT id FROM incidents WHERE status <> 'closed'").pluck();
    const obligationsOf = (incidentId: string): Obligation[] => {
      const now = clock();
      return parseAll(ofIncident.all(incidentId)).map((o) => nowObligationState(o, now));
    };
    return {
      pendingObligations(limit = -1) {
        const now = clock();
        return parseAll(pending.all(limit)).map((o) => nowObligationState(o, now));
      },
      obligationsOf,
      refreshObligations: () =>
        rewrite((recompute) => {
          const ids = openIncidentIds.all() as string[];
          for (const id of ids) recompute(id);
          return ids.length;
        }),
      refreshObligationsOf(incidentId) {
        rewrite((recompute) => {
          recompute(incidentId);
        });
        return obligationsOf(incidentId);
      },
    };
  },
};
