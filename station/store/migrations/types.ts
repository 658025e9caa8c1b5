import type { Db } from '../db';

export interface MigrationContext {
  /** The station that owns this database: its own events are the ones it must deliver. */
  stationId: string;
}

/** One schema change. Never edited once landed; a fix is a new file numbered in between. */
export interface Migration {
  version: number;
  name: string;
  up: (db: Db, ctx: MigrationContext) => void;
  /** A new projection table starts empty; the store then re-folds every stream from the log. */
  addsProjection?: boolean;
}
