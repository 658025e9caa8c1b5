import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { domainError, type DomainError } from '../../shared/errors';
import { openMbtiles, parseTilePath, type MbtilesMetadata, type MbtilesReader } from './mbtiles';

/**
 * Offline basemap packages as the map asks for them: `<package>/{z}/{x}/{y}.<ext>` over the app
 * protocol (Electron) or the browser-mode host. Transport-neutral: the host turns this into its
 * own response object.
 */
export interface TileResponse {
  status: 200 | 204 | 400 | 404;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface BasemapPackages {
  /** Packages found, by id (the file name without .mbtiles), with their metadata for the layer picker. */
  list(): Array<{ id: string; metadata: MbtilesMetadata }>;
  /** Packages that could not be opened, with the reason, for the settings page. */
  problems(): Array<{ file: string; errors: DomainError[] }>;
  /** Answer a request path such as "/wansheng/12/3264/1704.png". */
  respond(path: string): TileResponse;
  close(): void;
}

const PACKAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Open every `*.mbtiles` in a folder (the station's basemap folder); none is fine. */
export function openBasemapPackages(dir: string): BasemapPackages {
  const readers = new Map<string, MbtilesReader>();
  const problems: Array<{ file: string; errors: DomainError[] }> = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.mbtiles'));
  } catch {
    files = []; // no basemap folder: the bundled GeoJSON basemap still draws
  }
  for (const file of files.sort()) {
    const id = basename(file, '.mbtiles');
    if (!PACKAGE_ID.test(id)) {
      // The id becomes part of the tile URL: keep it to a safe alphabet.
      problems.push({ file, errors: [domainError('BASEMAP_UNREADABLE', 'file', 'name: letters, digits, _ or - only')] });
      continue;
    }
    const opened = openMbtiles(join(dir, file));
    if (opened.ok) readers.set(id, opened.value);
    else problems.push({ file, errors: opened.errors });
  }
  return {
    list: () => [...readers].map(([id, reader]) => ({ id, metadata: reader.metadata() })),
    problems: () => [...problems],
    respond: (path) => tileResponse(readers, path),
    close: () => {
      for (const reader of readers.values()) reader.close();
      readers.clear();
    },
  };
}

export function tileResponse(readers: ReadonlyMap<string, MbtilesReader>, path: string): TileResponse {
  const [, id, rest] = /^\/?([A-Za-z0-9_-]{1,64})\/(.+)$/.exec(path) ?? [];
  const reader = id === undefined ? undefined : readers.get(id);
  if (!reader || rest === undefined) return { status: 404, headers: {} };
  const coords = parseTilePath(rest);
  if (!coords.ok) return { status: 400, headers: {} };
  const tile = reader.tile(coords.value.z, coords.value.x, coords.value.y);
  // No tile outside the package's area: 204 lets the map draw nothing there instead of logging errors.
  if (!tile) return { status: 204, headers: { 'Cache-Control': 'no-cache' } };
  return {
    status: 200,
    headers: {
      'Content-Type': tile.contentType,
      ...(tile.contentEncoding ? { 'Content-Encoding': tile.contentEncoding } : {}),
      'Content-Length': String(tile.data.byteLength),
      // Packages change only when replaced; an hour keeps a pan snappy without pinning a stale package.
      'Cache-Control': 'max-age=3600',
    },
    body: tile.data,
  };
}
