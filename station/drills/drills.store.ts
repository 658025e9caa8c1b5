import { decideDrill, evolveDrill, type DrillCommand, type DrillEvent, type DrillState } from '../../shared/drills/aggregate';
import type { DrillScenario } from '../../shared/drills/scenario';
import { scenarioIn, shippedScenario } from '../../shared/drills/shippedScenarios';
import { payloadText, stationFeature } from '../store/feature';

/** 演练 (issue 22): the drills this station holds, as the `drills` projection (migration 0220) keeps them. */
export interface DrillQueries {
  /** Drills not ended (running or paused), as this station holds them. */
  open(): DrillState[];
  /** Every drill this station holds, newest first by id (ULIDs sort by time), at most `limit`. */
  all(limit?: number): DrillState[];
  byId(id: string): DrillState | undefined;
}

export interface DrillRepository {
  /** 演练: the drills this station holds. */
  readonly drills: DrillQueries;
  /** A drill script by id and version (the latest when absent): the site's own, then the shipped ones. */
  drillScenario(id: string, version?: number): DrillScenario | undefined;
}

/** The drills feature at the station: its projection, its queries and how a drill command is decided. */
export const drillsFeature = stationFeature<DrillRepository>({
  name: 'drills',
  projections: {
    drill: {
      table: 'drills',
      evolve: (s, e) => evolveDrill(s as DrillState | undefined, e as DrillEvent),
      columns: { status: (s: DrillState) => s.status, organiser: (s: DrillState) => s.organiser },
    },
  },
  repository(db, options) {
    const open = db.prepare<[]>("SELECT state FROM drills WHERE status <> 'ended' ORDER BY id").pluck();
    const all = db.prepare<[number]>('SELECT state FROM drills ORDER BY id DESC LIMIT ?').pluck();
    const byId = db.prepare<[string]>('SELECT state FROM drills WHERE id = ?').pluck();
    const parse = (rows: unknown[]) => rows.map((r) => JSON.parse(r as string) as DrillState);
    const siteScenarios = options.drillScenarios ?? [];
    return {
      drills: {
        open: () => parse(open.all()),
        all: (limit = 200) => parse(all.all(limit)),
        byId: (id) => {
          const row = byId.get(id) as string | undefined;
          return row === undefined ? undefined : (JSON.parse(row) as DrillState);
        },
      },
      drillScenario: (id, version) => scenarioIn(siteScenarios, id, version) ?? shippedScenario(id, version),
    };
  },
  decide: {
    drill(cmd, load, ctx) {
      const drillId = payloadText(cmd, 'drillId');
      const state = drillId ? load.state<DrillState>(`drill:${drillId}`) : undefined;
      const scenario =
        cmd.type === 'drill.start'
          ? load.read.drillScenario(cmd.payload.scenarioId, cmd.payload.scenarioVersion)
          : state?.plan
            ? load.read.drillScenario(state.plan.scenarioId, state.plan.scenarioVersion)
            : undefined;
      return decideDrill(cmd as DrillCommand, { state, scenario }, ctx);
    },
  },
});
