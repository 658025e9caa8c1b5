import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { newId } from '../../shared/ids';
import type { EventEnvelope } from '../../shared/events/envelope';
import type { PublishReply, PullReply } from '../../shared/sync/protocol';
import { visibleTo } from '../../shared/sync/routing';
import { connectOutcome, rawClient, stationChain, tempDir, waitFor, type RawClient } from './helpers';

const key = new TextEncoder().encode('test-signing-key-0123456789-abcdefghij');
const stations = {
  district: { station: 'district-500110', jurisdiction: '500110' },
  townA: { station: 'town-500110101', jurisdiction: '500110101' },
  townB: { station: 'town-500110102', jurisdiction: '500110102' },
  otherDistrict: { station: 'district-500111', jurisdiction: '500111' },
} as const;
type Name = keyof typeof stations;

let dir: ReturnType<typeof tempDir>;
let store: HubEventStore;
let hub: Hub;
let clockOffset = 0;
const clock = () => Date.now() + clockOffset;
const clients: RawClient[] = [];

async function liveClient(name: Name, token?: string) {
  const t = token ?? (await issueToken(key, stations[name])).token;
  const client = rawClient(hub.url, t);
  clients.push(client);
  const received: EventEnvelope[] = [];
  client.on('events', (b) => received.push(...b.events));
  const outcome = await connectOutcome(client);
  expect(outcome).toEqual({ connected: true });
  const pulled: PullReply = await client.emitWithAck('pull', { since: 0 });
  if (pulled.ok) received.push(...pulled.events);
  return { client, received };
}

beforeAll(async () => {
  dir = tempDir('security');
  store = openSqliteHubStore(`${dir.path}/hub.sqlite`);
  hub = await startHub({ store, key, clock });
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await hub.close();
  store.close();
  dir.remove();
});

