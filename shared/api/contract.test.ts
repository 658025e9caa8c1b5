import { describe, expect, it } from 'vitest';
import { createApiDispatcher, type ApiHandlers } from './serve';
import { createStationClient, type StationTransport } from './client';
import { stationApi } from './contract';
import { handlersWith } from './api.testing';
import { ok } from '../result';

const link = { status: 'standalone', outboxDepth: 0, lastContactAt: null, hubUrl: null } as const;

function handlers(overrides: Partial<ApiHandlers> = {}): ApiHandlers {
  return handlersWith({
    incident: () => ok(null),
    reportsOf: () => ok([]),
    obligationsOf: () => ok([]),
    streamEvents: () => ok([]),
    linkState: () => ok(link),
    ...overrides,
  });
}

/** The same wire a socket or IPC gives: JSON in, JSON out. */
function loopback(
  dispatch: ReturnType<typeof createApiDispatcher>,
): StationTransport & { push(p: unknown): void } {
  const listeners = new Set<(p: unknown) => void>();
  return {
    request: async (method, input) =>
      JSON.parse(JSON.stringify(await dispatch(JSON.parse(JSON.stringify({ method, input }))))),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onConnectionChange: () => () => {},
    push: (p) => listeners.forEach((l) => l(p)),
  };
}

describe('station API contract', () => {
  it('every call names a kind, an input schema and an output schema', () => {
    for (const [name, spec] of Object.entries(stationApi)) {
      expect(['command', 'query'], name).toContain(spec.kind);
      expect(typeof spec.input.safeParse, name).toBe('function');
      expect(typeof spec.output.safeParse, name).toBe('function');
    }
  });

  it('the station refuses a malformed command whole and names each bad field, before any handler runs', async () => {
    let ran = false;
    const dispatch = createApiDispatcher(handlers({ execute: () => ((ran = true), ok({ events: [] })) }));
    const reply = await dispatch({
      method: 'execute',
      input: { id: 'not-a-ulid', type: 'incident.register', payload: {}, actor: {} },
    });
    expect(ran).toBe(false);
    expect(reply.ok).toBe(false);
    // The actor a window sends is no part of a command (the station stamps who acts): not even checked.
    if (!reply.ok) expect(reply.errors.map((e) => e.field).sort()).toEqual(['input.id', 'input.payload.facts']);
  });

  it('an unknown method is refused by name', async () => {
    const reply = await createApiDispatcher(handlers())({ method: 'dropDatabase', input: {} });
    expect(reply).toMatchObject({ ok: false, errors: [{ code: 'UNKNOWN_COMMAND', field: 'method' }] });
  });

  it('a handler answering outside the contract is reported as a bug, never sent on', async () => {
    const bugs: unknown[] = [];
    const dispatch = createApiDispatcher(
      handlers({ linkState: () => ok({ status: 'sleeping' } as never) }),
      (e) => bugs.push(e),
    );
    expect(await dispatch({ method: 'linkState', input: {} })).toMatchObject({
      ok: false,
      errors: [{ code: 'INVALID_REPLY' }],
    });
    expect(bugs).toHaveLength(1);
  });

  it('the client gets typed values through a JSON wire and checks its input before sending', async () => {
    const client = createStationClient(loopback(createApiDispatcher(handlers())));
    expect(await client.linkState({})).toEqual({ ok: true, value: link });
    const bad = await client.incident({ id: '../../etc/passwd' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ code: 'INVALID_FIELD', field: 'input.id' });
  });

  it('the client refuses a reply that breaks the contract', async () => {
    const transport: StationTransport = {
      request: async () => ({ ok: true, value: { status: 'online' } }),
      subscribe: () => () => {},
      onConnectionChange: () => () => {},
    };
    const invalid: string[] = [];
    const reply = await createStationClient(transport, (w) => invalid.push(w)).linkState({});
    expect(reply).toMatchObject({ ok: false, errors: [{ code: 'INVALID_REPLY' }] });
    expect(invalid).toHaveLength(1);
  });

  it('pushes outside the contract are dropped; valid ones arrive typed', async () => {
    const transport = loopback(createApiDispatcher(handlers()));
    const client = createStationClient(transport);
    const got: unknown[] = [];
    client.subscribe((p) => got.push(p));
    transport.push({ kind: 'link', link: { ...link, status: 'online' } });
    transport.push({ kind: 'link', link: { status: 'on fire' } });
    transport.push({ kind: 'unknown' });
    expect(got).toEqual([{ kind: 'link', link: { ...link, status: 'online' } }]);
  });

  it('an unreachable station is a domain error, not an exception', async () => {
    const transport: StationTransport = {
      request: async () => {
        throw new Error('socket closed');
      },
      subscribe: () => () => {},
      onConnectionChange: () => () => {},
    };
    expect(await createStationClient(transport).linkState({})).toMatchObject({
      ok: false,
      errors: [{ code: 'STATION_UNREACHABLE' }],
    });
  });
});
