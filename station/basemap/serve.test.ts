import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBasemapPackages, type BasemapPackages } from './serve';

const scratch = mkdtempSync(join(tmpdir(), 'basemap-serve-'));
const dir = join(scratch, 'basemaps');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

let packages: BasemapPackages;
let server: Server;
let base: string;

beforeAll(async () => {
  mkdirSync(dir);
  const db = new Database(join(dir, 'wansheng.mbtiles'));
  db.exec('CREATE TABLE metadata (name text, value text); CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);');
  db.prepare('INSERT INTO metadata VALUES (?, ?)').run('name', '万盛');
  db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(3, 6, 2 ** 3 - 1 - 3, PNG); // XYZ 3/6/3
  db.close();
  copyFileSync(join(dir, 'wansheng.mbtiles'), join(dir, 'bad name.mbtiles'));
  writeFileSync(join(dir, 'broken.mbtiles'), 'not a database');
  packages = openBasemapPackages(dir);
  // A real HTTP host on the loopback, as the browser-mode station would serve tiles.
  server = createServer((req, res) => {
    const answer = packages.respond(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/basemap/, ''));
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/basemap`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  packages.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('serving offline basemap packages', () => {
  it('lists the packages it could open and names those it could not', () => {
    expect(packages.list()).toEqual([{ id: 'wansheng', metadata: expect.objectContaining({ name: '万盛' }) }]);
    expect(packages.problems().map((p) => [p.file, p.errors[0].code])).toEqual([
      ['bad name.mbtiles', 'BASEMAP_UNREADABLE'],
      ['broken.mbtiles', 'BASEMAP_UNREADABLE'],
    ]);
  });

  it('serves a tile by package and XYZ coordinates with its content type', async () => {
    const res = await fetch(`${base}/wansheng/3/6/3.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('answers 204 outside the package, 400 for impossible coordinates and 404 for an unknown package', async () => {
    expect((await fetch(`${base}/wansheng/3/6/4.png`)).status).toBe(204);
    expect((await fetch(`${base}/wansheng/3/9/3.png`)).status).toBe(400);
    expect((await fetch(`${base}/elsewhere/3/6/3.png`)).status).toBe(404);
  });
});
