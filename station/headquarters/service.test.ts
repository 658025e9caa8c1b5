import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { headquartersRecord } from '../../shared/headquarters/aggregate';
import { openStationStore, type StationStore } from '../store';
import { leader, officer, registerIncidentCommand } from '../store/store.testing';
import { createHttpGateway } from '../notify/httpGateway';
import { createHeadquartersService, HQ_SERVICE_ACTOR } from './service';
import { HolderBook, demoHolderDirectoryPath, readHolderDirectory } from './directory';

/** Members told by SMS through a gateway stub on a real loopback socket, every outcome on record. */
let dir: string;
let store: StationStore;
let server: Server | undefined;
let now = Date.parse('2026-07-10T02:00:00.000Z');
const errors: unknown[] = [];
const received: Array<{ to: string; text: string; key: string }> = [];

async function gatewayStub(refuse: (to: string) => boolean): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const msg = JSON.parse(body) as { to: string; text: string };
      if (refuse(msg.to)) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'number not in service' }));
        return;
      }
      received.push({ ...msg, key: String(req.headers['idempotency-key']) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `msg-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/v1/messages`;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duty-hq-service-'));
  now = Date.parse('2026-07-10T02:00:00.000Z');
  received.length = 0;
  errors.length = 0;
  store = openStationStore({
    path: join(dir, 'station.db'),
    stationId: 'district-500110',
    jurisdiction: '500110',
    clock: () => now,
  });
});
afterEach(async () => {
  store.close();
  expect(errors).toEqual([]);
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const book = new HolderBook(readHolderDirectory(demoHolderDirectoryPath));

function activate(members: Array<{ personId: string; name: string; role: string; group?: string }>) {
  const register = registerIncidentCommand({ title: '綦江河万盛段洪水' });
  expect(
    store.execute(
      {
        ...register,
        payload: { ...register.payload, facts: { ...register.payload.facts, subtype: 'flood' } },
      },
      officer,
    ).ok,
  ).toBe(true);
  const headquartersId = newId(now);
  const r = store.execute(
    {
      id: newId(),
      type: 'headquarters.activate',
      payload: {
        headquartersId,
        incidentId: register.payload.incidentId,
        planId: 'flood-district',
        planVersion: 1,
        responseLevel: 'III',
        members,
      },
    },
    leader,
  );
  expect(r.ok ? [] : r.errors).toEqual([]);
  return headquartersId;
}

describe('headquarters member notification', () => {
  it('each member is sent an SMS through the gateway; accepted ones are on record with the message id, a refused number as failed', async () => {
    const url = await gatewayStub((to) => to === book.phonesOf('ws-fire')[0]);
    const service = createHeadquartersService({
      store,
      jurisdiction: '500110',
      notifier: createHttpGateway({ url, token: 'test-token-123', retries: 0 }),
      phonesOf: book.phonesOf,
      actor: HQ_SERVICE_ACTOR,
      clock: () => now,
      onError: (e) => errors.push(e),
    });
    const hqId = activate([
      { personId: 'ws-head', name: '张区长', role: 'commander' },
      { personId: 'ws-em', name: '王局长', role: 'group_lead', group: 'coordination' },
      { personId: 'ws-fire', name: '钱大队长', role: 'group_lead', group: 'rescue' },
    ]);
    await service.wake();

    expect(received.map((m) => m.to).sort()).toEqual(
      [...book.phonesOf('ws-head'), ...book.phonesOf('ws-em')].sort(),
    );
    expect(received.find((m) => m.to === book.phonesOf('ws-em')[0])?.text).toContain('綦江河万盛段洪水');
    expect(received.find((m) => m.to === book.phonesOf('ws-em')[0])?.text).toContain('综合协调组组长');
    const hq = store.headquartersById(hqId)!;
    expect(hq.members.map((m) => [m.personId, m.notifiedBy ?? null, m.notificationFailures])).toEqual([
      ['ws-head', 'sms', 0],
      ['ws-em', 'sms', 0],
      ['ws-fire', null, 1],
    ]);
    const steps = headquartersRecord(hq).map((s) => [s.step, s.personId ?? null]);
    expect(steps).toContainEqual(['notification_failed', 'ws-fire']);
    expect(steps.filter((s) => s[0] === 'member_notified')).toHaveLength(2);

    // A second look sends nothing new: the failure waits for its retry time.
    await service.wake();
    expect(received).toHaveLength(2);
  });

  it('without a gateway nothing is sent or recorded: the board lists the phones for the duty officer to call', async () => {
    const service = createHeadquartersService({
      store,
      jurisdiction: '500110',
      notifier: null,
      phonesOf: book.phonesOf,
      actor: HQ_SERVICE_ACTOR,
      clock: () => now,
      onError: (e) => errors.push(e),
    });
    const hqId = activate([{ personId: 'ws-head', name: '张区长', role: 'commander' }]);
    await service.wake();
    expect(store.headquartersById(hqId)?.record.map((s) => s.step)).toEqual(['activated']);
  });

  it('a headquarters activated at another station (received through the hub) is not notified from here', async () => {
    const url = await gatewayStub(() => false);
    const service = createHeadquartersService({
      store,
      jurisdiction: '500110101',
      notifier: createHttpGateway({ url, token: 'test-token-123', retries: 0 }),
      phonesOf: book.phonesOf,
      actor: HQ_SERVICE_ACTOR,
      clock: () => now,
      onError: (e) => errors.push(e),
    });
    activate([{ personId: 'ws-head', name: '张区长', role: 'commander' }]);
    await service.wake();
    expect(received).toEqual([]);
  });
});
