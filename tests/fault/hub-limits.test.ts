import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import type { TokenLimits } from '../../hub/rate-limit';
import type { PullReply } from '../../shared/sync/protocol';
import type { DomainError } from '../../shared/errors';
import { connectOutcome, rawClient, tempDir, waitFor, type RawClient } from './helpers';

/**
 * Rate and connection limits per station token, not per connection (issue 17), against a real hub and
 * real socket.io clients: several sockets with one token draw on one budget, messages the hub does not
 * know are charged too, a token has a bounded number of connections, and one that keeps flooding is cut off.
 */
const key = new TextEncoder().encode('limits-test-signing-key-0123456789-abcdef');
const district = { station: 'district-500110', jurisdiction: '500110' };
const town = { station: 'town-500110101', jurisdiction: '500110101' };

let dir: ReturnType<typeof tempDir>;
let store: HubEventStore;
let hub: Hub | undefined;
const clients: RawClient[] = [];

beforeAll(() => {
  dir = tempDir('hub-limits');
  store = openSqliteHubStore(`${dir.path}/hub.sqlite`);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await hub?.close();
  hub = undefined;
});
afterAll(() => {
  store.close();
  dir.remove();
});

async function start(rateLimit: TokenLimits): Promise<Hub> {
  hub = await startHub({ store, key, rateLimit });
  return hub;
}

async function connect(url: string, token: string): Promise<RawClient> {
  const c = rawClient(url, token);
  clients.push(c);
  expect(await connectOutcome(c)).toEqual({ connected: true });
  return c;
}

/** A hand-made message the protocol does not know, sent without asking for an answer. */
const emitRaw = (c: RawClient, name: string, body: unknown) => (c as unknown as { emit(n: string, b: unknown): void }).emit(name, body);

const limited = (r: PullReply) => !r.ok && r.errors[0]?.code === 'RATE_LIMITED';

describe('hub limits per token', () => {
  it('several sockets with one token share one budget; another token has its own', async () => {
    // One message per 10 s after a burst of 12: the test runs well inside one refill, however slow the machine.
    const h = await start({ messagesPerSecond: 0.1, burst: 12, connectionsPerToken: 4 });
    const { token } = await issueToken(key, district);
    const sockets = [await connect(h.url, token), await connect(h.url, token), await connect(h.url, token)];
    // Three connections cost 3 of the 12; 30 pulls spread over them leave 9 answered at most (+1 refilled).
    const replies: PullReply[] = await Promise.all(
      Array.from({ length: 30 }, (_, i) => sockets[i % 3].emitWithAck('pull', { since: 0, limit: 1 })),
    );
    const answered = replies.filter((r) => r.ok).length;
    expect(answered).toBeGreaterThanOrEqual(8);
    expect(answered).toBeLessThanOrEqual(10);
    expect(replies.filter(limited).length).toBe(30 - answered);
    // Per connection, each socket would have had its own 12: every pull would have been answered.
    const other = await connect(h.url, (await issueToken(key, town)).token);
    const theirs: PullReply = await other.emitWithAck('pull', { since: 0, limit: 1 });
    expect(theirs.ok).toBe(true);
  });

  it('messages the hub does not know count against the budget, answered or not', async () => {
    const h = await start({ messagesPerSecond: 0.1, burst: 10 });
    const c = await connect(h.url, (await issueToken(key, district)).token);
    // 1 for the connection, 5 unknown messages without an acknowledgement, 3 with one, 1 malformed pull.
    for (let i = 0; i < 5; i += 1) emitRaw(c, 'whatever', { junk: i });
    const unknown = await Promise.all(
      Array.from({ length: 3 }, () => c.timeout(2000).emitWithAck('nonsense' as 'pull', { since: 0 }) as Promise<PullReply>),
    );
    expect(unknown.map((r) => (r.ok ? 'ok' : r.errors[0]?.code))).toEqual(['INVALID_FIELD', 'INVALID_FIELD', 'INVALID_FIELD']);
    const malformed: PullReply = await c.emitWithAck('pull', { since: 'yesterday' });
    expect(malformed.ok).toBe(false);
    // The budget is spent: a well-formed pull is refused for the rate.
    const next: PullReply = await c.emitWithAck('pull', { since: 0, limit: 1 });
    expect(limited(next)).toBe(true);
  });

  it('refuses a connection over the token’s limit, with the reason, and takes one once another closes', async () => {
    const h = await start({ messagesPerSecond: 100, burst: 100, connectionsPerToken: 2 });
    const { token } = await issueToken(key, district);
    const first = await connect(h.url, token);
    await connect(h.url, token);
    const third = rawClient(h.url, token);
    clients.push(third);
    const outcome = await connectOutcome(third);
    expect(outcome.connected).toBe(false);
    expect(outcome.connected ? '' : outcome.reason).toMatch(/RATE_LIMITED.*2 connection\(s\) open \(at most 2\)/);
    // Another token is not affected.
    await connect(h.url, (await issueToken(key, town)).token);
    first.disconnect();
    const again = rawClient(h.url, token);
    clients.push(again);
    let result = await connectOutcome(again);
    // The hub notices the close a moment later; try until it has (a few tries at most).
    for (let i = 0; i < 20 && !result.connected; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      again.connect();
      result = await connectOutcome(again);
    }
    expect(result).toEqual({ connected: true });
  });

  it('cuts off every connection of a token that keeps flooding, with the reason; other stations stay', async () => {
    const h = await start({ messagesPerSecond: 1, burst: 5, disconnectAfter: 20, connectionsPerToken: 4 });
    const { token } = await issueToken(key, district);
    const a = await connect(h.url, token);
    const b = await connect(h.url, token);
    const bystander = await connect(h.url, (await issueToken(key, town)).token);
    const refusedA = new Promise<DomainError[]>((resolve) => a.once('refused', resolve));
    const closedB = new Promise<void>((resolve) => b.once('disconnect', () => resolve()));
    for (let i = 0; i < 40; i += 1) emitRaw(a, 'flood', {});
    expect((await refusedA)[0]).toMatchObject({ code: 'RATE_LIMITED', detail: expect.stringMatching(/disconnected/) });
    await closedB;
    await waitFor('both connections closed', () => !a.connected && !b.connected);
    expect(bystander.connected).toBe(true);
    const stillServed: PullReply = await bystander.emitWithAck('pull', { since: 0, limit: 1 });
    expect(stillServed.ok).toBe(true);
  });

  it('reconnecting does not refill the budget', async () => {
    const h = await start({ messagesPerSecond: 0.1, burst: 4 });
    const { token } = await issueToken(key, district);
    const c = await connect(h.url, token);
    const spent: PullReply[] = await Promise.all(Array.from({ length: 4 }, () => c.emitWithAck('pull', { since: 0, limit: 1 })));
    expect(spent.filter(limited).length).toBeGreaterThanOrEqual(1);
    c.disconnect();
    const again = rawClient(h.url, token);
    clients.push(again);
    const outcome = await connectOutcome(again);
    expect(outcome.connected).toBe(false);
    expect(outcome.connected ? '' : outcome.reason).toMatch(/RATE_LIMITED/);
  });
});
