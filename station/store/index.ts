import { createHash } from 'node:crypto';
import { carriedOver, validateCommand, validateCommandBy, type Command } from '../../shared/commands/catalog';
import { aggregateOf, eventPayloads, type EventType } from '../../shared/events/catalog';
import {
  MAX_EVENT_BYTES,
  StreamRef,
  isStreamRef,
  parseEvent,
  sealEvents,
  type DomainEvent,
  type EventDraft,
  type EventEnvelope,
} from '../../shared/events/envelope';
import { Actor } from '../../shared/domain/common';
import { domainError, fromZodError, type DomainError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import { Instant, toInstant } from '../../shared/time';
import { DIGEST_BUCKET } from '../../shared/sync/protocol';
import {
  addToDigest,
  bucketPieces,
  emptyDigest,
  mergeDigest,
  toWireDigest,
  type Digest,
  type WireDigest,
} from '../../shared/sync/digest';
import { integrityProblem, integrityProblemInBackground, openDatabase, type Db } from './db';
import { checkMigratable, latestSchemaVersion, migrate, schemaVersion } from './migrations';
import { chainLink, eventFromRow, newStoreId, nodeSha256 } from './log';
import { Projector } from './projections';
import { decideCommand } from './decide';
import { anchorBook, type AnchorBook } from './anchors';
import { logAudit, type LogAudit } from './audit';
import { verifyLog } from '../verify/chain';
import type { DecideLoad, StationStoreOptions } from './feature';
import { features, type FeatureRepositories } from '../features';
import { restorationBook, type RestorationBook } from './restorations';

export type { Obligation } from '../../shared/rules/obligation';
export type { StationStoreOptions } from './feature';
export type { DutyLogQuery } from '../dutylog/dutylog.store';

/**
 * What the sync client vouches for with a batch from the hub: with these events the station holds
 * every hub event visible to it up to `cursor` (the hub said nothing visible lies between). The cursor
 * moves there only if every event was taken and every sequence in `requires` (ones the hub announced
 * as visible) is held; otherwise it stays, and the station knows it is behind.
 */
export interface IngestOptions {
  cursor?: number;
  requires?: readonly number[];
}

export interface IngestOutcome {
  applied: number;
  duplicates: number;
  rejected: Array<{ id?: string; errors: DomainError[] }>;
}

export type VerifyOutcome =
  { ok: true; events: number } | { ok: false; brokenAt: number; eventId: string; reason: string };

/** An event with its local log position, for subscriptions that resume where they left off. */
export interface LoggedEvent {
  pos: number;
  event: DomainEvent;
}

/**
 * The store is the event log (append through commands, ingest, outbox, verify, backup) and, beside it,
 * every feature's read repository (station/features.ts): `StationLog & FeatureRepositories`.
 */
export type StationStore = StationLog & FeatureRepositories;

export interface StationLog {
  readonly stationId: string;
  readonly jurisdiction: string;
  /** True once the start-up integrity check has passed; writes are refused otherwise. */
  readonly writable: boolean;
  /** What the start-up integrity check found, when it failed. */
  readonly problem: string | undefined;
  /** Settles when the start-up integrity check is over: true when the database is sound. */
  readonly integrityChecked: Promise<boolean>;

  /**
   * The one way anything changes: a command (validated, decided, appended with its outbox entry and
   * projections in one transaction), idempotent by its id. `actor` is who the station says acts: the
   * person at the console, or the station's own system actor; an actor inside `command` is ignored.
   */
  execute(command: unknown, actor: Actor): Result<DomainEvent[]>;
  /** Several commands in one transaction (a feed's batch, the scheduler's rungs); each decided on its own. */
  executeAll(commands: readonly unknown[], actor: Actor): Array<Result<DomainEvent[]>>;
  ingestRemote(events: readonly unknown[], options?: IngestOptions): IngestOutcome;

  outboxPending(limit: number): EventEnvelope[];
  outboxDepth(): number;
  markDelivered(acks: ReadonlyArray<{ id: string; hubSeq: number }>): void;
  /**
   * The pull cursor: every hub event visible to this station up to here is held. It never moves past a
   * hole (only `ingestRemote` with `cursor` moves it); the next pull asks for what comes after it.
   */
  pullCursor(): number;
  /** The highest hub sequence this station holds (its own acknowledged events included); holes may lie below. */
  lastHubSeq(): number;
  /**
   * Count and hash (shared/sync/digest.ts) of the events this station holds with a hub sequence in
   * (after, through], its own acknowledged ones included: what anti-entropy compares with the hub's
   * digest of what it should hold.
   */
  visibleDigest(after: number, through: number): WireDigest;

  streamEvents(stream: string): DomainEvent[];
  eventsSince(pos: number, limit: number): LoggedEvent[];
  lastPosition(): number;

  /** The whole chain and every anchor the hub signed (station/verify/chain.ts): the first thing found broken. */
  verify(): VerifyOutcome;
  /** Tamper evidence (decision 0015): the hub's anchors, the pinned key, and the log as the check reads it. */
  readonly tamper: { anchors: AnchorBook; log: LogAudit };
  backup(path: string): Promise<void>;
  logDigest(): string;
  onAppended(listener: (events: DomainEvent[]) => void): () => void;
  /** Rebuilds of this store from the hub (restorations.ts, issue 21): station-local, never events. */
  readonly restorations: RestorationBook;
  close(): void;
}

/** A write reached a store whose database failed its integrity check. */
export class StoreReadOnlyError extends Error {
  constructor(problem: string) {
    super(
      `the station database failed its integrity check and is open read-only; restore it from a backup (${problem})`,
    );
    this.name = 'StoreReadOnlyError';
  }
}

/** A write arrived while the start-up integrity check was still running in the background. */
export class StoreNotReadyError extends Error {
  constructor() {
    super('the station database is still being checked after start-up; writes open when the check passes');
    this.name = 'StoreNotReadyError';
  }
}

/** A command already carried out: its type and the ids of the events it made (JSON). */
interface Executed {
  type: string;
  event_ids: string;
}

/** A command's event ids as its record keeps them (JSON), written without a mapped array per command. */
function idsJson(events: readonly DomainEvent[]): string {
  let out = '';
  for (const e of events) out += (out === '' ? '[' : ',') + JSON.stringify(e.id);
  return out === '' ? '[]' : `${out}]`;
}

/** Where the start-up integrity check stands. */
interface Health {
  state: 'checking' | 'sound' | 'damaged';
  problem?: string;
}

export function openStationStore(options: StationStoreOptions): StationStore {
  const clock = options.clock ?? Date.now;
  let db = openDatabase(options.path);
  let pending: number;
  try {
    // Writes nothing: refuses a newer schema (NewerSchemaError) or a migration ledger that lacks a
    // migration below one it has (MigrationGapError), whichever integrity check mode.
    pending = checkMigratable(db).length;
  } catch (error) {
    db.close();
    throw error;
  }
  // Migrating writes; never write before knowing the file is sound.
  const checkFirst = options.integrityCheck !== 'in-background' || pending > 0;
  if (!checkFirst) {
    const health: Health = { state: 'checking' };
    const store = buildStore(db, options, clock, health);
    return store;
  }
  const problem = integrityProblem(db) ?? undefined;
  if (problem !== undefined) {
    // Keep the records readable for the duty officer, but never write on top of a damaged file.
    db.close();
    db = openDatabase(options.path, { readonly: true });
    if (schemaVersion(db) < latestSchemaVersion) {
      db.close();
      throw new StoreReadOnlyError(`${problem}; and its schema is too old to read without migrating`);
    }
    return buildStore(db, options, clock, { state: 'damaged', problem });
  }
  return buildStore(db, options, clock, { state: 'sound' });
}

function buildStore(db: Db, options: StationStoreOptions, clock: () => number, health: Health): StationStore {
  const { stationId, jurisdiction } = options;

  if (health.state === 'sound') {
    migrate(
      db,
      { stationId },
      {
        thenWithinTransaction: (applied) => {
          if (applied.some((m) => m.addsProjection))
            new Projector(db, options, clock).rebuildAll();
        },
      },
    );
  }

  let cancelCheck = () => {};
  const integrityChecked: Promise<boolean> =
    health.state !== 'checking'
      ? Promise.resolve(health.state === 'sound')
      : (() => {
          const check = integrityProblemInBackground(options.path);
          cancelCheck = check.cancel;
          return check.result.then((found) => {
            if (found === null) {
              health.state = 'sound';
              return true;
            }
            health.state = 'damaged';
            health.problem = found;
            if (db.open) db.pragma('query_only = ON');
            return false;
          });
        })();

  const projector = new Projector(db, options, clock);
  const listeners = new Set<(events: DomainEvent[]) => void>();
  // A derived table's refresh is a write of its own: refused where writes are, in one transaction.
  const repositories = features.repositories(db, options, (table) => (work) => {
    guardWritable();
    return inTransaction(() => ({ value: work((key) => projector.recompute(table, key)), appended: [] }));
  });

  const q = {
    ownTail: db.prepare(
      'SELECT station_seq, hash FROM events WHERE station = ? ORDER BY station_seq DESC LIMIT 1',
    ),
    lastChain: db.prepare('SELECT chain FROM events ORDER BY pos DESC LIMIT 1').pluck(),
    insertEvent: db.prepare(
      `INSERT INTO events (id, type, stream, station, station_seq, occurred_at, recorded_at, envelope, hash, chain)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // The appended events, straight from the log rows just written: one statement per append.
    insertOutbox: db.prepare(
      'INSERT INTO outbox (station_seq) SELECT station_seq FROM events WHERE station = ? AND station_seq BETWEEN ? AND ?',
    ),
    deleteOutbox: db.prepare('DELETE FROM outbox WHERE station_seq = ?'),
    insertHubSeq: db.prepare('INSERT INTO hub_sequence (event_id, hub_seq, stream) VALUES (?, ?, ?)'),
    hubSeqOf: db.prepare('SELECT hub_seq FROM hub_sequence WHERE event_id = ?').pluck(),
    eventOfHubSeq: db.prepare('SELECT event_id FROM hub_sequence WHERE hub_seq = ?').pluck(),
    laterInStream: db.prepare('SELECT 1 FROM hub_sequence WHERE stream = ? AND hub_seq > ? LIMIT 1').pluck(),
    // Own events enter the log in station_seq order, so every event still in the outbox sits at or
    // after the log position of the oldest one: only that tail of the stream is scanned.
    pendingInStream: db
      .prepare(
        `SELECT 1 FROM events e
         WHERE e.stream = $stream AND e.station = $station
           AND e.pos >= (SELECT f.pos FROM events f
                         WHERE f.station = $station AND f.station_seq = (SELECT min(station_seq) FROM outbox))
           AND EXISTS (SELECT 1 FROM outbox o WHERE o.station_seq = e.station_seq)
         LIMIT 1`,
      )
      .pluck(),
    // Acknowledgements come in order, so the outbox rows before an acknowledged one are few or none;
    // CROSS JOIN keeps the outbox as the outer loop (not every own event before that sequence).
    pendingBeforeInStream: db
      .prepare(
        `SELECT 1 FROM outbox o CROSS JOIN events e ON e.station = $station AND e.station_seq = o.station_seq
         WHERE o.station_seq < $seq AND e.stream = $stream LIMIT 1`,
      )
      .pluck(),
    eventById: db.prepare('SELECT id, stream, station, station_seq, hash FROM events WHERE id = ?'),
    eventByStationSeq: db.prepare('SELECT id, hash FROM events WHERE station = ? AND station_seq = ?'),
    pullCursor: db.prepare("SELECT hub_seq FROM sync_cursor WHERE name = 'pull'").pluck(),
    lastHubSeq: db.prepare('SELECT coalesce(max(hub_seq), 0) FROM hub_sequence').pluck(),
    heldHubSeq: db.prepare('SELECT 1 FROM hub_sequence WHERE hub_seq = ?').pluck(),
    // Events held in a range of hub sequences, own acknowledged ones included: the hub_seq index only.
    heldInRange: db
      .prepare('SELECT hub_seq, event_id FROM hub_sequence WHERE hub_seq > ? AND hub_seq <= ?')
      .raw(),
    setPullCursor: db.prepare("UPDATE sync_cursor SET hub_seq = max(hub_seq, ?) WHERE name = 'pull'"),
    executed: db.prepare('SELECT type, event_ids FROM executed_commands WHERE command_id = ?'),
    // A batch's command ids looked up at once: one statement instead of one per command.
    executedAmong: db
      .prepare(
        'SELECT command_id, type, event_ids FROM executed_commands WHERE command_id IN (SELECT value FROM json_each(?))',
      )
      .raw(),
    recordExecuted: db.prepare(
      'INSERT INTO executed_commands (command_id, type, event_ids, executed_at) VALUES (?, ?, ?, ?)',
    ),
    eventRowById: db.prepare(
      'SELECT e.envelope, e.hash, h.hub_seq FROM events e LEFT JOIN hub_sequence h ON h.event_id = e.id WHERE e.id = ?',
    ),
    outboxPending: db.prepare(
      'SELECT e.envelope, e.hash, NULL AS hub_seq FROM outbox o JOIN events e ON e.station = ? AND e.station_seq = o.station_seq ORDER BY o.station_seq LIMIT ?',
    ),
    outboxDepth: db.prepare('SELECT count(*) FROM outbox').pluck(),
    eventsSince: db.prepare(
      `SELECT e.pos, e.envelope, e.hash, h.hub_seq FROM events e LEFT JOIN hub_sequence h ON h.event_id = e.id
       WHERE e.pos > ? ORDER BY e.pos LIMIT ?`,
    ),
    lastPosition: db.prepare('SELECT coalesce(max(pos), 0) FROM events').pluck(),
  };

  const guardWritable = () => {
    if (health.state === 'checking') throw new StoreNotReadyError();
    if (health.state === 'damaged') throw new StoreReadOnlyError(health.problem ?? 'unknown');
  };

  /**
   * This station's newest event and the log's chain head as the running write transaction left them
   * (null outside one, or before its first local append): commands of one executeAll follow on from it.
   */
  let ownTail: { station_seq: number; hash: string; chain: string } | null = null;
  /** This station's events appended in the running transaction, entered in the outbox once at its end. */
  let outboxRange: { from: number; to: number } | null = null;

  /** Run `work` in one write transaction; projections are flushed inside it, listeners told after commit. */
  function inTransaction<T>(work: () => { value: T; appended: DomainEvent[] }): T {
    let outcome: { value: T; appended: DomainEvent[] };
    ownTail = null;
    try {
      outcome = db
        .transaction(() => {
          const r = work();
          if (outboxRange) q.insertOutbox.run(stationId, outboxRange.from, outboxRange.to);
          outboxRange = null;
          projector.flush();
          return r;
        })
        .immediate();
    } catch (error) {
      projector.discard();
      ownTail = null;
      outboxRange = null;
      throw error;
    }
    ownTail = null;
    if (outcome.appended.length > 0) {
      for (const listener of listeners) {
        try {
          listener(outcome.appended);
        } catch (error) {
          // A broken subscriber must not undo or block a committed write.
          console.error('station store listener failed', error);
        }
      }
    }
    return outcome.value;
  }

  /**
   * Check drafts against the catalogue and bring payloads to their parsed (normalised) form. A payload
   * that carries the command's own parsed members unchanged is in that form already (carriedOver).
   */
  function normaliseDrafts(drafts: readonly unknown[], command: Command): Result<EventDraft[]> {
    const errors: DomainError[] = [];
    const out: EventDraft[] = [];
    drafts.forEach((raw, i) => {
      const at = `drafts.${i}`;
      const d = (raw ?? {}) as Record<string, unknown>;
      if (typeof d.type !== 'string' || !Object.hasOwn(eventPayloads, d.type)) {
        errors.push(domainError('UNKNOWN_EVENT_TYPE', `${at}.type`, String(d.type)));
        return;
      }
      // Checked just above: an own key of the catalogue is an event type.
      const type = d.type as EventType;
      const stream = isStreamRef(d.stream)
        ? { success: true as const, data: d.stream }
        : StreamRef.safeParse(d.stream);
      if (!stream.success) errors.push(...fromZodError(stream.error, `${at}.stream`));
      else if (!stream.data.startsWith(`${aggregateOf(type)}:`)) {
        errors.push(
          domainError('INVALID_FIELD', `${at}.stream`, `stream ${stream.data} does not belong to ${type}`),
        );
      }
      const payload = carriedOver(command, type, d.payload)
        ? { success: true as const, data: d.payload }
        : eventPayloads[type].safeParse(d.payload);
      if (!payload.success) errors.push(...fromZodError(payload.error, `${at}.payload`));
      let occurredAt: string | undefined;
      if (d.occurredAt !== undefined) {
        const parsed = Instant.safeParse(d.occurredAt);
        if (!parsed.success) errors.push(...fromZodError(parsed.error, `${at}.occurredAt`));
        else occurredAt = parsed.data;
      }
      if (stream.success && payload.success) {
        const draft = { type, stream: stream.data, payload: payload.data } as EventDraft;
        if (occurredAt) draft.occurredAt = occurredAt;
        out.push(draft);
      }
    });
    return errors.length > 0 ? fail(...errors) : ok(out);
  }

  /**
   * Seal drafts as this station's next events and write log rows, outbox rows and projections.
   * Must run inside a write transaction: the station's tail is read there, so no two appends share a sequence.
   */
  function appendWithinTransaction(
    drafts: readonly unknown[],
    command: Command,
    nowMs: number,
  ): Result<DomainEvent[]> {
    const normalised = normaliseDrafts(drafts, command);
    if (!normalised.ok) return normalised;
    const tail = ownTail ?? (q.ownTail.get(stationId) as { station_seq: number; hash: string } | undefined);
    // sealEvents hashes each event's canonical text exactly once, in order: keep that text as the stored envelope.
    const hashedTexts: string[] = [];
    const sealed = sealEvents(
      normalised.value,
      {
        station: stationId,
        jurisdiction,
        actor: command.actor,
        now: instantAt(nowMs),
        lastStationSeq: tail?.station_seq ?? 0,
        lastHash: tail?.hash ?? null,
        newId: nextId,
      },
      (text) => {
        hashedTexts.push(text);
        return nodeSha256(text);
      },
    );
    if (hashedTexts.length !== sealed.length)
      throw new Error('sealEvents hashed an unexpected number of texts');
    const oversize: DomainError[] = [];
    hashedTexts.forEach((text, i) => {
      // UTF-8 takes at most 3 bytes per UTF-16 unit: only a text that could be too large is measured.
      if (text.length * 3 + 120 <= MAX_EVENT_BYTES) return;
      const bytes = Buffer.byteLength(text) + 120;
      if (bytes > MAX_EVENT_BYTES)
        oversize.push(domainError('MESSAGE_TOO_LARGE', `drafts.${i}`, `${bytes} > ${MAX_EVENT_BYTES} bytes`));
    });
    if (oversize.length > 0) return fail(...oversize);

    let chain = ownTail?.chain ?? (q.lastChain.get() as string | undefined) ?? '';
    sealed.forEach((e, i) => {
      chain = chainLink(chain, e.hash);
      const { lastInsertRowid } = q.insertEvent.run(
        e.id,
        e.type,
        e.stream,
        e.station,
        e.stationSeq,
        e.occurredAt,
        e.recordedAt,
        hashedTexts[i],
        e.hash,
        chain,
      );
      // The newest own event always sorts last in its stream: only own events can still lack a hub sequence.
      projector.apply(e, 'local', Number(lastInsertRowid));
    });
    const [first, last] = [sealed[0], sealed[sealed.length - 1]];
    if (first && last) {
      outboxRange = { from: outboxRange?.from ?? first.stationSeq, to: last.stationSeq };
      // The next command of this transaction follows on without reading the log's tails again.
      ownTail = { station_seq: last.stationSeq, hash: last.hash, chain };
    }
    return ok(sealed);
  }

  /** Digests of the remote events held per block of hub sequences; a block is dropped when an event lands in it. */
  const heldBlocks = new Map<number, Digest>();

  /**
   * What a decision reads, inside the write transaction: the aggregates a command names as the commands
   * before it in the same transaction left them (executeAll decides each on the state the earlier ones made),
   * and the feature repositories (station/store/feature.ts): built once.
   */
  const decideLoad: DecideLoad<FeatureRepositories> = {
    state: (stream) => projector.stateInTransaction(stream),
    events: (stream) => projector.canonicalEvents(stream),
    read: repositories,
    stationId,
  };

  const eventsByIds = (ids: readonly string[]) =>
    ids.map((id) =>
      eventFromRow(q.eventRowById.get(id) as { envelope: string; hash: string; hub_seq: number | null }),
    );

  /** Record the hub's order for an event we hold; re-fold its stream if that moved it before others. */
  function recordHubSeq(
    event: { id: string; stream: string; station_seq: number; station: string },
    hubSeq: number,
  ): void {
    q.insertHubSeq.run(event.id, hubSeq, event.stream);
    heldBlocks.delete(Math.floor((hubSeq - 1) / DIGEST_BUCKET));
    // Cached histories hold events without their hub sequence: read them afresh when next needed.
    projector.reordered();
    const wasPending = event.station === stationId && q.deleteOutbox.run(event.station_seq).changes > 0;
    const movedBefore =
      q.laterInStream.get(event.stream, hubSeq) !== undefined ||
      (wasPending &&
        q.pendingBeforeInStream.get({ stream: event.stream, station: stationId, seq: event.station_seq }) !==
          undefined);
    if (movedBefore) projector.refold(event.stream);
  }

  /**
   * An instant's text, the last one kept: the commands of a batch mostly fall in the same millisecond,
   * and each wants it for its decision, its events and its record.
   */
  let instantMs = Number.NaN;
  let instantText = '';
  const instantAt = (ms: number): string => {
    if (ms !== instantMs) {
      instantText = toInstant(ms);
      instantMs = ms;
    }
    return instantText;
  };
  /**
   * The running executeAll's command ids already carried out, read in one statement before its first
   * command; each command it carries out joins them (a batch may repeat an id). Null outside one.
   */
  let executedInBatch: Map<string, Executed> | null = null;
  function executedAmong(commands: readonly unknown[]): Map<string, Executed> {
    const ids: string[] = [];
    for (const c of commands) {
      const id = c && typeof c === 'object' ? (c as { id?: unknown }).id : undefined;
      if (typeof id === 'string') ids.push(id);
    }
    const rows =
      ids.length === 0 ? [] : (q.executedAmong.all(JSON.stringify(ids)) as Array<[string, string, string]>);
    return new Map(rows.map(([id, type, eventIds]) => [id, { type, event_ids: eventIds }]));
  }
  /** New ids for the command being executed, stamped with its time (one function, not one per command). */
  let idMs = 0;
  const nextId = () => newStoreId(idMs);

  /**
   * The one write path: validate the command, stamp the actor the caller vouches for (never one the
   * command carries), decide against the projections, append. A command id seen before returns the
   * events it produced then. Must run inside a write transaction. `checkedActor`: `actor` as
   * Actor.parse gave it, when a batch checked it once for all its commands.
   */
  function executeWithinTransaction(
    command: unknown,
    actor: Actor,
    checkedActor?: Actor,
  ): Result<DomainEvent[]> {
    const validated =
      checkedActor !== undefined
        ? validateCommandBy(command, checkedActor)
        : validateCommand(command && typeof command === 'object' ? { ...command, actor } : command);
    if (!validated.ok) return validated;
    const cmd = validated.value;
    const done = executedInBatch
      ? executedInBatch.get(cmd.id)
      : (q.executed.get(cmd.id) as Executed | undefined);
    if (done) {
      if (done.type !== cmd.type)
        return fail(domainError('ALREADY_EXISTS', 'id', `command id already used for ${done.type}`));
      return ok(eventsByIds(JSON.parse(done.event_ids) as string[]));
    }
    // One reading of the clock for the command: its decision, its events and its record share it.
    const nowMs = clock();
    idMs = nowMs;
    const now = instantAt(nowMs);
    const decided = decideCommand(cmd, decideLoad, {
      now,
      actor: cmd.actor,
      jurisdiction,
      station: stationId,
      newId: nextId,
    });
    if (!decided.ok) return decided;
    const appended = appendWithinTransaction(decided.value, cmd, nowMs);
    if (!appended.ok) return appended;
    const eventIds = idsJson(appended.value);
    q.recordExecuted.run(cmd.id, cmd.type, eventIds, now);
    executedInBatch?.set(cmd.id, { type: cmd.type, event_ids: eventIds });
    return appended;
  }

  const store: StationStore = {
    ...repositories,
    restorations: restorationBook(db),
    stationId,
    jurisdiction,
    get writable() {
      return health.state === 'sound';
    },
    get problem() {
      return health.problem;
    },
    integrityChecked,

    execute(command, actor) {
      guardWritable();
      return inTransaction(() => {
        const r = executeWithinTransaction(command, actor);
        return { value: r, appended: r.ok ? r.value : [] };
      });
    },

    executeAll(commands, actor) {
      guardWritable();
      return inTransaction(() => {
        executedInBatch = executedAmong(commands);
        // One actor for the whole batch: checked once (an actor that fails is reported with each command).
        const checked = Actor.safeParse(actor);
        const checkedActor = checked.success ? checked.data : undefined;
        try {
          const results: Array<Result<DomainEvent[]>> = [];
          const appended: DomainEvent[] = [];
          // Plain loops: flatMap over a batch's results was a visible share of a feed batch's time.
          for (const c of commands) {
            const r = executeWithinTransaction(c, actor, checkedActor);
            results.push(r);
            if (r.ok) for (const e of r.value) appended.push(e);
          }
          return { value: results, appended };
        } finally {
          executedInBatch = null;
        }
      });
    },

    ingestRemote(events, options = {}) {
      guardWritable();
      const outcome: IngestOutcome = { applied: 0, duplicates: 0, rejected: [] };
      return inTransaction(() => {
        const appended: DomainEvent[] = [];
        // Remote events move the chain head: a local append after them reads the tails afresh.
        ownTail = null;
        let chain = (q.lastChain.get() as string | undefined) ?? '';
        for (const raw of events) {
          let hashedText = '';
          const parsed = parseEvent(raw, (text) => {
            hashedText = text;
            return nodeSha256(text);
          });
          const claimedId =
            raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
              ? (raw as { id: string }).id
              : undefined;
          const reject = (...errors: DomainError[]) =>
            outcome.rejected.push({ ...(claimedId ? { id: claimedId } : {}), errors });
          if (!parsed.ok) {
            reject(...parsed.errors);
            continue;
          }
          const e = parsed.value;
          if (e.hubSeq === null) {
            reject(domainError('INVALID_FIELD', 'hubSeq', 'events from the hub carry their hub sequence'));
            continue;
          }
          const held = q.eventById.get(e.id) as
            { id: string; stream: string; station: string; station_seq: number; hash: string } | undefined;
          if (held) {
            if (held.hash !== e.hash) {
              reject(domainError('HASH_MISMATCH', 'hash', `a different event ${e.id} is already in the log`));
              continue;
            }
            const knownSeq = q.hubSeqOf.get(e.id) as number | undefined;
            if (knownSeq === undefined) {
              // Our own event echoed back by the hub: as good as an acknowledgement.
              recordHubSeq(held, e.hubSeq);
            }
            outcome.duplicates += 1;
            continue;
          }
          const holder = q.eventOfHubSeq.get(e.hubSeq) as string | undefined;
          if (holder !== undefined) {
            reject(
              domainError('INVALID_FIELD', 'hubSeq', `hub sequence ${e.hubSeq} already belongs to ${holder}`),
            );
            continue;
          }
          const sameSeat = q.eventByStationSeq.get(e.station, e.stationSeq) as { id: string } | undefined;
          if (sameSeat) {
            reject(
              domainError(
                'INVALID_FIELD',
                'stationSeq',
                `${e.station} #${e.stationSeq} is already ${sameSeat.id}`,
              ),
            );
            continue;
          }
          const previous = q.eventByStationSeq.get(e.station, e.stationSeq - 1) as
            { hash: string } | undefined;
          if (previous && previous.hash !== e.prevHash) {
            reject(
              domainError('HASH_MISMATCH', 'prevHash', `does not follow ${e.station} #${e.stationSeq - 1}`),
            );
            continue;
          }
          chain = chainLink(chain, e.hash);
          q.insertEvent.run(
            e.id,
            e.type,
            e.stream,
            e.station,
            e.stationSeq,
            e.occurredAt,
            e.recordedAt,
            hashedText,
            e.hash,
            chain,
          );
          q.insertHubSeq.run(e.id, e.hubSeq, e.stream);
          const sortsLast =
            q.laterInStream.get(e.stream, e.hubSeq) === undefined &&
            q.pendingInStream.get({ stream: e.stream, station: stationId }) === undefined;
          if (sortsLast) projector.apply(e, 'remote');
          else projector.refold(e.stream);
          appended.push(e);
          outcome.applied += 1;
          heldBlocks.delete(Math.floor((e.hubSeq - 1) / DIGEST_BUCKET));
        }
        // The cursor moves only over what the caller vouches is contiguous, and only if it all holds.
        const through = options.cursor;
        if (
          through !== undefined &&
          outcome.rejected.length === 0 &&
          (options.requires ?? []).every((seq) => q.heldHubSeq.get(seq) !== undefined)
        ) {
          q.setPullCursor.run(through);
        }
        return { value: outcome, appended };
      });
    },

    outboxPending(limit) {
      return (
        q.outboxPending.all(stationId, limit) as Array<{ envelope: string; hash: string; hub_seq: null }>
      ).map(eventFromRow);
    },
    outboxDepth: () => q.outboxDepth.get() as number,
    markDelivered(acks) {
      guardWritable();
      inTransaction(() => {
        for (const ack of acks) {
          const held = q.eventById.get(ack.id) as
            { id: string; stream: string; station: string; station_seq: number } | undefined;
          if (!held || q.hubSeqOf.get(ack.id) !== undefined) continue;
          recordHubSeq(held, ack.hubSeq);
        }
        return { value: undefined, appended: [] };
      });
    },
    pullCursor: () => q.pullCursor.get() as number,
    lastHubSeq: () => q.lastHubSeq.get() as number,
    visibleDigest(after, through) {
      const total = emptyDigest();
      for (const piece of bucketPieces(after, through, DIGEST_BUCKET)) {
        const known = piece.bucket === null ? undefined : heldBlocks.get(piece.bucket);
        if (known) {
          mergeDigest(total, known);
          continue;
        }
        const d = emptyDigest();
        for (const [seq, id] of q.heldInRange.iterate(piece.after, piece.through) as IterableIterator<
          [number, string]
        >)
          addToDigest(d, seq, id);
        if (piece.bucket !== null) heldBlocks.set(piece.bucket, { ...d });
        mergeDigest(total, d);
      }
      return toWireDigest(total);
    },

    streamEvents: (stream) => projector.canonicalEvents(stream),
    eventsSince(pos, limit) {
      const rows = q.eventsSince.all(pos, limit) as Array<{
        pos: number;
        envelope: string;
        hash: string;
        hub_seq: number | null;
      }>;
      return rows.map((r) => ({ pos: r.pos, event: eventFromRow(r) }));
    },
    lastPosition: () => q.lastPosition.get() as number,

    tamper: { anchors: anchorBook(db), log: logAudit(db) },
    verify() {
      return verifyLog(store.tamper.log, store.tamper.anchors, stationId);
    },
    async backup(path) {
      await db.backup(path);
    },
    logDigest() {
      const digest = createHash('sha256');
      const hashes = db
        .prepare(
          `SELECT e.hash FROM events e LEFT JOIN hub_sequence h ON h.event_id = e.id
           ORDER BY h.hub_seq IS NULL, h.hub_seq, e.station, e.station_seq`,
        )
        .pluck()
        .iterate() as IterableIterator<string>;
      for (const h of hashes) digest.update(h);
      return digest.digest('hex');
    },
    onAppended(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      cancelCheck();
      listeners.clear();
      db.close();
    },
  };
  return store;
}
