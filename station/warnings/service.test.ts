import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { MINUTE, toInstant } from '../../shared/time';
import { warningRecord } from '../../shared/warnings/aggregate';
import { chooseRecipients } from '../../shared/warnings/recipients';
import { loadWarningDirectory } from '../../shared/warnings/directory';
import { createHttpGateway } from '../notify/httpGateway';
import { officer } from '../store/store.testing';
import { openStationStore, type StationStore } from '../store';
import { ContactBook, demoDirectoryPath, readWarningDirectory } from './directory';
import { createWarningService, SERVICE_ACTOR } from './service';

/*
 * The loop's clock against a real store (SQLite file) and the real HTTP gateway adapter talking to a
 * gateway stub on loopback. The station clock is a number the test moves; nothing sleeps.
 */

interface Seen {
  key: string;
  channel: string;
  to: string;
  text: string;
}
let server: Server | undefined;
/** Numbers the stub refuses (400), as a gateway does for a number it cannot reach. */
const refused = new Set<string>();
async function gatewayStub(): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const delivered = new Map<string, string>();
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as Omit<Seen, 'key'>;
      const key = String(req.headers['idempotency-key']);
      res.setHeader('content-type', 'application/json');
      if (refused.has(body.to)) {
        res.writeHead(400).end(JSON.stringify({ error: 'number not reachable' }));
        return;
      }
      // Same key, same message: what a real gateway does with a retry.
      if (!delivered.has(key)) {
        delivered.set(key, `msg-${delivered.size + 1}`);
        seen.push({ key, ...body });
      }
      res.writeHead(200).end(JSON.stringify({ id: delivered.get(key) }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`, seen };
}

let dir: string;
let now = Date.parse('2026-07-10T01:00:00.000Z');
const stores: StationStore[] = [];
const open = () => {
  const s = openStationStore({
    path: join(dir, 'district.db'),
    stationId: 'district-500110',
    jurisdiction: '500110',
    clock: () => now,
  });
  stores.push(s);
  return s;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-warning-loop-'));
  now = Date.parse('2026-07-10T01:00:00.000Z');
  refused.clear();
});
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  }
});

const directory = readWarningDirectory(demoDirectoryPath);
const book = new ContactBook(directory.contacts);
const townships = ['500110001', '500110101', '500110102', '500110103', '500110104'];

async function setUp() {
  const stub = await gatewayStub();
  const errors: unknown[] = [];
  const gateway = createHttpGateway({ url: stub.url, token: 'test-token-123', retries: 0, timeoutMs: 5000 });
  const service = (store: StationStore) =>
    createWarningService({
      store,
      notifier: gateway,
      phonesOf: book.phonesOf,
      actor: SERVICE_ACTOR,
      stationId: store.stationId,
      clock: () => now,
      onError: (e) => errors.push(e),
    });
  let store = open();
  const recipients = chooseRecipients(directory.contacts, '500110', townships, {
    tiers: [1],
    gridPersons: false,
  });
  const warningId = newId(now);
  const issued = store.execute(
    {
      id: newId(now),
      type: 'warning.issue',
      payload: {
        warningId,
        hazard: '暴雨',
        colour: 'red',
        areas: townships,
        text: '预计未来3小时将出现100毫米以上强降雨，请立即落实危险区人员转移。',
        recipients,
      },
    },
    officer,
  );
  expect(issued.ok).toBe(true);
  const reopen = () => {
    store.close();
    stores.splice(stores.indexOf(store), 1);
    store = open();
    return store;
  };
  return { stub, service, store: () => store, reopen, warningId, recipients, errors };
}

const ack = (store: StationStore, warningId: string, recipientId: string) =>
  store.execute(
    {
      id: newId(now),
      type: 'warning.acknowledge',
      payload: { warningId, recipientId, channel: 'phone' },
    },
    officer,
  );

describe('warning call-and-response loop (service, real store and gateway on loopback)', () => {
  it('five townships are told by SMS; the two that do not answer within 10 minutes are called again, then their heads are called, every step on record with its time', async () => {
    const { stub, service, store, warningId, errors } = await setUp();
    await service(store()).wake();
    expect(stub.seen.map((m) => [m.channel, m.to])).toEqual([
      ['sms', '023-48280110'],
      ['sms', '023-48280210'],
      ['sms', '023-48280310'],
      ['sms', '023-48280410'],
      ['sms', '023-48280510'],
    ]);
    expect(stub.seen[0]?.text).toContain('红色暴雨预警');
    expect(
      store()
        .warning(warningId)
        ?.recipients.every((r) => r.deliveredBy === 'sms'),
    ).toBe(true);

    now += 4 * MINUTE;
    for (const id of ['ws-001-duty', 'ws-101-duty', 'ws-102-duty'])
      expect(ack(store(), warningId, id).ok).toBe(true);

    // 9 minutes after issue: nothing is owed yet.
    now = Date.parse('2026-07-10T01:09:00.000Z');
    await service(store()).wake();
    expect(stub.seen).toHaveLength(5);

    now = Date.parse('2026-07-10T01:10:01.000Z');
    await service(store()).wake();
    expect(stub.seen.slice(5).map((m) => [m.channel, m.to])).toEqual([
      ['voice', '023-48280410'],
      ['voice', '023-48280510'],
    ]);
    // The escalation waits 5 minutes after the reminder (policy): not at 01:14.
    now = Date.parse('2026-07-10T01:14:00.000Z');
    await service(store()).wake();
    expect(stub.seen).toHaveLength(7);

    now = Date.parse('2026-07-10T01:15:02.000Z');
    await service(store()).wake();
    expect(stub.seen.slice(7).map((m) => [m.channel, m.to, m.text.slice(0, 7)])).toEqual([
      ['voice', '13908230104', '【预警未叫应】'],
      ['voice', '13908230105', '【预警未叫应】'],
    ]);

    const w = store().warning(warningId)!;
    expect(
      w.recipients.map((r) => [
        r.id,
        r.acknowledgedAt ? 'ack' : '',
        r.renotifiedAt.length,
        r.escalatedTo ?? '',
      ]),
    ).toEqual([
      ['ws-001-duty', 'ack', 0, ''],
      ['ws-101-duty', 'ack', 0, ''],
      ['ws-102-duty', 'ack', 0, ''],
      ['ws-103-duty', '', 1, 'ws-103-head'],
      ['ws-104-duty', '', 1, 'ws-104-head'],
    ]);
    const record = warningRecord(store().streamEvents(`warning:${warningId}`)).map((s) => [
      s.at.slice(11, 19),
      s.step,
      s.recipientId ?? '',
      s.by,
    ]);
    expect(record.filter((r) => r[2] === 'ws-103-duty')).toEqual([
      ['01:00:00', 'delivered', 'ws-103-duty', SERVICE_ACTOR.id],
      ['01:10:01', 'renotified', 'ws-103-duty', SERVICE_ACTOR.id],
      ['01:15:02', 'escalated', 'ws-103-duty', SERVICE_ACTOR.id],
    ]);
    expect(record.filter((r) => r[2] === 'ws-001-duty').map((r) => r[1])).toEqual([
      'delivered',
      'acknowledged',
    ]);
    expect(errors).toEqual([]);
  });

  it('after a restart the loop goes on from the record: nothing already sent is sent again', async () => {
    const { stub, service, reopen, warningId } = await setUp();
    const store = () => stores[stores.length - 1];
    await service(store()).wake();
    now = Date.parse('2026-07-10T01:10:01.000Z');
    await service(store()).wake();
    expect(stub.seen).toHaveLength(10);
    const restarted = reopen();
    await service(restarted).wake();
    expect(stub.seen).toHaveLength(10);
    expect(restarted.warning(warningId)?.recipients.every((r) => r.renotifiedAt.length === 1)).toBe(true);
  });

  it('a number the gateway refuses is recorded as not delivered, and is not tried again before the retry time', async () => {
    const { stub, service, store, warningId, errors } = await setUp();
    refused.add('023-48280310');
    const loop = service(store());
    await loop.wake();
    expect(stub.seen).toHaveLength(4);
    const failed = store()
      .warning(warningId)
      ?.recipients.find((r) => r.id === 'ws-102-duty');
    expect(failed).toMatchObject({
      deliveryFailedAt: toInstant(now),
      deliveryFailure: { notice: 'issue', channel: 'sms' },
    });
    expect(failed?.deliveryFailure?.reason).toContain('number not reachable');
    expect(failed?.deliveredAt).toBeUndefined();
    // The issue SMS is not retried; at the limit the reminder goes out (to the same refused number: failed
    // again, on record), and is not tried again 30 s later (the retry waits a minute).
    now = Date.parse('2026-07-10T01:10:01.000Z');
    await loop.wake();
    now += 30_000;
    await loop.wake();
    const events = store()
      .streamEvents(`warning:${warningId}`)
      .filter((e) => e.type === 'warning.delivery_failed');
    expect(events.map((e) => (e.payload as { notice: string }).notice)).toEqual(['issue', 'renotify']);
    expect(errors).toEqual([]);
  });

  it('a warning that reached this station from another one is left to its issuer', async () => {
    const { stub, service, store } = await setUp();
    const other = createWarningService({
      store: store(),
      notifier: createHttpGateway({ url: 'http://127.0.0.1:9/unused', token: 'test-token-123', retries: 0 }),
      phonesOf: book.phonesOf,
      actor: SERVICE_ACTOR,
      stationId: 'township-500110101',
      clock: () => now,
    });
    await other.wake();
    expect(stub.seen).toHaveLength(0);
    await service(store()).wake();
    expect(stub.seen).toHaveLength(5);
  });

  it('a directory with a superior nobody knows, or a contact outside the station, is refused whole', () => {
    const bad = loadWarningDirectory({
      jurisdiction: '500110',
      contacts: [
        { id: 'a', name: '甲镇值班室', jurisdiction: '500110001', kind: 'duty_room', superiorId: 'nobody' },
        { id: 'b', name: '外区值班室', jurisdiction: '500111001', kind: 'duty_room' },
      ],
    });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual([
      'contacts.1.jurisdiction',
      'contacts.0.superiorId',
    ]);
  });
});
