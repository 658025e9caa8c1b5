import type { RootState } from '../../app/store';

export const selectStation = (s: RootState) => s.station.info;
export const selectLink = (s: RootState) => s.station.link;
export const selectNow = (s: RootState) => s.station.now;
export const selectLanguage = (s: RootState) => s.station.language;
export const selectView = (s: RootState) => s.station.view;
export const selectConnected = (s: RootState) => s.station.connected;
export const selectLoaded = (s: RootState) => s.station.loaded;
