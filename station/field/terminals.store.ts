import type { Db } from '../store/db';
import { stationFeature } from '../store/feature';
import { teamTerminals } from './migrations/0230-team-terminals';

/**
 * The 外勤终端 tables of migration 0230 (issue 19; decision 0025): team terminals by token hash, and
 * the taps each has had accepted. Station-local, never events, never synced.
 */
export interface TeamTerminalRow {
  id: string;
  teamId: string;
  label: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface TeamTerminalStore {
  add(row: Omit<TeamTerminalRow, 'revokedAt' | 'revokedBy'> & { tokenSha256: string }): void;
  /** The live (not revoked) terminal holding this token hash. */
  byToken(tokenSha256: string): TeamTerminalRow | undefined;
  byId(id: string): TeamTerminalRow | undefined;
  all(): TeamTerminalRow[];
  /** False when there is no such live terminal (unknown, or revoked already). */
  revoke(id: string, at: string, by: string): boolean;
  /** The terminal that had this tap accepted, if any. */
  tap(tapId: string): { terminalId: string; kind: string } | undefined;
  recordTap(tapId: string, terminalId: string, kind: string, at: string): void;
}

type Raw = Record<string, unknown>;
const row = (r: Raw): TeamTerminalRow => ({
  id: String(r.id),
  teamId: String(r.team_id),
  label: String(r.label),
  createdAt: String(r.created_at),
  createdBy: String(r.created_by),
  revokedAt: typeof r.revoked_at === 'string' ? r.revoked_at : null,
  revokedBy: typeof r.revoked_by === 'string' ? r.revoked_by : null,
});

const COLUMNS = 'id, team_id, label, created_at, created_by, revoked_at, revoked_by';

export function teamTerminalQueries(db: Db): TeamTerminalStore {
  const q = {
    add: db.prepare(
      `INSERT INTO team_terminals (id, team_id, token_sha256, label, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    byToken: db.prepare(`SELECT ${COLUMNS} FROM team_terminals WHERE token_sha256 = ? AND revoked_at IS NULL`),
    byId: db.prepare(`SELECT ${COLUMNS} FROM team_terminals WHERE id = ?`),
    all: db.prepare(`SELECT ${COLUMNS} FROM team_terminals ORDER BY created_at, id`),
    revoke: db.prepare(
      'UPDATE team_terminals SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    tap: db.prepare('SELECT terminal_id, kind FROM team_terminal_taps WHERE tap_id = ?'),
    recordTap: db.prepare(
      'INSERT INTO team_terminal_taps (tap_id, terminal_id, kind, received_at) VALUES (?, ?, ?, ?)',
    ),
  };
  return {
    add: (r) => void q.add.run(r.id, r.teamId, r.tokenSha256, r.label, r.createdAt, r.createdBy),
    byToken(tokenSha256) {
      const r = q.byToken.get(tokenSha256) as Raw | undefined;
      return r ? row(r) : undefined;
    },
    byId(id) {
      const r = q.byId.get(id) as Raw | undefined;
      return r ? row(r) : undefined;
    },
    all: () => (q.all.all() as Raw[]).map(row),
    revoke: (id, at, by) => q.revoke.run(at, by, id).changes === 1,
    tap(tapId) {
      const r = q.tap.get(tapId) as Raw | undefined;
      return r ? { terminalId: String(r.terminal_id), kind: String(r.kind) } : undefined;
    },
    recordTap: (tapId, terminalId, kind, at) => void q.recordTap.run(tapId, terminalId, kind, at),
  };
}

/** 外勤终端 at the station (issue 19): team terminals and their accepted taps, never events. */
export const fieldFeature = stationFeature({
  name: 'field',
  migrations: [teamTerminals],
  repository: (db) => ({ teamTerminals: teamTerminalQueries(db) }),
});
