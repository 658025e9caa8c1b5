import Database from 'better-sqlite3';
import { domainError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';

/**
 * An offline basemap package in the MBTiles format (SQLite): tiles keyed by zoom, column and row,
 * with rows counted from the south (TMS), while web maps ask for rows counted from the north (XYZ).
 * Opened read-only: a basemap package is data shipped to the duty room, never written by it.
 */
export interface MbtilesMetadata {
  name?: string;
  /** png, jpg, webp or pbf (vector tiles). */
  format?: string;
  /** [west, south, east, north] in degrees. */
  bounds?: [number, number, number, number];
  /** [lon, lat, zoom]. */
  center?: [number, number, number];
  minzoom?: number;
  maxzoom?: number;
  attribution?: string;
  description?: string;
  type?: string;
  version?: string;
  /** Vector packages describe their layers in a JSON document. */
  json?: unknown;
  /** Every metadata row as stored, for fields not named above. */
  raw: Record<string, string>;
}

export interface Tile {
  data: Buffer;
  contentType: string;
  /** Vector tiles are usually stored gzip-compressed; the protocol handler passes this on as Content-Encoding. */
  contentEncoding?: 'gzip';
}

export interface MbtilesReader {
  readonly path: string;
  metadata(): MbtilesMetadata;
  /** The tile at XYZ coordinates, or null where the package has none (outside its area or zooms). */
  tile(z: number, x: number, y: number): Tile | null;
  close(): void;
}

/** Deepest zoom any package is expected to hold; z = 30 already means centimetre tiles. */
const MAX_ZOOM = 30;

const numberList = (text: string | undefined, length: number): number[] | undefined => {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((p) => Number(p.trim()));
  return parts.length === length && parts.every(Number.isFinite) ? parts : undefined;
};

const contentTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  pbf: 'application/x-protobuf',
  mvt: 'application/x-protobuf',
};

/** The stored bytes say what they are, whatever the metadata claims. */
function describeTile(data: Buffer, declaredFormat: string | undefined): Tile {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return { data, contentType: 'image/png' };
  if (data[0] === 0xff && data[1] === 0xd8) return { data, contentType: 'image/jpeg' };
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') {
    return { data, contentType: 'image/webp' };
  }
  if (data[0] === 0x1f && data[1] === 0x8b) return { data, contentType: 'application/x-protobuf', contentEncoding: 'gzip' };
  return { data, contentType: contentTypes[declaredFormat ?? ''] ?? 'application/octet-stream' };
}

export function isValidTile(z: number, x: number, y: number): boolean {
  if (![z, x, y].every(Number.isInteger) || z < 0 || z > MAX_ZOOM) return false;
  const size = 2 ** z;
  return x >= 0 && x < size && y >= 0 && y < size;
}

/** Read "{z}/{x}/{y}.ext" from a request path such as "/basemap/12/3345/1721.png". */
export function parseTilePath(path: string): Result<{ z: number; x: number; y: number }> {
  const m = /(\d{1,2})\/(\d{1,10})\/(\d{1,10})(?:\.[a-z]{2,5})?$/i.exec(path);
  if (!m) return fail(domainError('INVALID_FIELD', 'path', 'expected {z}/{x}/{y}'));
  const [z, x, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isValidTile(z, x, y)) return fail(domainError('INVALID_FIELD', 'path', 'tile coordinates out of range'));
  return ok({ z, x, y });
}

export function openMbtiles(path: string): Result<MbtilesReader> {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    return fail(domainError('BASEMAP_UNREADABLE', 'path', (error as Error).message));
  }
  try {
    // Packages made by tilemill/mbutil store tiles in `map` + `images` behind a `tiles` view; either works here.
    const tileSelect = db.prepare<[number, number, number], { tile_data: Buffer }>(
      'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
    );
    // A file from outside: its metadata cells may hold any SQLite type, whatever MBTiles says.
    const metadataRows = db.prepare<[], { name: unknown; value: unknown }>('SELECT name, value FROM metadata').all();
    const raw: Record<string, string> = {};
    for (const { name, value } of metadataRows) raw[String(name)] = String(value);
    const metadata = readMetadata(raw);
    return ok({
      path,
      metadata: () => metadata,
      tile(z, x, y) {
        if (!isValidTile(z, x, y)) return null;
        const tmsRow = 2 ** z - 1 - y;
        const row = tileSelect.get(z, x, tmsRow);
        return row ? describeTile(row.tile_data, metadata.format) : null;
      },
      close: () => db.close(),
    });
  } catch (error) {
    db.close();
    // Not SQLite at all, or SQLite without the MBTiles tables.
    return fail(domainError('BASEMAP_UNREADABLE', 'path', (error as Error).message));
  }
}

function readMetadata(raw: Record<string, string>): MbtilesMetadata {
  const bounds = numberList(raw.bounds, 4) as MbtilesMetadata['bounds'];
  const center = numberList(raw.center, 3) as MbtilesMetadata['center'];
  const zoom = (text: string | undefined) => {
    const n = text === undefined ? NaN : Number(text);
    return Number.isInteger(n) && n >= 0 && n <= MAX_ZOOM ? n : undefined;
  };
  let json: unknown;
  if (raw.json !== undefined) {
    try {
      json = JSON.parse(raw.json);
    } catch {
      json = undefined; // a broken layer description must not hide the tiles themselves
    }
  }
  const minzoom = zoom(raw.minzoom);
  const maxzoom = zoom(raw.maxzoom);
  const text = (key: string) => (raw[key] !== undefined && raw[key] !== '' ? { [key]: raw[key] } : {});
  return {
    ...text('name'),
    ...(raw.format ? { format: raw.format.toLowerCase() } : {}),
    ...(bounds ? { bounds } : {}),
    ...(center ? { center } : {}),
    ...(minzoom !== undefined ? { minzoom } : {}),
    ...(maxzoom !== undefined ? { maxzoom } : {}),
    ...text('attribution'),
    ...text('description'),
    ...text('type'),
    ...text('version'),
    ...(json !== undefined ? { json } : {}),
    raw,
  };
}
