import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { z } from 'zod';
import { StationPush, StationSnapshot } from '../../../shared/api/contract';
import type { StationClient } from '../../../shared/api/client';
import { createAppStore } from '../../../renderer/app/store';
import { changesReceived, clockTicked, snapshotLoaded } from '../../../renderer/app/actions';
import { MapPane } from '../../../renderer/features/map/MapPane';
import { initI18n } from '../../../renderer/i18n';
import '../../../renderer/styles.css';
import { frameRecorder } from './frames';
import { workload, type BenchPage } from './data';

/**
 * The app's own map pane (renderer/features/map/MapPane.tsx) in the app's own store, fed the way the
 * station's pushes feed it (snapshotLoaded, then a `changes` push with every moved team each second,
 * and the window's one clock tick). Only the station is left out: the map pane never calls it.
 */
initI18n('zh-CN');
const noStation = new Proxy({} as StationClient, {
  get: () => () => Promise.resolve({ ok: false, errors: [{ code: 'STATION_UNREACHABLE', message: { zh: '基准测试', en: 'bench' } }] }),
});
const store = createAppStore(noStation, null);
const start = Date.now();
const data = workload(start);

/** Arrays the snapshot or push may carry that this workload does not fill (other features' lists). */
const emptyArrays = (shape: Record<string, z.ZodType>) =>
  Object.fromEntries(Object.entries(shape).flatMap(([k, v]) => (v instanceof z.ZodArray ? [[k, []]] : [])));
const changesShape = (StationPush.options.find((o) => o.shape.kind.value === 'changes') as z.ZodObject).shape;

store.dispatch(
  snapshotLoaded({
    ...emptyArrays(StationSnapshot.shape),
    station: {
      stationId: 'district-500110',
      jurisdiction: '500110',
      name: '万盛经开区应急值班室',
      onDuty: { leader: null, officers: [] },
      operator: { id: 'bench' },
    },
    incidents: data.incidents,
    teams: data.teams,
    riskPoints: data.riskPoints,
    link: { status: 'standalone', outboxDepth: 0, lastContactAt: null, hubUrl: null },
    takenAt: new Date(start).toISOString(),
  } as unknown as StationSnapshot),
);

const frames = frameRecorder();
const page: BenchPage = {
  ready: false,
  ticks: 0,
  startUpdates() {
    setInterval(() => {
      page.ticks += 1;
      const teams = data.move(page.ticks);
      store.dispatch(changesReceived({ ...emptyArrays(changesShape), kind: 'changes', teams } as Parameters<typeof changesReceived>[0]));
      store.dispatch(clockTicked(Date.now()));
    }, 1000);
  },
  startFrames: frames.start,
  stopFrames: frames.stop,
  drawnFrames: frames.drawnFrames,
};
(window as unknown as { bench: BenchPage }).bench = page;

const root = document.getElementById('root');
if (!root) throw new Error('app.html lacks #root');
createRoot(root).render(
  <Provider store={store}>
    <MapPane />
  </Provider>,
);
requestAnimationFrame(() => requestAnimationFrame(() => (page.ready = true)));
