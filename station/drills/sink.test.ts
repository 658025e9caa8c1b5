import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { openStationStore, type StationStore } from '../store';
import { leader, officer, registerIncidentCommand } from '../store/store.testing';
import { createHttpGateway } from '../notify/httpGateway';
import { createHeadquartersService, HQ_SERVICE_ACTOR } from '../headquarters/service';
import { HolderBook, demoHolderDirectoryPath, readHolderDirectory } from '../headquarters/directory';
import { DRILL_RUNNER } from './runner';
import { DRILL_SINK_PREFIX, drillNotifier, drillSinkNotifier } from './sink';

/**
 * 演练不发真实短信 (issue 22): a headquarters activated for a drill's incident sends no SMS through the
 * real gateway (a stub on a loopback socket counts what reaches it); each member's notice is on record
 * as gone to the drill sink. A real incident's headquarters, activated during the same drill, is sent
 * as usual.
 */
let dir: string;
let store: StationStore;
let server: Server | undefined;
const now = Date.parse('2026-07-10T02:00:00.000Z');
const received: string[] = [];
const errors: unknown[] = [];
const book = new HolderBook(readHolderDirectory(demoHolderDirectoryPath));

async function gatewayStub(): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push((JSON.parse(body) as { to: string }).to);
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
  dir = mkdtempSync(join(tmpdir(), 'duty-drill-sink-'));
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

const members = [
  { personId: 'ws-head', name: '张区长', role: 'commander' },
  { personId: 'ws-em', name: '王局长', role: 'group_lead', group: 'coordination' },
];

function activate(incidentId: string, planId: string) {
  const headquartersId = newId(now);
  const r = store.execute(
    {
      id: newId(),
      type: 'headquarters.activate',
      payload: { headquartersId, incidentId, planId, planVersion: 1, responseLevel: 'III', members },
    },
    leader,
  );
  expect(r.ok ? [] : r.errors).toEqual([]);
  return headquartersId;
}

describe('drill notices', () => {
  it('a drill headquarters tells no real phone: its notices are on record as gone to the drill sink; a real one is sent', async () => {
    const url = await gatewayStub();
    const service = createHeadquartersService({
      store,
      jurisdiction: '500110',
      notifier: createHttpGateway({ url, token: 'test-token-123', retries: 0 }),
      phonesOf: book.phonesOf,
      actor: HQ_SERVICE_ACTOR,
      clock: () => now,
      onError: (e) => errors.push(e),
    });
    // An announced drill the district runs on itself; the call is delivered and registered from the drill.
    const drillId = newId();
    expect(
      store.execute(
        {
          id: newId(),
          type: 'drill.start',
          payload: { drillId, scenarioId: 'hazchem-road-district', drilled: ['500110'], mode: 'announced' },
        },
        leader,
      ).ok,
    ).toBe(true);
    expect(
      store.execute(
        {
          id: newId(),
          type: 'drill.deliver_inject',
          payload: { drillId, injectKey: 'tanker_call', drilled: '500110' },
        },
        DRILL_RUNNER,
      ).ok,
    ).toBe(true);
    const facts = store.drills.byId(drillId)!.deliveries[0].facts;
    const drillIncident = newId();
    expect(
      store.execute(
        {
          id: newId(),
          type: 'incident.register',
          payload: { incidentId: drillIncident, facts, fromInject: { drillId, injectKey: 'tanker_call' } },
        },
        officer,
      ).ok,
    ).toBe(true);
    const drillHq = activate(drillIncident, 'work-safety-district');
    await service.wake();
    expect(received).toEqual([]);
    const told = store.headquartersById(drillHq)!.members;
    expect(told.map((m) => m.notifiedBy)).toEqual(['sms', 'sms']);
    const notices = store
      .streamEvents(`headquarters:${drillHq}`)
      .filter((e) => e.type === 'headquarters.member_notified');
    expect(
      notices.map((e) =>
        String((e.payload as { messageId?: string }).messageId).startsWith(DRILL_SINK_PREFIX),
      ),
    ).toEqual([true, true]);

    // A real incident by hand, during the drill: its headquarters goes to the real phones.
    const real = registerIncidentCommand({ title: '綦江河万盛段洪水' });
    expect(
      store.execute(
        { ...real, payload: { ...real.payload, facts: { ...real.payload.facts, subtype: 'flood' } } },
        officer,
      ).ok,
    ).toBe(true);
    activate(real.payload.incidentId, 'flood-district');
    await service.wake();
    expect(received.sort()).toEqual([...book.phonesOf('ws-head'), ...book.phonesOf('ws-em')].sort());
    // The station's drill-only notices never reached the gateway, whatever came after.
    expect(received).toHaveLength(2);
  });
});

