import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { canonicalJson } from '../../shared/events/hash';
import { MAX_EVENT_BYTES } from '../../shared/events/envelope';
import type { PublishReply } from '../../shared/sync/protocol';
import { connectOutcome, rawClient, stationChain, tempDir, waitFor, type RawClient } from './helpers';

const key = new TextEncoder().encode('fuzz-test-signing-key-0123456789-abcdef');
const MESSAGES = 100_000;
const station = { station: 'district-500110', jurisdiction: '500110' };

let dir: ReturnType<typeof tempDir>;
let store: HubEventStore;
let hub: Hub;
let client: RawClient;

beforeAll(async () => {
  dir = tempDir('fuzz');
  store = openSqliteHubStore(`${dir.path}/hub.sqlite`);
  // A generous rate limit, so that the validators (not the limiter) answer every message.
  hub = await startHub({ store, key, rateLimit: { messagesPerSecond: 1e6, burst: 1e6 } });
  client = rawClient(hub.url, (await issueToken(key, station)).token, true);
  await connectOutcome(client);
});

afterAll(async () => {
  client.disconnect();
  await hub.close();
  store.close();
  dir.remove();
});

const hashedFields = ['id', 'type', 'stream', 'payload', 'actor', 'station', 'jurisdiction', 'occurredAt', 'recordedAt', 'stationSeq', 'prevHash', 'hash'];
const differs = (a: unknown, b: unknown) => {
  try {
    return canonicalJson(a) !== canonicalJson(b);
  } catch {
    return true;
  }
};

type Message = { name: string; body: unknown; kind: string };

function messages(valid: readonly Record<string, unknown>[]): fc.Arbitrary<Message> {
  const anything = fc.anything({ maxDepth: 2, maxKeys: 5 });
  const validEvent = fc.constantFrom(...valid);
  // A real event with one hashed field replaced: the nearest thing to a valid event that is not one.
  const mutated = fc
    .tuple(validEvent, fc.constantFrom(...hashedFields), fc.oneof(anything, fc.string(), fc.integer(), fc.constant(null)))
    .filter(([e, field, value]) => differs(e[field], value))
    .map(([e, field, value]) => ({ ...e, [field]: value }));
  const oversize = fc
    .tuple(validEvent, fc.integer({ min: MAX_EVENT_BYTES, max: MAX_EVENT_BYTES + 4096 }))
    .map(([e, size]) => ({ ...e, payload: { ...(e.payload as object), note: 'x'.repeat(size) } }));
  // Weighted so that the bulky kinds (oversize) stay a small share of the run's bytes.
  return fc.oneof(
    { weight: 3, arbitrary: anything.map((body) => ({ name: 'publish', body, kind: 'publish-anything' })) },
    { weight: 3, arbitrary: fc.array(anything, { minLength: 1, maxLength: 4 }).map((body) => ({ name: 'publish', body, kind: 'publish-garbage-events' })) },
    { weight: 4, arbitrary: fc.array(mutated, { minLength: 1, maxLength: 3 }).map((body) => ({ name: 'publish', body, kind: 'publish-mutated' })) },
    { weight: 1, arbitrary: oversize.map((e) => ({ name: 'publish', body: [e], kind: 'publish-oversize' })) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(0, null, 'e'), { minLength: 201, maxLength: 240 }).map((body) => ({ name: 'publish', body, kind: 'publish-too-many' })) },
    { weight: 2, arbitrary: anything.map((body) => ({ name: 'pull', body, kind: 'pull-anything' })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ since: fc.oneof(fc.integer({ max: -1 }), fc.double(), fc.string()), limit: anything })
        .map((body) => ({ name: 'pull', body, kind: 'pull-bad' })),
    },
    { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 20 }), anything).map(([name, body]) => ({ name: `x-${name}`, body, kind: 'unknown-message' })) },
  );
}

describe('hub under malformed input', () => {
  it(`answers ${MESSAGES.toLocaleString('en')} malformed or oversize messages with errors, stays up and writes nothing`, async () => {
    // Valid events of a station that has none at the hub yet are the base for mutations; they are
    // never sent unmutated except in over-long batches, which the hub refuses whole.
    const valid = stationChain(station.station, station.jurisdiction)
      .next(30)
      .map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
    const kinds = new Map<string, number>();
    const started = Date.now();
    let answered = 0;
    let accepted = 0;
    const window = 400;
    const inFlight = new Set<Promise<void>>();
    const CHUNK = 5000;
    for (let sent = 0; sent < MESSAGES; sent += CHUNK) {
      const batch = fc.sample(messages(valid), { numRuns: Math.min(CHUNK, MESSAGES - sent), seed: 7 + sent });
      for (const m of batch) {
        kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
        const p = (client.timeout(30_000).emitWithAck(m.name as 'publish', m.body) as Promise<PublishReply>)
          .then((reply) => {
            answered += 1;
            if (reply.ok && reply.acks.length > 0) accepted += reply.acks.length;
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= window) await Promise.race(inFlight);
      }
    }
    await Promise.all(inFlight);

    expect(answered).toBe(MESSAGES);
    expect(accepted).toBe(0);
    expect(store.count()).toBe(0);
    for (const kind of ['publish-anything', 'publish-garbage-events', 'publish-mutated', 'publish-oversize', 'publish-too-many', 'pull-anything', 'pull-bad', 'unknown-message']) {
      expect(kinds.get(kind) ?? 0).toBeGreaterThan(MESSAGES / 50);
    }
    console.log(`fuzz: ${MESSAGES} messages answered in ${Date.now() - started} ms`, Object.fromEntries(kinds));

    // Frames above the socket limit close that connection; the hub carries on.
    for (let i = 0; i < 5; i += 1) {
      const big = rawClient(hub.url, (await issueToken(key, station)).token);
      await connectOutcome(big);
      const closed = new Promise<void>((resolve) => big.once('disconnect', () => resolve()));
      big.emit('publish', ['y'.repeat(2 * 1024 * 1024)] as never, () => undefined);
      await closed;
      big.disconnect();
    }
    expect(store.count()).toBe(0);

    // Still up: a real event is taken and acknowledged.
    await waitFor('the fuzzing client to be connected', () => client.connected);
    const [first] = stationChain(station.station, station.jurisdiction).next(1);
    const reply: PublishReply = await client.emitWithAck('publish', [first]);
    expect(reply).toMatchObject({ ok: true, acks: [{ id: first.id, hubSeq: 1 }], rejected: [] });
    expect(store.count()).toBe(1);
  }, 600_000);
});
