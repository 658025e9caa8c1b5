import { datasetSource, Gazetteer, type DivisionSource } from './gazetteer';
import { locateDataset, type DatasetInfo } from './dataset';
import { demoOverlay } from './demo';

export {
  Gazetteer,
  DivisionSource,
  datasetSource,
  type Division,
  type Overlay,
  type SearchResult,
} from './gazetteer';
export { locateDataset, parseDivisionCsv, readUpperLevels, VillageFile, type DatasetInfo } from './dataset';
export { demoOverlay, outlinedCodes } from './demo';

let shared: { info: DatasetInfo; source: DivisionSource } | null = null;

/** The dataset, once per process (every station of a process shares it; it is read only). */
export function sharedDataset(): { info: DatasetInfo; source: DivisionSource } {
  if (!shared) {
    const info = locateDataset();
    shared = { info, source: datasetSource(info) };
  }
  return shared;
}

/** The demo district's code (resources/demo/wansheng.json): 綦江区 in the dataset. */
export const DEMO_DISTRICT = '500110';

/**
 * The gazetteer a station with this jurisdiction uses: the dataset, and the demo district's own townships in
 * place of the dataset's 500110 for a station within or above it, unless `demo` is false (DUTYROOM_GAZETTEER_DEMO=0:
 * a real 綦江区 or 重庆市 site).
 */
export function stationGazetteer(
  jurisdiction: string,
  { demo = process.env.DUTYROOM_GAZETTEER_DEMO !== '0' }: { demo?: boolean } = {},
): Gazetteer {
  const { info, source } = sharedDataset();
  const related = jurisdiction.startsWith(DEMO_DISTRICT) || DEMO_DISTRICT.startsWith(jurisdiction);
  return new Gazetteer(source, jurisdiction, demo && related ? demoOverlay() : undefined, info);
}

/**
 * A station's default name for a real division: its full name (province, city and county, groupings left out)
 * and 应急值守. An unknown code is refused in words.
 */
export function stationNameFor(jurisdiction: string): string {
  const g = stationGazetteer(jurisdiction);
  const d = g.division(jurisdiction);
  if (!d)
    throw new Error(
      `--jurisdiction ${jurisdiction}: no such division in ${g.info?.dataset ?? 'the gazetteer'} (${g.info?.edition ?? ''})`,
    );
  const names = [
    ...g
      .chain(jurisdiction)
      .reverse()
      .filter((a) => !a.grouping),
    d,
  ].map((a) => a.name);
  return `${names.filter((n, i) => n !== names[i + 1]).join('')}应急值守`;
}
