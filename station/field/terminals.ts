import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../shared/domain/common';
import type { Incident } from '../../shared/domain/incident';
import type { DispatchOrder } from '../../shared/domain/operations';
import type { Team } from '../../shared/domain/resources';
import type { DomainEvent } from '../../shared/events/envelope';
import { domainError, fromZodError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';
import { toInstant } from '../../shared/time';
import {
  FieldPosition,
  FieldStatus,
  fieldCommandFor,
  type FieldFix,
  type TeamTerminal,
} from '../../shared/field/terminal';
import type { TeamTerminalStore } from './terminals.store';

/**
 * 外勤终端 (issue 19; decision 0025): a team leader's phone, paired to one team by a token shown once and
 * kept only as its SHA-256. The page the station host serves at /field/ asks these with that token.
 * The phone never names a team: the token does. Every tap becomes one command through the store's one
 * write path, its actor the team (as its leader reports), its source `terminal`; the tap's own id is
 * the command's, so a resend from the phone's offline queue is answered from the receipt book, not redone.
 */
export interface FieldStore {
  readonly teamTerminals: TeamTerminalStore;
  teams(): Team[];
  dispatchOrders(): DispatchOrder[];
  incident(id: string): Incident | undefined | null;
  execute(command: unknown, actor: Actor): Result<DomainEvent[]>;
  onAppended(listener: (events: DomainEvent[]) => void): () => void;
}

/** An order as the phone shows it. */
export interface FieldOrder {
  dispatchId: string;
  status: DispatchOrder['status'];
  issuedAt: string;
  etaAt?: string;
  incident: { id: string; title: string; address: string; point?: { lat: number; lon: number } };
}

export interface FieldView {
  team: { id: string; name: string; leader?: string; status: Team['status'] };
  orders: FieldOrder[];
}

export type FieldTerminals = ReturnType<typeof fieldTerminals>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const OPEN: ReadonlyArray<DispatchOrder['status']> = ['issued', 'acknowledged', 'arrived'];

/** The actor a team's terminal acts as: the team, named with its leader where the ledger has one. */
export function teamActor(team: Pick<Team, 'id' | 'name' | 'leader'>): Actor {
  return {
    id: `team:${team.id}`.slice(0, 64),
    name: team.leader ? `${team.name}（${team.leader}）` : team.name,
  };
}

export function fieldTerminals(deps: { store: FieldStore; clock: () => number; jurisdiction: string }) {
  const { store, clock } = deps;
  const book = store.teamTerminals;
  const team = (id: string) => store.teams().find((t) => t.id === id);
  /** Open push streams by terminal, so a revocation ends them at once. */
  const watchers = new Map<string, Set<() => void>>();

  /** The live terminal a token names and its team (one this station holds); refused otherwise. */
  const holder = (token: unknown): Result<{ terminalId: string; team: Team }> => {
    const t = typeof token === 'string' && token.length >= 20 && token.length <= 100 ? book.byToken(sha256(token)) : undefined;
    if (!t) return fail(domainError('NOT_AUTHENTICATED', 'token'));
    const held = team(t.teamId);
    if (!held || held.jurisdiction !== deps.jurisdiction) return fail(domainError('NOT_FOUND', 'team'));
    return ok({ terminalId: t.id, team: held });
  };

  const view = (held: Team): FieldView => ({
    team: {
      id: held.id,
      name: held.name,
      ...(held.leader ? { leader: held.leader } : {}),
      status: held.status,
    },
    orders: store
      .dispatchOrders()
      .filter((o) => o.teamId === held.id && OPEN.includes(o.status))
      .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))
      .map((o) => {
        const incident = store.incident(o.incidentId);
        return {
          dispatchId: o.id,
          status: o.status,
          issuedAt: o.issuedAt,
          ...(o.etaAt ? { etaAt: o.etaAt } : {}),
          incident: {
            id: o.incidentId,
            title: incident?.facts.title ?? '',
            address: incident?.facts.location.address ?? '',
            ...(incident?.facts.location.point ? { point: incident.facts.location.point } : {}),
          },
        };
      }),
  });

  /** A tap seen before: the same terminal gets its answer again; another terminal's id is refused. */
  const seen = (tapId: string, terminalId: string): Result<{ duplicate: true }> | undefined => {
    const before = book.tap(tapId);
    if (!before) return undefined;
    return before.terminalId === terminalId
      ? ok({ duplicate: true as const })
      : fail(domainError('ALREADY_EXISTS', 'id'));
  };

  const positionCommand = (id: string, teamId: string, fix: FieldFix) => ({
    id,
    type: 'team.report_position',
    payload: {
      teamId,
      position: {
        point: { lat: fix.lat, lon: fix.lon },
        ...(fix.headingDeg !== undefined ? { headingDeg: fix.headingDeg } : {}),
        ...(fix.speedKmh !== undefined ? { speedKmh: fix.speedKmh } : {}),
        at: fix.at,
      },
    },
  });

  return {
    /** Pair a phone to a team (by a signed-in person at a console, or the CLI); the token is shown once. */
    pair(by: Actor, input: { teamId: string; label: string }): Result<{ terminalId: string; token: string; path: string }> {
      const held = team(input.teamId);
      if (!held || held.jurisdiction !== deps.jurisdiction) return fail(domainError('NOT_FOUND', 'input.teamId'));
      const label = input.label.trim();
      if (label.length === 0 || label.length > 100) return fail(domainError('INVALID_FIELD', 'input.label'));
      const token = randomBytes(24).toString('base64url');
      const id = newId(clock());
      book.add({
        id,
        teamId: held.id,
        tokenSha256: sha256(token),
        label,
        createdAt: toInstant(clock()),
        createdBy: by.name ?? by.id,
      });
      return ok({ terminalId: id, token, path: `/field/#t=${token}` });
    },

    /** Revoke a terminal: its token is refused from now on; the row stays on record with who and when. */
    revoke(by: Actor, terminalId: string): Result<Record<string, never>> {
      const t = book.byId(terminalId);
      if (!t) return fail(domainError('NOT_FOUND', 'input.terminalId'));
      if (!book.revoke(terminalId, toInstant(clock()), by.name ?? by.id))
        return fail(domainError('INVALID_TRANSITION', 'input.terminalId', 'revoked already'));
      for (const end of [...(watchers.get(terminalId) ?? [])]) end();
      return ok({});
    },

    list(): TeamTerminal[] {
      return book.all().map((t) => ({
        id: t.id,
        team: { id: t.teamId, name: team(t.teamId)?.name ?? t.teamId },
        label: t.label,
        createdAt: t.createdAt,
        createdBy: t.createdBy,
        revokedAt: t.revokedAt,
        revokedBy: t.revokedBy,
      }));
    },

    /** The team and its open orders, for the page. */
    view(token: unknown): Result<FieldView> {
      const h = holder(token);
      return h.ok ? ok(view(h.value.team)) : h;
    },

    /** One tap (接令 出发 到场 处置中 返回) with the phone's position when it had one. */
    status(token: unknown, raw: unknown): Result<{ duplicate: boolean; view: FieldView }> {
      const h = holder(token);
      if (!h.ok) return h;
      const parsed = FieldStatus.safeParse(raw);
      if (!parsed.success) return fail(...fromZodError(parsed.error, 'input'));
      const tap = parsed.data;
      const { terminalId } = h.value;
      const again = seen(tap.id, terminalId);
      if (again) return again.ok ? ok({ duplicate: true, view: view(team(h.value.team.id) ?? h.value.team) }) : again;
      const order = store.dispatchOrders().find((o) => o.id === tap.dispatchId);
      // Another team's order reads as no order at all: a terminal learns nothing about other teams.
      if (!order || order.teamId !== h.value.team.id) return fail(domainError('NOT_FOUND', 'input.dispatchId'));
      const step = fieldCommandFor(tap.step, order, tap.fix);
      if (!step.ok) return fail(domainError('INVALID_TRANSITION', 'input.step', step.state));
      const actor = teamActor(h.value.team);
      // The position first (a 到场 is then drawn where the team stands), then the step itself.
      if (tap.fix && tap.fixId) {
        const moved = store.execute(positionCommand(tap.fixId, h.value.team.id, tap.fix), actor);
        if (!moved.ok && moved.errors.some((e) => e.code !== 'ALREADY_EXISTS')) return moved;
      }
      const done = store.execute({ id: tap.id, ...step.command }, actor);
      if (!done.ok) return done;
      book.recordTap(tap.id, terminalId, tap.step, toInstant(clock()));
      return ok({ duplicate: false, view: view(team(h.value.team.id) ?? h.value.team) });
    },

    /** A position on its own, from the phone's watch. */
    position(token: unknown, raw: unknown): Result<{ duplicate: boolean }> {
      const h = holder(token);
      if (!h.ok) return h;
      const parsed = FieldPosition.safeParse(raw);
      if (!parsed.success) return fail(...fromZodError(parsed.error, 'input'));
      const { terminalId } = h.value;
      const again = seen(parsed.data.id, terminalId);
      if (again) return again.ok ? ok({ duplicate: true }) : again;
      const done = store.execute(positionCommand(parsed.data.id, h.value.team.id, parsed.data.fix), teamActor(h.value.team));
      if (!done.ok) return done;
      book.recordTap(parsed.data.id, terminalId, 'position', toInstant(clock()));
      return ok({ duplicate: false });
    },

    /**
     * Push: `listener` gets the team's view now and again whenever its orders or status change (an
     * order issued from the console, cancelled, a step recorded by anyone). Refused for a bad token;
     * a terminal revoked while it listens gets `null` once and is let go. The returned function stops it.
     */
    watch(token: unknown, listener: (view: FieldView | null) => void): Result<() => void> {
      const h = holder(token);
      if (!h.ok) return h;
      const teamId = h.value.team.id;
      const terminalId = h.value.terminalId;
      listener(view(h.value.team));
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        stopAppended();
        watchers.get(terminalId)?.delete(end);
        listener(null);
      };
      const stopAppended = store.onAppended((events) => {
        const mine = events.some(
          (e) =>
            e.stream === `team:${teamId}` ||
            (e.type === 'dispatch.issued' && e.payload.teamId === teamId) ||
            (e.stream.startsWith('dispatch:') &&
              store.dispatchOrders().some((o) => `dispatch:${o.id}` === e.stream && o.teamId === teamId)),
        );
        if (!mine) return;
        const still = book.byId(terminalId);
        const now = team(teamId);
        if (!still || still.revokedAt !== null || !now) {
          end();
          return;
        }
        listener(view(now));
      });
      watchers.set(terminalId, (watchers.get(terminalId) ?? new Set()).add(end));
      return ok(() => {
        ended = true;
        stopAppended();
        watchers.get(terminalId)?.delete(end);
      });
    },

    /** Whether a terminal is still live (the push stream checks it between events too). */
    live(terminalId: string): boolean {
      const t = book.byId(terminalId);
      return t !== undefined && t.revokedAt === null;
    },
  };
}
