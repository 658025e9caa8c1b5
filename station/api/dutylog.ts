import type { ApiHandlers } from '../../shared/api/serve';
import { DUTY_LOG_RECENT } from '../../shared/api/dutylog-calls';
import type { DutyLogEntry } from '../../shared/dutylog/aggregate';
import type { DomainEvent } from '../../shared/events/envelope';
import { ok } from '../../shared/result';
import { chinaParts, toMs } from '../../shared/time';
import { DUTY_LOG_MAX_LIMIT } from '../dutylog/dutylog.store';
import { dutyLogXlsx, XLSX_MEDIA_TYPE } from '../dutylog/xlsx';
import type { ApiStore } from './ports';
import { stationApiFeature } from './context';

type DutyLogMethods = 'dutyLogSearch' | 'exportDutyLogXlsx';

export interface DutyLogApiOptions {
  store: Pick<ApiStore, 'dutyLog' | 'dutyLogEntry' | 'incident'>;
  station: { stationId: string; name: string };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** 2026-11-25 08:30 (China time) as "20261125-0830", for file names. */
const stamp = (instant: string) => {
  const p = chinaParts(toMs(instant));
  return `${p.year}${pad(p.month)}${pad(p.day)}-${pad(p.hour)}${pad(p.minute)}`;
};
const dateLine = (instant: string) => {
  const p = chinaParts(toMs(instant));
  return `${p.year}年${p.month}月${p.day}日${pad(p.hour)}:${pad(p.minute)}`;
};

/**
 * The duty log's station API: search and .xlsx export over the store's `dutyLog` query, and the entries a
 * snapshot opens with and a `changes` push carries. Recording and correcting go through `execute`.
 */
export function createDutyLogApi(options: DutyLogApiOptions) {
  const { store, station } = options;
  const incidentTitle = (id: string) => store.incident(id)?.facts.title;

  const handlers: Pick<ApiHandlers, DutyLogMethods> = {
    dutyLogSearch: (r) =>
      ok(
        store.dutyLog({
          ...(r.q !== undefined ? { q: r.q } : {}),
          ...(r.from !== undefined ? { from: r.from } : {}),
          ...(r.to !== undefined ? { to: r.to } : {}),
          ...(r.incidentId !== undefined ? { incidentId: r.incidentId } : {}),
          ...(r.allStations ? {} : { station: r.station ?? station.stationId }),
          limit: r.limit ?? DUTY_LOG_RECENT,
        }),
      ),
    exportDutyLogXlsx: async (r) => {
      const entries = store.dutyLog({
        station: station.stationId,
        from: r.from,
        to: r.to,
        ...(r.q !== undefined ? { q: r.q } : {}),
        ...(r.incidentId !== undefined ? { incidentId: r.incidentId } : {}),
        limit: DUTY_LOG_MAX_LIMIT,
      });
      const title = r.title ?? `${station.name} 值班日志（${dateLine(r.from)} 至 ${dateLine(r.to)}）`;
      const bytes = await dutyLogXlsx(entries, { title, incidentTitle });
      return ok({
        fileName: `值班日志_${stamp(r.from)}_${stamp(r.to)}.xlsx`,
        mediaType: XLSX_MEDIA_TYPE,
        base64: bytes.toString('base64'),
      });
    },
  };

  return {
    handlers,
    /** This station's newest entries, for a fresh window. */
    recent: (): DutyLogEntry[] => store.dutyLog({ station: station.stationId, limit: DUTY_LOG_RECENT }),
    /** This station's entries these events recorded or corrected, as now projected: `{ dutyLog }` for a changes push. */
    changedIn: (events: readonly DomainEvent[]): { dutyLog?: DutyLogEntry[] } => {
      const ids = new Set(
        events.filter((e) => e.stream.startsWith('dutylog:')).map((e) => e.stream.slice('dutylog:'.length)),
      );
      if (ids.size === 0) return {};
      // The window lists this station's own log; a subordinate's entries (through the hub) are searched for.
      const own = [...ids]
        .flatMap((id) => store.dutyLogEntry(id) ?? [])
        .filter((e) => e.station === station.stationId);
      return own.length > 0 ? { dutyLog: own } : {};
    },
  };
}

/** 值班日志 at the station API. */
export const dutyLogApi = stationApiFeature({
  name: 'dutylog',
  open: ({ store, station }) => {
    const dutyLog = createDutyLogApi({ store, station });
    return {
      handlers: dutyLog.handlers,
      snapshot: () => ({ dutyLog: dutyLog.recent() }),
      changedIn: dutyLog.changedIn,
    };
  },
});
