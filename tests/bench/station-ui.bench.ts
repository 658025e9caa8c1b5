import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { goal, percentile, type Bench } from './harness';
import { startEmbeddedHub } from '../../station/host/embedded-hub';
import { openStation } from '../../station/host/station';
import { startStationHost } from '../../station/host/server';
import { newId } from '../../shared/ids';

/**
 * What a duty officer waits for: a command sent through the station API socket (as the renderer sends
 * it) at the district, until the change is pushed to the city's window socket. Real store, hub and
 * sockets on loopback; the renderer's own drawing time is not included.
 */
/** A request over the station API socket; a refusal throws (a bench that waits on a refused command hangs). */
async function request(socket: Socket, method: string, input: unknown): Promise<unknown> {
  const reply = await new Promise<{ ok: boolean; value?: unknown; errors?: unknown }>((resolve) =>
    socket.emit('request', { method, input }, resolve),
  );
  if (!reply.ok) throw new Error(`${method} refused: ${JSON.stringify(reply.errors)}`);
  return reply.value;
}

async function propagation(): Promise<ReturnType<Bench['run']> extends Promise<infer R> ? R : never> {
  const dir = mkdtempSync(join(tmpdir(), 'dutyroom-bench-ui-'));
  const hub = await startEmbeddedHub({ dataDir: join(dir, 'hub'), simulate: false });
  const station = async (id: string, jurisdiction: string) => {
    const s = openStation({
      dataDir: join(dir, id),
      stationId: id,
      jurisdiction,
      name: id,
      operator: { id: 'bench' },
      onDuty: { leader: null, officers: [] },
      hub: { url: hub.url, token: await hub.issue(id, jurisdiction) },
    });
    const host = await startStationHost({ api: s.api, rendererDir: dir });
    const socket = io(host.url, { path: '/api/socket.io', transports: ['websocket'] });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    // A console acts only once someone has signed in at it (issue 17): the first administrator, as the
    // first-run screen sets one up, signs in at this one.
    await request(socket, 'setUpAdministrator', { name: '基准值班员', secret: '24681357', dutyRole: 'officer' });
    return { s, host, socket };
  };
  const district = await station('district-500110', '500110');
  const city = await station('city-5001', '5001');
  await new Promise((r) => setTimeout(r, 1000));

  const samples: number[] = [];
  const rounds = 100;
  for (let i = 0; i < rounds; i += 1) {
    const incidentId = newId();
    const seen = new Promise<number>((resolve) => {
      const onPush = (p: { kind: string; incidents?: Array<{ id: string }> }) => {
        if (p.kind === 'changes' && p.incidents?.some((x) => x.id === incidentId)) {
          city.socket.off('push', onPush);
          resolve(performance.now());
        }
      };
      city.socket.on('push', onPush);
    });
    const now = new Date().toISOString();
    const t0 = performance.now();
    await request(district.socket, 'execute', {
      id: newId(),
      type: 'incident.register',
      payload: {
        incidentId,
        facts: { title: `演练事件${i}`, category: 'accident', subtype: 'fire', level: 'IV', location: { areaCode: '500110', address: '' }, occurredAt: now, receivedAt: now, source: 'phone' },
      },
    });
    samples.push((await seen) - t0);
  }

  for (const x of [district, city]) {
    x.socket.close();
    await x.host.close();
  }
  // Let the sync clients settle before their stores close.
  await new Promise((r) => setTimeout(r, 300));
  district.s.close();
  city.s.close();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });

  samples.sort((a, b) => a - b);
  const figures = {
    p50: { value: percentile(samples, 50), unit: 'ms' },
    p99: { value: percentile(samples, 99), unit: 'ms' },
    max: { value: samples.at(-1) ?? Number.NaN, unit: 'ms' },
  };
  return {
    name: 'station-ui-propagation',
    description: `incident registered through the district's API socket until pushed to the city's window socket, via the hub (${rounds} rounds, loopback)`,
    figures,
    goals: [goal(figures, 'p99', '<=', 1000)],
  };
}

export const benches: Bench[] = [{ name: 'station-ui-propagation', run: propagation }];
