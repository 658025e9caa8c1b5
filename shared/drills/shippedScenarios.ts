import flashFloodJson from '../../resources/drills/flash-flood-mountain-township.json';
import hazchemRoadJson from '../../resources/drills/hazchem-road-accident.json';
import { loadScenario, type DrillScenario } from './scenario';

/** The drill scenarios shipped in resources/drills, validated once at load (a broken file is a bug). */
export const shippedScenarioFiles: Record<string, unknown> = {
  'flash-flood-mountain-township.json': flashFloodJson,
  'hazchem-road-accident.json': hazchemRoadJson,
};

export const shippedScenarios: DrillScenario[] = Object.entries(shippedScenarioFiles).map(([file, json]) => {
  const loaded = loadScenario(json);
  if (!loaded.ok)
    throw new Error(
      `resources/drills/${file}: ${loaded.errors.map((e) => `${e.field ?? ''} ${e.message.en}`).join('; ')}`,
    );
  return loaded.value;
});

/** A scenario of `list` by id and version (the latest when `version` is absent). */
export function scenarioIn(
  list: readonly DrillScenario[],
  id: string,
  version?: number,
): DrillScenario | undefined {
  const all = list.filter((s) => s.id === id).sort((a, b) => b.version - a.version);
  return version === undefined ? all[0] : all.find((s) => s.version === version);
}

/** One shipped scenario by id and version (the latest when `version` is absent). */
export const shippedScenario = (id: string, version?: number): DrillScenario | undefined =>
  scenarioIn(shippedScenarios, id, version);