describe('drill participants', () => {
  it('a notice about a drill record reaches a named participant’s phone only; the others go to the sink, on record — also for an incident linked afterwards', async () => {
    const url = await gatewayStub();
    const service = createHeadquartersService({
      store,
      jurisdiction: '500110',
      notifier: createHttpGateway({ url, token: 'test-token-123', retries: 0 }),
      phonesOf: book.phonesOf,
      actor: HQ_SERVICE_ACTOR,
      clock: () => now,
      onError: (e) => errors.push(e),
    });
    const participantPhone = book.phonesOf('ws-head')[0];
    const drillId = newId();
    const started = store.execute(
      {
        id: newId(),
        type: 'drill.start',
        payload: {
          drillId,
          scenarioId: 'hazchem-road-district',
          drilled: ['500110'],
          mode: 'announced',
          participants: [{ name: '张区长', phone: participantPhone }],
        },
      },
      leader,
    );
    expect(started.ok ? [] : started.errors).toEqual([]);
    expect(
      store.execute(
        {
          id: newId(),
          type: 'drill.deliver_inject',
          payload: { drillId, injectKey: 'tanker_call', drilled: '500110' },
        },
        DRILL_RUNNER,
      ).ok,
    ).toBe(true);
    // The officer registers the call by hand: real, until the organiser links it to the drill.
    const facts = store.drills.byId(drillId)!.deliveries[0].facts!;
    const byHand = newId();
    expect(
      store.execute(
        { id: newId(), type: 'incident.register', payload: { incidentId: byHand, facts } },
        officer,
      ).ok,
    ).toBe(true);
    expect(store.incident(byHand)?.drill).toBeUndefined();
    const linked = store.execute(
      {
        id: newId(),
        type: 'drill.link_incident',
        payload: { drillId, incidentId: byHand, injectKey: 'tanker_call' },
      },
      leader,
    );
    expect(linked.ok ? [] : linked.errors).toEqual([]);
    expect(store.drillLinkOf(byHand)).toEqual({ drillId, injectKey: 'tanker_call', organiser: '500110' });

    const hq = activate(byHand, 'work-safety-district');
    await service.wake();
    // Leak attempt: the non-participant's phone never reaches the gateway.
    expect(received).toEqual([participantPhone]);
    const notices = store
      .streamEvents(`headquarters:${hq}`)
      .filter((e) => e.type === 'headquarters.member_notified')
      .map((e) => e.payload as { personId: string; messageId?: string });
    expect(
      notices.map((n) => [n.personId, String(n.messageId).startsWith(DRILL_SINK_PREFIX)]).sort(),
    ).toEqual([
      ['ws-em', true],
      ['ws-head', false],
    ]);
  });
});

describe('drillNotifier', () => {
  it('compares phones by their digits and sends everything else to the sink', async () => {
    const real: string[] = [];
    const kept: Array<{ to: string }> = [];
    const gateway = {
      send: (n: { to: string; key: string }) => {
        real.push(n.to);
        return Promise.resolve({
          ok: true as const,
          value: { messageId: `real:${n.key}`, attempts: 1, acceptedAt: '2026-07-10T02:00:00.000Z' },
        });
      },
    };
    const notifier = drillNotifier(
      ['138-0000-0001'],
      gateway,
      drillSinkNotifier(() => now, kept as never),
    );
    for (const to of ['13800000001', '13900000002', '138 0000 0001', ''])
      await notifier.send({ key: to || 'empty', channel: 'sms', to, text: '演练' });
    expect(real).toEqual(['13800000001', '138 0000 0001']);
    expect(kept.map((n) => n.to)).toEqual(['13900000002', '']);
  });
});
