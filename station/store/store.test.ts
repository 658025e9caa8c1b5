import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import type { DomainEvent } from '../../shared/events/envelope';
import type { Actor } from '../../shared/domain/common';
import { openDatabase } from './db';
import { StoreNotReadyError, StoreReadOnlyError, openStationStore, type StationStore } from './index';
import { latestSchemaVersion } from './migrations';
import {
  draftReportCommand,
  officer,
  registerIncidentCommand,
  registerTeamCommand,
  updateFactsCommand,
} from './store.testing';

let dir: string;
const stores: StationStore[] = [];
const open = (name: string, stationId = 'district-500101', jurisdiction = '500101') => {
  const s = openStationStore({ path: join(dir, `${name}.db`), stationId, jurisdiction });
  stores.push(s);
  return s;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-store-'));
});
afterEach(() => {
  for (const s of stores.splice(0)) {
    try {
      s.close();
    } catch {
      // already closed by the test
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const rowCounts = (path: string) => {
  const db = new Database(path, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
  const counts = Object.fromEntries(
    tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get()]),
  );
  db.close();
  return counts;
};

const ids = { stationId: 'district-500101', jurisdiction: '500101' };

/** Make an index disagree with its table: the damage integrity_check exists to find. */
function damageIndex(path: string) {
  const db = new Database(path);
  db.unsafeMode(true);
  db.pragma('writable_schema = ON');
  db.prepare(
    "UPDATE sqlite_schema SET sql = 'CREATE INDEX incidents_openByReceivedAt ON incidents (status) WHERE status <> ''closed''' WHERE name = 'incidents_openByReceivedAt'",
  ).run();
  db.close();
}

const mustExecute = (store: StationStore, command: unknown, actor: Actor = officer): DomainEvent[] => {
  const r = store.execute(command, actor);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

describe('station store durability settings', () => {
  it('opens in WAL mode with synchronous=FULL and foreign keys on', () => {
    const db = openDatabase(join(dir, 'pragmas.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer version of the program', () => {
    const path = join(dir, 'newer.db');
    const db = new Database(path);
    db.pragma(`user_version = ${latestSchemaVersion + 10}`);
    db.close();
    expect(() => openStationStore({ path, stationId: 'district-500101', jurisdiction: '500101' })).toThrow(
      /newer than this program/,
    );
  });
});

describe('registering incidents', () => {
  it('a registered incident is open, in the outbox, and in the log exactly once', () => {
    const store = open('register');
    const cmd = registerIncidentCommand({ title: '某镇山体滑坡' });
    const [event] = mustExecute(store, cmd);
    expect(event.type).toBe('incident.registered');
    expect(store.openIncidents().map((i) => i.facts.title)).toEqual(['某镇山体滑坡']);
    expect(store.outboxDepth()).toBe(1);
    expect(store.outboxPending(10).map((e) => e.id)).toEqual([event.id]);
    expect(store.streamEvents(event.stream)).toHaveLength(1);
  });

  it('a batch executed at once enters the outbox whole, each own event once, in station order', () => {
    const store = open('outbox-batch');
    mustExecute(store, registerTeamCommand('team-01'));
    const [first] = mustExecute(store, registerIncidentCommand());
    mustExecute(store, {
      id: newId(),
      type: 'incident.start_response',
      payload: { incidentId: first.stream.slice('incident:'.length) },
    });
    const results = store.executeAll(
      Array.from({ length: 7 }, (_, i) => ({
        id: newId(),
        type: 'team.report_position',
        payload: {
          teamId: 'team-01',
          position: { point: { lon: 106.5 + i / 100, lat: 29.5 }, at: '2026-11-25T02:00:00.000Z' },
        },
      })),
      officer,
    );
    const batch = results.flatMap((r) => (r.ok ? r.value : []));
    expect(batch.map((e) => e.type)).toEqual(Array(7).fill('team.position_reported'));
    const own = store.eventsSince(0, 100).map((l) => l.event);
    expect(store.outboxDepth()).toBe(own.length);
    expect(store.outboxPending(100).map((e) => e.id)).toEqual(own.map((e) => e.id));
    expect(store.outboxPending(100).slice(-7)).toEqual(batch);
    // The outbox is the bare list of station sequences still owed to the hub.
    const db = new Database(join(dir, 'outbox-batch.db'), { readonly: true });
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('outbox')).toEqual([
      'station_seq',
    ]);
    expect(db.prepare('SELECT station_seq FROM outbox ORDER BY station_seq').pluck().all()).toEqual(
      own.map((e) => e.stationSeq),
    );
    db.close();
    store.markDelivered([{ id: batch[3].id, hubSeq: 1 }]);
    expect(store.outboxPending(100).map((e) => e.id)).toEqual(
      own.map((e) => e.id).filter((id) => id !== batch[3].id),
    );
  });

  it('commands of one batch are decided in order: each sees what the ones before it did', () => {
    const store = open('in-order');
    const register = registerIncidentCommand({ level: 'IV' });
    const incidentId = register.payload.incidentId;
    const results = store.executeAll(
      [
        register,
        updateFactsCommand(incidentId, { level: 'III' }),
        updateFactsCommand(incidentId, { level: 'II' }),
      ],
      officer,
    );
    expect(results.map((r) => (r.ok ? r.value.map((e) => e.type) : r.errors))).toEqual([
      ['incident.registered'],
      ['incident.facts_updated'],
      ['incident.facts_updated'],
    ]);
    expect(store.incident(incidentId)?.facts.level).toBe('II');
    expect(store.incident(incidentId)?.version).toBe(3);
  });

  it('repeating a command returns the same events and writes nothing more', () => {
    const store = open('idempotent');
    const cmd = registerIncidentCommand();
    const first = mustExecute(store, cmd);
    const before = rowCounts(join(dir, 'idempotent.db'));
    const again = mustExecute(store, cmd);
    expect(again.map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(rowCounts(join(dir, 'idempotent.db'))).toEqual(before);
  });

  it('a batch repeating a command id, or naming one executed before, carries each out once', () => {
    const store = open('idempotent-batch');
    const earlier = registerIncidentCommand();
    const [registered] = mustExecute(store, earlier);
    const incidentId = registered.stream.slice('incident:'.length);
    const update = updateFactsCommand(incidentId, { level: 'II' });
    const results = store.executeAll(
      [update, earlier, update, { ...update, type: 'incident.start_response', payload: { incidentId } }],
      officer,
    );
    const [first, again, repeated, otherType] = results;
    if (!first?.ok || !again?.ok || !repeated?.ok) throw new Error(JSON.stringify(results));
    expect(again.value.map((e) => e.id)).toEqual([registered.id]);
    expect(repeated.value.map((e) => e.id)).toEqual(first.value.map((e) => e.id));
    expect(otherType?.ok ? 'ok' : otherType?.errors.map((e) => e.code)).toEqual(['ALREADY_EXISTS']);
    expect(store.eventsSince(0, 100).map((l) => l.event.type)).toEqual([
      'incident.registered',
      'incident.facts_updated',
    ]);
    expect(store.outboxDepth()).toBe(2);
    expect(store.incident(incidentId)?.version).toBe(2);
  });

  it('a batch for an actor that fails its check is refused command by command, naming the actor, and writes nothing', () => {
    const store = open('bad-actor');
    const before = rowCounts(join(dir, 'bad-actor.db'));
    const results = store.executeAll([registerIncidentCommand(), registerIncidentCommand()], {
      id: '',
      role: 'officer',
    });
    expect(results.map((r) => (r.ok ? 'ok' : r.errors.map((e) => `${e.field} ${e.code}`)))).toEqual([
      ['actor.id INVALID_FIELD'],
      ['actor.id INVALID_FIELD'],
    ]);
    expect(rowCounts(join(dir, 'bad-actor.db'))).toEqual(before);
  });

  it('station sequence and hash chain continue across commands', () => {
    const store = open('chain');
    const [a] = mustExecute(store, registerIncidentCommand());
    const [b] = mustExecute(store, updateFactsCommand(a.stream.slice('incident:'.length), { level: 'II' }));
    expect(b.stationSeq).toBe(a.stationSeq + 1);
    expect(b.prevHash).toBe(a.hash);
    expect(store.incident(a.stream.slice(9))?.facts.level).toBe('II');
    expect(store.verify()).toEqual({ ok: true, events: 2 });
  });

  it('reports keep every version of their content', () => {
    const store = open('reports');
    const incidentId = newId();
    mustExecute(store, registerIncidentCommand({ incidentId }));
    const reportId = newId();
    mustExecute(store, draftReportCommand(incidentId, reportId));
    const revise = draftReportCommand(incidentId, reportId);
    mustExecute(store, {
      id: newId(),
      type: 'report.revise',
      payload: { reportId, content: { ...revise.payload.content, summary: '更正：三户房屋受损。' } },
    });
    const report = store.report(reportId)!;
    expect(report.versions.map((v) => v.content.summary)).toEqual([
      '后山发生滑坡，两户房屋受损。',
      '更正：三户房屋受损。',
    ]);
    expect(store.reportsOf(incidentId).map((r) => r.id)).toEqual([reportId]);
  });

  it('a closed incident is no longer open', () => {
    const store = open('close');
    const incidentId = newId();
    mustExecute(store, registerIncidentCommand({ incidentId }));
    mustExecute(store, {
      id: newId(),
      type: 'incident.close',
      payload: { incidentId, summary: '处置完毕' },
    });
    expect(store.openIncidents()).toEqual([]);
    expect(store.incident(incidentId)?.status).toBe('closed');
  });

  it('teams registered and dispatched show up in their projections', () => {
    const store = open('teams');
    const incidentId = newId();
    mustExecute(store, registerIncidentCommand({ incidentId }));
    mustExecute(store, registerTeamCommand('team-01'));
    const dispatchId = newId();
    mustExecute(store, {
      id: newId(),
      type: 'dispatch.issue',
      payload: { dispatchId, teamId: 'team-01', incidentId },
    });
    expect(store.teams().map((t) => t.id)).toEqual(['team-01']);
    expect(store.dispatchOrders()).toEqual([
      expect.objectContaining({ id: dispatchId, status: 'issued', teamId: 'team-01' }),
    ]);
  });
});

describe('bad input is refused with named fields and nothing written', () => {
  const cases: Array<[string, () => unknown, string[]]> = [
    ['a command that is not an object', () => 'register please', ['']],
    [
      'an unknown command type',
      () => ({ ...registerIncidentCommand(), type: 'incident.teleport' }),
      ['type'],
    ],
    [
      'wrong types in the facts',
      () => {
        const c = registerIncidentCommand();
        return {
          ...c,
          payload: { ...c.payload, facts: { ...c.payload.facts, level: 5, casualties: { dead: 'two' } } },
        };
      },
      ['payload.facts.casualties.dead', 'payload.facts.level'],
    ],
    [
      'oversize description text',
      () => {
        const c = registerIncidentCommand();
        return {
          ...c,
          payload: { ...c.payload, facts: { ...c.payload.facts, description: '滑'.repeat(100_000) } },
        };
      },
      ['payload.facts.description'],
    ],
    [
      'an update for an incident that does not exist',
      () => updateFactsCommand(newId(), { level: 'II' }),
      ['payload.incidentId'],
    ],
  ];

  for (const [what, make, fields] of cases) {
    it(`${what} is refused`, () => {
      const store = open('bad');
      mustExecute(store, registerIncidentCommand());
      const before = rowCounts(join(dir, 'bad.db'));
      const r = store.execute(make(), officer);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.field ?? '').sort()).toEqual(fields);
      expect(rowCounts(join(dir, 'bad.db'))).toEqual(before);
    });
  }

  it('a depot ledger whose every field is within limits but whose event would exceed 64 KiB is refused whole', () => {
    const store = open('oversize');
    const before = rowCounts(join(dir, 'oversize.db'));
    const stock = Array.from({ length: 500 }, (_, i) => ({
      item: `${'防汛编织袋'.repeat(39)}${i}`,
      unit: '条',
      quantity: 1000,
    }));
    const r = store.execute(
      {
        id: newId(),
        type: 'depot.register',
        payload: {
          depot: {
            id: 'depot-01',
            name: '区应急物资储备库',
            jurisdiction: '500101',
            point: { lon: 106.5, lat: 29.5 },
            stock,
          },
        },
      },
      officer,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.code)).toEqual(['MESSAGE_TOO_LARGE']);
    expect(rowCounts(join(dir, 'oversize.db'))).toEqual(before);
  });

  it('commands of an unknown type or with a bad payload are refused each with its field named, and write nothing', () => {
    const store = open('commands');
    const incidentId = newId();
    mustExecute(store, registerIncidentCommand({ incidentId }));
    const before = rowCounts(join(dir, 'commands.db'));
    const results = store.executeAll(
      [
        { id: newId(), type: 'incident.teleport', payload: { incidentId } },
        // A name every object inherits is still no command type.
        { id: newId(), type: 'toString', payload: {} },
        { id: newId(), type: 'incident.start_response', payload: { incidentId: 'not-an-id' } },
        { id: 'not-an-id', type: 'incident.start_response', payload: { incidentId } },
        { id: newId(), type: 'incident.start_response', payload: undefined },
      ],
      officer,
    );
    const refusals = results.map((r) => (r.ok ? 'ok' : r.errors.map((e) => `${e.field} ${e.code}`)));
    expect(refusals[0]).toEqual(['type UNKNOWN_COMMAND']);
    expect(refusals[1]).toEqual([expect.stringMatching(/^type /)]);
    expect(refusals.slice(2)).toEqual([
      ['payload.incidentId INVALID_FIELD'],
      ['id INVALID_FIELD'],
      ['payload INVALID_FIELD'],
    ]);
    expect(rowCounts(join(dir, 'commands.db'))).toEqual(before);
  });

  it('a batch writes its good commands only, each with the actor the store was given, never the one a command carries', () => {
    const store = open('batch');
    const incidentId = newId();
    mustExecute(store, registerIncidentCommand({ incidentId }));
    const results = store.executeAll(
      [
        { id: newId(), type: 'incident.teleport', payload: { incidentId } },
        { ...updateFactsCommand(incidentId, { level: 'II' }), actor: { id: 'forged', role: 'leader' } },
        updateFactsCommand(newId(), { level: 'II' }),
      ],
      officer,
    );
    expect(results.map((r) => r.ok)).toEqual([false, true, false]);
    expect(store.eventsSince(0, 100).map((l) => [l.event.type, l.event.actor.id])).toEqual([
      ['incident.registered', officer.id],
      ['incident.facts_updated', officer.id],
    ]);
    expect(store.outboxDepth()).toBe(2);
    expect(store.incident(incidentId)?.facts.level).toBe('II');
  });

  it('remote events that fail validation are refused with their errors; good ones in the batch still apply', () => {
    const origin = open('origin', 'district-500102', '500102');
    const [registered] = mustExecute(origin, registerIncidentCommand());
    const good = { ...registered, hubSeq: 1 };
    const tampered = { ...good, id: newId(), hubSeq: 2 };
    const unknownType = { ...good, type: 'incident.teleported', hubSeq: 3 };
    const receiver = open('receiver');
    const before = rowCounts(join(dir, 'receiver.db'));
    const outcome = receiver.ingestRemote([tampered, unknownType, 'garbage']);
    expect(outcome.applied).toBe(0);
    expect(outcome.rejected.map((r) => r.errors[0].code)).toEqual([
      'HASH_MISMATCH',
      'UNKNOWN_EVENT_TYPE',
      'INVALID_FIELD',
    ]);
    expect(rowCounts(join(dir, 'receiver.db'))).toEqual(before);
    expect(receiver.ingestRemote([good])).toEqual({ applied: 1, duplicates: 0, rejected: [] });
    expect(receiver.ingestRemote([good])).toEqual({ applied: 0, duplicates: 1, rejected: [] });
    expect(receiver.lastHubSeq()).toBe(1);
    expect(receiver.outboxDepth()).toBe(0);
  });
});

describe('sync with the hub', () => {
  /** Two stations change the same incident's level; the hub orders them. */
  function conflictingHistory() {
    const county = open('county', 'district-500101', '500101');
    const town = open('town', 'township-500101001', '500101001');
    const incidentId = newId();
    const [reg] = mustExecute(county, registerIncidentCommand({ incidentId, level: 'IV' }));
    const hubbed = (e: DomainEvent, hubSeq: number) => ({ ...e, hubSeq });
    town.ingestRemote([hubbed(reg, 1)]);
    const [townChange] = mustExecute(town, updateFactsCommand(incidentId, { level: 'III' }));
    const [countyChange] = mustExecute(county, updateFactsCommand(incidentId, { level: 'II' }));
    // The hub received the county's change first: hub order says the town's change wins.
    return {
      incidentId,
      events: [hubbed(reg, 1), hubbed(countyChange, 2), hubbed(townChange, 3)],
      county,
      town,
    };
  }

  it('every station ends with the hub order winning, whatever order the events arrived in', () => {
    const { incidentId, events, county, town } = conflictingHistory();
    const inOrder = open('in-order', 'district-500102', '500102');
    const reversed = open('reversed', 'district-500103', '500103');
    inOrder.ingestRemote(events);
    reversed.ingestRemote([events[0], events[2]]);
    reversed.ingestRemote([events[1]]);
    county.markDelivered([
      { id: events[0].id, hubSeq: 1 },
      { id: events[1].id, hubSeq: 2 },
    ]);
    county.ingestRemote([events[2]]);
    town.ingestRemote([events[1]]);
    town.markDelivered([{ id: events[2].id, hubSeq: 3 }]);
    for (const s of [inOrder, reversed, county, town]) {
      expect(s.incident(incidentId)?.facts.level).toBe('III');
      expect(s.incident(incidentId)?.version).toBe(3);
      expect(s.streamEvents(`incident:${incidentId}`).map((e) => e.hubSeq)).toEqual([1, 2, 3]);
    }
    const digests = new Set([inOrder, reversed, county, town].map((s) => s.logDigest()));
    expect(digests.size).toBe(1);
    expect(county.outboxDepth() + town.outboxDepth()).toBe(0);
  });

  it('a local change still waiting for the hub stays on top until the hub orders it', () => {
    const { incidentId, events, town } = conflictingHistory();
    // The town has not heard of the county's change yet; its own pending change shows.
    expect(town.incident(incidentId)?.facts.level).toBe('III');
    // The county's change arrives (hubSeq 2) while the town's own change is unacknowledged (sorts after).
    town.ingestRemote([events[1]]);
    expect(town.incident(incidentId)?.facts.level).toBe('III');
    expect(town.outboxPending(10).map((e) => e.id)).toEqual([events[2].id]);
  });

  it('an event from the hub that sorts before the local tail re-folds its stream', () => {
    const { incidentId, events, county } = conflictingHistory();
    county.markDelivered([{ id: events[0].id, hubSeq: 1 }]);
    // Acknowledged later than the town's change: county's change loses after all.
    county.markDelivered([{ id: events[1].id, hubSeq: 4 }]);
    county.ingestRemote([events[2]]);
    expect(county.incident(incidentId)?.facts.level).toBe('II');
    expect(county.streamEvents(`incident:${incidentId}`).map((e) => e.hubSeq)).toEqual([1, 3, 4]);
  });

  it('an own event echoed back by the hub counts as a duplicate and as its acknowledgement', () => {
    const store = open('echo');
    const [reg] = mustExecute(store, registerIncidentCommand());
    expect(store.outboxDepth()).toBe(1);
    expect(store.ingestRemote([{ ...reg, hubSeq: 7 }])).toEqual({ applied: 0, duplicates: 1, rejected: [] });
    expect(store.outboxDepth()).toBe(0);
    expect(store.lastHubSeq()).toBe(7);
    expect(store.streamEvents(reg.stream)[0].hubSeq).toBe(7);
  });

  it('a remote event that forks a station chain is refused and changes nothing', () => {
    const origin = open('fork-origin', 'township-500101001', '500101001');
    const [first] = mustExecute(origin, registerIncidentCommand());
    const receiver = open('fork-receiver');
    receiver.ingestRemote([{ ...first, hubSeq: 1 }]);
    // Another event claiming the same station and sequence number (a restored, diverged station).
    const other = open('fork-other', 'township-500101001', '500101001');
    const [rival] = mustExecute(other, registerIncidentCommand());
    const before = rowCounts(join(dir, 'fork-receiver.db'));
    const outcome = receiver.ingestRemote([{ ...rival, hubSeq: 2 }]);
    expect(outcome.applied).toBe(0);
    expect(outcome.rejected).toEqual([
      { id: rival.id, errors: [expect.objectContaining({ field: 'stationSeq' })] },
    ]);
    expect(rowCounts(join(dir, 'fork-receiver.db'))).toEqual(before);
  });

  it('listeners hear of each committed append, local or remote, with the log position to resume from', () => {
    const store = open('listen');
    const heard: string[] = [];
    const stop = store.onAppended((events) => heard.push(...events.map((e) => e.type)));
    const [reg] = mustExecute(store, registerIncidentCommand());
    stop();
    mustExecute(store, updateFactsCommand(reg.stream.slice(9), { affectedPeople: 40 }));
    expect(heard).toEqual(['incident.registered']);
    const since = store.eventsSince(0, 10);
    expect(since.map((x) => x.pos)).toEqual([1, 2]);
    expect(store.eventsSince(1, 10).map((x) => x.event.type)).toEqual(['incident.facts_updated']);
  });
});

describe('tamper evidence and recovery', () => {
  it('verify names the first event whose content was altered behind the store', () => {
    const store = open('tamper');
    const ids = [1, 2, 3].map(() => mustExecute(store, registerIncidentCommand())[0].id);
    store.close();
    const db = new Database(join(dir, 'tamper.db'));
    db.exec('DROP TRIGGER events_neverUpdated');
    db.prepare(
      'UPDATE events SET envelope = replace(envelope, \'"injured":2\', \'"injured":0\') WHERE id = ?',
    ).run(ids[1]);
    db.close();
    const reopened = open('tamper');
    expect(reopened.verify()).toEqual({
      ok: false,
      brokenAt: 2,
      eventId: ids[1],
      reason: expect.stringMatching(/hash/),
    });
  });

  it('the log refuses updates and deletes outright', () => {
    const store = open('append-only');
    mustExecute(store, registerIncidentCommand());
    store.close();
    const db = new Database(join(dir, 'append-only.db'));
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE events SET type = 'x'").run()).toThrow(/append-only/);
    db.close();
  });

  it('a database that fails its integrity check opens read-only and refuses every write', () => {
    const path = join(dir, 'damaged.db');
    const store = open('damaged');
    for (let i = 0; i < 50; i += 1) mustExecute(store, registerIncidentCommand({ title: `事件${i}` }));
    store.close();
    damageIndex(path);
    const damaged = openStationStore({ path, stationId: 'district-500101', jurisdiction: '500101' });
    stores.push(damaged);
    expect(damaged.writable).toBe(false);
    expect(damaged.problem).toBeTruthy();
    expect(damaged.incident(damaged.eventsSince(0, 1)[0].event.stream.slice(9))).toBeDefined();
    expect(() => damaged.execute(registerIncidentCommand(), officer)).toThrow(StoreReadOnlyError);
    expect(() => damaged.executeAll([registerIncidentCommand()], officer)).toThrow(StoreReadOnlyError);
    expect(() => damaged.ingestRemote([])).toThrow(StoreReadOnlyError);
  });

  it('a large store can check itself in the background: reads at once, writes once the check passes', async () => {
    const path = join(dir, 'background.db');
    const first = open('background');
    const [reg] = mustExecute(first, registerIncidentCommand());
    first.close();
    const store = openStationStore({ path, ...ids, integrityCheck: 'in-background' });
    stores.push(store);
    expect(store.openIncidents().map((i) => i.id)).toEqual([reg.stream.slice(9)]);
    expect(store.writable).toBe(false);
    expect(() => store.execute(registerIncidentCommand(), officer)).toThrow(StoreNotReadyError);
    expect(await store.integrityChecked).toBe(true);
    expect(store.writable).toBe(true);
    expect(store.execute(registerIncidentCommand(), officer).ok).toBe(true);
  });

  it('a background check that finds damage leaves the store read-only', async () => {
    const path = join(dir, 'damaged-late.db');
    const store0 = open('damaged-late');
    for (let i = 0; i < 50; i += 1) mustExecute(store0, registerIncidentCommand({ title: `事件${i}` }));
    store0.close();
    damageIndex(path);
    const store = openStationStore({ path, ...ids, integrityCheck: 'in-background' });
    stores.push(store);
    expect(store.openIncidents()).toHaveLength(50);
    expect(await store.integrityChecked).toBe(false);
    expect(store.problem).toBeTruthy();
    expect(() => store.execute(registerIncidentCommand(), officer)).toThrow(StoreReadOnlyError);
  });

  it('an online backup holds the same log and verifies', async () => {
    const store = open('live');
    for (let i = 0; i < 5; i += 1) mustExecute(store, registerIncidentCommand());
    await store.backup(join(dir, 'copy.db'));
    const copy = open('copy');
    expect(copy.verify()).toEqual({ ok: true, events: 5 });
    expect(copy.logDigest()).toBe(store.logDigest());
    expect(copy.openIncidents()).toHaveLength(5);
  });
});
