import type { Db } from './db';
import type { DrillState } from '../../shared/drills/aggregate';

export interface DrillQueries {
  /** Drills not ended (running or paused), as this station holds them. */
  open(): DrillState[];
  /** Every drill this station holds, newest first by id (ULIDs sort by time), at most `limit`. */
  all(limit?: number): DrillState[];
  byId(id: string): DrillState | undefined;
}

/** The `drills` projection's queries (migration 0220). */
export function drillQueries(db: Db): DrillQueries {
  const open = db.prepare<[]>("SELECT state FROM drills WHERE status <> 'ended' ORDER BY id").pluck();
  const all = db.prepare<[number]>('SELECT state FROM drills ORDER BY id DESC LIMIT ?').pluck();
  const byId = db.prepare<[string]>('SELECT state FROM drills WHERE id = ?').pluck();
  const parse = (rows: unknown[]) => rows.map((r) => JSON.parse(r as string) as DrillState);
  return {
    open: () => parse(open.all()),
    all: (limit = 200) => parse(all.all(limit)),
    byId: (id) => {
      const row = byId.get(id) as string | undefined;
      return row === undefined ? undefined : (JSON.parse(row) as DrillState);
    },
  };
}
