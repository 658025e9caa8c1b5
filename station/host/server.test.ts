import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { openStationStore } from '../store';
import { officer } from '../store/store.testing';
import { createStationApi, standaloneLink } from '../api';
import { DeadlineScheduler } from '../scheduler';
import { startStationHost, type StationHost } from './server';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function host(options: { pairingToken?: string; requirePairing?: boolean } = {}): Promise<StationHost> {
  const dir = mkdtempSync(join(tmpdir(), 'dutyroom-host-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>值守台</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const store = openStationStore({
    path: join(dir, 's.sqlite'),
    stationId: 'district-500101',
    jurisdiction: '500101',
  });
  const link = standaloneLink(store);
  const api = createStationApi({
    store,
    station: { stationId: 'district-500101', jurisdiction: '500101', name: '某区' },
    operator: officer,
    onDuty: { leader: null, officers: [] },
    link,
    // The one deadline engine; not started: nothing here falls due.
    deadlines: new DeadlineScheduler({ store }),
  });
  const h = await startStationHost({ api, rendererDir, ...options });
  cleanups.push(() => {
    api.close();
    link.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  cleanups.push(() => h.close());
  return h;
}

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; csp?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          ...(res.headers['content-security-policy']
            ? { csp: String(res.headers['content-security-policy']) }
            : {}),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(
  url: string,
  options: { token?: string; origin?: string } = {},
): Promise<{ socket: Socket; error?: string }> {
  const socket = io(url, {
    path: '/api/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth: options.token ? { token: options.token } : {},
    ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
  });
  cleanups.push(() => void socket.close());
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (e) => resolve({ socket, error: e.message }));
  });
}

describe('browser-mode station host', () => {
  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const h = await host();
    const index = await get(h.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('值守台');
    expect(index.csp).toMatch(/script-src 'self'(;|$)/);
    expect(index.csp).toContain("frame-ancestors 'none'");
    const escape = await get(h.port, '/%2e%2e/secret.txt');
    expect(escape.body).not.toContain('outside the renderer');
  });

  it('on loopback, a page from another site cannot reach the station API (DNS rebinding, cross-origin)', async () => {
    const h = await host();
    expect((await get(h.port, '/', { host: `evil.example:${h.port}` })).status).toBe(421);
    expect((await connect(h.url, { origin: 'http://evil.example' })).error).toBeDefined();
    const same = await connect(h.url, { origin: `http://127.0.0.1:${h.port}` });
    expect(same.error).toBeUndefined();
  });

  it('when opened to the room, a screen without the pairing token is refused; with it, the API answers', async () => {
    const h = await host({ pairingToken: 'correct-horse', requirePairing: true });
    expect((await connect(h.url)).error).toBe('NOT_PAIRED');
    expect((await connect(h.url, { token: 'wrong-horse!' })).error).toBe('NOT_PAIRED');
    const paired = await connect(h.url, { token: 'correct-horse' });
    expect(paired.error).toBeUndefined();
    const reply = await paired.socket
      .timeout(5000)
      .emitWithAck('request', { method: 'linkState', input: {} });
    expect(reply).toMatchObject({ ok: true, value: { status: 'standalone' } });
  });

  it('refuses to listen beyond loopback without a pairing token', async () => {
    await expect(
      startStationHost({ api: {} as never, rendererDir: tmpdir(), host: '0.0.0.0' }),
    ).rejects.toThrow(/pairing token/);
  });
});
