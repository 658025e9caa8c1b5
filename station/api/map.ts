import type { Actor } from '../../shared/domain/common';
import { wallSettingsFrom, wallStream, type WallSettings } from '../../shared/display/wall';
import { ok } from '../../shared/result';
import type { StationBasemaps } from '../basemap/sources';
import type { ApiStore } from './ports';

/** The map's and the wall display's station calls. */
export function mapHandlers(deps: {
  basemaps: StationBasemaps | undefined;
  store: Pick<ApiStore, 'appendLocal' | 'streamEvents'>;
  stationId: string;
}) {
  const stream = wallStream(deps.stationId);
  return {
    /** Which tile basemaps exist (none without packages or an XYZ setting). */
    basemaps: () => ok(deps.basemaps?.describe() ?? { packages: [], xyz: null }),
    /** Recorded like any change: every wall window of the station follows the pushed event. */
    configureWall: ({ settings, actor }: { settings: WallSettings; actor: Actor }) =>
      ok({
        events: deps.store.appendLocal(
          [{ type: 'display.wall_configured', stream, payload: settings }],
          actor,
        ),
      }),
    wallSettings: () => ok(wallSettingsFrom(deps.store.streamEvents(stream), deps.stationId)),
  };
}
