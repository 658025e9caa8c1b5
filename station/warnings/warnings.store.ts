import {
  decideWarning,
  evolveWarning,
  type WarningCommand,
  type WarningEvent,
  type WarningState,
} from '../../shared/warnings/aggregate';
import { payloadText, stationFeature } from '../store/feature';
import { projectionWarnings } from './migrations/0140-projection-warnings';

/** 预警: the warnings this station holds (the `warnings` projection). */
export interface WarningRepository {
  /** Warnings in force, and those issued at or after `issuedSince` whatever their status; newest first. */
  warnings(issuedSince?: string): WarningState[];
  warning(id: string): WarningState | undefined;
}

/** The warnings feature at the station: its projection, its queries and how a warning command is decided. */
export const warningsFeature = stationFeature<WarningRepository>({
  name: 'warnings',
  migrations: [projectionWarnings],
  projections: {
    warning: {
      table: 'warnings',
      evolve: (s, e) => evolveWarning(s as WarningState | undefined, e as WarningEvent),
      columns: { status: (s: WarningState) => s.status, issued_at: (s: WarningState) => s.issuedAt },
    },
  },
  repository(db) {
    const since = db
      .prepare("SELECT state FROM warnings WHERE status = 'active' OR issued_at >= ? ORDER BY issued_at DESC, id")
      .pluck();
    const byId = db.prepare('SELECT state FROM warnings WHERE id = ?').pluck();
    return {
      // '~' sorts after every instant: without `issuedSince`, only the warnings in force.
      warnings: (issuedSince = '~') => since.all(issuedSince).map((r) => JSON.parse(r as string) as WarningState),
      warning: (id) => {
        const row = byId.get(id);
        return typeof row === 'string' ? (JSON.parse(row) as WarningState) : undefined;
      },
    };
  },
  decide: {
    warning(cmd, load, ctx) {
      const id = payloadText(cmd, 'warningId');
      return decideWarning(cmd as WarningCommand, id ? (load.state(`warning:${id}`) as WarningState | undefined) : undefined, ctx);
    },
  },
});
