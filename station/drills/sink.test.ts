import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { openStationStore, type StationStore } from '../store';
import { leader, officer, registerIncidentCommand } from '../store/fixtures';
import { createHttpGateway } from '../notify/httpGateway';
import { createHeadquartersService, HQ_SERVICE_ACTOR } from '../headquarters/service';
import { HolderBook, demoHolderDirectoryPath, readHolderDirectory } from '../headquarters/directory';
import { DRILL_RUNNER } from './runner';
import { DRILL_SINK_PREFIX } from './sink';

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
    const facts = store.drills.byId(drillId)!.deliveries[0]!.facts;
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
