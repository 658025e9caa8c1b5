import floodJson from '../../resources/plans/flood.json';
import geologicalJson from '../../resources/plans/geological-disaster.json';
import forestFireJson from '../../resources/plans/forest-fire.json';
import workSafetyJson from '../../resources/plans/work-safety.json';
import floodCityJson from '../../resources/plans/flood-city.json';
import floodTownshipJson from '../../resources/plans/flood-township.json';
import { loadPlan, type ContingencyPlan } from './plan';

/** The plan templates shipped in resources/plans, validated once at load (a broken file is a bug). */
export const shippedPlanFiles: Record<string, unknown> = {
  'flood.json': floodJson,
  'geological-disaster.json': geologicalJson,
  'forest-fire.json': forestFireJson,
  'work-safety.json': workSafetyJson,
  // City and township levels (issue 19): the district's flood plan with each level's own posts.
  'flood-city.json': floodCityJson,
  'flood-township.json': floodTownshipJson,
};

export const shippedPlans: ContingencyPlan[] = Object.entries(shippedPlanFiles).map(([file, json]) => {
  const loaded = loadPlan(json);
  if (!loaded.ok)
    throw new Error(
      `resources/plans/${file}: ${loaded.errors.map((e) => `${e.field ?? ''} ${e.message.en}`).join('; ')}`,
    );
  return loaded.value;
});
