import { wallSettingsFrom, wallStream, type WallSettings } from '../../shared/display/wall';
import { ok } from '../../shared/result';
import type { StationBasemaps } from '../basemap/sources';
import type { ApiStore, ConsoleWriter } from './ports';
import { newId } from '../../shared/ids';
import { stationApiFeature } from './context';

/** The map's and the wall display's station calls. */
export function mapHandlers(deps: {
  basemaps: StationBasemaps | undefined;
  store: Pick<ApiStore, 'streamEvents'>;
  writer: ConsoleWriter;
  stationId: string;
}) {
  const stream = wallStream(deps.stationId);
  return {
    /** Which tile basemaps exist (none without packages or an XYZ setting). */
    basemaps: () => ok(deps.basemaps?.describe() ?? { packages: [], xyz: null }),
    /** Recorded like any change: every wall window of the station follows the pushed event. */
    configureWall: ({ settings }: { settings: WallSettings }) => {
      const done = deps.writer.execute({
        id: newId(),
        type: 'display.configure_wall',
        payload: { settings },
      });
      return done.ok ? ok({ events: done.value }) : done;
    },
    wallSettings: () => ok(wallSettingsFrom(deps.store.streamEvents(stream), deps.stationId)),
  };
}

/** 地图 and the wall display at the station API. */
export const mapApi = stationApiFeature({
  name: 'map',
  open: ({ options, store, asOperator, station }) => ({
    handlers: mapHandlers({
      basemaps: options.basemaps,
      store,
      writer: asOperator,
      stationId: station.stationId,
    }),
  }),
});
