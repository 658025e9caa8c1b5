import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';
import type { Actor } from '../../shared/domain/common';
import { domainError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import { DAY, toInstant } from '../../shared/time';
import { newId } from '../../shared/ids';
import { authorityOf, type Authority, type Delegation } from '../../shared/auth/authority';
import type { GrantedAs } from '../../shared/auth/delegation';
import {
  credentialStream,
  type CredentialListing,
  type CredentialSetAs,
} from '../../shared/auth/credentials';
import {
  NewSecret,
  type AuthStatus,
  type PhoneTerminal,
  type ScreenKind,
  type SessionInfo,
} from '../../shared/auth/schemas';
import { afterFailure, waitLeft, type FailureCount } from '../../shared/auth/throttle';
import type { StaffMember } from '../../shared/roster/schemas';
import type { RosterState } from '../../shared/roster/aggregate';
import type { CredentialStore } from './credentials.store';

/**
 * Sign-in at the station (issue 17, decision 0012): people of the staff directory with an argon2id
 * PIN or password, sessions per screen, throttling, idle lock, and leaders' paired phones. The roles a
 * session acts with are worked out here at each command from the directory and the station's own
 * published roster (shared/auth/authority.ts), never taken from a screen.
 */

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes): about 0.1 s on a duty-room PC. */
export const ARGON2_OPTIONS: Options = {
  // 2 is Algorithm.Argon2id: the package declares it an ambient const enum, which isolatedModules cannot read.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the enum's value, written out
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const hashSecret = (secret: string) => hash(secret, ARGON2_OPTIONS);
export const secretMatches = async (phc: string, secret: string) => {
  try {
    return await verify(phc, secret);
  } catch {
    return false;
  }
};

/** A hash of nothing anyone knows, checked when the person is unknown, so a wrong name takes as long as a wrong PIN. */
let decoy: Promise<string> | undefined;

export interface AuthStore {
  readonly credentials: CredentialStore;
  staff(): StaffMember[];
  rostersCovering(from: string, until: string): RosterState[];
  execute(command: unknown, actor: Actor): Result<unknown[]>;
  streamEvents(stream: string): ReadonlyArray<{
    type: string;
    occurredAt: string;
    actor: { id: string; name?: string | undefined };
    payload: unknown;
  }>;
}

/** A command the store refused inside a credential change's transaction: undoes the credential write. */
class Refusal extends Error {
  constructor(readonly result: Result<never>) {
    super('refused by the store');
  }
}

/** One screen's link to the station: a window over IPC, or a socket in browser mode. */
export interface Screen {
  readonly id: string;
  readonly kind: ScreenKind;
  /** What the console throttle counts by (the socket's address, the window). */
  readonly throttleKey: string;
  session: string | null;
}

interface Session {
  token: string;
  personId: string;
  signedInAt: number;
  lastActiveAt: number;
}

export interface AuthOptions {
  store: AuthStore;
  /** The station's own jurisdiction: only its own roster names the leader on duty. */
  jurisdiction: string;
  /** The station's own id: its record of credential changes is the `credential:<stationId>` stream. */
  stationId: string;
  clock?: () => number;
  /** Minutes without input after which a console session locks; 0 never. Default 15. */
  idleLockMinutes?: number;
  /** Who the sign-in screen pre-selects: a person id or name of the directory (the launcher's --operator). */
  prefill?: string;
  /** The delegations of signing on record (授权签发, shared/auth/delegation.ts); none by default. */
  delegations?: () => readonly Delegation[];
}

/** The actor that records the first administrator's directory entry (nobody is signed in yet). */
export const FIRST_RUN_ACTOR: Actor = { id: 'station-setup', name: '首次启动设置', role: 'system' };

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(options: AuthOptions) {
  const { store } = options;
  const creds = store.credentials;
  const clock = options.clock ?? Date.now;
  const idleLockMinutes = options.idleLockMinutes ?? 15;
  const sessions = new Map<string, Session>();
  const consoleFailures = new Map<string, FailureCount>();

  const person = (id: string) => store.staff().find((p) => p.id === id);
  const ownRosters = (now: number) =>
    store
      .rostersCovering(toInstant(now - DAY), toInstant(now + 1))
      .map((r) => r.roster)
      .filter((r) => r.jurisdiction === options.jurisdiction);
  const authority = (p: StaffMember, now = clock()): Authority =>
    authorityOf(p, ownRosters(now), now, options.delegations?.() ?? []);

  const sessionOf = (screen: Screen) => (screen.session ? sessions.get(screen.session) : undefined);
  const isLocked = (s: Session, screen: Screen, now: number) =>
    screen.kind === 'console' && idleLockMinutes > 0 && now - s.lastActiveAt > idleLockMinutes * 60_000;

  const info = (s: Session, screen: Screen, now = clock()): SessionInfo | null => {
    const p = person(s.personId);
    if (!p) return null;
    const a = authority(p, now);
    return {
      person: { id: p.id, name: p.name },
      role: a.role,
      signingBasis: a.basis,
      admin: creds.credential(p.id)?.admin ?? false,
      signedInAt: toInstant(s.signedInAt),
      locked: isLocked(s, screen, now),
    };
  };

  const refused = (code: Parameters<typeof domainError>[0], field: string, detail?: string) =>
    fail(domainError(code, field, detail));

  /** Check a person's own secret, counting a failure against them (and the console, when one is given). */
  async function check(personId: string, secret: string, throttleKey?: string): Promise<Result<StaffMember>> {
    const now = clock();
    const wait = Math.max(
      waitLeft(creds.failures(personId), now),
      throttleKey ? waitLeft(consoleFailures.get(throttleKey), now) : 0,
    );
    if (wait > 0) return refused('SIGN_IN_THROTTLED', 'input.secret', String(Math.ceil(wait / 1000)));
    const p = person(personId);
    const credential = p?.active ? creds.credential(personId) : undefined;
    let matches = false;
    if (credential) matches = await secretMatches(credential.hash, secret);
    else await secretMatches(await (decoy ??= hashSecret(randomBytes(16).toString('hex'))), secret);
    if (!matches || !p) {
      const at = clock();
      if (credential) {
        const next = afterFailure(creds.failures(personId), at);
        creds.setFailures({ personId, ...next });
      }
      if (throttleKey) consoleFailures.set(throttleKey, afterFailure(consoleFailures.get(throttleKey), at));
      return refused('SIGN_IN_FAILED', 'input.secret');
    }
    creds.clearFailures(personId);
    if (throttleKey) consoleFailures.delete(throttleKey);
    return ok(p);
  }

  const startSession = (screen: Screen, personId: string) => {
    if (screen.session) sessions.delete(screen.session);
    const now = clock();
    const token = randomBytes(24).toString('base64url');
    const s: Session = { token, personId, signedInAt: now, lastActiveAt: now };
    sessions.set(token, s);
    screen.session = token;
    const session = info(s, screen, now);
    if (!session) throw new Error(`${personId} is not in the directory`);
    return { session, resumeToken: token };
  };

  const consoleOnly = (screen: Screen) =>
    screen.kind === 'wall' ? refused('VIEW_ONLY', 'screen') : undefined;

  async function setSecret(personId: string, secret: string, admin: boolean, by: string) {
    creds.setCredential({
      personId,
      hash: await hashSecret(secret),
      admin,
      updatedAt: toInstant(clock()),
      updatedBy: by,
    });
    creds.clearFailures(personId);
  }

  /**
   * A credential change and its record (人员口令): `write` changes the local table, and the station-only
   * command puts on record who did what to whose sign-in, in one transaction; a refused command undoes
   * the write. The event carries no secret.
   */
  function recorded(
    write: () => void,
    command: { type: string; payload: unknown },
    actor: Actor,
  ): Result<unknown[]> {
    try {
      return creds.atomically(() => {
        write();
        const r = store.execute({ id: newId(clock()), ...command }, actor);
        if (!r.ok) throw new Refusal(r);
        return r;
      });
    } catch (error) {
      if (error instanceof Refusal) return error.result;
      throw error;
    }
  }

  /** End every session of a person (their PIN was reset or their sign-in revoked), but `keep`: how many. */
  function endSessionsOf(personId: string, keep: string | null = null) {
    let ended = 0;
    for (const [token, s] of sessions)
      if (s.personId === personId && token !== keep) {
        sessions.delete(token);
        ended += 1;
      }
    return ended;
  }

  async function changeSecret(
    screen: Screen,
    actor: Actor,
    p: StaffMember,
    secret: string,
    admin: boolean,
    setAs: CredentialSetAs,
  ): Promise<Result<{ sessionsEnded: number }>> {
    const existing = creds.credential(p.id);
    const hashed = await hashSecret(secret);
    const done = recorded(
      () =>
        creds.setCredential({
          personId: p.id,
          hash: hashed,
          admin,
          updatedAt: toInstant(clock()),
          updatedBy: actor.id,
        }),
      {
        type: 'credential.record_set',
        payload: { personId: p.id, admin, setAs, replaces: existing !== undefined },
      },
      actor,
    );
    if (!done.ok) return done;
    creds.clearFailures(p.id);
    // A reset ends the person's open sessions (their own at this screen stays, when they changed their own).
    const sessionsEnded = existing ? endSessionsOf(p.id, actor.id === p.id ? screen.session : null) : 0;
    return ok({ sessionsEnded });
  }

  const isAdministrator = (personId: string) => creds.credential(personId)?.admin ?? false;

  return {
    idleLockMinutes,

    status(screen: Screen): AuthStatus {
      const staff = store.staff();
      const withCredential = new Set(creds.personIds());
      const prefill = options.prefill
        ? (staff.find((p) => p.id === options.prefill || p.name === options.prefill)?.id ?? null)
        : null;
      const s = sessionOf(screen);
      return {
        screen: screen.kind,
        firstRun: withCredential.size === 0,
        people: staff
          .filter((p) => p.active)
          .map((p) => ({
            id: p.id,
            name: p.name,
            dutyRoles: p.dutyRoles,
            canSignIn: withCredential.has(p.id),
          })),
        prefill,
        session: s ? info(s, screen) : null,
        idleLockMinutes: screen.kind === 'wall' ? 0 : idleLockMinutes,
      };
    },

    async signIn(screen: Screen, personId: string, secret: string) {
      const wall = consoleOnly(screen);
      if (wall) return wall;
      const checked = await check(personId, secret, screen.throttleKey);
      if (!checked.ok) return checked;
      return ok(startSession(screen, personId));
    },

    /** Take a session back after a reconnect (same tab); a locked one stays locked. */
    resume(screen: Screen, token: string) {
      const wall = consoleOnly(screen);
      if (wall) return wall;
      const s = sessions.get(token);
      if (!s) return refused('SIGN_IN_REQUIRED', 'input.token');
      const session = info(s, screen);
      if (!session) return refused('UNKNOWN_PERSON', 'input.token');
      screen.session = token;
      return ok(session);
    },

    signOut(screen: Screen) {
      if (screen.session) sessions.delete(screen.session);
      screen.session = null;
      return ok({});
    },

    /** The first start: no one can sign in yet. The administrator joins the directory and signs in. */
    async setUpAdministrator(
      screen: Screen,
      input: { name: string; secret: string; dutyRole: 'leader' | 'officer' },
    ) {
      const wall = consoleOnly(screen);
      if (wall) return wall;
      if (creds.count() > 0) return refused('ALREADY_EXISTS', 'credentials', 'the administrator is set up');
      const secret = NewSecret.safeParse(input.secret);
      if (!secret.success) return refused('WEAK_SECRET', 'input.secret');
      const existing = store.staff().find((p) => p.name === input.name.trim() && p.active);
      let personId = existing?.id;
      if (!personId) {
        personId = `admin-${newId(clock()).slice(-10).toLowerCase()}`;
        const registered = store.execute(
          {
            id: newId(clock()),
            type: 'staff.register',
            payload: {
              member: { id: personId, name: input.name.trim(), dutyRoles: [input.dutyRole], role: '管理员' },
            },
          },
          FIRST_RUN_ACTOR,
        );
        if (!registered.ok) return registered;
      }
      const p = person(personId);
      if (!p) return refused('UNKNOWN_PERSON', 'input.name');
      const set = await changeSecret(screen, FIRST_RUN_ACTOR, p, secret.data, true, 'first_run');
      if (!set.ok) return set;
      return ok(startSession(screen, personId));
    },

    /**
     * 人员口令: an administrator sets or resets anyone's PIN (and whether they administer); anyone changes
     * their own with the current one. On record as credential.set / credential.reset in the caller's name;
     * a reset ends the person's open sessions.
     */
    async setCredential(
      screen: Screen,
      input: {
        personId: string;
        secret: string;
        admin?: boolean | undefined;
        currentSecret?: string | undefined;
      },
    ): Promise<Result<{ sessionsEnded: number }>> {
      const actor = this.actorOf(screen);
      if (!actor.ok) return actor;
      const self = actor.value.id === input.personId;
      const isAdmin = isAdministrator(actor.value.id);
      if (!isAdmin && !self)
        return refused('NOT_AUTHORISED', 'session', 'only an administrator sets another person’s PIN');
      if (!isAdmin) {
        const current = await check(input.personId, input.currentSecret ?? '');
        if (!current.ok) return current;
      }
      const p = person(input.personId);
      if (!p || !p.active) return refused('UNKNOWN_PERSON', 'input.personId');
      const secret = NewSecret.safeParse(input.secret);
      if (!secret.success) return refused('WEAK_SECRET', 'input.secret');
      const admin = isAdmin && input.admin !== undefined ? input.admin : isAdministrator(p.id);
      return changeSecret(screen, actor.value, p, secret.data, admin, self ? 'self' : 'administrator');
    },

    /**
     * 停用登录: an administrator revokes someone's sign-in (someone who left). Their hash is removed, their
     * sessions end and their paired phones are revoked; on record as credential.revoked in the caller's name.
     */
    revokeCredential(screen: Screen, input: { personId: string; reason?: string | undefined }) {
      const actor = this.actorOf(screen);
      if (!actor.ok) return actor;
      if (!isAdministrator(actor.value.id))
        return refused('NOT_AUTHORISED', 'session', 'only an administrator revokes sign-in');
      if (!creds.credential(input.personId))
        return refused('NOT_FOUND', 'input.personId', 'no sign-in to revoke');
      const at = toInstant(clock());
      const done = recorded(
        () => {
          creds.removeCredential(input.personId);
          creds.revokePhoneTerminalsOf(input.personId, at, actor.value.id);
          creds.clearFailures(input.personId);
        },
        {
          type: 'credential.record_revoke',
          payload: { personId: input.personId, reason: input.reason ?? '' },
        },
        actor.value,
      );
      if (!done.ok) return done;
      return ok({ sessionsEnded: endSessionsOf(input.personId) });
    },

    /** 人员口令: the directory with each person's sign-in and its last recorded change; administrators only. */
    credentials(screen: Screen): Result<CredentialListing[]> {
      const actor = this.actorOf(screen, { touch: false });
      if (!actor.ok) return actor;
      if (!isAdministrator(actor.value.id))
        return refused('NOT_AUTHORISED', 'session', 'only an administrator sees who has a PIN');
      const last = new Map<string, { type: string; at: string; by: string }>();
      for (const e of store.streamEvents(credentialStream(options.stationId))) {
        const personId = (e.payload as { personId?: unknown }).personId;
        if (typeof personId === 'string')
          last.set(personId, { type: e.type, at: e.occurredAt, by: e.actor.name ?? e.actor.id });
      }
      const withCredential = new Set(creds.personIds());
      return ok(
        store
          .staff()
          .filter((p) => p.active || withCredential.has(p.id))
          .map((p) => {
            const c = creds.credential(p.id);
            const change = last.get(p.id);
            return {
              person: { id: p.id, name: p.name, dutyRoles: p.dutyRoles, active: p.active },
              state: c ? 'set' : change?.type === 'credential.revoked' ? 'revoked' : 'none',
              admin: c?.admin ?? false,
              changedAt: change?.at ?? c?.updatedAt ?? null,
              changedBy: change?.by ?? (c ? (person(c.updatedBy)?.name ?? c.updatedBy) : null),
            };
          }),
      );
    },

    /** Seed PINs without a session: the demo's people at start, never reachable from a screen. */
    async provision(people: ReadonlyArray<{ personId: string; secret: string; admin?: boolean }>) {
      for (const p of people) {
        if (creds.credential(p.personId)) continue;
        await setSecret(p.personId, p.secret, p.admin ?? false, 'provisioning');
      }
    },

    /**
     * Who acts for this screen now: the signed-in person with the role the station gives them at this
     * moment. Refused for a wall display, without a session, and for a locked one. Each command counts
     * as activity (it keeps the console unlocked).
     */
    actorOf(screen: Screen, { touch = true }: { touch?: boolean } = {}): Result<Actor> {
      if (screen.kind === 'wall') return refused('VIEW_ONLY', 'screen');
      const s = sessionOf(screen);
      if (!s) return refused('SIGN_IN_REQUIRED', 'session');
      const now = clock();
      if (isLocked(s, screen, now)) return refused('SESSION_LOCKED', 'session');
      const p = person(s.personId);
      if (!p || !p.active) return refused('UNKNOWN_PERSON', 'session');
      if (touch) s.lastActiveAt = now;
      return ok({ id: p.id, name: p.name, role: authority(p, now).role });
    },

    /**
     * On what authority the person at this screen delegates signing (授权签发): an administrator as such;
     * else a leader who signs in their own right (on duty, or a directory leader before any roster) — a
     * leader who signs only by delegation does not pass it on. Anyone else is refused.
     */
    delegator(screen: Screen): Result<{ actor: Actor; grantedAs: GrantedAs }> {
      const actor = this.actorOf(screen);
      if (!actor.ok) return actor;
      if (creds.credential(actor.value.id)?.admin)
        return ok({ actor: actor.value, grantedAs: 'administrator' });
      const p = person(actor.value.id);
      const a = p ? authority(p) : undefined;
      if (a?.role === 'leader' && a.basis !== 'delegation')
        return ok({ actor: actor.value, grantedAs: 'leader' });
      return refused(
        'NOT_AUTHORISED',
        'session',
        'only the leader on duty or an administrator delegates signing',
      );
    },

    /** The console is in use (keys, pointer): keeps an unlocked session from locking. */
    touch(screen: Screen) {
      const s = sessionOf(screen);
      if (s && !isLocked(s, screen, clock())) s.lastActiveAt = clock();
      return ok(s ? info(s, screen) : null);
    },

    /** The person signed in at this screen confirms with their own secret, now (签发, handover). */
    async confirm(screen: Screen, secret: string): Promise<Result<Actor>> {
      const actor = this.actorOf(screen);
      if (!actor.ok) return actor;
      const checked = await check(actor.value.id, secret, screen.throttleKey);
      if (!checked.ok) return checked;
      return actor;
    },

    /** Someone other than the signed-in person confirms with their own secret (the incoming officer at handover). */
    async confirmPerson(screen: Screen, personId: string, secret: string): Promise<Result<Actor>> {
      const wall = consoleOnly(screen);
      if (wall) return wall;
      const checked = await check(personId, secret, screen.throttleKey);
      if (!checked.ok) return checked;
      return ok({ id: checked.value.id, name: checked.value.name, role: authority(checked.value).role });
    },

    /** A person's actor as the station sees them now (a leader confirming by phone), if in the directory. */
    actorFor(personId: string): Actor | undefined {
      const p = person(personId);
      return p?.active ? { id: p.id, name: p.name, role: authority(p).role } : undefined;
    },

    /** Start `personId`'s session on this screen without a secret: only after `confirmPerson` (handover). */
    startConfirmed(screen: Screen, personId: string) {
      return startSession(screen, personId);
    },

    // Paired phone terminals (手机审批): one per person and phone, by a token shown once, revocable.
    pairPhone(screen: Screen, input: { personId: string; label: string }) {
      const actor = this.actorOf(screen);
      if (!actor.ok) return actor;
      const isAdmin = creds.credential(actor.value.id)?.admin ?? false;
      if (!isAdmin && actor.value.id !== input.personId) return refused('NOT_AUTHORISED', 'input.personId');
      const p = person(input.personId);
      if (!p || !p.active || !creds.credential(p.id)) return refused('UNKNOWN_PERSON', 'input.personId');
      const token = randomBytes(24).toString('base64url');
      const id = newId(clock());
      creds.addPhoneTerminal({
        id,
        personId: p.id,
        tokenSha256: sha256(token),
        label: input.label,
        createdAt: toInstant(clock()),
        createdBy: actor.value.id,
      });
      return ok({ terminalId: id, token });
    },

    revokePhone(screen: Screen, terminalId: string) {
      const actor = this.actorOf(screen);
      if (!actor.ok) return actor;
      const isAdmin = creds.credential(actor.value.id)?.admin ?? false;
      const t = creds.phoneTerminals().find((x) => x.id === terminalId);
      if (!t) return refused('NOT_FOUND', 'input.terminalId');
      if (!isAdmin && t.personId !== actor.value.id) return refused('NOT_AUTHORISED', 'input.terminalId');
      creds.revokePhoneTerminal(terminalId, toInstant(clock()), actor.value.id);
      return ok({});
    },

    phoneTerminals(): PhoneTerminal[] {
      return creds.phoneTerminals().map((t) => ({
        id: t.id,
        person: { id: t.personId, name: person(t.personId)?.name ?? t.personId },
        label: t.label,
        createdAt: t.createdAt,
        createdBy: t.createdBy,
        revokedAt: t.revokedAt,
      }));
    },

    /** The live terminal a phone's token names, and its person's actor now. */
    phoneActor(token: string): Result<{ terminalId: string; actor: Actor }> {
      const t =
        typeof token === 'string' && token.length > 0 ? creds.phoneTerminalByToken(sha256(token)) : undefined;
      if (!t) return refused('NOT_AUTHENTICATED', 'token');
      const actor = this.actorFor(t.personId);
      if (!actor) return refused('UNKNOWN_PERSON', 'token');
      return ok({ terminalId: t.id, actor });
    },

    /** A phone's holder confirms with their own PIN (counted against them like any sign-in). */
    async phoneConfirm(token: string, secret: string, throttleKey: string) {
      const terminal = this.phoneActor(token);
      if (!terminal.ok) return terminal;
      const checked = await check(terminal.value.actor.id, secret, throttleKey);
      if (!checked.ok) return checked;
      return this.phoneActor(token);
    },
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let screens = 0;
/** A new screen's record: the transports make one per window or socket. */
export function newScreen(kind: ScreenKind, throttleKey: string): Screen {
  screens += 1;
  return { id: `screen-${screens}`, kind, throttleKey, session: null };
}
