import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStationStore } from '../store';
import { officer } from '../store/store.testing';
import { createStationApi, standaloneLink } from '../api';
import { DeadlineScheduler } from '../scheduler';
import { openStationBasemaps, type XyzSettings } from '../basemap/sources';
import { startStationHost } from './server';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// A real PNG (1×1, opaque red), stored the way MBTiles stores it: row counted from the south.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082',
  'hex',
);

/** A browser-mode host over a real store whose basemap folder holds an .mbtiles built here. */
async function stationWithPackage(xyz?: XyzSettings) {
  const dir = mkdtempSync(join(tmpdir(), 'dutyroom-basemap-host-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>值守台</title>');
  const basemapDir = join(dir, 'basemap');
  mkdirSync(basemapDir);
  const db = new Database(join(basemapDir, 'wansheng.mbtiles'));
  db.exec(
    'CREATE TABLE metadata (name text, value text); CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);',
  );
  db.prepare('INSERT INTO metadata VALUES (?, ?)').run('name', '万盛');
  db.prepare('INSERT INTO metadata VALUES (?, ?)').run('format', 'png');
  // XYZ 12/3312/1707 is TMS row 2^12 - 1 - 1707 = 2388.
  db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(12, 3312, 2388, PNG);
  db.close();
  const store = openStationStore({
    path: join(dir, 's.sqlite'),
    stationId: 'district-500110',
    jurisdiction: '500110',
  });
  const link = standaloneLink(store);
  const basemaps = openStationBasemaps({ dir: basemapDir, ...(xyz ? { xyz } : {}) });
  const api = createStationApi({
    store,
    station: { stationId: 'district-500110', jurisdiction: '500110', name: '万盛' },
    operator: officer,
    onDuty: { leader: null, officers: [] },
    link,
    // The one deadline engine; not started: nothing here falls due.
    deadlines: new DeadlineScheduler({ store }),
    basemaps,
  });
  const host = await startStationHost({ api, rendererDir, basemaps });
  cleanups.push(() => {
    api.close();
    link.close();
    basemaps.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  cleanups.push(() => host.close());
  return { host, api };
}

function get(
  port: number,
  path: string,
): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('offline basemap tiles from the station host', () => {
  it('serves a tile of a real .mbtiles package at its XYZ address, with its type', async () => {
    const { host } = await stationWithPackage();
    const tile = await get(host.port, '/basemap/wansheng/12/3312/1707.png');
    expect(tile.status).toBe(200);
    expect(tile.headers['content-type']).toBe('image/png');
    expect(tile.body.equals(PNG)).toBe(true);
  });
  it('answers 204 where the package has no tile, 404 for an unknown package, 400 for a bad address', async () => {
    const { host } = await stationWithPackage();
    expect((await get(host.port, '/basemap/wansheng/12/3312/1708.png')).status).toBe(204);
    expect((await get(host.port, '/basemap/elsewhere/12/3312/1707.png')).status).toBe(404);
    expect((await get(host.port, '/basemap/wansheng/12/99999/1707.png')).status).toBe(400);
  });
  it('the basemaps query lists the package; the page allows the XYZ server only when one is configured', async () => {
    const plain = await stationWithPackage();
    const reply = await plain.api.dispatch({ method: 'basemaps', input: {} });
    expect(reply).toMatchObject({
      ok: true,
      value: {
        packages: [{ id: 'wansheng', name: '万盛', url: '/basemap/wansheng/{z}/{x}/{y}.png' }],
        xyz: null,
      },
    });
    const page = await get(plain.host.port, '/');
    expect(String(page.headers['content-security-policy'])).toContain("connect-src 'self';");
    const withXyz = await stationWithPackage({
      url: 'https://gis.example.gov.cn/{z}/{x}/{y}.png?tk={token}',
      token: 't0ken',
    });
    const csp = String((await get(withXyz.host.port, '/')).headers['content-security-policy']);
    expect(csp).toContain("img-src 'self' data: blob: https://gis.example.gov.cn;");
    expect(csp).toContain("connect-src 'self' https://gis.example.gov.cn;");
    expect(await withXyz.api.dispatch({ method: 'basemaps', input: {} })).toMatchObject({
      ok: true,
      value: { xyz: { url: 'https://gis.example.gov.cn/{z}/{x}/{y}.png?tk=t0ken' } },
    });
  });
});
