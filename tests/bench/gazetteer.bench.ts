// Gazetteer benchmark (issue 19): the intake's area search by name prefix over every village of the province
// with the most villages (山东省, 62,000), as a province station's officer types: a deterministic sample of the
// province's villages, each searched by the first two or three characters of its name, through the station's
// search (the gazetteerSearch call's own path) and through the station API's dispatcher (validation both ways).
// Also the first-use costs: townships and above, the province's villages, their index.
import { datasetSource, Gazetteer, locateDataset } from '../../station/gazetteer';
import { gazetteerHandlers } from '../../station/api/gazetteer';
import { createApiDispatcher, type ApiHandlers } from '../../shared/api/serve';
import { goal, percentile, timeSamples, type Bench } from './harness';

const PROVINCE = '37';
const QUERIES = 3_000;

export const benches: Bench[] = [
  {
    name: 'gazetteer-search',
    run: async () => {
      const info = locateDataset();
      const source = datasetSource(info);
      let t0 = performance.now();
      source.division('11');
      const upperMs = performance.now() - t0;
      t0 = performance.now();
      const villages = source.tableOf(`${PROVINCE}0000000000`);
      const villagesMs = performance.now() - t0;
      if (villages.size === 0) throw new Error(`no villages for ${PROVINCE}`);
      const g = new Gazetteer(source, PROVINCE, undefined, info);
      t0 = performance.now();
      g.search('新庄');
      const indexMs = performance.now() - t0;

      // Every 1 in (size / QUERIES) villages, its name's first 2 or 3 characters.
      const step = Math.max(1, Math.floor(villages.size / QUERIES));
      const queries: string[] = [];
      for (let i = 0; i < villages.size && queries.length < QUERIES; i += step) {
        const name = villages.shorts[i];
        queries.push(name.slice(0, Math.min(name.length, 2 + (i % 2))));
      }
      let found = 0;
      let totalMatches = 0;
      const direct = timeSamples(queries.length, (i) => {
        const r = g.search(queries[i], { within: PROVINCE, limit: 8 });
        if (r.matches.length > 0) found += 1;
        totalMatches += r.total;
      });
      if (found !== queries.length) throw new Error(`${queries.length - found} prefixes found nothing`);

      const handlers = gazetteerHandlers({ jurisdiction: PROVINCE }, g) as unknown as ApiHandlers;
      const dispatch = createApiDispatcher(handlers);
      const viaApi: number[] = [];
      for (const text of queries.slice(0, 1_000)) {
        const t = performance.now();
        const reply = await dispatch({ method: 'gazetteerSearch', input: { text } });
        viaApi.push(performance.now() - t);
        if (!reply.ok) throw new Error(JSON.stringify(reply.errors));
      }
      viaApi.sort((a, b) => a - b);

      const figures = {
        villagesInProvince: { value: villages.size, unit: 'villages' },
        queries: { value: queries.length, unit: 'searches' },
        meanMatchesPerPrefix: { value: totalMatches / queries.length, unit: 'divisions' },
        searchP50: { value: percentile(direct, 50), unit: 'ms' },
        searchP99: { value: percentile(direct, 99), unit: 'ms' },
        searchMax: { value: direct[direct.length - 1] ?? 0, unit: 'ms' },
        apiSearchP50: { value: percentile(viaApi, 50), unit: 'ms' },
        apiSearchP99: { value: percentile(viaApi, 99), unit: 'ms' },
        firstUseTownshipsAndAbove: { value: upperMs, unit: 'ms' },
        firstUseProvinceVillages: { value: villagesMs, unit: 'ms' },
        firstUseIndex: { value: indexMs, unit: 'ms' },
      };
      return {
        name: 'gazetteer-search',
        description: `area search by name prefix (2–3 characters of a village's name) over every village of province ${PROVINCE} (${villages.size}), ${queries.length} searches, first 8 matches and the count; the API path through the dispatcher for 1,000 of them`,
        figures,
        goals: [goal(figures, 'searchP99', '<=', 20), goal(figures, 'apiSearchP99', '<=', 20)],
        environment: { dataset: info.dataset },
      };
    },
  },
];
