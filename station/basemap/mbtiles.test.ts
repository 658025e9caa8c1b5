import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openMbtiles, parseTilePath } from './mbtiles';

const scratch = mkdtempSync(join(tmpdir(), 'mbtiles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A real 1×1 PNG (red pixel): signature, IHDR, IDAT, IEND. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);

/** The XYZ tile that holds a point at a zoom (web-mercator slippy-map numbering, rows from the north). */
function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const latRad = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n),
  };
}

function makePackage(name: string, setup: (db: Database.Database) => void): string {
  const path = join(scratch, name);
  const db = new Database(path);
  setup(db);
  db.close();
  return path;
}

const wansheng = tileOf(106.927, 28.958, 12);

/** A raster package as mbutil writes it: plain metadata and tiles tables, rows in TMS order. */
const rasterPath = makePackage('wansheng.mbtiles', (db) => {
  db.exec('CREATE TABLE metadata (name text, value text); CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);');
  db.exec('CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);');
  const meta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  for (const [k, v] of [
    ['name', '万盛离线底图'],
    ['format', 'png'],
    ['bounds', '106.80,28.75,107.10,29.10'],
    ['center', '106.927,28.958,12'],
    ['minzoom', '8'],
    ['maxzoom', '12'],
    ['attribution', 'demo tiles'],
  ]) {
    meta.run(k, v);
  }
  const tile = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  tile.run(12, wansheng.x, 2 ** 12 - 1 - wansheng.y, PNG); // stored in TMS order
  tile.run(12, wansheng.x, wansheng.y, JPEG); // a different tile where an unflipped read would land
  tile.run(0, 0, 0, PNG);
});

describe('reading an offline MBTiles basemap', () => {
  it('returns the tile at web-map (XYZ) coordinates by flipping the row to TMS', () => {
    const opened = openMbtiles(rasterPath);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const reader = opened.value;
    const tile = reader.tile(12, wansheng.x, wansheng.y);
    expect(tile?.contentType).toBe('image/png');
    expect(tile?.data.equals(PNG)).toBe(true);
    // The tile stored under the unflipped row is the one XYZ calls row 2^z-1-y.
    expect(reader.tile(12, wansheng.x, 2 ** 12 - 1 - wansheng.y)?.contentType).toBe('image/jpeg');
    expect(reader.tile(0, 0, 0)?.data.equals(PNG)).toBe(true);
    reader.close();
  });

  it('answers no tile outside the package and for impossible coordinates', () => {
    const opened = openMbtiles(rasterPath);
    if (!opened.ok) throw new Error('unreadable');
    const reader = opened.value;
    expect(reader.tile(12, wansheng.x + 1, wansheng.y)).toBeNull();
    expect(reader.tile(11, wansheng.x, wansheng.y)).toBeNull();
    expect(reader.tile(3, 8, 0)).toBeNull();
    expect(reader.tile(3, -1, 0)).toBeNull();
    expect(reader.tile(2.5, 0, 0)).toBeNull();
    reader.close();
  });

  it('reads the metadata: name, format, bounds, centre and zoom range', () => {
    const opened = openMbtiles(rasterPath);
    if (!opened.ok) throw new Error('unreadable');
    expect(opened.value.metadata()).toEqual({
      name: '万盛离线底图',
      format: 'png',
      bounds: [106.8, 28.75, 107.1, 29.1],
      center: [106.927, 28.958, 12],
      minzoom: 8,
      maxzoom: 12,
      attribution: 'demo tiles',
      raw: expect.objectContaining({ bounds: '106.80,28.75,107.10,29.10' }),
    });
    opened.value.close();
  });

  it('reads a vector package stored as map + images behind a tiles view, gzip-compressed', () => {
    const pbf = gzipSync(Buffer.from([0x1a, 0x03, 0x0a, 0x01, 0x61])); // a tiny protobuf payload
    const path = makePackage('vector.mbtiles', (db) => {
      db.exec(`
        CREATE TABLE metadata (name text, value text);
        CREATE TABLE map (zoom_level integer, tile_column integer, tile_row integer, tile_id text);
        CREATE TABLE images (tile_id text, tile_data blob);
        CREATE VIEW tiles AS SELECT map.zoom_level, map.tile_column, map.tile_row, images.tile_data
          FROM map JOIN images ON images.tile_id = map.tile_id;`);
      db.prepare('INSERT INTO metadata VALUES (?, ?)').run('format', 'pbf');
      db.prepare('INSERT INTO metadata VALUES (?, ?)').run('json', JSON.stringify({ vector_layers: [{ id: 'roads' }] }));
      db.prepare('INSERT INTO map VALUES (1, 1, 0, ?)').run('t1'); // XYZ y = 1 at zoom 1
      db.prepare('INSERT INTO images VALUES (?, ?)').run('t1', pbf);
    });
    const opened = openMbtiles(path);
    if (!opened.ok) throw new Error('unreadable');
    const tile = opened.value.tile(1, 1, 1);
    expect(tile?.contentType).toBe('application/x-protobuf');
    expect(tile?.contentEncoding).toBe('gzip');
    expect(gunzipSync(tile!.data)).toEqual(Buffer.from([0x1a, 0x03, 0x0a, 0x01, 0x61]));
    expect(opened.value.metadata().json).toEqual({ vector_layers: [{ id: 'roads' }] });
    opened.value.close();
  });

  it('refuses a missing file, a file that is not SQLite and a database without tiles', () => {
    const notSqlite = join(scratch, 'fake.mbtiles');
    writeFileSync(notSqlite, 'just some text, not a database');
    const noTiles = makePackage('empty.mbtiles', (db) => db.exec('CREATE TABLE something (a)'));
    for (const path of [join(scratch, 'absent.mbtiles'), notSqlite, noTiles]) {
      const opened = openMbtiles(path);
      expect(opened.ok).toBe(false);
      if (!opened.ok) expect(opened.errors[0].code).toBe('BASEMAP_UNREADABLE');
    }
  });
});

describe('tile paths from the app protocol', () => {
  it('reads z/x/y from a request path and refuses coordinates outside the zoom level', () => {
    expect(parseTilePath('/basemap/12/3264/1704.png')).toEqual({ ok: true, value: { z: 12, x: 3264, y: 1704 } });
    expect(parseTilePath('12/1/2.pbf').ok).toBe(true);
    expect(parseTilePath('/basemap/2/4/0.png').ok).toBe(false);
    expect(parseTilePath('/basemap/../../etc/passwd').ok).toBe(false);
  });
});
