import { runningSetupHandlers } from '../setup/handlers';
import { stationApiFeature } from './context';

/** 首次设置 at a running station: the setup screen's calls answer that the station is set up (station/setup). */
export const setupApi = stationApiFeature({
  name: 'setup',
  open: ({ station }) => ({ handlers: runningSetupHandlers(station) }),
});
