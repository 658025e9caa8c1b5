import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStation } from '../api/api.testing';
import { officer, registerIncidentCommand } from '../store/store.testing';
import { newId } from '../../shared/ids';
import { startStationHost } from '../host/server';

/** The /field/ routes over real HTTP on the station host: what a phone's browser meets. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function served() {
  const station = openTestStation();
  const dir = mkdtempSync(join(tmpdir(), 'dutyroom-field-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>值守台</title>');
  const host = await startStationHost({ api: station.api, rendererDir: join(dir, 'renderer') });
  cleanups.push(() => {
    station.close();
    rmSync(dir, { recursive: true, force: true });
  });
  cleanups.push(() => host.close());
  const { client } = station;
  const run = async (type: string, payload: unknown) => {
    const r = await client.execute({ id: newId(), type, actor: officer, payload } as never);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  };
  const incident = registerIncidentCommand();
  await run('incident.register', incident.payload);
  await run('team.register', {
    team: { id: 'a', name: '救援队a', kind: 'comprehensive', jurisdiction: '500101', headcount: 9, base: { lon: 106.5, lat: 29.5 } },
  });
  const dispatchId = newId();
  await run('dispatch.issue', { dispatchId, teamId: 'a', incidentId: incident.payload.incidentId });
  const paired = await client.pairTeamTerminal({ teamId: 'a', label: '手机' });
  if (!paired.ok) throw new Error('pairing failed');
  const at = (path: string) => new URL(path, host.url).href;
  const call = (path: string, token: string, body?: unknown) =>
    fetch(at(`/field/api/${path}`), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return { station, host, at, call, dispatchId, token: paired.value.token, terminalId: paired.value.terminalId };
}

describe('the field terminal page over HTTP', () => {
  it('serves the page and its script under a CSP without inline script', async () => {
    const { at } = await served();
    const page = await fetch(at('/field/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script src="/field/app.js"></script>');
    const script = await fetch(at('/field/app.js'));
    expect(script.headers.get('content-type')).toContain('javascript');
  });

  it('answers 401 to a bad token, 400 to a bad body, 409 to a step out of order, 200 to a good tap', async () => {
    const { call, token, dispatchId, station } = await served();
    expect((await call('view', 'nope')).status).toBe(401);
    expect((await call('status', token, '{not json')).status).toBe(400);
    expect((await call('status', token, { id: newId(), dispatchId, step: 'fly' })).status).toBe(400);
    expect((await call('status', token, { id: newId(), dispatchId, step: 'return' })).status).toBe(409);
    const good = await call('status', token, { id: newId(), dispatchId, step: 'acknowledge' });
    expect(good.status).toBe(200);
    expect(station.store.dispatchOrders().find((o) => o.id === dispatchId)?.status).toBe('acknowledged');
  });

  it('pushes the team’s view on the stream, and a revocation ends it with `revoked`', async () => {
    const { call, token, terminalId, station } = await served();
    const stream = await call('stream', token);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader: ReadableStreamDefaultReader<Uint8Array> = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value, { stream: true });
    expect(text).toMatch(/^data: \{"team":\{"id":"a"/);
    await station.client.revokeTeamTerminal({ terminalId });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toContain('event: revoked');
    expect((await call('stream', token)).status).toBe(401);
  });

  it('an open stream does not hold the host open: closing the host ends it', async () => {
    const { call, token, host } = await served();
    const stream = await call('stream', token);
    const reader = stream.body!.getReader();
    await reader.read();
    await host.close();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