describe('hub security', () => {
  it('refuses a connection without a token', async () => {
    const c = rawClient(hub.url);
    clients.push(c);
    const outcome = await connectOutcome(c);
    expect(outcome.connected).toBe(false);
  });

  it('refuses a token signed with another key, and an unsigned one', async () => {
    const other = new TextEncoder().encode('not-the-hub-key-0123456789-abcdefghijkl');
    const forged = await issueToken(other, stations.district);
    const c1 = rawClient(hub.url, forged.token);
    clients.push(c1);
    expect((await connectOutcome(c1)).connected).toBe(false);

    const payload = Buffer.from(JSON.stringify({ sub: 'district-500110', jur: '500110', jti: 'x', iss: 'duty-room-hub', aud: 'duty-room-station', iat: 1, exp: 4e9 })).toString('base64url');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    const c2 = rawClient(hub.url, unsigned);
    clients.push(c2);
    expect((await connectOutcome(c2)).connected).toBe(false);

    // Right key but a claim that is not a jurisdiction code.
    const bad = await new SignJWT({ jur: '../500110' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('duty-room-hub')
      .setAudience('duty-room-station')
      .setSubject('district-500110')
      .setJti('y')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    const c3 = rawClient(hub.url, bad);
    clients.push(c3);
    expect((await connectOutcome(c3)).connected).toBe(false);
  });

  it('routes by the token only: own node and below, warnings down, report receipts back to the sender', async () => {
    const live = {
      district: await liveClient('district'),
      townA: await liveClient('townA'),
      townB: await liveClient('townB'),
      otherDistrict: await liveClient('otherDistrict'),
    };
    // Asking for another jurisdiction's room, or smuggling a jurisdiction into a pull, is refused.
    const join = (await live.townA.client.timeout(2000).emitWithAck('join' as 'pull', 'node:500110102')) as PullReply;
    expect(join.ok).toBe(false);
    const sneaky: PullReply = await live.townA.client.emitWithAck('pull', { since: 0, jurisdiction: '500110102' });
    expect(sneaky.ok).toBe(false);

    const chains = Object.fromEntries(Object.entries(stations).map(([n, s]) => [n, stationChain(s.station, s.jurisdiction)])) as Record<
      Name,
      ReturnType<typeof stationChain>
    >;
    const publish = async (name: Name, events: unknown[]): Promise<PublishReply> => live[name].client.emitWithAck('publish', events);

    expect((await publish('townB', chains.townB.next(20))).ok).toBe(true);
    expect((await publish('district', chains.district.next(5))).ok).toBe(true);
    const warningId = newId();
    const warning = chains.district.next(1, () => ({
      type: 'warning.issued',
      stream: `warning:${warningId}`,
      payload: {
        warning: {
          id: warningId,
          hazard: '暴雨',
          colour: 'orange',
          areas: ['500110101', '500110102'],
          text: '暴雨橙色预警',
          issuedAt: new Date().toISOString(),
          issuedBy: 'district-500110',
          recipients: [],
        },
      },
    }));
    expect(await publish('district', warning)).toMatchObject({ ok: true, rejected: [] });

    const reportStream = `report:${newId()}`;
    const sent = chains.townA.next(1, () => ({ type: 'report.sent', stream: reportStream, payload: { addressedTo: '500110' } }));
    expect(await publish('townA', sent)).toMatchObject({ ok: true, rejected: [] });
    const receipt = chains.district.next(1, () => ({ type: 'report.received', stream: reportStream, payload: { receivedBy: 'officer-d' } }));
    expect(await publish('district', receipt)).toMatchObject({ ok: true, rejected: [] });

    // A station may publish only events stamped with its own station and jurisdiction.
    const impostor = chains.townB.next(1);
    const refused = await publish('townA', impostor);
    expect(refused.ok && refused.rejected[0]?.errors[0]?.code).toBe('NOT_AUTHORISED');
    expect(store.eventsOfStation('town-500110102')).toHaveLength(20);

    await waitFor('deliveries', () => live.district.received.length >= 21 && live.townA.received.length >= 2 && live.townB.received.length >= 1);
    await new Promise((r) => setTimeout(r, 200));

    const ids = (name: Name) => live[name].received.map((e) => e.type);
    expect(ids('district').filter((t) => t === 'incident.response_started')).toHaveLength(20);
    expect(ids('district')).toContain('report.sent');
    expect(ids('townA')).toEqual(['warning.issued', 'report.received']);
    expect(ids('townB')).toEqual(['warning.issued']);
    expect(ids('otherDistrict')).toEqual([]);
    // 0 events delivered to the wrong station, checked event by event against the routing rule.
    for (const name of Object.keys(live) as Name[]) {
      for (const e of live[name].received) {
        const extra = e.type === 'report.received' ? '500110101' : e.type === 'report.sent' ? '500110' : null;
        expect(visibleTo(stations[name].jurisdiction, { jurisdiction: e.jurisdiction, down: e.type.startsWith('warning.'), extra, ceiling: null })).toBe(true);
        expect(e.station).not.toBe(stations[name].station);
      }
    }
    // Replay from a sequence number gives the same view as the live feed.
    const replay: PullReply = await live.townA.client.emitWithAck('pull', { since: 0 });
    expect(replay.ok && replay.events.map((e) => e.type)).toEqual(['warning.issued', 'report.received']);
  });

  it('disconnects an expired token within 5 s and refuses it afterwards', async () => {
    const { token } = await issueToken(key, { ...stations.townA, ttlSeconds: 60, now: clock() });
    const { client } = await liveClient('townA', token);
    const closed = new Promise<number>((resolve) => client.once('disconnect', () => resolve(Date.now())));
    const start = Date.now();
    clockOffset += 61_000;
    const at = await closed;
    expect(at - start).toBeLessThan(5000);
    const again = rawClient(hub.url, token);
    clients.push(again);
    expect((await connectOutcome(again)).connected).toBe(false);
  });

  it('disconnects a revoked token within 5 s and refuses it afterwards; revoking a station covers its older tokens', async () => {
    const issued = await issueToken(key, { ...stations.townB, now: clock() });
    const { client } = await liveClient('townB', issued.token);
    const closed = new Promise<number>((resolve) => client.once('disconnect', () => resolve(Date.now())));
    const start = Date.now();
    store.revokeToken(issued.tokenId, clock());
    expect((await closed) - start).toBeLessThan(5000);
    const again = rawClient(hub.url, issued.token);
    clients.push(again);
    expect((await connectOutcome(again)).connected).toBe(false);

    const older = await issueToken(key, { ...stations.otherDistrict, now: clock() - 10_000 });
    store.revokeStation(stations.otherDistrict.station, clock());
    const c = rawClient(hub.url, older.token);
    clients.push(c);
    expect((await connectOutcome(c)).connected).toBe(false);
  });

  it('revoking a station by id leaves a token issued later in the same second connected', async () => {
    // Pin the moments inside one whole second of the hub's clock: revoke at .400, issue again at .700.
    const second = Math.floor(clock() / 1000) * 1000 + 1000;
    const older = await issueToken(key, { ...stations.townA, now: second + 100 });
    store.revokeStation(stations.townA.station, second + 400);
    const newer = await issueToken(key, { ...stations.townA, now: second + 700 });
    const refused = rawClient(hub.url, older.token);
    clients.push(refused);
    expect((await connectOutcome(refused)).connected).toBe(false);
    const accepted = rawClient(hub.url, newer.token);
    clients.push(accepted);
    expect(await connectOutcome(accepted)).toEqual({ connected: true });
  });

  it('answers a flood of messages with a rate-limit error and keeps serving', async () => {
    const limited = await startHub({ store, key, clock, rateLimit: { messagesPerSecond: 5, burst: 10 } });
    try {
      const c = rawClient(limited.url, (await issueToken(key, { ...stations.district, now: clock() })).token);
      clients.push(c);
      await connectOutcome(c);
      const replies: PullReply[] = await Promise.all(Array.from({ length: 30 }, () => c.emitWithAck('pull', { since: 0, limit: 1 })));
      const limitedCount = replies.filter((r) => !r.ok && r.errors[0]?.code === 'RATE_LIMITED').length;
      expect(limitedCount).toBeGreaterThanOrEqual(15);
      await new Promise((r) => setTimeout(r, 1000));
      const after: PullReply = await c.emitWithAck('pull', { since: 0, limit: 1 });
      expect(after.ok).toBe(true);
    } finally {
      await limited.close();
    }
  });
});
