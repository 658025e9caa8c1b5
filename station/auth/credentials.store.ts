import type { Db } from '../store/db';

/**
 * The station-local security tables of migration 0180 (sign-in, issue 17; decision 0012). Nothing here
 * is an event: hashes and tokens never enter the log, so they never reach the hub.
 */
export interface CredentialRow {
  personId: string;
  hash: string;
  admin: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface FailureRow {
  personId: string;
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export interface PhoneTerminalRow {
  id: string;
  personId: string;
  label: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface CredentialStore {
  credential(personId: string): CredentialRow | undefined;
  /** How many people can sign in: none means the first start (the administrator is set up first). */
  count(): number;
  personIds(): string[];
  setCredential(row: CredentialRow): void;
  /** Sign-in revoked: the person's hash is gone (the record of it is an event). */
  removeCredential(personId: string): boolean;
  /**
   * `work` in one write transaction with whatever it records (a store command nests in it as a savepoint):
   * a credential change and its event commit together or not at all.
   */
  atomically<T>(work: () => T): T;
  failures(personId: string): FailureRow | undefined;
  setFailures(row: FailureRow): void;
  clearFailures(personId: string): void;
  addPhoneTerminal(row: Omit<PhoneTerminalRow, 'revokedAt' | 'revokedBy'> & { tokenSha256: string }): void;
  /** The live (not revoked) terminal holding this token hash. */
  phoneTerminalByToken(tokenSha256: string): PhoneTerminalRow | undefined;
  phoneTerminals(): PhoneTerminalRow[];
  revokePhoneTerminal(id: string, at: string, by: string): boolean;
  /** Every live terminal of a person revoked (their sign-in was revoked): how many. */
  revokePhoneTerminalsOf(personId: string, at: string, by: string): number;
}

type Raw = Record<string, unknown>;
const terminal = (r: Raw): PhoneTerminalRow => ({
  id: String(r.id),
  personId: String(r.person_id),
  label: String(r.label),
  createdAt: String(r.created_at),
  createdBy: String(r.created_by),
  revokedAt: typeof r.revoked_at === 'string' ? r.revoked_at : null,
  revokedBy: typeof r.revoked_by === 'string' ? r.revoked_by : null,
});

export function credentialQueries(db: Db): CredentialStore {
  const q = {
    credential: db.prepare(
      'SELECT person_id, hash, admin, updated_at, updated_by FROM credentials WHERE person_id = ?',
    ),
    remove: db.prepare('DELETE FROM credentials WHERE person_id = ?'),
    count: db.prepare('SELECT count(*) FROM credentials').pluck(),
    personIds: db.prepare('SELECT person_id FROM credentials ORDER BY person_id').pluck(),
    upsert: db.prepare(
      `INSERT INTO credentials (person_id, hash, admin, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (person_id) DO UPDATE SET hash = excluded.hash, admin = excluded.admin,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    failures: db.prepare(
      'SELECT person_id, failures, last_failure_at, locked_until FROM sign_in_failures WHERE person_id = ?',
    ),
    setFailures: db.prepare(
      `INSERT INTO sign_in_failures (person_id, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (person_id) DO UPDATE SET failures = excluded.failures,
         last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
    ),
    clearFailures: db.prepare('DELETE FROM sign_in_failures WHERE person_id = ?'),
    addTerminal: db.prepare(
      `INSERT INTO phone_terminals (id, person_id, token_sha256, label, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    terminalByToken: db.prepare(
      'SELECT * FROM phone_terminals WHERE token_sha256 = ? AND revoked_at IS NULL',
    ),
    terminals: db.prepare('SELECT * FROM phone_terminals ORDER BY created_at, id'),
    revoke: db.prepare(
      'UPDATE phone_terminals SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    revokeOf: db.prepare(
      'UPDATE phone_terminals SET revoked_at = ?, revoked_by = ? WHERE person_id = ? AND revoked_at IS NULL',
    ),
  };
  return {
    credential(personId) {
      const r = q.credential.get(personId) as Raw | undefined;
      return r
        ? {
            personId: String(r.person_id),
            hash: String(r.hash),
            admin: r.admin === 1,
            updatedAt: String(r.updated_at),
            updatedBy: String(r.updated_by),
          }
        : undefined;
    },
    removeCredential: (personId) => q.remove.run(personId).changes === 1,
    atomically: (work) => db.transaction(work).immediate(),
    count: () => Number(q.count.get()),
    personIds: () => q.personIds.all() as string[],
    setCredential: (r) => void q.upsert.run(r.personId, r.hash, r.admin ? 1 : 0, r.updatedAt, r.updatedBy),
    failures(personId) {
      const r = q.failures.get(personId) as Raw | undefined;
      return r
        ? {
            personId: String(r.person_id),
            failures: Number(r.failures),
            lastFailureAt: Number(r.last_failure_at),
            lockedUntil: Number(r.locked_until),
          }
        : undefined;
    },
    setFailures: (r) => void q.setFailures.run(r.personId, r.failures, r.lastFailureAt, r.lockedUntil),
    clearFailures: (personId) => void q.clearFailures.run(personId),
    addPhoneTerminal: (r) =>
      void q.addTerminal.run(r.id, r.personId, r.tokenSha256, r.label, r.createdAt, r.createdBy),
    phoneTerminalByToken(tokenSha256) {
      const r = q.terminalByToken.get(tokenSha256) as Raw | undefined;
      return r ? terminal(r) : undefined;
    },
    phoneTerminals: () => (q.terminals.all() as Raw[]).map(terminal),
    revokePhoneTerminal: (id, at, by) => q.revoke.run(at, by, id).changes === 1,
    revokePhoneTerminalsOf: (personId, at, by) => q.revokeOf.run(at, by, personId).changes,
  };
}
