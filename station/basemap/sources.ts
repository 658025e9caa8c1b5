import { join } from 'node:path';
import type { BasemapsWire } from '../../shared/api/map-calls';
import { openBasemapPackages, type BasemapPackages, type TileResponse } from './serve';

/** Where the station serves its MBTiles packages (browser-mode host and the desktop app:// protocol). */
export const BASEMAP_PATH = '/basemap/';

/** An XYZ raster tile source from the station's settings: a URL template and, when it needs one, its token. */
export interface XyzSettings {
  url: string;
  token?: string;
  minzoom?: number;
  maxzoom?: number;
  attribution?: string;
}

export interface StationBasemaps {
  /** What the map may draw (the `basemaps` query). */
  describe(): BasemapsWire;
  /** Answer a request under BASEMAP_PATH (the path after it: "<id>/{z}/{x}/{y}.png"). */
  respond(path: string): TileResponse;
  /** The origins the renderer's CSP must allow for images and fetches (the XYZ server), none otherwise. */
  origins(): string[];
  close(): void;
}

const imageFormats = new Set(['png', 'jpg', 'jpeg', 'webp']);

/**
 * Check an XYZ template: http(s), with {z}, {x} and {y}; `{token}` is replaced by the token (kept out of
 * logs and of the template as configured). Throws on a template the map could not use: a setting error
 * must stop the launcher with its reason, not show an empty map.
 */
export function xyzSource(settings: XyzSettings): { url: string; origin: string } {
  let parsed: URL;
  try {
    parsed = new URL(settings.url.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D')));
  } catch {
    throw new Error(`--tiles: not a URL: ${settings.url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error('--tiles: only http(s) tile servers');
  for (const part of ['{z}', '{x}', '{y}'])
    if (!settings.url.includes(part)) throw new Error(`--tiles: the URL template lacks ${part}`);
  if (settings.url.includes('{token}') && !settings.token)
    throw new Error('--tiles: the template names {token}; give --tiles-token');
  const url = settings.token
    ? settings.url.replaceAll('{token}', encodeURIComponent(settings.token))
    : settings.url;
  return { url, origin: parsed.origin };
}

/** The station's basemaps: every package in `dir` (default `<data>/basemap`), and the XYZ source if set. */
export function openStationBasemaps(options: { dir: string; xyz?: XyzSettings }): StationBasemaps {
  const xyz = options.xyz ? { ...xyzSource(options.xyz), settings: options.xyz } : null;
  const packages: BasemapPackages = openBasemapPackages(options.dir);
  return {
    describe: () => ({
      packages: packages.list().map(({ id, metadata }) => {
        const format = metadata.format ?? 'png';
        return {
          id,
          ...(metadata.name ? { name: metadata.name.slice(0, 200) } : {}),
          format,
          ...(metadata.bounds ? { bounds: metadata.bounds } : {}),
          ...(metadata.minzoom !== undefined ? { minzoom: metadata.minzoom } : {}),
          ...(metadata.maxzoom !== undefined ? { maxzoom: metadata.maxzoom } : {}),
          ...(metadata.attribution ? { attribution: metadata.attribution.slice(0, 500) } : {}),
          url: `${BASEMAP_PATH}${id}/{z}/{x}/{y}.${imageFormats.has(format) ? format : 'pbf'}`,
        };
      }),
      xyz: xyz
        ? {
            url: xyz.url,
            minzoom: xyz.settings.minzoom ?? 0,
            maxzoom: xyz.settings.maxzoom ?? 18,
            ...(xyz.settings.attribution ? { attribution: xyz.settings.attribution } : {}),
          }
        : null,
    }),
    respond: (path) => packages.respond(path),
    origins: () => (xyz ? [xyz.origin] : []),
    close: () => packages.close(),
  };
}

/** The default package folder of a station's data folder. */
export const basemapDir = (dataDir: string) => join(dataDir, 'basemap');
