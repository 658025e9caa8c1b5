import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BasemapsWire } from '../../shared/api/map-calls';
import { openStationBasemaps, xyzSource } from './sources';

const scratch = mkdtempSync(join(tmpdir(), 'basemap-sources-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('an XYZ tile source from the station settings', () => {
  it('fills in the token and names the origin the CSP must allow', () => {
    expect(
      xyzSource({ url: 'https://gis.example.gov.cn/tiles/{z}/{x}/{y}.png?tk={token}', token: 'a b' }),
    ).toEqual({
      url: 'https://gis.example.gov.cn/tiles/{z}/{x}/{y}.png?tk=a%20b',
      origin: 'https://gis.example.gov.cn',
    });
  });
  it('refuses a template the map could not use, saying why', () => {
    expect(() => xyzSource({ url: 'https://gis.example.gov.cn/tiles/{z}/{x}.png' })).toThrow(/lacks \{y\}/);
    expect(() => xyzSource({ url: 'file:///tiles/{z}/{x}/{y}.png' })).toThrow(/http/);
    expect(() => xyzSource({ url: 'https://t.example/{z}/{x}/{y}?tk={token}' })).toThrow(/--tiles-token/);
    expect(() => xyzSource({ url: 'not a url {z}{x}{y}' })).toThrow(/not a URL/);
  });
});

describe("the station's basemaps as the map asks for them", () => {
  it('lists each package with its same-origin tile URL, and the XYZ source only when configured', () => {
    const dir = join(scratch, 'basemap');
    mkdirSync(dir);
    const db = new Database(join(dir, 'wansheng.mbtiles'));
    db.exec(
      'CREATE TABLE metadata (name text, value text); CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);',
    );
    for (const [k, v] of [
      ['name', '万盛影像'],
      ['format', 'jpg'],
      ['minzoom', '8'],
      ['maxzoom', '14'],
      ['bounds', '106.8,28.8,107.1,29.1'],
    ])
      db.prepare('INSERT INTO metadata VALUES (?, ?)').run(k, v);
    db.close();
    const none = openStationBasemaps({ dir: join(scratch, 'absent') });
    expect(none.describe()).toEqual({ packages: [], xyz: null });
    expect(none.origins()).toEqual([]);
    const both = openStationBasemaps({
      dir,
      xyz: { url: 'https://gis.example.gov.cn/{z}/{x}/{y}.png', maxzoom: 16 },
    });
    const described = BasemapsWire.parse(both.describe());
    expect(described.packages).toEqual([
      {
        id: 'wansheng',
        name: '万盛影像',
        format: 'jpg',
        bounds: [106.8, 28.8, 107.1, 29.1],
        minzoom: 8,
        maxzoom: 14,
        url: '/basemap/wansheng/{z}/{x}/{y}.jpg',
      },
    ]);
    expect(described.xyz).toEqual({
      url: 'https://gis.example.gov.cn/{z}/{x}/{y}.png',
      minzoom: 0,
      maxzoom: 16,
    });
    expect(both.origins()).toEqual(['https://gis.example.gov.cn']);
    both.close();
    none.close();
  });
});
