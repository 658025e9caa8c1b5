import { z } from 'zod';
import { EventEnvelope } from '../events/envelope';
import { WallSettings } from '../display/wall';
import { command, query } from './call';

/**
 * Basemaps beyond the bundled GeoJSON outline, as the station offers them: offline MBTiles packages it
 * serves itself at `/basemap/<id>/{z}/{x}/{y}.<ext>` (browser mode and the desktop app:// origin alike),
 * and an optional XYZ raster source (an internal GIS server, a government tile service) shown only when
 * the station is configured with one (`--tiles URL --tiles-token T`).
 */
const Zoom = z.number().int().min(0).max(30);
export const BasemapPackageWire = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().max(200).optional(),
  /** png, jpg, webp (drawn as images) or pbf (vector; listed, not drawn yet). */
  format: z.string().max(10).optional(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  minzoom: Zoom.optional(),
  maxzoom: Zoom.optional(),
  attribution: z.string().max(500).optional(),
  /** Same-origin URL template of its tiles. */
  url: z.string().max(300),
});
export const XyzSourceWire = z.object({
  /** The URL template with {z}/{x}/{y}, the token already filled in. */
  url: z.string().max(2000),
  minzoom: Zoom,
  maxzoom: Zoom,
  attribution: z.string().max(500).optional(),
});
export const BasemapsWire = z.object({
  packages: z.array(BasemapPackageWire).max(100),
  xyz: XyzSourceWire.nullable(),
});
export type BasemapsWire = z.infer<typeof BasemapsWire>;

export const mapCalls = {
  /** The tile basemaps this station offers (none is normal: the bundled outline always draws). */
  basemaps: query(z.object({}).strict(), BasemapsWire),
  /** What the wall display shows (rotating panes, their interval), recorded as `display.wall_configured`. */
  configureWall: command(
    z.object({ settings: WallSettings }),
    z.object({ events: z.array(EventEnvelope) }),
  ),
  /** The wall settings in force at this station (the default until the console sets them). */
  wallSettings: query(z.object({}).strict(), WallSettings),
};
